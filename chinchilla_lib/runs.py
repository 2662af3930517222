"""Training runs as data: a container, a CSV loader whose errors name the cell, and Hoffmann's Figure 4 runs.

The real runs of Hoffmann et al. 2022, Figure 4, as Besiroglu et al. 2024 extracted them, ship as package data
(:func:`load_figure4`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import os
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from chinchilla_lib._validation import FloatArray, check_flops_per_param_token, check_positive, representable
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN

MAX_CSV_BYTES = 16 * 2**20
"""Largest CSV file :func:`load_runs_csv` reads by default [bytes] (16 MiB: about 300,000 runs of three numbers)."""
MAX_CSV_ROWS = 200_000
"""Most data rows :func:`load_runs_csv` reads by default."""
MAX_FIELD_CHARS = 1_000
"""Longest field :func:`load_runs_csv` accepts [characters]; a number never needs more. It is far below the csv
module's own ``csv.field_size_limit()`` (131,072 by default), which this loader never reaches or changes."""

FIGURE4_CSV = "chinchilla_figure4_epoch2024.csv"
"""Package data file (``chinchilla_lib/data/``) with Epoch AI's extraction of Hoffmann et al.'s Figure 4."""


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
        """Training compute C = k·N·D [FLOP] of each run.

        Parameters
        ----------
        flops_per_param_token : float
            k [FLOP per parameter per token], 6 by default (forward and backward pass).

        Returns
        -------
        numpy.ndarray
            C [FLOP], one element per run, all finite.

        Raises
        ------
        ValueError, TypeError
            If ``flops_per_param_token`` is not a single finite number > 0, or C overflows float64 with it.

        Examples
        --------
        >>> runs = Runs(params=[1e8, 4e8], tokens=[2e9, 8e9], loss=[3.1, 2.7])
        >>> runs.flops().tolist()
        [1.2e+18, 1.92e+19]
        >>> bool(np.all(runs.flops(2) * 3 == runs.flops(6)))
        True
        """
        k = check_flops_per_param_token(flops_per_param_token)
        with np.errstate(over="ignore"):
            flops = np.asarray(k * self.params * self.tokens, dtype=float)
        representable("the training compute", "runs and flops_per_param_token", flops)
        return flops

    def subset(self, mask: Any) -> Runs:
        """The runs selected by a boolean mask or an index array.

        Parameters
        ----------
        mask : array_like of bool or int
            Either one bool per run (True keeps it) or the indices of the runs to keep (negative indices count
            from the end); it must select at least one run.

        Returns
        -------
        Runs
            The selected runs, in the order the mask gives them, with their budgets if these runs have them.

        Raises
        ------
        ValueError
            If a boolean mask has the wrong length, an index is out of range, or nothing is selected.
        TypeError
            If ``mask`` is neither booleans nor whole numbers.

        Examples
        --------
        >>> runs = Runs(params=[1e8, 4e8, 1e9], tokens=[2e9, 8e9, 2e10], loss=[3.1, 2.7, 2.5])
        >>> low = runs.subset(runs.loss < 3)
        >>> len(low), bool(np.all(low.loss < 3))
        (2, True)
        >>> runs.subset([2, 0]).params.tolist()
        [1000000000.0, 100000000.0]
        """
        if isinstance(mask, str | bytes | bytearray | memoryview):
            raise TypeError(f"mask must be booleans or indices, got {type(mask).__name__}")
        try:
            index = np.asarray(mask)
        except ValueError:
            raise ValueError("mask must be a flat list of booleans or indices (it is ragged)") from None
        if index.ndim != 1:
            raise ValueError(f"mask must be 1-d, got shape {index.shape}")
        if index.dtype.kind == "b":
            if index.size != len(self):
                raise ValueError(f"mask must hold one bool per run ({len(self)}), got {index.size}")
        elif index.dtype.kind in "iu" or (index.dtype.kind == "f" and index.size == 0):
            index = index.astype(np.intp)
            if index.size and not (-len(self) <= index.min() and index.max() < len(self)):
                raise ValueError(
                    f"mask indices must be in [-{len(self)}, {len(self)}), got {index.min()}..{index.max()}"
                )
        else:
            raise TypeError(f"mask must be booleans or indices, got {index.dtype} values")
        if not np.any(index) and not (index.dtype.kind == "i" and index.size):
            raise ValueError("mask selects no runs")
        budget = None if self.budget is None else self.budget[index]
        return Runs(self.params[index], self.tokens[index], self.loss[index], budget)

    def without_highest_losses(self, count: int) -> Runs:
        """Drop the ``count`` runs with the highest loss (Besiroglu et al. 2024 drop 5 of Hoffmann's 245).

        Parameters
        ----------
        count : int
            How many runs to drop, in [0, number of runs); ties keep the earlier run.

        Returns
        -------
        Runs
            The other runs, in their original order.

        Raises
        ------
        ValueError
            If ``count`` is not a whole number in [0, number of runs).

        References
        ----------
        Besiroglu, Erdil, Barnett, You 2024, "Chinchilla Scaling: A replication attempt", arXiv:2404.10102.

        Examples
        --------
        >>> runs = Runs(params=[1e8, 4e8, 1e9], tokens=[2e9, 8e9, 2e10], loss=[3.1, 2.7, 2.5])
        >>> kept = runs.without_highest_losses(1)
        >>> kept.loss.tolist(), bool(kept.loss.max() < runs.loss.max())
        ([2.7, 2.5], True)
        """
        if isinstance(count, bool | np.bool_) or not isinstance(count, int | np.integer) or not 0 <= count < len(self):
            raise ValueError(f"count must be a whole number in [0, {len(self)}), got {count!r}")
        return self.subset(np.sort(np.argsort(self.loss, kind="stable")[: len(self) - int(count)]))


