"""Side-by-side comparison of laws for one budget: the rows behind the CLI's table and the notebooks' tables."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from chinchilla_lib import compute
from chinchilla_lib.allocation import DEFAULT_FLOPS_PER_PARAM_TOKEN, Allocation
from chinchilla_lib.beyond import DataConstrained, InferenceOptimal
from chinchilla_lib.formatting import human_count, scientific
from chinchilla_lib.laws import LAWS, RECOMMENDED_LAW, ScalingLaw
from chinchilla_lib.provenance import Cited, ExtrapolationWarning


def allocation_row(law: ScalingLaw, plan: Allocation, hardware: dict[str, Any] | None = None) -> dict[str, Any]:
    """One law's plan as a flat dict (law, params, tokens, tokens_per_param, flops, loss[, gpu_hours])."""
    row: dict[str, Any] = {
        "law": law.name,
        "params": plan.params,
        "tokens": plan.tokens,
        "tokens_per_param": plan.tokens_per_param,
        "flops": plan.flops,
        "loss": plan.loss,
    }
    if hardware is not None:
        row["gpu_hours"] = compute.flops_to_gpu_hours(plan.flops, **hardware)
    return row


def inference_row(law: ScalingLaw, plan: InferenceOptimal, hardware: dict[str, Any] | None = None) -> dict[str, Any]:
    """An inference-aware plan as a row: the training plan, both phases' FLOPs and the saving against Chinchilla."""
    row = allocation_row(law, Allocation(plan.params, plan.tokens, plan.training_flops, plan.loss), hardware)
    row.update(inference_flops=plan.inference_flops, total_flops=plan.total_flops,
               chinchilla_total_flops=plan.chinchilla_total_flops, saving=plan.saving)  # fmt: skip
    return row


def data_constrained_row(
    law: ScalingLaw, plan: DataConstrained, hardware: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A data-constrained plan as a row: the plan, its epochs over the unique data and the unconstrained loss."""
    row = allocation_row(law, Allocation(plan.params, plan.tokens, plan.flops, plan.loss), hardware)
    row.update(epochs=plan.epochs, unconstrained_loss=float(plan.unconstrained.loss))
    return row


def compare_laws(
    flops: float,
    laws: Iterable[ScalingLaw],
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    hardware: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The compute-optimal plan at ``flops`` [FLOP] under each law, as rows for :func:`format_table`.

    ``hardware`` (keywords of :func:`chinchilla_lib.flops_to_gpu_hours`: gpu or peak_flops, and mfu) adds GPU-hours.
    """
    return [allocation_row(law, law.compute_optimal(flops, flops_per_param_token), hardware) for law in laws]


_COLUMNS: list[tuple[str, str, Callable[[Any], str]]] = [
    ("law", "law", str),
    ("params", "params", human_count),
    ("tokens", "tokens", human_count),
    ("tokens/param", "tokens_per_param", lambda v: f"{v:.1f}"),
    ("FLOP", "flops", scientific),
    ("loss", "loss", lambda v: "-" if v is None else f"{v:.4f}"),
    ("GPU-hours", "gpu_hours", lambda v: f"{v:.3g}"),
    ("inference FLOP", "inference_flops", scientific),
    ("total FLOP", "total_flops", scientific),
    ("Chinchilla total", "chinchilla_total_flops", scientific),
    ("saving", "saving", lambda v: f"{v:.1%}"),
    ("epochs", "epochs", lambda v: f"{v:.2f}"),
    ("loss, data unlimited", "unconstrained_loss", lambda v: f"{v:.4f}"),
    ("fitted on", "fitted_range", str),
    ("range", "range_flag", str),
]


def format_table(rows: list[dict[str, Any]]) -> str:
    """A plain-text table with aligned columns (GPU-hours only when the rows have them)."""
    columns = [column for column in _COLUMNS if rows and column[1] in rows[0]]
    cells = [[title for title, _, _ in columns]] + [[fmt(row[key]) for _, key, fmt in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]

    def render(line: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )

    return "\n".join([render(cells[0]), "  ".join("-" * w for w in widths), *map(render, cells[1:])])


# --- every law of the registry side by side (parametric and frontier-only), with ranges and flags ------------------


def recommendation_rows(
    flops: float,
    laws: Iterable[Cited] | Mapping[str, Cited] | None = None,
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    hardware: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Each law's answer at ``flops`` [FLOP] with its fitted range and extrapolation flag, as rows.

    ``laws`` defaults to every law of :data:`chinchilla_lib.LAWS`. Frontier-only laws have ``loss`` None. The
    :class:`~chinchilla_lib.ExtrapolationWarning` of each law is silenced here: the rows carry it as data
    (``extrapolation`` in decades, ``range_flag`` as text), which is what a table shows.

    Examples
    --------
    >>> rows = recommendation_rows(1e24)
    >>> deepseek = next(row for row in rows if row["law"] == "deepseek2024")
    >>> round(deepseek["params"] / 1e9), deepseek["loss"], deepseek["range_flag"]
    (109, None, '3.5 dec out')
    """
    chosen = list(LAWS.values() if laws is None else laws.values() if isinstance(laws, Mapping) else laws)
    rows = []
    for law in chosen:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ExtrapolationWarning)
            answer = law.recommend(flops, flops_per_param_token)
        row: dict[str, Any] = {
            "law": law.name,
            "label": law.label,
            "params": answer.params,
            "tokens": answer.tokens,
            "tokens_per_param": answer.tokens_per_param,
            "flops": answer.flops,
            "loss": answer.loss,
        }
        if hardware is not None:
            row["gpu_hours"] = compute.flops_to_gpu_hours(answer.flops, **hardware)
        info = law.provenance
        row.update(
            fitted_flops=None if info is None else info.fitted_flops,
            fitted_range="-" if info is None or info.fitted_flops is None else
            f"{info.fitted_flops[0]:.2g}-{info.fitted_flops[1]:.2g}",
            extrapolation=answer.extrapolation,
            range_flag=answer.flag,
            recommended=law.name == RECOMMENDED_LAW,
        )  # fmt: skip
        rows.append(row)
    return rows


def law_listing(laws: Mapping[str, Cited] | None = None) -> str:
    """The registry as text: key, label, formula, citation, what N counts, fitted range and note, per law."""
    chosen = LAWS if laws is None else laws
    blocks = []
    for key, law in chosen.items():
        info = law.provenance
        lines = [f"{key}{'  (recommended)' if key == RECOMMENDED_LAW else ''}  -  {law.label}", f"    {law}"]
        if info is not None:
            lines.append(f"    N: {info.params_counted}; conversion: {info.conversion}")
            lines.append(f"    fitted on: {info.range_text()} ({info.range_source}); data: {info.dataset}")
        lines.append(f"    {law.note}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
