"""The explorer's view: an :class:`~.model.ExplorerResult` as HTML and two PNG panels, without recomputing anything.

Everything here formats or draws a number the model already computed. Numbers read like a practitioner's (``32.2B
parameters``, ``404k GPU-hours``, ``65.8 days``), each with its unit.
"""

from __future__ import annotations

import html
import io
import math
from typing import Any

import matplotlib as mpl
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from chinchilla_lib._validation import check_positive, check_range
from chinchilla_lib.explorer.model import Curve, ExplorerResult, Point, Row
from chinchilla_lib.formatting import duration, human_count

# --- numbers as text -----------------------------------------------------------------------------------------------


def flops_text(value: float) -> str:
    """A FLOP count as ``5.76e23 FLOP`` (three figures, no ``+``).

    Parameters
    ----------
    value : float
        C [FLOP].

    Returns
    -------
    str
        Three significant figures and the unit.

    Examples
    --------
    >>> flops_text(5.76e23), flops_text(1e22)
    ('5.76e23 FLOP', '1e22 FLOP')
    """
    return f"{value:.3g}".replace("e+", "e") + " FLOP"


def count_text(value: float, unit: str) -> str:
    """A count with a short-scale suffix and its unit: ``32.2B parameters``, ``404k GPU-hours``.

    Parameters
    ----------
    value : float
        The count (parameters, tokens, GPU-hours, ...).
    unit : str
        Its unit, written after the number.

    Returns
    -------
    str
        :func:`chinchilla_lib.formatting.human_count` of ``value``, a space and ``unit``.

    Examples
    --------
    >>> count_text(32.2e9, "parameters"), count_text(1.4e12, "tokens")
    ('32.2B parameters', '1.4T tokens')
    """
    return f"{human_count(value)} {unit}"


def loss_text(value: float) -> str:
    """A loss as ``1.9366 nats/token``.

    Parameters
    ----------
    value : float
        L [nats/token].

    Returns
    -------
    str
        Four decimals (the loss differences the course discusses are a few thousandths) and the unit.

    Examples
    --------
    >>> loss_text(1.93661)
    '1.9366 nats/token'
    """
    return f"{value:.4f} nats/token"


def days_text(days: float) -> str:
    """Wall-clock time: seconds or minutes when short, else hours, days or years.

    Parameters
    ----------
    days : float
        Duration [days].

    Returns
    -------
    str
        Three significant figures in the largest unit that keeps the number readable.

    Examples
    --------
    >>> days_text(1e-4), days_text(0.01), days_text(65.8)
    ('8.64 s', '14.4 min', '65.8 days')
    """
    seconds = days * 86400.0
    if seconds < 60:
        return f"{seconds:.3g} s"
    if seconds < 3600:
        return f"{seconds / 60:.3g} min"
    return duration(days * 24.0)


def headline(result: ExplorerResult) -> str:
    """The answer in one line of HTML, for the top of the app.

    Parameters
    ----------
    result : ExplorerResult
        What :func:`~chinchilla_lib.explorer.model.explore` computed; nothing is recomputed.

    Returns
    -------
    str
        A ``<div class="explorer-headline">`` with N, D, the loss, C, GPU-hours and days, each in an element whose
        class (``answer-params``, ``answer-tokens``, ...) the browser tests find.

    Examples
    --------
    >>> from chinchilla_lib.explorer import ExplorerInputs, explore
    >>> result = explore(ExplorerInputs(flops=5.76e23, law="hoffmann2022"))
    >>> text = headline(result)
    >>> count_text(result.plan.params, "parameters") in text, flops_text(5.76e23) in text
    (True, True)
    """
    plan, inputs = result.plan, result.inputs
    verb = {"budget": "Train", "loss": "Cheapest:", "inference": "Serve-aware:", "data": "With repeats:"}[inputs.mode]
    parts = [
        f'<b class="answer-params">{count_text(plan.params, "parameters")}</b>',
        f'on <b class="answer-tokens">{count_text(plan.tokens, "tokens")}</b>',
    ]
    facts = [
        f'loss <b class="answer-loss">{loss_text(plan.loss)}</b>',
        f'<span class="answer-flops">{flops_text(plan.flops)}</span>',
        f'<span class="answer-gpu-hours">{count_text(result.gpu_hours, "GPU-hours")}</span>',
        f'<span class="answer-days">{days_text(result.days)} on {human_count(inputs.n_gpus)} × {inputs.gpu}</span>',
    ]
    return f'<div class="explorer-headline">{verb} {" ".join(parts)}<br>{" · ".join(facts)}</div>'


