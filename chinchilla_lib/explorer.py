"""The budget explorer: a budget in, the compute-optimal model out, with pictures.

This module needs the ``course`` extra (ipywidgets, matplotlib). Three layers, so that everything but the
wiring is testable without a browser or a kernel:

1. :class:`ExplorerInputs` and :func:`parse_number`: what the user chose, as plain values.
2. :func:`explore`: the pure computation (budget, plan under one or every law, GPU-hours, the cost of a chosen
   model size) returning an :class:`ExplorerResult`; :func:`summary_html` renders it.
3. :class:`BudgetExplorer`: ipywidgets controls that build an :class:`ExplorerInputs`, call :func:`explore` and
   redraw one figure in place. Bad input shows a message and keeps the last good result.
"""

from __future__ import annotations

import dataclasses
import html
import io
import math
from collections.abc import Mapping
from typing import Any, Literal

import ipywidgets as w
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator

from chinchilla_lib import compute
from chinchilla_lib._validation import check_positive
from chinchilla_lib.allocation import Allocation
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.formatting import duration, human_count, scientific
from chinchilla_lib.laws import PUBLISHED_LAWS, ScalingLaw
from chinchilla_lib.plots import plot_frontier

CUSTOM = "custom"
BudgetMode = Literal["flops", "hardware"]
FLOPS_RANGE = (1e17, 1e28)
"""The budgets the explorer's slider covers [FLOP]; typed values may go beyond it."""


def parse_number(text: Any, name: str) -> float:
    """A number typed into a field: ``"5.76e23"``, ``" 1e22 "``, ``"1_000"`` -> float; ``ValueError`` otherwise."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    if not isinstance(text, str):
        raise TypeError(f"{name} must be typed as a number, got {type(text).__name__}")
    cleaned = text.strip().replace("_", "").replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{name}: {text.strip()!r} is not a number (try e.g. 5.76e23)") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {text.strip()!r}")
    return value


@dataclasses.dataclass(frozen=True)
class ExplorerInputs:
    """Everything the explorer's controls can set, as plain values."""

    budget_mode: BudgetMode = "flops"
    flops: float = 5.76e23
    gpu: str = "H100-SXM"
    n_gpus: float = 256.0
    days: float = 30.0
    mfu: float = 0.4
    law: str = "hoffmann2022_tex"
    custom: tuple[float, float, float, float, float] = (1.69, 406.4, 410.7, 0.34, 0.28)
    """E, A, B, alpha, beta of the custom law (used when ``law == "custom"``)."""
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN
    compare_all: bool = False
    my_params: float | None = None


@dataclasses.dataclass(frozen=True)
class MyModel:
    """What a chosen model size costs at this budget, against the compute-optimal model."""

    params: float
    tokens: float
    loss: float
    loss_given_up: float
    """L(my model) − L* [nats/token] at the same budget."""
    optimal_flops_for_same_loss: float
    """The compute [FLOP] with which a compute-optimal model reaches my model's loss (at most the budget)."""


@dataclasses.dataclass(frozen=True)
class ExplorerResult:
    """The explorer's answer for one set of inputs."""

    inputs: ExplorerInputs
    law: ScalingLaw
    flops: float
    plan: Allocation
    gpu_hours: float
    days: float
    others: Mapping[str, Allocation]
    my_model: MyModel | None


def resolve_law(inputs: ExplorerInputs) -> ScalingLaw:
    """The law the inputs select: a published one by key, or the custom constants."""
    if inputs.law == CUSTOM:
        e, a, b, alpha, beta = inputs.custom
        return ScalingLaw(E=e, A=a, B=b, alpha=alpha, beta=beta, name=CUSTOM)
    if inputs.law not in PUBLISHED_LAWS:
        raise ValueError(f"law must be one of {', '.join(PUBLISHED_LAWS)} or {CUSTOM!r}, got {inputs.law!r}")
    return PUBLISHED_LAWS[inputs.law]


def resolve_budget(inputs: ExplorerInputs) -> float:
    """The training budget [FLOP]: typed directly, or accelerators × count × days × MFU."""
    if inputs.budget_mode == "hardware":
        return float(compute.cluster_flops(inputs.n_gpus, inputs.days, gpu=inputs.gpu, mfu=inputs.mfu))
    return float(check_positive(inputs.flops, "budget", "FLOP")[0])


