"""Side-by-side comparison of laws: the rows behind the command line's table and the notebooks' tables.

Rows are plain dicts of floats (the command line's ``--json`` prints them as they are); :func:`format_table` renders
them with units in every column title, and moves a column whose value is the same in every row out of the table
(the caller states it once, above the table).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from chinchilla_lib._core.frontier import optimal_tokens
from chinchilla_lib._validation import check_flops_per_param_token, positive_scalar
from chinchilla_lib.allocation import Allocation
from chinchilla_lib.beyond import DataConstrained, InferenceOptimal
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN, Hardware
from chinchilla_lib.formatting import _human_count, _scientific
from chinchilla_lib.laws import LAWS, RECOMMENDED_LAW, ScalingLaw
from chinchilla_lib.provenance import Cited, ExtrapolationWarning


def allocation_row(law: ScalingLaw, plan: Allocation, hardware: Hardware | None = None) -> dict[str, Any]:
    """One law's plan as a flat dict: law, params, tokens, tokens_per_param, flops, loss[, gpu_hours[, cost]].

    Parameters
    ----------
    law : ScalingLaw
        The law the plan comes from (its name labels the row).
    plan : Allocation
        A scalar plan.
    hardware : Hardware, optional
        Adds GPU-hours, and the cost in dollars when it has a price.

    Returns
    -------
    dict
        The row.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> law = PUBLISHED_LAWS["hoffmann2022"]
    >>> row = allocation_row(law, law.compute_optimal(1e23))
    >>> abs(row["tokens_per_param"] - row["tokens"] / row["params"]) < 1e-9
    True
    """
    if not all(hasattr(plan, field) for field in ("params", "tokens", "flops", "loss")) or np.ndim(plan.params):
        raise TypeError(
            f"plan must be one law's plan for one budget (law.compute_optimal(C)), got {type(plan).__name__}"
        )
    if not isinstance(getattr(law, "name", None), str):
        raise TypeError(f"law must be a law with a name (ScalingLaw or FrontierLaw), got {type(law).__name__}")
    hardware = _hardware(hardware)
    row: dict[str, Any] = {
        "law": law.name,
        "params": float(plan.params),
        "tokens": float(plan.tokens),
        "tokens_per_param": float(plan.tokens_per_param),
        "flops": float(plan.flops),
        "loss": None if plan.loss is None else float(plan.loss),  # None: a frontier-only law predicts no loss
    }
    if hardware is not None:
        row["gpu_hours"] = row["flops"] / hardware.flops_per_hour
        if hardware.price_per_hour is not None:
            row["cost"] = row["gpu_hours"] * hardware.price_per_hour
    return row


def inference_row(law: ScalingLaw, plan: InferenceOptimal, hardware: Hardware | None = None) -> dict[str, Any]:
    """An inference-aware plan as a row: the training plan, both phases' FLOPs and the saving against Chinchilla.

    Parameters
    ----------
    law : ScalingLaw
        The law.
    plan : InferenceOptimal
        From :func:`chinchilla_lib.beyond.inference_optimal` or ``inference_optimal_cost``.
    hardware : Hardware, optional
        The training hardware: adds its GPU-hours.

    Returns
    -------
    dict
        The row.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.beyond import inference_optimal
    >>> law = PUBLISHED_LAWS["sardana2024"]
    >>> row = inference_row(law, inference_optimal(law, 2.0, 1e13))
    >>> row["total_flops"] <= row["chinchilla_total_flops"]
    True
    """
    row = allocation_row(law, Allocation(plan.params, plan.tokens, plan.training_flops, plan.loss), hardware)
    row.pop("cost", None)  # the plan's own cost (training and serving) replaces the training-only one
    row.update(
        inference_flops=plan.inference_flops,
        total_flops=plan.total_flops,
        chinchilla_total_flops=plan.chinchilla_total_flops,
        saving=plan.saving,
    )
    return row


def data_constrained_row(law: ScalingLaw, plan: DataConstrained, hardware: Hardware | None = None) -> dict[str, Any]:
    """A data-constrained plan as a row: the plan, its epochs over the unique data and the unconstrained loss.

    Parameters
    ----------
    law : ScalingLaw
        The base law.
    plan : DataConstrained
        From :func:`chinchilla_lib.beyond.data_constrained_optimal`.
    hardware : Hardware, optional
        Adds GPU-hours (and cost with a price).

    Returns
    -------
    dict
        The row.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.beyond import data_constrained_optimal
    >>> row = data_constrained_row(PUBLISHED_LAWS["muennighoff2023_c4"], data_constrained_optimal(1e22, 1e10))
    >>> row["loss"] > row["unconstrained_loss"]
    True
    """
    row = allocation_row(law, Allocation(plan.params, plan.tokens, plan.flops, plan.loss), hardware)
    row.update(epochs=plan.epochs, unconstrained_loss=float(plan.unconstrained.loss))
    return row


def compare_laws(
    flops: Any,
    laws: Iterable[ScalingLaw],
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    hardware: Hardware | None = None,
) -> list[dict[str, Any]]:
    """The compute-optimal plan at one budget under each law, as rows for :func:`format_table`.

    Parameters
    ----------
    flops : float
        C [FLOP], finite and > 0; checked once for all the laws.
    laws : iterable of ScalingLaw
        The laws to compare.
    flops_per_param_token : float
        k in C = k·N·D.
    hardware : Hardware or dict, optional
        Adds GPU-hours (and cost with a price); a dict holds the arguments of :meth:`Hardware.of`.

    Returns
    -------
    list of dict
        One row per law.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> rows = compare_laws(5.76e23, PUBLISHED_LAWS.values())
    >>> [row["law"] for row in rows] == list(PUBLISHED_LAWS)
    True
    """
    budget = positive_scalar(flops, "flops", "FLOP")
    k = check_flops_per_param_token(flops_per_param_token)
    hardware = _hardware(hardware)
    rows = []
    try:
        chosen = list(laws)
    except TypeError:
        raise TypeError(f"laws must be an iterable of ScalingLaw objects, got {type(laws).__name__}") from None
    for law in chosen:
        if not isinstance(law, ScalingLaw):
            raise TypeError(f"laws must hold ScalingLaw objects, got {type(law).__name__}")
        rows.append(allocation_row(law, law._compute_optimal(budget, k), hardware))
    return rows


def _hardware(hardware: Any) -> Hardware | None:
    if hardware is None or isinstance(hardware, Hardware):
        return hardware
    if isinstance(hardware, Mapping):
        unknown = set(hardware) - {"gpu", "mfu", "peak_flops", "price_per_hour"}
        if unknown:
            raise TypeError(
                f"hardware takes the arguments of Hardware.of (gpu, mfu, peak_flops, price_per_hour), "
                f"got {sorted(map(str, unknown))}"
            )
        return Hardware.of(**hardware)
    raise TypeError(f"hardware must be a Hardware, a dict of its arguments or None, got {type(hardware).__name__}")


def _ratio(value: float) -> str:
    return f"{value:.1f}" if abs(value) < 1e6 else _scientific(value)  # past a million, digits would fill the column


def _epochs(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 1e6 else _scientific(value)


# (title with unit, key, format); a column shows only when the rows have the key
COLUMNS: list[tuple[str, str, Callable[[Any], str]]] = [
    ("law", "law", str),
    ("N [params]", "params", _human_count),
    ("D [tokens]", "tokens", _human_count),
    ("D/N [tokens/param]", "tokens_per_param", _ratio),
    ("C [FLOP]", "flops", _scientific),
    ("L [nats/token]", "loss", lambda v: "-" if v is None else f"{v:.4f}"),
    ("[GPU-hours]", "gpu_hours", _human_count),
    ("training cost [$]", "cost", _human_count),
    ("inference [FLOP]", "inference_flops", _scientific),
    ("total [FLOP]", "total_flops", _scientific),
    ("Chinchilla total [FLOP]", "chinchilla_total_flops", _scientific),
    ("total cost [$]", "total_cost", _human_count),
    ("Chinchilla cost [$]", "chinchilla_cost", _human_count),
    ("saving", "saving", lambda v: f"{v:.1%}"),
    ("epochs", "epochs", _epochs),
    ("L, unlimited data [nats/token]", "unconstrained_loss", lambda v: f"{v:.4f}"),
    ("fitted on [FLOP]", "fitted_range", str),
    ("range", "range_flag", str),
]
SHARED_KEYS = ("flops", "gpu_hours", "cost")
"""Columns that, when every row has the same value, are left out of the table and stated once above it."""


def shared_values(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The columns of :data:`SHARED_KEYS` whose value is the same in every row.

    Parameters
    ----------
    rows : list of dict
        Rows such as :func:`compare_laws` returns.

    Returns
    -------
    dict
        ``{key: value}`` for each shared column, e.g. the budget when every law spends the same.

    Examples
    --------
    >>> shared_values([{"flops": 1e23, "params": 1e10}, {"flops": 1e23, "params": 2e10}])
    {'flops': 1e+23}
    """
    return {
        key: rows[0][key]
        for key in SHARED_KEYS
        if rows and all(key in row for row in rows) and len({row[key] for row in rows}) == 1
    }