def _rows(result: ExplorerResult) -> list[tuple[str, str, str]]:
    plan, inputs = result.plan, result.inputs
    loss = loss_text(plan.loss)
    if result.perplexity is not None:
        loss += f" (perplexity {result.perplexity:.3g})"
    rows = []
    if result.budget is not None:
        how = (
            f"{human_count(inputs.n_gpus)} × {inputs.gpu} × {inputs.days:g} days at {inputs.mfu:.0%} MFU"
            if inputs.budget_as == "hardware"
            else "typed"
        )
        rows.append(("budget", "flops", f"{flops_text(result.budget)} ({how})"))
    if inputs.uses_target_loss:
        rows.append(("target loss", "target", loss_text(inputs.target_loss)))
    rows += [
        ("parameters N", "params", count_text(plan.params, "parameters")),
        ("training tokens D", "tokens", count_text(plan.tokens, "tokens")),
        ("tokens per parameter", "ratio", f"{result.tokens_per_param:.3g} tokens/parameter"),
        ("training compute C", "compute", f"{flops_text(plan.flops)} (C = {inputs.flops_per_param_token:g}·N·D)"),
        ("predicted loss L", "loss", loss),
        (
            "GPU-hours",
            "gpu-hours",
            f"{count_text(result.gpu_hours, 'GPU-hours')} on {inputs.gpu} at {inputs.mfu:.0%} MFU",
        ),
        ("wall-clock", "days", f"{days_text(result.days)} on {human_count(inputs.n_gpus)} × {inputs.gpu}"),
    ]
    if result.inference is not None and result.reference is not None:
        inf, ref = result.inference, result.reference
        rows += [
            ("inference tokens", "inference-tokens", count_text(inf.inference_tokens, "tokens")),
            ("inference compute", "inference-flops", flops_text(inf.inference_flops)),
            ("training + inference", "total-flops", flops_text(inf.total_flops)),
            (
                "compute-optimal model, same loss",
                "reference",
                f"{count_text(ref.params, 'parameters')} on {count_text(ref.tokens, 'tokens')}, "
                f"{flops_text(inf.chinchilla_total_flops)} in all",
            ),
            ("saved by sizing for inference", "saving", f"{inf.saving:.1%} of the compute-optimal model's total"),
        ]
    if result.data is not None and result.reference is not None:
        data, ref = result.data, result.reference
        rows += [
            ("unique tokens U", "unique", count_text(data.unique_tokens, "tokens")),
            ("epochs over the unique data", "epochs", f"{data.epochs:.3g}"),
            (
                "with unlimited data",
                "reference",
                f"{count_text(ref.params, 'parameters')} on {count_text(ref.tokens, 'tokens')}, "
                f"loss {loss_text(ref.loss)}",
            ),
            ("loss given up to repetition", "penalty", loss_text(data.loss - ref.loss)),
        ]
    if result.my_model is not None:
        mine = result.my_model
        rows += [
            ("my model", "my-params", count_text(mine.params, "parameters")),
            (
                "my model: tokens",
                "my-tokens",
                f"{count_text(mine.tokens, 'tokens')} ({mine.tokens / mine.params:.3g} tokens/parameter)",
            ),
            ("my model: loss", "my-loss", loss_text(mine.loss)),
            ("my model: loss given up", "my-gap", loss_text(mine.loss_given_up)),
            (
                "compute-optimal, same loss",
                "my-match",
                f"{flops_text(mine.optimal_flops_for_same_loss)} "
                f"({mine.optimal_flops_for_same_loss / result.budget:.1%} of this budget)"
                if result.budget
                else "",
            ),
        ]
    return rows