def explore(inputs: ExplorerInputs) -> ExplorerResult:
    """Compute everything the explorer shows; raises ``ValueError``/``TypeError`` on bad inputs."""
    law = resolve_law(inputs)
    flops = resolve_budget(inputs)
    k = inputs.flops_per_param_token
    plan = law.compute_optimal(flops, k)
    hardware = {"gpu": inputs.gpu, "mfu": inputs.mfu}
    gpu_hours = float(compute.flops_to_gpu_hours(flops, **hardware))
    days = float(compute.training_days(flops, inputs.n_gpus, **hardware))
    others = (
        {name: other.compute_optimal(flops, k) for name, other in PUBLISHED_LAWS.items()} if inputs.compare_all else {}
    )
    my_model = None
    if inputs.my_params is not None:
        my_params = float(check_positive(inputs.my_params, "my model size", "parameters")[0])
        my_tokens = flops / (k * my_params)
        my_loss = float(law.loss(my_params, my_tokens))
        matched = law.compute_for_loss(my_loss, k).flops
        my_model = MyModel(my_params, my_tokens, my_loss, my_loss - float(plan.loss), float(matched))
    return ExplorerResult(inputs, law, flops, plan, gpu_hours, days, others, my_model)


def summary_html(result: ExplorerResult) -> str:
    """The numbers as an HTML table; cells carry classes (``params``, ``tokens``, ...) that tests can find."""
    plan, inputs = result.plan, result.inputs
    rows = [
        ("budget", "flops", f"{scientific(result.flops)} FLOP (C = {inputs.flops_per_param_token:g}·N·D)"),
        ("parameters", "params", f"{human_count(float(plan.params))}"),
        ("training tokens", "tokens", f"{human_count(float(plan.tokens))}"),
        ("tokens per parameter", "ratio", f"{float(plan.tokens_per_param):.1f}"),
        ("predicted loss", "loss", f"{plan.loss:.4f} nats/token (perplexity {math.exp(plan.loss):.2f})"),
        ("GPU-hours", "gpu-hours", f"{result.gpu_hours:.3g} on {inputs.gpu} at {inputs.mfu:.0%} MFU"),
        ("wall-clock", "days", f"{duration(result.days * 24)} on {inputs.n_gpus:g} × {inputs.gpu}"),
    ]
    if result.my_model is not None:
        mine = result.my_model
        rows += [
            ("my model: tokens", "my-tokens", f"{human_count(mine.tokens)} ({mine.tokens / mine.params:.1f}/param)"),
            ("my model: loss given up", "my-gap", f"{mine.loss_given_up:.4f} nats/token"),
            ("optimal model, same loss", "my-match",
             f"{scientific(mine.optimal_flops_for_same_loss)} FLOP "
             f"({mine.optimal_flops_for_same_loss / result.flops:.1%} of this budget)"),
        ]  # fmt: skip
    body = "".join(
        f'<tr><th style="text-align:left;padding-right:1em">{html.escape(label)}</th>'
        f'<td class="{css}">{html.escape(value)}</td></tr>'
        for label, css, value in rows
    )
    table = (
        f'<table class="explorer-table"><caption style="text-align:left"><b>{html.escape(result.law.name)}</b>'
        f"</caption>{body}</table>"
    )
    if result.others:
        lines = "".join(
            f"<tr><td>{html.escape(name)}</td><td>{human_count(float(p.params))}</td>"
            f"<td>{human_count(float(p.tokens))}</td><td>{float(p.tokens_per_param):.1f}</td>"
            f"<td>{float(p.loss):.4f}</td></tr>"
            for name, p in result.others.items()
        )
        table += (
            '<table class="explorer-compare"><tr><th>law</th><th>params</th><th>tokens</th><th>tokens/param</th>'
            f"<th>loss</th></tr>{lines}</table>"
        )
    return table


_POWER_OF_TEN = FuncFormatter(lambda value, _: f"1e{round(math.log10(value))}" if value > 0 else "")


