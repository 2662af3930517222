"""The course's figures, built from library numbers. Each draws on an Axes it is given, or on a new figure of a
fixed size (so that notebook outputs stay the same from run to run), and returns that Axes.

Matplotlib is imported here only, so the rest of the library works without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm

from chinchilla_lib.beyond import KAPLAN_2020, inference_optimal
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.laws import LAWS, PUBLISHED_LAWS, ScalingLaw
from chinchilla_lib.models import FEATURED_MODELS, KnownModel
from chinchilla_lib.runs import Runs

FIGSIZE = (7.0, 4.5)


def _axes(ax: Axes | None, figsize: tuple[float, float] = FIGSIZE) -> Axes:
    if ax is not None:
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
    ax.legend(fontsize=8, loc="upper left")


def _law_list(laws: Iterable[ScalingLaw] | Mapping[str, ScalingLaw] | None) -> list[ScalingLaw]:
    if laws is None:
        return list(PUBLISHED_LAWS.values())
    if isinstance(laws, Mapping):
        return list(laws.values())
    return list(laws)


def _label_models(ax: Axes, models: Iterable[KnownModel], x_of: Any, y_of: Any) -> None:
    for index, model in enumerate(models):
        x, y = x_of(model), y_of(model)
        ax.scatter(x, y, marker="*", s=90, color="black", zorder=5)
        # alternate above/below so that neighbours (GPT-3 and Gopher share 300B tokens) stay readable
        offset = (4, 3) if index % 2 == 0 else (4, -11)
        ax.annotate(model.name, (x, y), xytext=offset, textcoords="offset points", fontsize=8)


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
    """
    ax = _axes(ax)
    budgets = _log_grid(flops_range, 200)
    for law in _law_list(laws):
        ax.plot(budgets, law.compute_optimal(budgets, flops_per_param_token).params, label=law.name)
    if show_kaplan:
        ax.plot(budgets, KAPLAN_2020.optimal_params(budgets), "k:", linewidth=2, label="Kaplan et al. 2020")
    chosen = list(FEATURED_MODELS if models is None else models)
    _label_models(ax, chosen, lambda m: m.training_flops(flops_per_param_token), lambda m: m.params)
    if budget is not None:
        ax.axvline(budget, color="grey", linestyle="--", linewidth=1, label="this budget")
    _finish_log_log(ax, "training compute C [FLOP]", "compute-optimal N [parameters]", "Compute-optimal model size")
    return ax