def _law_caption(result: ExplorerResult) -> str:
    law = result.law
    return (
        f"<b>{html.escape(law.name)}</b>: L = {law.E:.4g} + {law.A:.4g}/N<sup>{law.alpha:.4g}</sup> + "
        f"{law.B:.4g}/D<sup>{law.beta:.4g}</sup>"
    )


def summary_html(result: ExplorerResult) -> str:
    """The numbers as an HTML table; cells carry classes (``params``, ``tokens``, ...) that tests can find.

    Parameters
    ----------
    result : ExplorerResult
        What :func:`~chinchilla_lib.explorer.model.explore` computed.

    Returns
    -------
    str
        A ``<table class="explorer-table">`` captioned with the law's formula, followed by :func:`compare_html`
        when ``result.rows`` holds every law's answer.

    Examples
    --------
    >>> from chinchilla_lib.explorer import ExplorerInputs, explore
    >>> result = explore(ExplorerInputs(flops=5.76e23, law="hoffmann2022"))
    >>> table = summary_html(result)
    >>> table.startswith('<table class="explorer-table">'), loss_text(result.plan.loss) in table
    (True, True)
    """
    body = "".join(
        f'<tr><th>{html.escape(label)}</th><td class="{css}">{html.escape(value)}</td></tr>'
        for label, css, value in _rows(result)
    )
    table = (
        f'<table class="explorer-table"><caption class="explorer-law-formula">{_law_caption(result)}</caption>'
        f"{body}</table>"
    )
    if result.rows:
        table += compare_html(result.rows, result)
    return table


def compare_html(rows: tuple[Row, ...], result: ExplorerResult) -> str:
    """Every law's answer to the same question, side by side.

    Parameters
    ----------
    rows : tuple of Row
        One per law (``result.rows``); a row without a plan shows its note instead.
    result : ExplorerResult
        The result the rows belong to.

    Returns
    -------
    str
        A scrollable ``<table class="explorer-compare">`` with N, D, L and C per law.

    Examples
    --------
    >>> from chinchilla_lib.explorer import ExplorerInputs, explore
    >>> result = explore(ExplorerInputs(flops=1e22, compare_all=True))
    >>> table = compare_html(result.rows, result)
    >>> table.count("<tr>") == len(result.rows) + 1  # a header row, then one per law
    True
    """
    lines = []
    for row in rows:
        name = html.escape(row.law)
        if row.plan is None:
            lines.append(f'<tr><td>{name}</td><td colspan="4">{html.escape(row.note)}</td></tr>')
            continue
        p = row.plan
        lines.append(
            f"<tr><td>{name}</td><td>{human_count(p.params)}</td><td>{human_count(p.tokens)}</td>"
            f"<td>{p.loss:.4f}</td><td>{flops_text(p.flops).removesuffix(' FLOP')}</td></tr>"
        )
    return (
        '<div class="explorer-scroll"><table class="explorer-compare"><caption>every law, same question'
        "</caption><tr><th>law</th><th>N [params]</th><th>D [tokens]</th><th>L [nats/token]</th><th>C [FLOP]</th>"
        f"</tr>{''.join(lines)}</table></div>"
    )


# --- the two panels ------------------------------------------------------------------------------------------------


def _power_label(value: float, _position: Any = None) -> str:
    return f"1e{round(math.log10(value))}" if 0 < value < math.inf else ""


def _count_label(value: float, _position: Any = None) -> str:
    return human_count(value, 3) if 0 < value < math.inf else ""


def _own_colour(point: Point, colours: dict[str, Any]) -> dict[str, Any]:
    """A law's optimum takes the colour of that law's line (its label is ``"<law>: optimum"``)."""
    law = point.label.removesuffix(": optimum")
    return {"color": colours[law]} if point.kind == "optimum" and law in colours else {}


_POINT_STYLE: dict[str, dict[str, Any]] = {
    "optimum": {"marker": "o", "markersize": 6},
    "plan": {"marker": "o", "markersize": 11, "markerfacecolor": "none", "color": "red", "markeredgewidth": 2},
    "mine": {"marker": "x", "markersize": 10, "color": "black", "markeredgewidth": 2},
    "model": {"marker": "*", "markersize": 8, "color": "grey"},
}