class ExplorerFigure:
    """The explorer's two panels, each its own figure, drawn once and then updated in place.

    Valley: the loss along this budget's iso-FLOP line, L(N, C/(kN)), with each law's optimum and "my model" marked.
    Frontier: N_opt(C) for the same laws, known models, and the current budget.

    A budget change only moves data, limits and markers. The frontier's background (lines, stars, axes, legend) is
    rendered once and blitted, so only the budget marker is drawn again; the artists are rebuilt only when the set
    of laws or k changes. ``make bench`` measures the result.
    """

    SPAN = 100.0  # the valley is drawn from N_opt/SPAN to N_opt*SPAN
    POINTS = 120

    def __init__(self, panel_size: tuple[float, float] = (5.6, 4.0), dpi: float = 90.0) -> None:
        self.valley_figure = Figure(figsize=panel_size, dpi=dpi)
        self.frontier_figure = Figure(figsize=panel_size, dpi=dpi)
        self._valley_canvas = FigureCanvasAgg(self.valley_figure)
        self._frontier_canvas = FigureCanvasAgg(self.frontier_figure)
        for figure in (self.valley_figure, self.frontier_figure):
            figure.subplots_adjust(left=0.15, right=0.95, bottom=0.13, top=0.91)
        self.valley_ax = self.valley_figure.subplots()
        self.frontier_ax = self.frontier_figure.subplots()
        self._key: tuple[Any, ...] | None = None
        self._background: Any = None

    def _build(self, laws: list[ScalingLaw], k: float) -> None:
        valley, frontier = self.valley_ax, self.frontier_ax
        valley.clear()
        frontier.clear()
        self._valley_lines, self._optimum_dots, self._my_marks = [], [], []
        for law in laws:
            (line,) = valley.plot([], [], label=law.name)
            self._valley_lines.append(line)
            self._optimum_dots.append(valley.plot([], [], "o", color=line.get_color())[0])
            self._my_marks.append(valley.plot([], [], "x", color=line.get_color(), markersize=9)[0])
        self._my_line = valley.axvline(1.0, color="grey", linestyle="--", linewidth=1, visible=False)
        # a plain text artist, not set_title: a title is re-placed against the tick labels' boxes at every draw,
        # which costs more than the rest of the panel's text together
        self._valley_title = valley.text(0.5, 1.02, "", transform=valley.transAxes, ha="center", fontsize=10)
        valley.set(xscale="log", xlabel="model size N [parameters]", ylabel="loss L [nats/token]")
        valley.grid(True, alpha=0.3)
        plot_frontier(laws, flops_range=FLOPS_RANGE, flops_per_param_token=k, ax=frontier)
        frontier.set_title("Compute-optimal model size (circle: this budget)", fontsize=10)
        self._budget_line = frontier.axvline(FLOPS_RANGE[0], color="grey", linestyle="--", linewidth=1)
        (self._budget_dot,) = frontier.plot([], [], "o", markersize=10, markerfacecolor="none", color="red")
        for ax in (valley, frontier):
            # minor ticks on log axes, and log tick labels typeset as mathtext ($10^{20}$), cost more to draw than
            # everything else together; "1e20" labels read as well here
            ax.xaxis.set_minor_locator(NullLocator())
            ax.xaxis.set_major_formatter(_POWER_OF_TEN)
        frontier.yaxis.set_minor_locator(NullLocator())
        frontier.yaxis.set_major_formatter(_POWER_OF_TEN)
        valley.yaxis.set_major_locator(MaxNLocator(nbins=5))  # each tick is a label and a grid line to draw
        self._background = None

    def update(self, result: ExplorerResult) -> None:
        """Point the panels at ``result``: the valley of its budget and its place on the frontier."""
        laws = list(PUBLISHED_LAWS.values()) if result.inputs.compare_all else [result.law]
        if result.law not in laws:
            laws.insert(0, result.law)
        k = result.inputs.flops_per_param_token
        if (tuple(laws), k) != self._key:
            self._build(laws, k)
            self._key = (tuple(laws), k)
        flops, mine = result.flops, result.inputs.my_params
        centre = float(result.plan.params)
        n = np.logspace(math.log10(centre / self.SPAN), math.log10(centre * self.SPAN), self.POINTS)
        lowest, highest = math.inf, -math.inf
        for law, line, dot, mark in zip(laws, self._valley_lines, self._optimum_dots, self._my_marks, strict=True):
            loss = law.loss_at_budget(n, flops, k)
            line.set_data(n, loss)
            best = law.compute_optimal(flops, k)
            dot.set_data([float(best.params)], [float(best.loss)])
            lowest, highest = min(lowest, float(best.loss)), max(highest, float(np.max(loss)))
            if mine is not None:
                mark.set_data([mine], [float(law.loss_at_budget(mine, flops, k))])
            mark.set_visible(mine is not None)
        self._my_line.set_visible(mine is not None)
        if mine is not None:
            self._my_line.set_xdata([mine, mine])
        low_n, high_n = (min(n[0], mine / 2), max(n[-1], mine * 2)) if mine is not None else (n[0], n[-1])
        pad = 0.05 * (highest - lowest)
        self.valley_ax.set_xlim(low_n, high_n)
        self.valley_ax.set_ylim(lowest - pad, highest + pad)
        self._valley_title.set_text(f"Loss along the budget C = {flops:.3g} FLOP")
        self._budget_line.set_xdata([flops, flops])
        self._budget_dot.set_data([flops], [centre])
        xlim = (min(FLOPS_RANGE[0], flops / 3), max(FLOPS_RANGE[1], flops * 3))
        if xlim != tuple(self.frontier_ax.get_xlim()):
            self.frontier_ax.set_xlim(xlim)
            self._background = None

    def valley_png(self) -> bytes:
        """The valley panel as PNG bytes: one Agg draw and one encoding."""
        self._valley_canvas.draw()
        return _encode_png(self._valley_canvas)

    def frontier_png(self) -> bytes:
        """The frontier panel as PNG bytes: the cached background plus the budget marker."""
        canvas = self._frontier_canvas
        markers = (self._budget_line, self._budget_dot)
        if self._background is None:
            for artist in markers:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.frontier_figure.bbox)
            for artist in markers:
                artist.set_visible(True)
        canvas.restore_region(self._background)
        for artist in markers:
            self.frontier_ax.draw_artist(artist)
        return _encode_png(canvas)