def plot_tokens_for_params(
    laws: Iterable[ScalingLaw] | Mapping[str, ScalingLaw] | None = None,
    *,
    params_range: tuple[float, float] = (1e7, 1e12),
    models: Iterable[KnownModel] | None = None,
    tokens_per_param_rule: float | None = 20.0,
    ax: Axes | None = None,
) -> Axes:
    """D*(N) = gamma·N^phi [tokens] against N [parameters], one line per law, with the 20-tokens rule dashed."""
    ax = _axes(ax)
    params = _log_grid(params_range, 200)
    for law in _law_list(laws):
        ax.plot(params, law.optimal_tokens(params), label=f"{law.name}: γ={law.gamma:.3g}, φ={law.phi:.3f}")
    if tokens_per_param_rule is not None:
        ax.plot(
            params, tokens_per_param_rule * params, "k--", linewidth=1, label=f"{tokens_per_param_rule:g} tokens/param"
        )
    chosen = list(FEATURED_MODELS if models is None else models)
    _label_models(ax, chosen, lambda m: m.params, lambda m: m.tokens)
    _finish_log_log(ax, "model size N [parameters]", "D*(N) [training tokens]",
                    "Compute-optimal training tokens for a given model size")  # fmt: skip
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
    """Filled contours of L(N, D) on log axes, iso-FLOP lines D = C/(kN) and the compute-optimal frontier."""
    ax = _axes(ax, (7.0, 5.0))
    n = _log_grid(params_range, 160)
    d = _log_grid(tokens_range, 160)
    loss = law.loss(n[np.newaxis, :], d[:, np.newaxis])
    filled = ax.contourf(n, d, loss - law.E, levels=np.logspace(-2, 1, 25), norm=LogNorm(), cmap="viridis")
    ax.figure.colorbar(filled, ax=ax, label="L(N, D) − E [nats/token]", format="%.2g")
    for budget in budgets:
        iso = budget / (flops_per_param_token * n)
        inside = (iso >= tokens_range[0]) & (iso <= tokens_range[1])
        ax.plot(n[inside], iso[inside], color="white", linewidth=1, linestyle=":")
        ax.annotate(
            f"C={budget:.0e}",
            (n[inside][0], iso[inside][0]),
            color="white",
            fontsize=8,
            xytext=(2, -10),
            textcoords="offset points",
        )
    frontier = law.compute_optimal(np.logspace(15, 30, 200), flops_per_param_token)
    ax.plot(frontier.params, frontier.tokens, color="red", linewidth=2, label="compute-optimal frontier")
    ax.set(
        xscale="log",
        yscale="log",
        xlim=params_range,
        ylim=tokens_range,
        xlabel="N [parameters]",
        ylabel="D [tokens]",
        title=f"Loss surface of {law.name}",
    )
    ax.legend(loc="lower right", fontsize=8)
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
    """
    ax = _axes(ax)
    chosen = [laws] if isinstance(laws, ScalingLaw) else _law_list(laws)
    for law in chosen:
        best = law.compute_optimal(flops, flops_per_param_token)
        n = _log_grid((float(best.params) / span, float(best.params) * span), 200)
        (line,) = ax.plot(n, law.loss_at_budget(n, flops, flops_per_param_token), label=law.name)
        ax.scatter(best.params, best.loss, color=line.get_color(), zorder=5)
        if my_params is not None:
            ax.scatter(
                my_params,
                float(law.loss_at_budget(my_params, flops, flops_per_param_token)),
                marker="x",
                color=line.get_color(),
                s=60,
                zorder=5,
            )
    if my_params is not None:
        ax.axvline(my_params, color="grey", linestyle="--", linewidth=1, label=my_label)
    ax.set(
        xscale="log",
        xlabel="model size N [parameters]",
        ylabel="loss L [nats/token]",
        title=f"Iso-FLOP profile at C = {flops:.3g} FLOP (dots: optimum)",
    )
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
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
    """
    ax = _axes(ax)
    labels = runs.budget if runs.budget is not None else runs.flops(flops_per_param_token)
    colours = plt.get_cmap("viridis")
    budgets = np.unique(labels)
    for index, budget in enumerate(budgets):
        mine = labels == budget
        colour = colours(index / max(1, len(budgets) - 1))
        ax.scatter(runs.params[mine], runs.loss[mine], s=14, color=colour, label=f"{budget:.0e}")
        if law is not None:
            n = _log_grid((runs.params[mine].min(), runs.params[mine].max()), 100)
            ax.plot(n, law.loss_at_budget(n, float(budget), flops_per_param_token), color=colour, linewidth=1)
    ax.set(xscale="log", xlabel="model size N [parameters]", ylabel="final loss L [nats/token]",
           title="IsoFLOP profiles (dots: runs" + (f"; lines: {law.name})" if law is not None else ")"))  # fmt: skip
    ax.legend(title="budget [FLOP]", fontsize=7, title_fontsize=8, ncol=2)
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
    """
    ax = _axes(ax)
    served = _log_grid(inference_range, 60)
    plans = [inference_optimal(law, target_loss, float(tokens)) for tokens in served]
    ax.plot(served, [p.params / float(p.chinchilla.params) for p in plans], label="parameters / Chinchilla's")
    ax.plot(served, [p.tokens_vs_chinchilla for p in plans], label="training tokens / Chinchilla's")
    ax.axhline(1.0, color="grey", linewidth=0.8)
    ax.set(xscale="log", yscale="log", xlabel="inference tokens over the model's life",
           ylabel="relative to the Chinchilla model")  # fmt: skip
    ax.set_title(f"Sizing for inference ({law.name}, L = {target_loss:.3f})")
    saving = ax.twinx()
    saving.plot(served, [100 * p.saving for p in plans], color="black", linestyle="--", label="compute saved [%]")
    saving.set_ylabel("total compute saved [%]")
    lines = ax.get_legend_handles_labels()
    more = saving.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=8, loc="upper left")
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
    """
    ax = _axes(ax)
    flops = runs.flops(flops_per_param_token)
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
    """
    chosen = list(LAWS.values() if laws is None else laws.values() if isinstance(laws, Mapping) else laws)
    ax = _axes(ax, (9.0, 5.2))
    budgets = _log_grid(flops_range, 121)
    colours = plt.get_cmap("tab20")
    for index, law in enumerate(chosen):
        ratio = np.asarray(law.compute_optimal(budgets, flops_per_param_token).tokens_per_param)
        decades = law.extrapolation(budgets)
        caveat = bool(law.provenance is not None and law.provenance.caveat)
        style: dict[str, Any] = {"color": colours(index % 20), "marker": _LAW_MARKERS[index % len(_LAW_MARKERS)],
                                 "markevery": (index % 6, 12), "markersize": 5, "linewidth": 1.6}  # fmt: skip
        leaves = np.flatnonzero((ratio < ylim[0]) | (ratio > ylim[1]))
        if leaves.size:
            first = max(int(leaves[0]) - 1, 0)
            ax.annotate(f"{law.label} leaves the axes", (budgets[first], ratio[first]), xytext=(4, 6),
                        textcoords="offset points", fontsize=7, color=style["color"])  # fmt: skip
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
    ax.set(xscale="log", yscale="log", xlim=flops_range, ylim=ylim, xlabel="training compute C [FLOP] (C = 6·N·D)",
           ylabel="recommended tokens per parameter D/N")  # fmt: skip
    ax.set_title("What each published law recommends")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return ax