class ExplorerFigure:
    """The explorer's two panels, each its own figure, drawn from an :class:`ExplorerResult` and updated in place.

    Valley: the loss along the plan's iso-FLOP line, L(N, C/(kN)), with each law's optimum, the plan and "my model".
    Frontier: N_opt(C) for the same laws, known models, and the plan. Its background (lines, stars, axes) is
    rendered once per ``result.frontier_key`` and blitted, so a budget change redraws only the plan's marker.

    Parameters
    ----------
    panel_size : tuple of float
        Width and height of each panel [inches].
    dpi : float
        Resolution [dots per inch], 10 to 1000; a panel is ``panel_size × dpi`` pixels, 16 to 4096 on a side.

    Raises
    ------
    TypeError, ValueError
        If ``panel_size`` is not two numbers > 0, ``dpi`` is not a number in [10, 1000], or a side of a panel is
        not 16 to 4096 pixels (text needs a few pixels; a larger image is not an app's panel).

    Examples
    --------
    >>> from chinchilla_lib.explorer import ExplorerInputs, explore
    >>> figure = ExplorerFigure(panel_size=(4.0, 3.0), dpi=50.0)
    >>> figure.update(explore(ExplorerInputs()))
    >>> figure.valley_svg()[:5], figure.frontier_png()[1:4]
    (b'<?xml', b'PNG')
    """

    def __init__(self, panel_size: tuple[float, float] = (5.6, 4.0), dpi: float = 100.0) -> None:
        panel_size, dpi = _check_panel(panel_size, dpi)
        self.valley_figure = Figure(figsize=panel_size, dpi=dpi)
        self.frontier_figure = Figure(figsize=panel_size, dpi=dpi)
        self._valley_canvas = FigureCanvasAgg(self.valley_figure)
        self._frontier_canvas = FigureCanvasAgg(self.frontier_figure)
        for figure in (self.valley_figure, self.frontier_figure):
            figure.subplots_adjust(left=0.14, right=0.97, bottom=0.13, top=0.9)
        self.valley_ax = self.valley_figure.subplots()
        self.frontier_ax = self.frontier_figure.subplots()
        self._valley_key: tuple[Any, ...] | None = None
        self._frontier_key: tuple[Any, ...] | None = None
        self._background: Any = None
        self._plan_marker: Any = None

    def _build_valley(self, curves: tuple[Curve, ...], points: tuple[Point, ...], frontier: tuple[Curve, ...]) -> None:
        ax = self.valley_ax
        ax.clear()
        self._valley_lines = [ax.plot([], [], c.style, label=c.label)[0] for c in curves]
        colour = {c.label: line.get_color() for c, line in zip(curves, self._valley_lines, strict=True)}
        self._valley_marks = [
            ax.plot([], [], linestyle="none", **_POINT_STYLE[p.kind], **_own_colour(p, colour))[0] for p in points
        ]
        self._valley_title = ax.text(0.5, 1.02, "", transform=ax.transAxes, ha="center", fontsize=10)
        ax.set(xscale="log", xlabel="model size N [parameters]", ylabel="loss L [nats/token]")
        # fixed places for the axis labels: placing them after the tick labels' boxes cost 3 ms per redraw
        ax.xaxis.set_label_coords(0.5, -0.1)
        ax.yaxis.set_label_coords(-0.12, 0.5)
        ax.grid(True, alpha=0.3)
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_locator(LogLocator(numticks=6))
        ax.xaxis.set_major_formatter(FuncFormatter(_count_label))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
        # The laws' lines have the same colours in both panels, and the frontier's legend is drawn once (blitted);
        # the valley, redrawn on every change, names only the lines the frontier has not (a data-limited curve).
        # Its legend cost 17 of 60 ms per update with every law shown.
        in_frontier = {c.label for c in frontier} if len(frontier) > 1 else set()  # the frontier's legend, if any
        own = [line for line, c in zip(self._valley_lines, curves, strict=True) if c.label not in in_frontier]
        if len(curves) > 1 and own:
            ax.legend(handles=own, fontsize=7, loc="upper center")

    def _build_frontier(self, result: ExplorerResult) -> None:
        ax = self.frontier_ax
        ax.clear()
        for curve in result.frontier:
            ax.plot(curve.x, curve.y, curve.style, label=curve.label)
        models = [p for p in result.frontier_points if p.kind == "model"]
        ax.plot([p.x for p in models], [p.y for p in models], linestyle="none", **_POINT_STYLE["model"])
        for p in models:
            ax.annotate(p.label, (p.x, p.y), fontsize=6, xytext=(3, 2), textcoords="offset points", color="grey")
        ax.set(xscale="log", yscale="log", xlabel="training compute C [FLOP]", ylabel="compute-optimal N [parameters]")
        ax.set_xlim(10.0 ** result.frontier_key[-2], 10.0 ** result.frontier_key[-1])
        ax.set_title("Compute-optimal model size (circle: this plan)", fontsize=10)
        ax.grid(True, alpha=0.3)
        for axis, formatter in ((ax.xaxis, _power_label), (ax.yaxis, _count_label)):
            axis.set_minor_locator(NullLocator())
            axis.set_major_locator(LogLocator(numticks=7))
            axis.set_major_formatter(FuncFormatter(formatter))
        if len(result.frontier) > 1:
            ax.legend(fontsize=7, loc="upper left")
        (self._plan_marker,) = ax.plot([], [], linestyle="none", **_POINT_STYLE["plan"])
        self._background = None

    def update(self, result: ExplorerResult) -> None:
        """Point the panels at ``result``: set the lines' and markers' data, rebuilding the axes only when needed.

        Parameters
        ----------
        result : ExplorerResult
            What :func:`~chinchilla_lib.explorer.model.explore` computed; its curves hold finite points only.

        Raises
        ------
        TypeError
            If ``result`` is not an :class:`ExplorerResult`.

        Examples
        --------
        >>> from chinchilla_lib.explorer import ExplorerInputs, explore
        >>> figure = ExplorerFigure()
        >>> figure.update(explore(ExplorerInputs(flops=1e22)))
        >>> key = figure._frontier_key
        >>> figure.update(explore(ExplorerInputs(flops=1e23)))  # same laws and k: the frontier is not rebuilt
        >>> figure._frontier_key is key
        True
        """
        if not isinstance(result, ExplorerResult):
            raise TypeError(f"result must be an ExplorerResult (what explore() returns), got {type(result).__name__}")
        with np.errstate(all="ignore"):  # matplotlib's log transforms overflow silently at axis ends near 1e308
            self._update(result)

    def _update(self, result: ExplorerResult) -> None:
        key = (
            tuple((c.label, c.style) for c in result.valley),
            tuple(p.kind for p in result.valley_points),
            tuple(c.label for c in result.frontier),
        )
        if key != self._valley_key:
            self._build_valley(result.valley, result.valley_points, result.frontier)
            self._valley_key = key
        for line, curve in zip(self._valley_lines, result.valley, strict=True):
            line.set_data(curve.x, curve.y)
        for mark, point in zip(self._valley_marks, result.valley_points, strict=True):
            mark.set_data([point.x], [point.y])
        xs = [c.x for c in result.valley] + [[p.x] for p in result.valley_points]
        ys = [c.y for c in result.valley] + [[p.y] for p in result.valley_points]
        low_x, high_x = min(min(x) for x in xs), max(max(x) for x in xs)
        low_y = min(min(y) for y in ys)
        high_y = max(max(y) for y in ys)
        pad = 0.05 * (high_y - low_y) or 0.05 * abs(high_y) or 0.05
        self.valley_ax.set_xlim(low_x / 1.1, min(high_x * 1.1, 1e308))
        self.valley_ax.set_ylim(low_y - pad, high_y + pad)
        shared = len(result.frontier) > 1 and len(result.valley) > 1
        colours = " (colours: the frontier's legend)" if shared else ""
        self._valley_title.set_text(f"Loss along C = {flops_text(result.plan.flops)}{colours}")
        if result.frontier_key != self._frontier_key:
            self._build_frontier(result)
            self._frontier_key = result.frontier_key
        plan = next(p for p in result.frontier_points if p.kind == "plan")
        self._plan_marker.set_data([plan.x], [plan.y])

    def valley_svg(self) -> bytes:
        """The valley panel as SVG bytes, its text left as text for the browser to set.

        The valley's axes move with every budget, so it is redrawn each time; as SVG that costs the layout alone,
        no rasterising of glyphs and no PNG encoding (measured with one law: 20 ms against the PNG's 35 ms).

        Returns
        -------
        bytes
            An SVG document ``panel_size`` inches (points at 72 per inch) wide and high, with the same ids on every
            call for the same picture.

        Examples
        --------
        >>> from chinchilla_lib.explorer import ExplorerInputs, explore
        >>> figure = ExplorerFigure(panel_size=(4.0, 3.0))
        >>> figure.update(explore(ExplorerInputs(flops=1e22)))
        >>> svg = figure.valley_svg()
        >>> b'width="288pt" height="216pt"' in svg, b"model size N [parameters]" in svg, svg == figure.valley_svg()
        (True, True, True)
        """
        buffer = io.BytesIO()
        # text as <text>, set by the browser (no glyph outlines to write, and it stays selectable); a fixed hash salt
        # gives the same clip-path ids on every draw
        with np.errstate(all="ignore"), mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "chinchilla-explorer"}):
            self.valley_figure.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()

    def frontier_png(self) -> bytes:
        """The frontier panel as PNG bytes: the cached background plus the plan's marker.

        Returns
        -------
        bytes
            A PNG image of ``panel_size × dpi`` pixels.

        Examples
        --------
        >>> from chinchilla_lib.explorer import ExplorerInputs, explore
        >>> figure = ExplorerFigure(panel_size=(4.0, 3.0), dpi=50.0)
        >>> figure.update(explore(ExplorerInputs(flops=1e22)))
        >>> first = figure.frontier_png()
        >>> figure.update(explore(ExplorerInputs(flops=1e25)))  # only the plan's marker moves
        >>> first[1:4] == figure.frontier_png()[1:4] == b"PNG", first != figure.frontier_png()
        (True, True)
        """
        canvas = self._frontier_canvas
        if self._background is None:
            self._plan_marker.set_visible(False)
            with np.errstate(all="ignore"):
                canvas.draw()
            self._background = canvas.copy_from_bbox(self.frontier_figure.bbox)
            self._plan_marker.set_visible(True)
        canvas.restore_region(self._background)
        with np.errstate(all="ignore"):
            self.frontier_ax.draw_artist(self._plan_marker)
        return _encode_png(canvas)