def _check_limit(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value!r}")
    return int(value)


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of the file, or a ValueError: never reads more than one byte past the limit."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise ValueError(f"path {str(path)[:200]!r} cannot be read: {error.strerror or error}") from error
    if len(raw) > max_bytes:
        raise ValueError(f"{path.name}: larger than max_bytes={max_bytes:,} bytes; raise the limit to read it")
    return raw


def _column_label(index: int, header: list[str]) -> str:
    """'column 3 ('loss')' for a 0-based field index, with the header's name where there is one."""
    name = f" ({header[index]!r})" if index < len(header) else ""
    return f"column {index + 1}{name}"


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 text of the file, without a leading byte-order mark; undecodable bytes name line and column."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError(f"{name}: the file is UTF-16 encoded; save it as UTF-8 (Excel: 'CSV UTF-8')")
    if raw.startswith(b"\xef\xbb\xbf"):  # Excel's "CSV UTF-8" starts with a byte-order mark
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        prefix = raw[line_start : error.start].decode("utf-8")
        fields_before = next(csv.reader([prefix]), [""])
        header = next(csv.reader([raw[: max(raw.find(b"\n"), 0)].decode("utf-8", "replace")]), [])
        column = _column_label(max(len(fields_before), 1) - 1, [h.strip() for h in header] if line > 1 else [])
        raise ValueError(
            f"{name}, line {line}, {column}: byte {raw[error.start : error.start + 1]!r} is not valid UTF-8 "
            f"(save the file as UTF-8)"
        ) from None


def _parse_header(fields: list[str], name: str) -> list[str]:
    header = [field.strip() for field in fields]
    seen: dict[str, int] = {}
    for index, column in enumerate(header):
        if not column:
            raise ValueError(f"{name}, line 1, column {index + 1}: empty column name in the header")
        if len(column) > MAX_FIELD_CHARS:
            raise ValueError(
                f"{name}, line 1, column {index + 1}: column name longer than {MAX_FIELD_CHARS} characters"
            )
        key = column.casefold()
        if key in seen:
            first = seen[key]
            kind = "duplicate" if header[first] == column else "ambiguous (same name up to case)"
            raise ValueError(
                f"{name}, line 1, columns {first + 1} and {index + 1}: {kind} column names "
                f"{header[first]!r} and {column!r}"
            )
        seen[key] = index
    return header


def _check_row(fields: list[str], header: list[str], name: str, line: int) -> None:
    if len(fields) > len(header):
        raise ValueError(
            f"{name}, line {line}, column {len(header) + 1}: {len(fields)} fields, but the header "
            f"names {len(header)} columns"
        )
    for index, field in enumerate(fields):
        if len(field) > MAX_FIELD_CHARS:
            raise ValueError(
                f"{name}, line {line}, {_column_label(index, header)}: field longer than {MAX_FIELD_CHARS:,} characters"
            )


def _cell_value(fields: list[str], index: int, header: list[str], where: str) -> float:
    label = f"{where}, column {header[index]!r}"
    if index >= len(fields):
        raise ValueError(f"{label}: missing (the row has {len(fields)} of {len(header)} fields)")
    cell = fields[index].strip()
    try:
        value = float(cell)
    except ValueError:
        raise ValueError(f"{label}: {cell!r} is not a number") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{label}: must be a finite number > 0, got {cell!r}")
    return value