def _encode_png(canvas: FigureCanvasAgg) -> bytes:
    """PNG bytes of what an Agg canvas holds now (no second draw, unlike savefig with a tight box)."""
    image = PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)  # 3x faster than the default level, 30% larger
    return buffer.getvalue()


class BudgetExplorer:
    """The ipywidgets explorer. ``BudgetExplorer().widget`` is the whole app; ``update()`` recomputes it."""

    def __init__(self, inputs: ExplorerInputs | None = None) -> None:
        start = inputs or ExplorerInputs()
        style = {"description_width": "10em"}
        wide = w.Layout(width="28em")
        self.mode = w.ToggleButtons(options=[("FLOPs", "flops"), ("Hardware", "hardware")], value=start.budget_mode,
                                    description="budget as", style=style)  # fmt: skip
        self.flops_slider = w.FloatLogSlider(value=min(max(start.flops, FLOPS_RANGE[0]), FLOPS_RANGE[1]), base=10,
                                             min=math.log10(FLOPS_RANGE[0]), max=math.log10(FLOPS_RANGE[1]),
                                             step=0.05, readout_format=".3g", description="budget [FLOP]",
                                             continuous_update=False, style=style, layout=wide)  # fmt: skip
        self.flops_text = w.Text(value=f"{start.flops:.4g}", description="or type [FLOP]", continuous_update=False,
                                 style=style, layout=wide)  # fmt: skip
        self.gpu = w.Dropdown(options=list(compute.ACCELERATORS), value=start.gpu, description="accelerator",
                              style=style)  # fmt: skip
        self.n_gpus = w.Text(value=f"{start.n_gpus:g}", description="how many", continuous_update=False, style=style)
        self.days = w.Text(value=f"{start.days:g}", description="days", continuous_update=False, style=style)
        self.mfu = w.FloatSlider(value=start.mfu, min=0.05, max=1.0, step=0.01, description="MFU",
                                 readout_format=".0%", continuous_update=False, style=style)  # fmt: skip
        self.law = w.Dropdown(options=[*PUBLISHED_LAWS, CUSTOM], value=start.law, description="law", style=style)
        self.custom = [w.Text(value=f"{v:g}", description=name, continuous_update=False, style=style)
                       for name, v in zip(("E", "A", "B", "alpha", "beta"), start.custom, strict=True)]  # fmt: skip
        self.k = w.Text(value=f"{start.flops_per_param_token:g}", description="k in C = k·N·D",
                        continuous_update=False, style=style)  # fmt: skip
        self.compare_all = w.Checkbox(value=start.compare_all, description="show every published law")
        self.my_params = w.Text(value="" if start.my_params is None else f"{start.my_params:g}",
                                description="my model [params]", placeholder="optional, e.g. 70e9",
                                continuous_update=False, style=style, layout=wide)  # fmt: skip
        self.message = w.HTML(value="")
        self.summary = w.HTML(value="")
        self.valley_image = w.Image(format="png")
        self.frontier_image = w.Image(format="png")
        self.message.add_class("explorer-message")
        self.summary.add_class("explorer-summary")
        self.flops_text.add_class("explorer-flops")
        self.my_params.add_class("explorer-my-params")

        self.valley_image.add_class("explorer-valley")
        self.frontier_image.add_class("explorer-frontier")
        self.figure = ExplorerFigure()
        self.flops_box = w.VBox([self.flops_slider, self.flops_text])
        self.hardware_box = w.VBox([self.gpu, self.n_gpus, self.days, self.mfu])
        self.custom_box = w.VBox(self.custom)
        controls = w.VBox([self.mode, self.flops_box, self.hardware_box, self.law, self.custom_box, self.k,
                           self.compare_all, self.my_params])  # fmt: skip
        self.widget = w.VBox(
            [w.HBox([controls, w.VBox([self.message, self.summary])]), w.HBox([self.valley_image, self.frontier_image])]
        )
        self.result: ExplorerResult | None = None
        self._syncing = False

        self.flops_slider.observe(self._slider_moved, "value")
        self.flops_text.observe(self._on_change, "value")
        for control in (self.mode, self.gpu, self.n_gpus, self.days, self.mfu, self.law, *self.custom, self.k,
                        self.compare_all, self.my_params):  # fmt: skip
            control.observe(self._on_change, "value")
        self.update()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """Show the live app; the plain-text fallback stays short and stable (the widget's own repr holds PNGs)."""
        bundle: dict[str, Any] = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "BudgetExplorer: run this notebook in Jupyter or Voilà to use the controls"
        return bundle

    # -- wiring -------------------------------------------------------------------------------------------------------
    def _slider_moved(self, change: Mapping[str, Any]) -> None:
        if not self._syncing:
            self.flops_text.value = f"{change['new']:.4g}"  # triggers _on_change through the text field

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.update()

    def read_inputs(self) -> ExplorerInputs:
        """The controls' current values as :class:`ExplorerInputs`; raises ``ValueError`` on unreadable text."""
        my = self.my_params.value.strip()
        return ExplorerInputs(
            budget_mode=self.mode.value,
            flops=parse_number(self.flops_text.value, "budget"),
            gpu=self.gpu.value,
            n_gpus=parse_number(self.n_gpus.value, "number of accelerators"),
            days=parse_number(self.days.value, "days"),
            mfu=float(self.mfu.value),
            law=self.law.value,
            custom=self._custom_constants(),
            flops_per_param_token=parse_number(self.k.value, "k"),
            compare_all=bool(self.compare_all.value),
            my_params=parse_number(my, "my model size") if my else None,
        )

    def _custom_constants(self) -> tuple[float, float, float, float, float]:
        e, a, b, alpha, beta = (parse_number(field.value, field.description) for field in self.custom)
        return e, a, b, alpha, beta

    def update(self) -> ExplorerResult | None:
        """Recompute and redraw; on bad input show the message and keep the last good result on screen."""
        self.flops_box.layout.display = "" if self.mode.value == "flops" else "none"
        self.custom_box.layout.display = "" if self.law.value == CUSTOM else "none"
        try:
            result = explore(self.read_inputs())
        except (ValueError, TypeError) as error:
            self.message.value = f'<span style="color:#b00020">⚠ {html.escape(str(error))}</span>'
            return None
        self.message.value = ""
        self.result = result
        if FLOPS_RANGE[0] <= result.inputs.flops <= FLOPS_RANGE[1]:  # keep the slider where the typed value is
            self._syncing = True
            try:
                self.flops_slider.value = result.inputs.flops
            finally:
                self._syncing = False
        self.summary.value = summary_html(result)
        self.redraw()
        return result

    def redraw(self) -> None:
        """Draw the current result into the one figure and replace the picture in place."""
        if self.result is None:
            return
        self.figure.update(self.result)
        self.valley_image.value = self.figure.valley_png()
        self.frontier_image.value = self.figure.frontier_png()