def _check_panel(panel_size: Any, dpi: Any) -> tuple[tuple[float, float], float]:
    """:class:`ExplorerFigure`'s size and resolution, checked: FreeType cannot set text below about 6 dpi."""
    size, scalar = check_positive(panel_size, "panel_size", "inches")
    if scalar or np.shape(size) != (2,):
        raise TypeError(f"panel_size must be (width, height) [inches], got {str(panel_size)[:40]}")
    resolution, scalar = check_range(dpi, "dpi", lower=10.0, upper=1000.0, lower_inclusive=True, upper_inclusive=True)
    if not scalar:
        raise TypeError(f"dpi must be a single number, got an array of shape {np.shape(resolution)}")
    inches = (float(np.asarray(size)[0]), float(np.asarray(size)[1]))
    width, height = inches[0] * float(resolution), inches[1] * float(resolution)
    if not (16.0 <= width <= 4096.0 and 16.0 <= height <= 4096.0):
        raise ValueError(f"panel_size × dpi must be 16 to 4096 pixels on a side, got {width:.4g} × {height:.4g}")
    return inches, float(resolution)


def _encode_png(canvas: FigureCanvasAgg) -> bytes:
    """PNG bytes of what an Agg canvas holds now (no second draw, unlike savefig with a tight box)."""
    image = PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)  # 3x faster than the default level, 30% larger
    return buffer.getvalue()