def _parse_runs(
    text: str,
    name: str,
    wanted: dict[str, str],
    max_rows: int,
) -> dict[str, list[float]]:
    """Values of the ``wanted`` columns (role -> column name), each checked finite and > 0."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] = []
    try:
        first = next(reader, None)
        if first is None:
            raise ValueError(f"{name}: the file is empty; it needs a header row")
        header = _parse_header(first, name)
        missing = [column for column in wanted.values() if column not in header]
        if missing:
            hints = [h for h in header if h.casefold() in {m.casefold() for m in missing}]
            hint = f" (names are case-sensitive: the header has {hints})" if hints else ""
            arguments = ", ".join(f"{argument}={column!r}" for argument, column in wanted.items() if column in missing)
            raise ValueError(f"{name}: column(s) {missing} not found ({arguments}); the header has {header}{hint}")
        positions = {role: header.index(column) for role, column in wanted.items()}
        columns: dict[str, list[float]] = {role: [] for role in wanted}
        rows = 0
        for fields in reader:
            line = reader.line_num
            if not fields or all(not field.strip() for field in fields):
                continue  # blank lines carry no run
            rows += 1
            if rows > max_rows:
                raise ValueError(f"{name}: more than max_rows={max_rows:,} rows; raise the limit to read them")
            _check_row(fields, header, name, line)
            for role, index in positions.items():
                columns[role].append(_cell_value(fields, index, header, f"{name}, line {line}"))
    except csv.Error as error:
        line = reader.line_num
        if "field limit" in str(error):  # a field beyond csv's own limit: find its column on the physical line
            lines = text.splitlines()
            pieces = lines[line - 1].split(",") if 0 < line <= len(lines) else []
            index = next((i for i, piece in enumerate(pieces) if len(piece) > MAX_FIELD_CHARS), len(pieces))
            raise ValueError(
                f"{name}, line {line}, {_column_label(index, header)}: field longer than {MAX_FIELD_CHARS:,} characters"
            ) from None
        raise ValueError(f"{name}, line {line}: malformed CSV ({error})") from None
    if not rows:
        raise ValueError(f"{name}: no runs after the header")
    return columns


def _runs_from_bytes(
    raw: bytes,
    name: str,
    *,
    params_column: str,
    tokens_column: str | None,
    flops_column: str | None,
    loss_column: str,
    flops_per_param_token: float,
    max_rows: int,
) -> Runs:
    names: dict[str, Any] = {"params_column": params_column, "loss_column": loss_column}
    names |= {"tokens_column": tokens_column, "flops_column": flops_column}
    for argument, value in names.items():
        if (value is not None or argument in ("params_column", "loss_column")) and not isinstance(value, str):
            raise TypeError(f"{argument} must be a column name (str), got {type(value).__name__} {value!r}")
    if (tokens_column is None) == (flops_column is None):
        raise ValueError("give exactly one of tokens_column or flops_column")
    k, _ = check_positive(flops_per_param_token, "flops_per_param_token", "FLOP per parameter per token")
    amount = "tokens_column" if tokens_column is not None else "flops_column"
    wanted = {"params_column": params_column, amount: tokens_column or flops_column or "", "loss_column": loss_column}
    if len(set(wanted.values())) != len(wanted):
        raise ValueError(
            f"params_column, {amount} and loss_column must be three different columns, got {list(wanted.values())}"
        )
    columns = _parse_runs(_decode(raw, name), name, wanted, max_rows)
    params = np.array(columns["params_column"])
    given = np.array(columns[amount])
    with np.errstate(over="ignore", under="ignore"):
        tokens = given if tokens_column is not None else given / (float(k) * params)
    representable("D = C/(k·N)", "flops_column values and flops_per_param_token", tokens)
    return Runs(params, tokens, np.array(columns["loss_column"]))


def load_runs_csv(
    path: str | os.PathLike[str],
    *,
    params_column: str = "params",
    tokens_column: str | None = "tokens",
    flops_column: str | None = None,
    loss_column: str = "loss",
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    max_bytes: int = MAX_CSV_BYTES,
    max_rows: int = MAX_CSV_ROWS,
) -> Runs:
    r"""Read runs from a CSV file with a header row: parameters, tokens (or FLOPs) and final loss per row.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV file (a leading byte-order mark, as Excel's "CSV UTF-8" writes, is accepted) with a header row.
    params_column : str
        Header name of the column with N [parameters].
    tokens_column, flops_column : str or None
        Give exactly one: the column with D [tokens], or with the training compute C [FLOP], in which case
        D = C/(k·N).
    loss_column : str
        Header name of the column with the final loss L [nats/token].
    flops_per_param_token : float
        k in C = k·N·D, used only with ``flops_column`` (6 by default).
    max_bytes, max_rows : int
        The loader reads at most ``max_bytes`` bytes and ``max_rows`` data rows, and refuses larger files.

    Returns
    -------
    Runs
        One element per data row; blank lines are skipped; other columns are ignored.

    Raises
    ------
    ValueError
        Naming the file, the line and the column: a value that is not a finite number > 0, undecodable bytes
        (not UTF-8), a field longer than :data:`MAX_FIELD_CHARS`, a row with more fields than the header, empty,
        duplicate or ambiguous header names (equal up to case), a missing column, no data rows, or a file over
        the limits.
        A file that cannot be opened or read (missing, a directory, no permission) is a ``ValueError`` naming
        ``path``, with the ``OSError`` as its cause.
    TypeError
        A column name that is not a string, or a limit that is not a whole number.

    Notes
    -----
    Epoch AI's extraction of Hoffmann's Figure 4 reads with ``params_column="Model Size", tokens_column=None,
    flops_column="Training FLOP"``; :func:`load_figure4` does that from the copy shipped with the package.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "runs.csv"
    >>> _ = path.write_bytes(b"\xef\xbb\xbfparams,tokens,loss\n1e8,2e9,3.1\n4e8,8e9,2.7\n")  # with a BOM
    >>> runs = load_runs_csv(path)
    >>> len(runs), float(runs.tokens[1] / runs.params[1])
    (2, 20.0)
    >>> _ = path.write_text("params,tokens,loss\n1e8,2e9,3.1\n4e8,8e9,2.7O\n")
    >>> load_runs_csv(path)
    Traceback (most recent call last):
    ...
    ValueError: runs.csv, line 3, column 'loss': '2.7O' is not a number
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a file path (str or path-like), got {type(path).__name__}")
    path = Path(path)
    max_bytes = _check_limit(max_bytes, "max_bytes")
    max_rows = _check_limit(max_rows, "max_rows")
    return _runs_from_bytes(
        _read_bounded(path, max_bytes),
        path.name,
        params_column=params_column,
        tokens_column=tokens_column,
        flops_column=flops_column,
        loss_column=loss_column,
        flops_per_param_token=flops_per_param_token,
        max_rows=max_rows,
    )


def load_figure4(drop_highest: int = 5) -> Runs:
    """The training runs of Hoffmann et al. 2022, Figure 4 (left), as extracted by Besiroglu et al. 2024.

    245 runs (N, C and final loss) read off the figure by Epoch AI and published in their repository
    ``epoch-research/analyzing-chinchilla`` (``data/svg_extracted_data.csv``); the package ships a copy with its
    attribution (``chinchilla_lib/data/README.md``). Tokens are D = C/(6·N). Losses were read from the figure's
    colour bar, so they are quantised (up to about 0.015).

    Parameters
    ----------
    drop_highest : int
        How many runs with the highest loss to drop: 5 by default, as Besiroglu et al. do (leaving 240); 0 keeps
        all 245.

    Returns
    -------
    Runs
        N [parameters], D [tokens], L [nats/token], in the order of the file.

    References
    ----------
    Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", arXiv:2203.15556, Figure 4.
    Besiroglu, Erdil, Barnett, You 2024, "Chinchilla Scaling: A replication attempt", arXiv:2404.10102.

    Examples
    --------
    >>> runs = load_figure4()
    >>> len(runs), len(load_figure4(drop_highest=0))
    (240, 245)
    >>> bool(runs.loss.max() < load_figure4(drop_highest=0).loss.max())
    True
    """
    if isinstance(drop_highest, bool) or not isinstance(drop_highest, int | np.integer):
        raise TypeError(f"drop_highest must be a whole number, got {type(drop_highest).__name__} {drop_highest!r}")
    raw = resources.files("chinchilla_lib").joinpath("data", FIGURE4_CSV).read_bytes()
    runs = _runs_from_bytes(
        raw,
        FIGURE4_CSV,
        params_column="Model Size",
        tokens_column=None,
        flops_column="Training FLOP",
        loss_column="loss",
        flops_per_param_token=DEFAULT_FLOPS_PER_PARAM_TOKEN,
        max_rows=MAX_CSV_ROWS,
    )
    if not 0 <= drop_highest < len(runs):
        raise ValueError(f"drop_highest must be in [0, {len(runs)}), got {drop_highest!r}")
    return runs.without_highest_losses(int(drop_highest))
