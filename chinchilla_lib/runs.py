"""Training runs as data: a small container, and loading a user's runs from CSV with errors that name the cell."""

from __future__ import annotations

import csv
import dataclasses
import math
from pathlib import Path
from typing import Any

import numpy as np

from chinchilla_lib._validation import FloatArray, check_positive
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN


@dataclasses.dataclass(frozen=True)
class Runs:
    """Final losses of training runs: N [parameters], D [tokens], L [nats/token], one element per run.

    ``budget`` optionally labels the IsoFLOP group of each run (its nominal budget [FLOP]), for Approach 2.
    """

    params: FloatArray
    tokens: FloatArray
    loss: FloatArray
    budget: FloatArray | None = None

    def __post_init__(self) -> None:
        arrays = {"params": self.params, "tokens": self.tokens, "loss": self.loss}
        if self.budget is not None:
            arrays["budget"] = self.budget
        for name, value in arrays.items():
            checked, _ = check_positive(value, name)
            object.__setattr__(self, name, np.atleast_1d(np.asarray(checked, dtype=float)))
        sizes = {name: np.shape(getattr(self, name)) for name in arrays}
        if len(set(sizes.values())) != 1 or any(len(shape) != 1 for shape in sizes.values()):
            raise ValueError(f"runs must be 1-d arrays of one length, got shapes {sizes}")

    def __len__(self) -> int:
        return int(self.loss.size)

    def flops(self, flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN) -> FloatArray:
        """Training compute k·N·D [FLOP] of each run."""
        return np.asarray(flops_per_param_token * self.params * self.tokens, dtype=float)

    def subset(self, mask: Any) -> Runs:
        """The runs selected by a boolean mask or an index array."""
        budget = None if self.budget is None else self.budget[mask]
        return Runs(self.params[mask], self.tokens[mask], self.loss[mask], budget)

    def without_highest_losses(self, count: int) -> Runs:
        """Drop the ``count`` runs with the highest loss (Besiroglu et al. 2024 drop 5 of Hoffmann's 245)."""
        if not isinstance(count, int) or not 0 <= count < len(self):
            raise ValueError(f"count must be a whole number in [0, {len(self)}), got {count!r}")
        return self.subset(np.sort(np.argsort(self.loss, kind="stable")[: len(self) - count]))


def load_runs_csv(
    path: str | Path,
    *,
    params_column: str = "params",
    tokens_column: str | None = "tokens",
    flops_column: str | None = None,
    loss_column: str = "loss",
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
) -> Runs:
    """Read runs from a CSV file with a header row: parameters, tokens (or FLOPs) and final loss per row.

    Give ``tokens_column``, or ``flops_column`` (tokens are then D = C/(k·N)). Every value must be a finite number
    > 0; the error names the file's line and the column of the first one that is not. Epoch AI's extraction of
    Hoffmann's Figure 4 reads with ``params_column="Model Size", tokens_column=None,
    flops_column="Training FLOP"``.
    """
    path = Path(path)
    if (tokens_column is None) == (flops_column is None):
        raise ValueError("give exactly one of tokens_column or flops_column")
    wanted = [params_column, tokens_column or flops_column, loss_column]
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in wanted if name not in header]
        if missing:
            raise ValueError(f"{path.name}: column(s) {missing} not found; the header has {header}")
        columns: dict[str, list[float]] = {name: [] for name in wanted if name is not None}
        for row in reader:
            line = reader.line_num
            for name, values in columns.items():
                text = (row.get(name) or "").strip()
                try:
                    value = float(text)
                except ValueError:
                    raise ValueError(f"{path.name}, line {line}, column {name!r}: {text!r} is not a number") from None
                if not (math.isfinite(value) and value > 0):
                    raise ValueError(f"{path.name}, line {line}, column {name!r}: must be a finite number > 0, "
                                     f"got {text!r}")  # fmt: skip
                values.append(value)
    if not columns[params_column]:
        raise ValueError(f"{path.name}: no runs after the header")
    params = np.array(columns[params_column])
    if tokens_column is not None:
        tokens = np.array(columns[tokens_column])
    else:
        assert flops_column is not None
        tokens = np.array(columns[flops_column]) / (flops_per_param_token * params)
    return Runs(params, tokens, np.array(columns[loss_column]))