def format_table(rows: list[dict[str, Any]], *, drop_shared: bool = False) -> str:
    """A plain-text table with aligned columns and units in every title.

    Parameters
    ----------
    rows : list of dict
        Rows such as :func:`compare_laws` returns.
    drop_shared : bool
        Leave out the columns whose value every row shares (see :func:`shared_values`), for a caller that states them
        above the table.

    Returns
    -------
    str
        The table, one line per row under a title line and a rule.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> print(format_table(compare_laws(1e23, [PUBLISHED_LAWS["hoffmann2022"]]), drop_shared=True))
    law           N [params]  D [tokens]  D/N [tokens/param]  L [nats/token]
    ------------  ----------  ----------  ------------------  --------------
    hoffmann2022       14.6B       1.14T                78.2          2.0050
    """
    leave_out = set(shared_values(rows)) if drop_shared else set()
    columns = [column for column in COLUMNS if rows and column[1] in rows[0] and column[1] not in leave_out]
    cells = [[title for title, _, _ in columns]] + [[fmt(row[key]) for _, key, fmt in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]

    lines = [_render(cells[0], widths), "  ".join("-" * w for w in widths)]
    return "\n".join(lines + [_render(line, widths) for line in cells[1:]])


def _render(line: list[str], widths: list[int]) -> str:
    """One line of the table: the first column left-aligned, numbers right-aligned."""
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True)))


