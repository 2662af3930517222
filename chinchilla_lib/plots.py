"""The course's figures, built from library numbers.

Each draws on an Axes it is given, or on a new figure of a fixed size (so that notebook outputs stay the same from
run to run), and returns that Axes.

Matplotlib is imported here only, so the rest of the library works without it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from chinchilla_lib._validation import (
    check_choice,
    check_count,
    check_flag,
    check_flops_per_param_token,
    check_interval,
    check_positive,
    check_range,
    positive_scalar,
)
from chinchilla_lib.beyond import KAPLAN_2020, inference_optimal
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.laws import LAWS, PUBLISHED_LAWS, ScalingLaw
from chinchilla_lib.models import FEATURED_MODELS, KnownModel
from chinchilla_lib.provenance import Cited
from chinchilla_lib.runs import Runs

FIGSIZE = (7.0, 4.5)

LAW_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
LAW_LINESTYLES: tuple[Any, ...] = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2)))
LAW_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
"""The style cycle shared by every figure that compares laws: colour, line style and marker all change from one law
to the next, so that the laws stay distinguishable in greyscale print and for colour-blind readers (no two of the
first 63 laws share colour, line style and marker; no two of the first 18 share colour and line style)."""


def law_style(index: int) -> dict[str, Any]:
    """Line keywords for the ``index``-th law of a figure: colour, line style, and a sparse marker.

    Parameters
    ----------
    index : int
        The law's position in the figure, from 0 to 10**6; the styles cycle.

    Returns
    -------
    dict
        Keywords for :meth:`matplotlib.axes.Axes.plot`: color, linestyle, marker, markersize, markevery, linewidth.

    Raises
    ------
    TypeError, ValueError
        If ``index`` is not a whole number in [0, 10**6].

    Examples
    --------
    >>> law_style(0)["linestyle"], law_style(1)["linestyle"], law_style(0)["color"] != law_style(1)["color"]
    ('-', '--', True)
    """
    index = check_count(index, "index", minimum=0, maximum=10**6)
    return {
        "color": LAW_COLOURS[index % len(LAW_COLOURS)],
        "linestyle": LAW_LINESTYLES[index % len(LAW_LINESTYLES)],
        "marker": LAW_MARKERS[index % len(LAW_MARKERS)],
        "markersize": 4,
        "markevery": ((0.03 * index) % 0.12, 0.12),
        "linewidth": 1.6,
    }


def law_label(law: Any) -> str:
    """A law's readable name for figures and tables ("Hoffmann 2022 (rounded)"), falling back to its registry key.

    The one place that decides how a law is named on a figure: its ``label`` attribute when it has one, else its
    ``name``.

    Parameters
    ----------
    law : ScalingLaw, FrontierLaw or any object with ``name``
        The law to name.

    Returns
    -------
    str
        Its label, or its name when it has no label.

    Raises
    ------
    TypeError
        If ``law`` has neither a ``label`` nor a ``name`` that is a str.

    Examples
    --------
    >>> from chinchilla_lib import ScalingLaw
    >>> law_label(ScalingLaw(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28))
    'custom'
    """
    text = getattr(law, "label", None) or getattr(law, "name", None)
    if not isinstance(text, str):
        raise TypeError(f"law must be a law (or have a str name), got {type(law).__name__}")
    return text


def flop_label(flops: float) -> str:
    """A budget with its unit, compactly: ``1e21 FLOP``, ``5.76e23 FLOP``.

    Parameters
    ----------
    flops : float
        C [FLOP].

    Returns
    -------
    str
        C to three significant digits, with "FLOP".

    Raises
    ------
    TypeError, ValueError
        If C is not a single finite number > 0.

    Examples
    --------
    >>> flop_label(1e21), flop_label(5.76e23)
    ('1e21 FLOP', '5.76e23 FLOP')
    """
    flops = positive_scalar(flops, "flops", "FLOP")
    mantissa, exponent = f"{flops:.3g}".split("e") if "e" in f"{flops:.3g}" else (f"{flops:.3g}", "0")
    return f"{mantissa}e{int(exponent)} FLOP" if exponent != "0" else f"{mantissa} FLOP"


def _legend_outside(ax: Axes, handles: list[Any] | None = None, labels: list[str] | None = None, **kwargs: Any) -> None:
    """A legend to the right of the axes, where it covers no data (constrained layout makes room for it)."""
    options: dict[str, Any] = {
        "loc": "upper left",
        "bbox_to_anchor": (1.02, 1.0),
        "borderaxespad": 0.0,
        "fontsize": 8,
        "frameon": False,
    }
    options.update(kwargs)
    if handles is not None:
        ax.legend(handles, labels or [], **options)
    else:
        ax.legend(**options)


def _axes(ax: Axes | None, figsize: tuple[float, float] = FIGSIZE) -> Axes:
    if ax is not None:
        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
        return ax
    _, new = plt.subplots(figsize=figsize, layout="constrained")
    return new


def _log_grid(bounds: tuple[float, float], points: int) -> np.ndarray:
    """``points`` values log-spaced from bounds[0] to bounds[1]."""
    return np.logspace(np.log10(bounds[0]), np.log10(bounds[1]), points)


def _finish_log_log(ax: Axes, xlabel: str, ylabel: str, title: str) -> None:
    """Log axes, labels, title, a light grid and a legend: the common end of the frontier-style figures."""
    ax.set(xscale="log", yscale="log", xlabel=xlabel, ylabel=ylabel)
    ax.set_title(title)
    ax.grid(True, which="major", alpha=0.3)
    _legend_outside(ax)


def _law_list(laws: Any, default: Any = PUBLISHED_LAWS, kind: type = ScalingLaw) -> list[Any]:
    """The laws to draw (``default`` for None, a mapping's values), each checked to be a ``kind``."""
    if laws is None:
        return list(default.values())
    if isinstance(laws, Mapping):
        chosen = list(laws.values())
    elif isinstance(laws, Iterable) and not isinstance(laws, str | bytes) and not _scalar_array(laws):
        chosen = list(laws)
    else:
        chosen = [laws]
    for law in chosen:
        if not isinstance(law, kind):
            raise TypeError(f"laws must hold {kind.__name__}s (a list or a mapping of them), got {type(law).__name__}")
    return chosen


def _model_list(models: Iterable[KnownModel] | None) -> list[KnownModel]:
    """The models to mark (the featured ones for None), each checked to be a KnownModel."""
    chosen = list(FEATURED_MODELS) if models is None else _iterable(models, "models")
    for model in chosen:
        if not isinstance(model, KnownModel):
            raise TypeError(f"models must hold KnownModels, got {type(model).__name__}")
    return chosen


def _scalar_array(value: Any) -> bool:
    """A 0-d array: Iterable by its type, yet it cannot be iterated."""
    return isinstance(value, np.ndarray) and value.ndim == 0


def _iterable(values: Any, name: str) -> list[Any]:
    if not isinstance(values, Iterable) or isinstance(values, str | bytes | Mapping) or _scalar_array(values):
        raise TypeError(f"{name} must be a list, got {type(values).__name__}")
    return list(values)


LOG_AXIS_LIMIT = 1e200
"""Positions and ranges drawn on a log axis lie in [1/LOG_AXIS_LIMIT, LOG_AXIS_LIMIT]: matplotlib's log axes add
their margins as powers of ten, which overflow float64 for data near its limits (1e300 FLOP)."""


def _log_position(value: Any, name: str, unit: str) -> float:
    """A single number a log axis can show (see :data:`LOG_AXIS_LIMIT`)."""
    low, high = 1.0 / LOG_AXIS_LIMIT, LOG_AXIS_LIMIT
    converted, scalar = check_range(
        value, name, lower=low, upper=high, lower_inclusive=True, upper_inclusive=True, unit=unit
    )
    if not scalar:
        raise TypeError(f"{name} must be a single number, got an array of shape {np.shape(converted)}")
    return float(converted)


def _log_interval(value: Any, name: str, unit: str) -> tuple[float, float]:
    """An axis range (low, high), low < high, that a log axis can show (see :data:`LOG_AXIS_LIMIT`)."""
    low, high = check_interval(value, name, unit)
    if not 1.0 / LOG_AXIS_LIMIT <= low < high <= LOG_AXIS_LIMIT:
        raise ValueError(f"{name} must lie in [{1.0 / LOG_AXIS_LIMIT:g}, {LOG_AXIS_LIMIT:g}], got {(low, high)}")
    return low, high


def _optional_position(value: Any, name: str, unit: str) -> float | None:
    return None if value is None else _log_position(value, name, unit)


# where a star's label may go, in points from the star: right, left, above, below, then the diagonals further out
_LABEL_OFFSETS = (
    (5, 3, "left", "bottom"),
    (5, -3, "left", "top"),
    (-5, 3, "right", "bottom"),
    (-5, -3, "right", "top"),
    (0, 7, "center", "bottom"),
    (0, -7, "center", "top"),
    (12, 12, "left", "bottom"),
    (12, -12, "left", "top"),
    (-12, 12, "right", "bottom"),
    (-12, -12, "right", "top"),
)


def _overlap(first: Bbox, second: Bbox) -> float:
    """The area [pixels²] two display-space boxes share."""
    width = min(first.x1, second.x1) - max(first.x0, second.x0)
    height = min(first.y1, second.y1) - max(first.y0, second.y0)
    return float(max(width, 0.0) * max(height, 0.0))


def _label_models(ax: Axes, models: Iterable[KnownModel], x_of: Any, y_of: Any) -> None:
    """Black stars for known models, each labelled where its label overlaps no other label, star or the frame.

    A greedy placement: for each model, the first of a few offsets whose text box (measured by the renderer after
    the layout is done) stays inside the axes and clear of every label placed so far and of every star; if none is
    clear, the one with the least overlap. The labels are kept out of the layout so that placing them cannot move
    the axes they were measured in.
    """
    chosen = list(models)
    if not chosen:
        return
    points = [(float(x_of(model)), float(y_of(model))) for model in chosen]
    xs, ys = zip(*points, strict=True)
    ax.scatter(xs, ys, marker="*", s=90, color="black", zorder=5)
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    figure.draw_without_rendering()  # settle limits and layout before measuring
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    stars = [ax.transData.transform(point) for point in points]
    star_boxes = [Bbox.from_bounds(x - 5, y - 5, 10, 10) for x, y in stars]
    placed: list[Any] = []
    for index, (model, point) in sorted(enumerate(zip(chosen, points, strict=True)), key=lambda item: item[1][1]):
        best, best_cost = None, float("inf")
        for dx, dy, ha, va in _LABEL_OFFSETS:
            label = ax.annotate(
                model.name,
                point,
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=8,
                ha=ha,
                va=va,
                annotation_clip=False,
            )
            box = label.get_window_extent(renderer)
            others = [b for i, b in enumerate(star_boxes) if i != index]
            cost = sum(_overlap(box, other) for other in placed + others)
            cost += box.width * box.height - _overlap(box, frame)  # the part outside the axes
            if cost < best_cost:
                if best is not None:
                    best.remove()
                best, best_cost = label, cost
            else:
                label.remove()
            if cost == 0:
                break
        assert best is not None
        best.set_in_layout(False)
        placed.append(best.get_window_extent(renderer))


def plot_frontier(
    laws: Iterable[ScalingLaw] | Mapping[str, ScalingLaw] | None = None,
    *,
    flops_range: tuple[float, float] = (1e18, 1e27),
    models: Iterable[KnownModel] | None = None,
    budget: float | None = None,
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    show_kaplan: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """The compute-optimal model size N_opt(C) [parameters] against the budget C [FLOP], one line per law.

    Known models sit at (k·N·D, N); ``budget`` draws a vertical marker at the current budget; ``show_kaplan`` adds
    Kaplan et al. 2020's N_opt = 1.3e9·(C / 1 PF-day)^0.73, dotted.

    Parameters
    ----------
    laws : iterable or mapping of ScalingLaw, optional
        The laws to draw; :data:`chinchilla_lib.PUBLISHED_LAWS` by default.
    flops_range : (float, float)
        The budgets C [FLOP] of the x axis, low and high.
    models : iterable of KnownModel, optional
        Models to mark with stars at (k·N·D, N); the featured models by default.
    budget : float, optional
        C [FLOP] to mark with a vertical line.
    flops_per_param_token : float
        k in C = k·N·D [FLOP per parameter per token], 6 by default.
    show_kaplan : bool
        Whether to add Kaplan et al. 2020's frontier.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    TypeError, ValueError
        If an argument is not of the kind or in the range described above (the message names it).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from chinchilla_lib import LAWS
    >>> ax = plot_frontier([LAWS["hoffmann2022"]], models=[], budget=1e23)
    >>> len(ax.lines), ax.get_ylabel()
    (2, 'compute-optimal N [parameters]')
    >>> plt.close(ax.figure)
    """
    chosen_laws = _law_list(laws)
    budgets = _log_grid(_log_interval(flops_range, "flops_range", "FLOP"), 200)
    chosen = _model_list(models)
    budget = _optional_position(budget, "budget", "FLOP")
    flops_per_param_token = check_flops_per_param_token(flops_per_param_token)
    show_kaplan = check_flag(show_kaplan, "show_kaplan")
    ax = _axes(ax)
    for index, law in enumerate(chosen_laws):
        params = law.compute_optimal(budgets, flops_per_param_token).params
        ax.plot(budgets, params, label=law_label(law), **law_style(index))
    if show_kaplan:
        ax.plot(
            budgets,
            KAPLAN_2020.optimal_params(budgets),
            color="black",
            linestyle=":",
            linewidth=2.2,
            label="Kaplan et al. 2020",
        )
    if budget is not None:
        ax.axvline(budget, color="grey", linestyle="--", linewidth=1, label=f"this budget ({flop_label(budget)})")
    _finish_log_log(ax, "training compute C [FLOP]", "compute-optimal N [parameters]", "Compute-optimal model size")
    _label_models(ax, chosen, lambda m: m.training_flops(flops_per_param_token), lambda m: m.params)
    return ax


def plot_tokens_for_params(
    laws: Iterable[ScalingLaw] | Mapping[str, ScalingLaw] | None = None,
    *,
    params_range: tuple[float, float] = (1e7, 1e12),
    models: Iterable[KnownModel] | None = None,
    tokens_per_param_rule: float | None = 20.0,
    ax: Axes | None = None,
) -> Axes:
    """D*(N) = gamma·N^phi [tokens] against N [parameters], one line per law, with the 20-tokens rule dashed.

    Parameters
    ----------
    laws : iterable or mapping of ScalingLaw, optional
        The laws to draw; :data:`chinchilla_lib.PUBLISHED_LAWS` by default.
    params_range : (float, float)
        The model sizes N [parameters] of the x axis, low and high.
    models : iterable of KnownModel, optional
        Models to mark with stars at (N, D); the featured models by default.
    tokens_per_param_rule : float or None
        D/N [tokens per parameter] of the rule of thumb drawn dashed, 20 by default; None draws none.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    TypeError, ValueError
        If an argument is not of the kind or in the range described above (the message names it).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from chinchilla_lib import LAWS
    >>> ax = plot_tokens_for_params([LAWS["hoffmann2022"]], models=[])
    >>> len(ax.lines), ax.get_xlabel()
    (2, 'model size N [parameters]')
    >>> plt.close(ax.figure)
    """
    chosen_laws = _law_list(laws)
    params = _log_grid(_log_interval(params_range, "params_range", "parameters"), 200)
    chosen = _model_list(models)
    rule = _optional_position(tokens_per_param_rule, "tokens_per_param_rule", "tokens per parameter")
    if rule is not None:
        with np.errstate(over="ignore"):
            ends = (rule * params[0], rule * params[-1])
        _log_interval(ends, "tokens_per_param_rule × params_range", "tokens")
    ax = _axes(ax)
    for index, law in enumerate(chosen_laws):
        label = f"{law_label(law)}: γ={law.gamma:.3g}, φ={law.phi:.3f}"
        ax.plot(params, law.optimal_tokens(params), label=label, **law_style(index))
    if rule is not None:
        ax.plot(
            params,
            rule * params,
            color="black",
            linestyle=(0, (2, 2)),
            linewidth=1,
            label=f"{rule:g} tokens/param",
        )
    _finish_log_log(
        ax,
        "model size N [parameters]",
        "D*(N) [training tokens]",
        "Compute-optimal training tokens for a given model size",
    )
    _label_models(ax, chosen, lambda m: m.params, lambda m: m.tokens)
    return ax


def plot_loss_surface(
    law: ScalingLaw,
    *,
    params_range: tuple[float, float] = (1e7, 1e12),
    tokens_range: tuple[float, float] = (1e9, 1e14),
    budgets: Iterable[float] = (1e19, 1e21, 1e23, 1e25),
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    ax: Axes | None = None,
) -> Axes:
    """Filled contours of L(N, D) on log axes, iso-FLOP lines D = C/(kN) and the compute-optimal frontier.

    The colour shows the reducible loss L(N, D) − E [nats/token] on a log scale.

    Parameters
    ----------
    law : ScalingLaw
        The parametric law whose surface is drawn.
    params_range : (float, float)
        The model sizes N [parameters] of the x axis, low and high.
    tokens_range : (float, float)
        The training tokens D [tokens] of the y axis, low and high.
    budgets : iterable of float
        C [FLOP] of the iso-FLOP lines; those that miss the window are left out.
    flops_per_param_token : float
        k in C = k·N·D [FLOP per parameter per token], 6 by default.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on (the colour bar gets its own Axes on the same figure).

    Raises
    ------
    TypeError, ValueError
        If an argument is not of the kind or in the range described above (the message names it).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from chinchilla_lib import LAWS
    >>> ax = plot_loss_surface(LAWS["hoffmann2022"], budgets=(1e21,))
    >>> len(ax.lines), ax.get_xlabel(), ax.get_ylabel()
    (2, 'N [parameters]', 'D [tokens]')
    >>> plt.close(ax.figure)
    """
    if not isinstance(law, ScalingLaw):
        raise TypeError(f"law must be a ScalingLaw, got {type(law).__name__}")
    params_range = _log_interval(params_range, "params_range", "parameters")
    tokens_range = _log_interval(tokens_range, "tokens_range", "tokens")
    empty = isinstance(budgets, list | tuple) and not budgets  # no iso-FLOP lines
    budgets = () if empty else np.ravel(check_positive(budgets, "budgets", "FLOP")[0])
    flops_per_param_token = check_flops_per_param_token(flops_per_param_token)
    frontier = law.compute_optimal(np.logspace(15, 30, 200), flops_per_param_token)
    ax = _axes(ax, (7.0, 5.0))
    n = _log_grid(params_range, 160)
    d = _log_grid(tokens_range, 160)
    loss = law.loss(n[np.newaxis, :], d[:, np.newaxis])
    reducible = np.asarray(loss - law.E)
    # the colour scale spans exactly the data on this grid (log-spaced: the reducible loss spans decades)
    levels = np.geomspace(float(reducible.min()), float(reducible.max()), 25)
    filled = ax.contourf(n, d, reducible, levels=levels, norm=LogNorm(levels[0], levels[-1]), cmap="viridis")
    ax.figure.colorbar(filled, ax=ax, label="L(N, D) − E [nats/token]", format="%.2g")
    for budget in budgets:
        with np.errstate(over="ignore", under="ignore"):  # a line that leaves float64 leaves the window too
            iso = budget / (flops_per_param_token * n)
        inside = (iso >= tokens_range[0]) & (iso <= tokens_range[1])
        if not inside.any():
            continue
        ax.plot(n[inside], iso[inside], color="white", linewidth=1, linestyle=":", label="_iso-FLOP")
        ax.annotate(
            flop_label(budget),
            (n[inside][0], iso[inside][0]),
            color="white",
            fontsize=8,
            xytext=(3, -3),
            textcoords="offset points",
            ha="left",
            va="top",
        )
    ax.plot(frontier.params, frontier.tokens, color="red", linewidth=2, label="_compute-optimal frontier")
    ax.set(
        xscale="log",
        yscale="log",
        xlim=params_range,
        ylim=tokens_range,
        xlabel="N [parameters]",
        ylabel="D [tokens]",
        title=f"Loss surface of {law_label(law)}",
    )
    # direct labels instead of a legend, which would cover the surface
    middle = params_range[0] * (params_range[1] / params_range[0]) ** 0.15
    frontier_d = float(np.interp(np.log(middle), np.log(frontier.params), np.log(frontier.tokens)))
    ax.annotate(
        "compute-optimal frontier",
        (middle, float(np.exp(frontier_d))),
        color="red",
        fontsize=8,
        xytext=(0, 6),
        textcoords="offset points",
        ha="left",
        va="bottom",
        rotation=0,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
    )
    ax.annotate(
        "dotted: iso-FLOP lines C = k·N·D",
        (0.99, 0.01),
        xycoords="axes fraction",
        color="white",
        fontsize=8,
        ha="right",
        va="bottom",
    )
    return ax


def plot_iso_flop(
    laws: Iterable[ScalingLaw] | Mapping[str, ScalingLaw] | ScalingLaw,
    flops: float,
    *,
    span: float = 100.0,
    my_params: float | None = None,
    my_label: str = "my model",
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    ax: Axes | None = None,
) -> Axes:
    """The loss along one budget's iso-FLOP line, L(N, C/(kN)) against N, with each law's optimum marked.

    ``span`` is how far either side of the optimum to draw (a factor); ``my_params`` marks a chosen model size,
    labelled ``my_label``.

    Parameters
    ----------
    laws : ScalingLaw, or iterable or mapping of ScalingLaw
        The law or laws to draw.
    flops : float
        The budget C [FLOP].
    span : float
        How far either side of each law's optimum N to draw, as a factor, 100 by default.
    my_params : float, optional
        N [parameters] of a chosen model, marked on every curve and by a vertical line.
    my_label : str
        The legend entry of ``my_params``.
    flops_per_param_token : float
        k in C = k·N·D [FLOP per parameter per token], 6 by default.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    TypeError, ValueError
        If an argument is not of the kind or in the range described above (``span`` > 1; the message names it).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from chinchilla_lib import LAWS
    >>> ax = plot_iso_flop(LAWS["hoffmann2022"], 1e21, my_params=1e9)
    >>> len(ax.lines), ax.get_ylabel()
    (2, 'loss L [nats/token]')
    >>> plt.close(ax.figure)
    """
    chosen = _law_list(laws)
    flops = positive_scalar(flops, "flops", "FLOP")
    span = positive_scalar(span, "span")
    if not span > 1.0:
        raise ValueError(f"span must be a finite number > 1, got {span!r}")
    my_params = _optional_position(my_params, "my_params", "parameters")
    if not isinstance(my_label, str):
        raise TypeError(f"my_label must be a str, got {type(my_label).__name__}")
    flops_per_param_token = check_flops_per_param_token(flops_per_param_token)
    ax = _axes(ax)
    for index, law in enumerate(chosen):
        best = law.compute_optimal(flops, flops_per_param_token)
        ends = (float(best.params) / span, float(best.params) * span)
        _log_interval(ends, "the model sizes N_opt/span to N_opt·span for this flops and span", "parameters")
        n = _log_grid(ends, 200)
        style = law_style(index)
        ax.plot(n, law.loss_at_budget(n, flops, flops_per_param_token), label=law_label(law), **style)
        ax.scatter(best.params, best.loss, color=style["color"], edgecolor="black", s=45, zorder=5)
        if my_params is not None:
            ax.scatter(
                my_params,
                float(law.loss_at_budget(my_params, flops, flops_per_param_token)),
                marker="x",
                color=style["color"],
                s=60,
                zorder=5,
            )
    if my_params is not None:
        ax.axvline(my_params, color="grey", linestyle="--", linewidth=1, label=my_label)
    ax.set(
        xscale="log",
        xlabel="model size N [parameters]",
        ylabel="loss L [nats/token]",
        title=f"Iso-FLOP profile at C = {flop_label(flops)} (dots: optimum)",
    )
    ax.grid(True, alpha=0.3)
    _legend_outside(ax)
    return ax


def plot_isoflop_runs(
    runs: Runs,
    *,
    law: ScalingLaw | None = None,
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    ax: Axes | None = None,
) -> Axes:
    """Training runs as IsoFLOP profiles: final loss against N, one colour per budget; with ``law``, its profiles.

    Runs are grouped by ``runs.budget`` when set, otherwise by their k·N·D.

    Parameters
    ----------
    runs : Runs
        The runs: N [parameters], D [tokens], final loss [nats/token], and optionally their budgets [FLOP].
    law : ScalingLaw, optional
        A law whose iso-FLOP profiles are drawn over each group's range of N.
    flops_per_param_token : float
        k in C = k·N·D [FLOP per parameter per token], 6 by default.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    TypeError, ValueError
        If an argument is not of the kind or in the range described above (the message names it).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from chinchilla_lib import LAWS
    >>> from chinchilla_lib.runs import Runs
    >>> runs = Runs(params=[1e8, 2e8, 1e8], tokens=[1e9, 5e8, 1e10], loss=[3.2, 3.3, 2.9])
    >>> ax = plot_isoflop_runs(runs, law=LAWS["hoffmann2022"])
    >>> len(ax.collections), len(ax.lines)
    (2, 2)
    >>> plt.close(ax.figure)
    """
    if not isinstance(runs, Runs):
        raise TypeError(f"runs must be Runs, got {type(runs).__name__}")
    if law is not None and not isinstance(law, ScalingLaw):
        raise TypeError(f"law must be a ScalingLaw or None, got {type(law).__name__}")
    flops_per_param_token = check_flops_per_param_token(flops_per_param_token)
    ax = _axes(ax)
    labels = runs.budget if runs.budget is not None else runs.flops(flops_per_param_token)
    colours = plt.get_cmap("viridis")
    budgets = np.unique(labels)
    for index, budget in enumerate(budgets):
        mine = labels == budget
        colour = colours(0.9 * index / max(1, len(budgets) - 1))  # the palest yellow is unreadable on white
        marker = LAW_MARKERS[index % len(LAW_MARKERS)]
        ax.scatter(runs.params[mine], runs.loss[mine], s=16, color=colour, marker=marker, label=flop_label(budget))
        if law is not None:
            n = _log_grid((runs.params[mine].min(), runs.params[mine].max()), 100)
            ax.plot(
                n,
                law.loss_at_budget(n, float(budget), flops_per_param_token),
                color=colour,
                linewidth=1,
                label="_profile",
            )
    ax.set(
        xscale="log",
        xlabel="model size N [parameters]",
        ylabel="final loss L [nats/token]",
        title="IsoFLOP profiles (dots: runs" + (f"; lines: {law_label(law)})" if law is not None else ")"),
    )
    _legend_outside(ax, title="budget", title_fontsize=8, fontsize=7, ncol=1 if len(budgets) <= 12 else 2)
    ax.grid(True, alpha=0.3)
    return ax


def plot_inference_tradeoff(
    law: ScalingLaw,
    target_loss: float,
    inference_range: tuple[float, float] = (1e9, 1e15),
    *,
    ax: Axes | None = None,
) -> Axes:
    """How the cheapest model for a loss changes as expected inference grows (Sardana et al. 2024).

    Left axis: parameters and training tokens relative to the Chinchilla model of the same loss; right axis: the
    share of total compute saved.

    Parameters
    ----------
    law : ScalingLaw
        The parametric law.
    target_loss : float
        The loss L [nats/token] the model must reach, above the law's E.
    inference_range : (float, float)
        Inference tokens over the model's life [tokens] of the x axis, low and high.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The left Axes (the right axis is its twin).

    Raises
    ------
    TypeError, ValueError
        If an argument is not of the kind or in the range described above (the message names it).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from chinchilla_lib import LAWS
    >>> ax = plot_inference_tradeoff(LAWS["hoffmann2022"], 2.2, (1e9, 1e13))
    >>> len(ax.lines), ax.get_ylabel()
    (3, 'relative to the Chinchilla model')
    >>> plt.close(ax.figure)
    """
    if not isinstance(law, ScalingLaw):
        raise TypeError(f"law must be a ScalingLaw, got {type(law).__name__}")
    target_loss = positive_scalar(target_loss, "target_loss", "nats/token")  # its range: inference_optimal's check
    served = _log_grid(_log_interval(inference_range, "inference_range", "tokens"), 60)
    plans = [inference_optimal(law, target_loss, float(tokens)) for tokens in served]
    ax = _axes(ax)
    ax.plot(
        served,
        [p.params / float(p.chinchilla.params) for p in plans],
        label="parameters / Chinchilla's",
        **law_style(0),
    )
    ax.plot(served, [p.tokens_vs_chinchilla for p in plans], label="training tokens / Chinchilla's", **law_style(1))
    ax.axhline(1.0, color="grey", linewidth=0.8)
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="inference tokens over the model's life",
        ylabel="relative to the Chinchilla model",
    )
    ax.set_title(f"Sizing for inference ({law_label(law)}, L = {target_loss:.3f})")
    saving = ax.twinx()
    saving.plot(
        served,
        [100 * p.saving for p in plans],
        color="black",
        linestyle=":",
        linewidth=2,
        label="compute saved [%] (right axis)",
    )
    saving.set_ylabel("total compute saved [%]")
    lines = ax.get_legend_handles_labels()
    more = saving.get_legend_handles_labels()
    # below the axes: the right side holds the second axis
    _legend_outside(
        ax, lines[0] + more[0], lines[1] + more[1], loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=7
    )
    ax.grid(True, alpha=0.3)
    return ax


def plot_fit_residuals(
    runs: Runs,
    laws: Mapping[str, ScalingLaw],
    *,
    delta: float = 1e-3,
    split_flops: float = 1e21,
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    ax: Axes | None = None,
) -> Axes:
    r"""Residuals of fitted laws by training compute: :math:`\log \hat L(N_i, D_i) - \log L_i` against k·N·D.

    One marker per law (``laws`` maps a label to a law), the Huber band :math:`\pm\delta` shaded, and a dashed line
    at ``split_flops`` (Hoffmann et al. 2022, §3.4, discuss the runs at C ≤ 1e21). The title counts the runs on
    each side of the line: in a fit by the summed Huber loss every run beyond δ pulls with the same bounded force, so
    the side with more runs decides the fit.

    Parameters
    ----------
    runs : Runs
        The runs: N [parameters], D [tokens] and final loss [nats/token].
    laws : mapping of str to ScalingLaw
        The laws, by legend label.
    delta : float
        δ of the Huber loss, the half-width of the shaded band, 1e-3 by default.
    split_flops : float
        C [FLOP] of the dashed line, 1e21 by default.
    flops_per_param_token : float
        k in C = k·N·D [FLOP per parameter per token], 6 by default.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    TypeError, ValueError
        If an argument is not of the kind or in the range described above (the message names it).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from chinchilla_lib import LAWS
    >>> from chinchilla_lib.runs import Runs
    >>> runs = Runs(params=[1e8, 1e10], tokens=[2e9, 2e11], loss=[3.0, 2.2])
    >>> ax = plot_fit_residuals(runs, {"Hoffmann": LAWS["hoffmann2022"]})
    >>> ax.get_title()
    'Residuals by compute: 1 runs at C ≤ 1e+21, 1 above'
    >>> plt.close(ax.figure)
    """
    if not isinstance(runs, Runs):
        raise TypeError(f"runs must be Runs, got {type(runs).__name__}")
    if not isinstance(laws, Mapping):
        raise TypeError(f"laws must be a mapping of legend labels to ScalingLaws, got {type(laws).__name__}")
    _law_list(laws)
    delta = positive_scalar(delta, "delta")
    split_flops = _log_position(split_flops, "split_flops", "FLOP")
    flops = runs.flops(check_flops_per_param_token(flops_per_param_token))
    ax = _axes(ax)
    markers = "os^Dv"
    for index, (label, law) in enumerate(laws.items()):
        residual = np.log(law.loss(runs.params, runs.tokens)) - np.log(runs.loss)
        ax.scatter(flops, residual, s=12, marker=markers[index % len(markers)], alpha=0.6, label=label)
    ax.axhspan(-delta, delta, color="grey", alpha=0.25, label=f"Huber δ = ±{delta:g}")
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.axvline(split_flops, color="black", linestyle="--", linewidth=1)
    below = int(np.count_nonzero(flops <= split_flops))
    ax.set(xscale="log", xlabel="training compute C = k·N·D [FLOP]", ylabel="log predicted − log observed loss")
    ax.set_title(f"Residuals by compute: {below} runs at C ≤ {split_flops:.0e}, {flops.size - below} above")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    return ax


_STOP_TESTS = {"RELATIVE REDUCTION": "relative reduction of f", "PROJECTED GRADIENT": "projected gradient"}
"""The two stopping tests of scipy's L-BFGS-B, by a phrase of their message (ftol and gtol in scipy's options)."""


def plot_fit_endpoints(
    fits: Mapping[str, Any],
    optimum: float,
    n_runs: int,
    *,
    x: str = "objective",
    y: str = "a",
    marks: Mapping[str, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Where fits of the Approach 3 objective ended, one marker per fit.

    By default the allocation exponent :math:`a = \beta/(\alpha+\beta)` against the objective reached over its
    optimum.
    The objective of a fit of the mean (``reduction="mean"``) is put on the sum's scale by multiplying it by
    ``n_runs``, so that 1 is the optimum for both. The marker's fill tells which of scipy's L-BFGS-B tests stopped
    the run (:attr:`FitResult.stop_message`): filled, the projected gradient (``gtol``); open, the relative
    reduction of the objective (``ftol``); a cross, any other message. Early-stopped fits scatter along the valley of
    the objective (``x="alpha", y="A"`` shows it: A and α trade off), converged ones sit at the optimum.

    Parameters
    ----------
    fits : mapping of str to sequence of FitResult
        The fits, by legend label; each group gets its own colour and marker.
    optimum : float
        The optimum of the summed objective on the same runs, > 0.
    n_runs : int
        The number of runs fitted, >= 1 (the factor between the mean and the sum).
    x, y : {"objective", "a", "E", "A", "B", "alpha", "beta"}
        The quantities on the axes: the objective over ``optimum``, or a constant of the fitted law (objective, A
        and B on log axes).
    marks : mapping of str to float, optional
        Horizontal lines at values of ``y``, by label (e.g. a published exponent).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    TypeError, ValueError
        If an argument is not of the kind or in the range described above (the message names it), or a fit's
        objective is below ``optimum`` by more than rounding (then ``optimum`` is not the optimum of these runs).

    References
    ----------
    .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, App. D.2 (the objective and its L-BFGS fits).
    .. [2] T. Besiroglu et al. 2024, arXiv:2404.10102, §2-3 (the averaged objective stops early).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.fitting import fit_parametric
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], noise=0.01, seed=0)
    >>> best = fit_parametric(runs.params, runs.tokens, runs.loss)
    >>> ax = plot_fit_endpoints({"converged": [best]}, best.objective, len(runs))
    >>> float(ax.collections[0].get_offsets()[0, 0])  # the optimum itself sits at 1
    1.0
    >>> plt.close(ax.figure)
    """
    from chinchilla_lib.fitting import FitResult  # noqa: PLC0415 - plots need no SciPy until a fit is drawn

    if not isinstance(fits, Mapping) or not fits:
        raise TypeError(f"fits must be a non-empty mapping of labels to sequences of FitResult, got {fits!r:.80}")
    groups: dict[str, list[Any]] = {}
    for label, group in fits.items():
        members = [group] if isinstance(group, FitResult) else group
        if not isinstance(label, str) or isinstance(members, (str, bytes)) or not isinstance(members, Iterable):
            raise TypeError(f"fits must map str labels to sequences of FitResult, got {label!r}: {group!r:.80}")
        members = list(members)
        if not members or not all(isinstance(fit, FitResult) for fit in members):
            raise TypeError(f"fits[{label!r}] must be a non-empty sequence of FitResult")
        groups[label] = members
    optimum = positive_scalar(optimum, "optimum")
    n_runs = check_count(n_runs, "n_runs")
    x = check_choice(x, "x", tuple(_ENDPOINT_AXES))
    y = check_choice(y, "y", tuple(_ENDPOINT_AXES))
    lines = _marks(marks)
    ax = _axes(ax)
    for index, (label, members) in enumerate(groups.items()):
        ratio = np.array([fit.objective * (n_runs if fit.reduction == "mean" else 1) for fit in members]) / optimum
        if np.any(ratio < 1 - 1e-9):
            raise ValueError(f"a fit in fits[{label!r}] ends below optimum = {optimum:.6g}: it is not the optimum")
        if not np.all(np.isfinite(ratio)):
            raise ValueError(
                f"optimum = {optimum:.6g} is too small: the objectives of fits[{label!r}] over it overflow"
            )
        values = {
            name: ratio if name == "objective" else np.array([getattr(fit.law, name) for fit in members])
            for name in (x, y)
        }
        test = np.array([_stop_test(fit.stop_message) for fit in members])
        style = law_style(index)
        colour, marker = style["color"], style["marker"]
        # every fit filled, then the ftol ones drawn over open and any other message as a cross
        ax.scatter(values[x], values[y], s=28, marker=marker, color=colour, label=label)
        ftol, other = test == "relative reduction of f", test == ""
        ax.scatter(values[x][ftol], values[y][ftol], s=28, marker=marker, facecolors="white", edgecolors=colour)
        ax.scatter(values[x][other], values[y][other], s=40, marker="x", color=colour)
    for index, (label, value) in enumerate(lines.items()):
        ax.axhline(value, color="black", linestyle=("--", ":", "-.")[index % 3], linewidth=1, label=label)
    ax.scatter([], [], s=28, marker="o", color="grey", label="filled: stopped on the projected gradient")
    ax.scatter([], [], s=28, marker="o", facecolors="white", edgecolors="grey", label="open: on the relative reduction")
    (x_label, x_scale), (y_label, y_scale) = _ENDPOINT_AXES[x], _ENDPOINT_AXES[y]
    ax.set(xscale=x_scale, yscale=y_scale, xlabel=x_label, ylabel=y_label)
    ax.set_title("Where L-BFGS-B stopped")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    return ax


_ENDPOINT_AXES = {
    "objective": ("objective reached (as a sum) / its optimum", "log"),
    "a": ("allocation exponent a = β/(α+β)", "linear"),
    "E": ("E [nats/token]", "linear"),
    "A": ("A", "log"),
    "B": ("B", "log"),
    "alpha": ("α", "linear"),
    "beta": ("β", "linear"),
}
"""The quantities :func:`plot_fit_endpoints` can put on an axis: label and scale."""


def _stop_test(message: str) -> str:
    """Which of scipy's L-BFGS-B stopping tests a message names ('' for any other message)."""
    upper = message.upper()
    return next((name for phrase, name in _STOP_TESTS.items() if phrase in upper), "")


def _marks(marks: Any) -> dict[str, float]:
    if marks is None:
        return {}
    if not isinstance(marks, Mapping):
        raise TypeError(f"marks must be a mapping of labels to values of a, got {type(marks).__name__}")
    checked: dict[str, float] = {}
    for label, value in marks.items():
        if not isinstance(label, str):
            raise TypeError(f"marks' labels must be str, got {label!r}")
        number, scalar = check_range(value, f"marks[{label!r}]", lower=-math.inf)
        if not scalar:
            raise TypeError(f"marks[{label!r}] must be one number, got an array")
        checked[label] = float(number)
    return checked


# --- chapter 07: what each law recommends --------------------------------------------------------------------------

_LAW_MARKERS = ("o", "s", "^", "v", "D", "P", "X", "*", "<", ">", "h", "p", "d", "8", "H")


def plot_tokens_per_param_by_law(
    laws: Iterable[Any] | Mapping[str, Any] | None = None,
    *,
    flops_range: tuple[float, float] = (1e20, 1e26),
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    ylim: tuple[float, float] = (3.0, 400.0),
    ax: Axes | None = None,
) -> Axes:
    """Tokens per parameter D/N that each law recommends against the budget C [FLOP], one line per law.

    Each law is drawn solid over the budgets it was fitted on and dashed where it extrapolates (dotted when its
    range is not stated; dashed throughout for a law whose answer is extrapolated by nature, like MiniCPM's ratio).
    Lines differ by marker as well as colour, so the figure reads in print. A line that leaves the ``ylim`` window
    (Kaplan et al. 2020's falls below 1 token per parameter) is labelled where it leaves. ``laws`` defaults to every
    law of :data:`chinchilla_lib.LAWS` (parametric and frontier-only). No
    :class:`~chinchilla_lib.ExtrapolationWarning` is emitted: the figure shows the extrapolation instead.

    Parameters
    ----------
    laws : iterable or mapping of laws, optional
        Parametric or frontier-only laws; every law of :data:`chinchilla_lib.LAWS` by default.
    flops_range : (float, float)
        The budgets C [FLOP] of the x axis, low and high.
    flops_per_param_token : float
        k in C = k·N·D [FLOP per parameter per token], 6 by default.
    ylim : (float, float)
        The window of D/N [tokens per parameter] shown.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    TypeError, ValueError
        If an argument is not of the kind or in the range described above (the message names it).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from chinchilla_lib import LAWS
    >>> ax = plot_tokens_per_param_by_law([LAWS["rule_of_thumb_20"]])
    >>> [line.get_linestyle() for line in ax.lines]
    ['--', '-', '-', '--']
    >>> plt.close(ax.figure)
    """
    chosen = _law_list(laws, LAWS, Cited)
    flops_range = _log_interval(flops_range, "flops_range", "FLOP")
    flops_per_param_token = check_flops_per_param_token(flops_per_param_token)
    ylim = _log_interval(ylim, "ylim", "tokens per parameter")
    ax = _axes(ax, (9.0, 5.2))
    budgets = _log_grid(flops_range, 121)
    colours = plt.get_cmap("tab20")
    for index, law in enumerate(chosen):
        ratio = np.asarray(law.compute_optimal(budgets, flops_per_param_token).tokens_per_param)
        decades = law.extrapolation(budgets)
        caveat = bool(law.provenance is not None and law.provenance.caveat)
        style: dict[str, Any] = {
            "color": colours(index % 20),
            "marker": _LAW_MARKERS[index % len(_LAW_MARKERS)],
            "markevery": (index % 6, 12),
            "markersize": 5,
            "linewidth": 1.6,
        }
        leaves = np.flatnonzero((ratio < ylim[0]) | (ratio > ylim[1]))
        if leaves.size:
            first = max(int(leaves[0]) - 1, 0)
            ax.annotate(
                f"{law.label} leaves the axes",
                (budgets[first], ratio[first]),
                xytext=(4, 6),
                textcoords="offset points",
                fontsize=7,
                color=style["color"],
            )
        if decades is None and not caveat:
            ax.plot(budgets, ratio, linestyle=":", label=f"{law.label} (range not stated)", **style)
            continue
        inside = (np.asarray(decades) == 0) & (not caveat) if decades is not None else np.zeros(budgets.shape, bool)
        outside = np.where(inside, np.nan, ratio)
        within = np.where(inside, ratio, np.nan)
        # join the two pieces at the range boundary so the line is continuous
        edges = np.flatnonzero(np.diff(inside.astype(int)) != 0)
        for edge in edges:
            outside[edge : edge + 2] = ratio[edge : edge + 2]
        ax.plot(budgets, outside, linestyle="--", label=law.label if not inside.any() else None, **style)
        if inside.any():
            ax.plot(budgets, within, linestyle="-", label=law.label, **style)
    ax.plot([], [], color="grey", linestyle="-", label="solid: within the fitted budgets")
    ax.plot([], [], color="grey", linestyle="--", label="dashed: extrapolated")
    ax.set(
        xscale="log",
        yscale="log",
        xlim=flops_range,
        ylim=ylim,
        xlabel="training compute C [FLOP] (C = 6·N·D)",
        ylabel="recommended tokens per parameter D/N",
    )
    ax.set_title("What each published law recommends")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return ax