# --- every law of the registry side by side (parametric and frontier-only), with ranges and flags ------------------


def recommendation_rows(
    flops: float,
    laws: Iterable[Cited] | Mapping[str, Cited] | None = None,
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    hardware: Hardware | None = None,
) -> list[dict[str, Any]]:
    """Each law's answer at ``flops`` [FLOP] with its fitted range and extrapolation flag, as rows.

    Parameters
    ----------
    flops : float
        C [FLOP], the budget.
    laws : iterable or mapping of laws, optional
        Parametric or frontier-only laws; every law of :data:`chinchilla_lib.LAWS` by default.
    flops_per_param_token : float
        k in C = k·N·D.
    hardware : Hardware, optional
        Adds GPU-hours, and the cost when it has a price.

    Returns
    -------
    list of dict
        One row per law: law (key), label, params, tokens, tokens_per_param, flops, loss (None for frontier-only
        laws), fitted_flops, fitted_range, extrapolation [decades], range_flag, recommended.

    Notes
    -----
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
    budget = positive_scalar(flops, "flops", "FLOP")
    k = check_flops_per_param_token(flops_per_param_token)
    hardware = _hardware(hardware)
    try:
        chosen = list(LAWS.values() if laws is None else laws.values() if isinstance(laws, Mapping) else laws)
    except TypeError:
        raise TypeError(f"laws must be an iterable or mapping of laws, got {type(laws).__name__}") from None
    if not all(isinstance(law, Cited) for law in chosen):
        raise TypeError("laws must hold laws of the registry kinds (ScalingLaw or FrontierLaw)")
    return _recommendation_rows(budget, chosen, k, hardware)


def _recommendation_rows(
    budget: float, chosen: list[Cited], k: float, hardware: Hardware | None
) -> list[dict[str, Any]]:
    """:func:`recommendation_rows` on checked arguments (the command line checks them once)."""
    rows = []
    for law in chosen:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ExtrapolationWarning)
            answer = law._recommend(budget, k)
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
            row["gpu_hours"] = float(answer.flops) / hardware.flops_per_hour
            if hardware.price_per_hour is not None:
                row["cost"] = row["gpu_hours"] * hardware.price_per_hour
        fitted = None if law.provenance is None else law.provenance.fitted_flops
        row.update(
            fitted_flops=fitted,
            fitted_range="-" if fitted is None else f"{fitted[0]:.2g}-{fitted[1]:.2g}",
            extrapolation=answer.extrapolation,
            range_flag=answer.flag,
            recommended=law.name == RECOMMENDED_LAW,
        )
        rows.append(row)
    return rows


def law_listing(laws: Mapping[str, Cited] | None = None) -> str:
    """The registry as text: key, label, formula, citation, what N counts, fitted range and note, per law.

    Parameters
    ----------
    laws : mapping of laws, optional
        Every law of :data:`chinchilla_lib.LAWS` by default.

    Returns
    -------
    str
        One block per law; the recommended law is marked.

    Examples
    --------
    >>> "deepseek2024  -  DeepSeek 2024" in law_listing()
    True
    """
    chosen = LAWS if laws is None else laws
    if not isinstance(chosen, Mapping) or not all(isinstance(law, Cited) for law in chosen.values()):
        raise TypeError(f"laws must be a mapping of keys to laws (like LAWS), got {type(laws).__name__}")
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


def paper_table_rows(key: str, law: ScalingLaw) -> list[dict[str, Any]]:
    """A printed projection table of Hoffmann et al. 2022 checked against C = 6·N·D and against a law's D*(N).

    Parameters
    ----------
    key : str
        A table in :mod:`chinchilla_lib.reference` with ``params``, ``flops`` and ``tokens`` columns, e.g.
        ``"hoffmann2022.table3"`` or ``"hoffmann2022.table_a3_approach3"``.
    law : ScalingLaw
        The law whose :math:`D^*(N)/N` is shown beside each row.

    Returns
    -------
    list of dict
        Per row: the printed ``params``, ``flops`` and ``tokens`` (as printed, text), ``n`` [parameters],
        ``tokens_per_param``, ``six_nd_ratio`` (6·N·D over the printed FLOPs), ``flagged`` (True when that ratio is
        off by more than the printed rounding of D and C allows) and ``law_tokens_per_param``.

    Raises
    ------
    TypeError
        If ``key`` is not a str or ``law`` not a ScalingLaw.
    ValueError
        If there is no such table.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> rows = paper_table_rows("hoffmann2022.table3", PUBLISHED_LAWS["hoffmann2022_tex"])
    >>> [row["params"] for row in rows if row["flagged"]]  # the 67B row prints Gopher's budget, not 6·N·D
    ['67e9']
    """
    from chinchilla_lib import reference  # noqa: PLC0415 - parses the reference data only when a table is asked for

    if not isinstance(law, ScalingLaw):
        raise TypeError(f"law must be a ScalingLaw, got {type(law).__name__}")
    table = reference.table(key)
    rows = []
    for n, c, d in zip(table.column("params"), table.column("flops"), table.column("tokens"), strict=True):
        ratio = DEFAULT_FLOPS_PER_PARAM_TOKEN * n.value * d.value / c.value
        allowed = d.tolerance / d.value + c.tolerance / c.value  # the printed rounding of D and C
        rows.append(
            {
                "params": n.printed,
                "flops": c.printed,
                "tokens": d.printed,
                "n": n.value,
                "tokens_per_param": d.value / n.value,
                "six_nd_ratio": ratio,
                "flagged": abs(ratio - 1) > allowed,
                "law_tokens_per_param": float(optimal_tokens(law._frontier, n.value)) / n.value,
            }
        )
    return rows
