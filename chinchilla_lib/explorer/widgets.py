"""The explorer's widget wiring: ipywidgets controls, then the model, then the renderer. Nothing is computed here.

Controls -> :class:`~.model.ExplorerInputs` -> :func:`~.model.explore` -> :mod:`.render`.

Layout: the question and the answer first, then the controls beside the details (they wrap under each other on a
phone), then the two pictures, which scale to the width. Controls that the chosen question does not use are hidden.
Any error while updating shows a message and blanks the numbers: what is on screen always belongs to the inputs on
screen.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from chinchilla_lib import ACCELERATORS, PUBLISHED_LAWS
from chinchilla_lib.explorer.model import (
    CONSTANT_NAMES,
    CUSTOM,
    FLOPS_RANGE,
    LABELS,
    ExplorerInputs,
    ExplorerResult,
    _check_query,
    _check_type,
    _custom_hint,
    explore,
    parse_number,
    query_fields,
)
from chinchilla_lib.explorer.render import ExplorerFigure, headline, summary_html

MODE_OPTIONS = (
    ("a compute budget", "budget"),
    ("a target loss", "loss"),
    ("inference to serve", "inference"),
    ("limited unique data", "data"),
)
"""The questions, as the "I have" dropdown offers them: (label, mode)."""
CSS = """<style>
.explorer-app { max-width: 1320px; }
.explorer-app .widget-text input, .explorer-app select { min-width: 0; }
.explorer-headline { font-size: 1.15em; line-height: 1.5; overflow-wrap: anywhere; }
.explorer-table, .explorer-compare { border-collapse: collapse; width: 100%; }
.explorer-table th { text-align: left; font-weight: normal; color: #555; padding: 1px 0.8em 1px 0;
  vertical-align: top; }
.explorer-table td, .explorer-compare td { overflow-wrap: anywhere; padding: 1px 0.4em 1px 0; }
.explorer-compare th { text-align: left; padding-right: 0.4em; }
.explorer-compare td:first-child { overflow-wrap: normal; word-break: break-all; }
.explorer-table caption, .explorer-compare caption { text-align: left; padding: 0.3em 0; }
.explorer-scroll { max-width: 100%; overflow-x: auto; font-size: 0.92em; }
.explorer-message .explorer-error { color: #b00020; }
.explorer-link a { overflow-wrap: anywhere; }
.explorer-app .widget-image { object-fit: contain; }
</style>"""


def _field(value: str, description: str, css: str, **kwargs: Any) -> w.Text:
    field = w.Text(
        value=value, description=description, continuous_update=False, style=_STYLE, layout=_wide(), **kwargs
    )
    field.add_class(css)
    return field


_STYLE = {"description_width": "11em"}


FULL = "calc(100% - 4px)"
"""100% less the 2px margins ipywidgets puts either side of a control, which would otherwise overflow a phone."""


def _wide() -> w.Layout:
    return w.Layout(width=FULL, max_width="30em")


def _number_text(value: float) -> str:
    return f"{value:.4g}".replace("e+", "e")


def _start(inputs: ExplorerInputs | None, query: str | None) -> ExplorerInputs:
    """What the controls start with, once the arguments are checked to be of the right kind."""
    if query is not None:
        _check_query(query)
    if inputs is None:
        return ExplorerInputs()
    _check_type(inputs)
    return inputs


class BudgetExplorer:
    """The ipywidgets explorer. ``BudgetExplorer().widget`` is the whole app; ``update()`` recomputes it.

    ``BudgetExplorer.from_query(os.environ.get("QUERY_STRING", ""))`` starts from a shared link (Voilà passes the
    page's query string to the kernel in that variable).

    Parameters
    ----------
    inputs : ExplorerInputs, optional
        What the controls start with (the defaults if None).
    query : str, optional
        A shared link's query string, applied over ``inputs`` (see :meth:`apply_query`).

    Raises
    ------
    TypeError
        If ``inputs`` is not :class:`ExplorerInputs` or None, or ``query`` is not a str or None. Values the
        inputs or the link hold are not refused: the app shows a message about them.

    Examples
    --------
    >>> app = BudgetExplorer(ExplorerInputs(flops=1e22))
    >>> app.error is None, app.result.plan.flops == 1e22
    (True, True)
    >>> app.flops_text.value = "-1"  # a bad value shows a message and blanks the numbers; it never raises
    >>> app.result is None, "budget" in app.error
    (True, True)
    """

    def __init__(self, inputs: ExplorerInputs | None = None, *, query: str | None = None) -> None:
        start = _start(inputs, query)
        self.mode = w.Dropdown(
            options=MODE_OPTIONS, value=start.mode, description=LABELS["mode"], style=_STYLE, layout=_wide()
        )
        self.budget_as = w.ToggleButtons(
            options=[("FLOPs", "flops"), ("hardware", "hardware")],
            value=start.budget_as,
            description=LABELS["budget_as"],
            style=_STYLE,
        )
        self.budget_as.style.button_width = "auto"
        self.flops_slider = w.FloatLogSlider(
            value=min(max(start.flops, FLOPS_RANGE[0]), FLOPS_RANGE[1]),
            base=10,
            min=math.log10(FLOPS_RANGE[0]),
            max=math.log10(FLOPS_RANGE[1]),
            step=0.05,
            readout=False,
            description=LABELS["flops"],
            continuous_update=False,
            style=_STYLE,
            layout=_wide(),
        )
        self.flops_text = _field(_number_text(start.flops), "or type [FLOP]", "explorer-flops")
        self.gpu = w.Dropdown(
            options=list(ACCELERATORS), value=start.gpu, description=LABELS["gpu"], style=_STYLE, layout=_wide()
        )
        self.n_gpus = _field(f"{start.n_gpus:g}", LABELS["n_gpus"], "explorer-n-gpus")
        self.days = _field(f"{start.days:g}", LABELS["days"], "explorer-days")
        self.mfu = w.FloatSlider(
            value=start.mfu,
            min=0.05,
            max=1.0,
            step=0.01,
            description=LABELS["mfu"],
            readout_format=".0%",
            continuous_update=False,
            style=_STYLE,
            layout=_wide(),
        )
        self.target_loss = _field(f"{start.target_loss:g}", LABELS["target_loss"], "explorer-target-loss")
        self.quality_from = w.ToggleButtons(
            options=[("the budget's optimum", "budget"), ("a target", "loss")],
            value=start.quality_from,
            description=LABELS["quality_from"],
            style=_STYLE,
        )
        self.quality_from.style.button_width = "auto"
        self.inference_tokens = _field(
            _number_text(start.inference_tokens), LABELS["inference_tokens"], "explorer-inference-tokens"
        )
        self.unique_tokens = _field(_number_text(start.unique_tokens), LABELS["unique_tokens"], "explorer-unique")
        self.law = w.Dropdown(
            options=[*PUBLISHED_LAWS, CUSTOM], value=start.law, description=LABELS["law"], style=_STYLE, layout=_wide()
        )
        self.custom = [
            _field(f"{v:g}", name, f"explorer-custom-{name}")
            for name, v in zip(CONSTANT_NAMES, start.custom, strict=True)
        ]
        self.k = _field(f"{start.flops_per_param_token:g}", LABELS["flops_per_param_token"], "explorer-k")
        self.compare_all = w.Checkbox(value=start.compare_all, description=LABELS["compare_all"], indent=False)
        self.my_params = _field(
            "" if start.my_params is None else _number_text(start.my_params),
            LABELS["my_params"],
            "explorer-my-params",
            placeholder="optional, e.g. 70e9",
        )

        self.headline = w.HTML(value="", layout=w.Layout(width=FULL))
        self.message = w.HTML(value="", layout=w.Layout(width=FULL))
        self.summary = w.HTML(value="", layout=w.Layout(width=FULL))
        self.link = w.HTML(value="", layout=w.Layout(width=FULL))
        self.valley_image = w.Image(format="svg+xml", layout=w.Layout(width=FULL, height="auto", max_width="560px"))
        self.frontier_image = w.Image(format="png", layout=w.Layout(width=FULL, height="auto", max_width="560px"))
        for widget, css in (
            (self.headline, "explorer-answer"),
            (self.message, "explorer-message"),
            (self.summary, "explorer-summary"),
            (self.link, "explorer-link"),
            (self.valley_image, "explorer-valley"),
            (self.frontier_image, "explorer-frontier"),
            (self.mode, "explorer-mode"),
            (self.law, "explorer-law"),
            (self.budget_as, "explorer-budget-as"),
        ):
            widget.add_class(css)
        self.figure = ExplorerFigure()

        self.flops_box = w.VBox([self.flops_slider, self.flops_text], layout=w.Layout(width="100%"))
        self.budget_box = w.VBox([self.budget_as, self.flops_box, self.days], layout=w.Layout(width="100%"))
        self.custom_box = w.VBox(self.custom, layout=w.Layout(width="100%"))
        controls = w.VBox(
            [
                self.budget_box,
                self.target_loss,
                self.quality_from,
                self.inference_tokens,
                self.unique_tokens,
                self.gpu,
                self.n_gpus,
                self.mfu,
                self.law,
                self.custom_box,
                self.k,
                self.my_params,
                self.compare_all,
            ],
            layout=w.Layout(flex="1 1 22em", min_width="0", max_width="32em"),
        )
        details = w.VBox([self.summary, self.link], layout=w.Layout(flex="1 1 22em", min_width="0"))
        wrap = {"flex_flow": "row wrap", "width": "100%", "align_items": "flex-start", "grid_gap": "0.5em 1.5em"}
        pictures = [
            w.Box([image], layout=w.Layout(flex="1 1 300px", min_width="0", max_width="560px"))
            for image in (self.valley_image, self.frontier_image)
        ]
        self.widget = w.VBox(
            [
                w.HTML(CSS),
                self.mode,
                self.headline,
                self.message,
                w.Box([controls, details], layout=w.Layout(**wrap)),
                w.Box(pictures, layout=w.Layout(**wrap)),
            ],
            layout=w.Layout(width="100%", max_width="1320px", overflow="hidden"),
        )
        self.widget.add_class("explorer-app")
        self.result: ExplorerResult | None = None
        self.error: str | None = None
        self._holding = False
        self._link_notes: list[str] = []

        self.flops_slider.observe(self._slider_moved, "value")
        for control in (
            self.mode,
            self.budget_as,
            self.flops_text,
            self.gpu,
            self.n_gpus,
            self.days,
            self.mfu,
            self.target_loss,
            self.quality_from,
            self.inference_tokens,
            self.unique_tokens,
            self.law,
            *self.custom,
            self.k,
            self.compare_all,
            self.my_params,
        ):
            control.observe(self._on_change, "value")
        if query:
            self.apply_query(query)
        else:
            self.update()

    @classmethod
    def from_query(cls, query: str | None) -> BudgetExplorer:
        """An explorer whose controls hold what a shared link's query string says (bad values show a message).

        Parameters
        ----------
        query : str or None
            The part of the link after ``?`` (None or empty: the defaults).

        Returns
        -------
        BudgetExplorer
            The app, already updated once.

        Raises
        ------
        TypeError
            If ``query`` is neither a str nor None.

        Examples
        --------
        >>> app = BudgetExplorer.from_query("mode=loss&loss=2.1")
        >>> app.mode.value, app.result.plan.loss == 2.1
        ('loss', True)
        """
        return cls(query="" if query is None else query)  # __init__ checks it

    def apply_query(self, query: str) -> None:
        """Set the controls from a query string, then update once.

        Keys it does not know and values not among a control's options become notes under the answer; text fields
        take the link's text as it is, so a bad number shows the usual message naming the field.

        Parameters
        ----------
        query : str
            The part of a link after ``?``, as :func:`~.model.inputs_to_query` writes it.

        Raises
        ------
        TypeError
            If ``query`` is not a str (what it says is never refused: bad values become notes or messages).

        Examples
        --------
        >>> app = BudgetExplorer()
        >>> app.apply_query("C=1e24&gpu=TPU-v9")
        >>> app.result.plan.flops, "TPU-v9" in app.message.value
        (1e+24, True)
        """
        fields, notes = query_fields(query)
        texts = {
            "flops": self.flops_text,
            "n_gpus": self.n_gpus,
            "days": self.days,
            "target_loss": self.target_loss,
            "inference_tokens": self.inference_tokens,
            "unique_tokens": self.unique_tokens,
            "k": self.k,
            "flops_per_param_token": self.k,
            "my_params": self.my_params,
        }
        choices = {
            "mode": self.mode,
            "budget_as": self.budget_as,
            "gpu": self.gpu,
            "quality_from": self.quality_from,
            "law": self.law,
        }
        self._holding = True
        try:
            for field, text in fields.items():
                if field in texts:
                    texts[field].value = text
                elif field in choices:
                    control = choices[field]
                    labelled = field in ("mode", "budget_as", "quality_from")
                    allowed = [value for _, value in control.options] if labelled else list(control.options)
                    if text in allowed:
                        control.value = text
                    else:
                        notes.append(
                            f"{LABELS[field]}: the link's {text[:30]!r} is not one of {', '.join(map(str, allowed))}"
                        )
                elif field == "mfu":
                    try:
                        self.mfu.value = min(max(parse_number(text, LABELS["mfu"]), self.mfu.min), self.mfu.max)
                    except ValueError as error:
                        notes.append(str(error))
                elif field == "compare_all":
                    self.compare_all.value = text.lower() in ("1", "true", "yes", "on")
                elif field in CONSTANT_NAMES:
                    self.custom[CONSTANT_NAMES.index(field)].value = text
        finally:
            self._holding = False
        self._link_notes = notes
        self.update()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """Show the live app; the plain-text fallback stays short and stable (the widget's own repr holds PNGs)."""
        bundle: dict[str, Any] = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "BudgetExplorer: run this notebook in Jupyter or Voilà to use the controls"
        return bundle

    # -- wiring -------------------------------------------------------------------------------------------------------
    def _slider_moved(self, change: Mapping[str, Any]) -> None:
        if not self._holding:
            self.flops_text.value = _number_text(change["new"])  # updates through the text field

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        if not self._holding:
            self.update()

    def read_inputs(self) -> ExplorerInputs:
        """The controls' current values as :class:`ExplorerInputs`; raises ``ValueError`` on unreadable text.

        Fields the chosen question does not use are read leniently (their defaults if unreadable), so that a
        nonsense value in a hidden field never blocks an answer.

        Returns
        -------
        ExplorerInputs
            Numbers parsed from the text fields; ranges are checked by :func:`~.model.explore`.

        Raises
        ------
        ValueError
            If a field the question uses holds text that is not a number (the message names the field).

        Examples
        --------
        >>> app = BudgetExplorer()
        >>> app.days.value = "soon"  # hidden while the budget is typed in FLOPs: read leniently
        >>> app.read_inputs().days == ExplorerInputs().days
        True
        """
        mode = self.mode.value
        uses_budget = mode in ("budget", "data") or (mode == "inference" and self.quality_from.value == "budget")
        uses_loss = mode == "loss" or (mode == "inference" and self.quality_from.value == "loss")
        default = ExplorerInputs()

        def _number(field: w.Text, name: str, used: bool, fallback: float) -> float:
            label = LABELS.get(name, name)  # a field of ExplorerInputs, or a custom constant's name
            if used:
                return parse_number(field.value, label)
            try:
                return parse_number(field.value, label)
            except ValueError:
                return fallback

        my = self.my_params.value.strip()
        custom = self.law.value == CUSTOM
        e, a, b, alpha, beta = (
            _number(f, n, custom, d) for f, n, d in zip(self.custom, CONSTANT_NAMES, default.custom, strict=True)
        )
        constants = (e, a, b, alpha, beta)
        return ExplorerInputs(
            mode=mode,
            budget_as=self.budget_as.value,
            flops=_number(self.flops_text, "flops", uses_budget and self.budget_as.value == "flops", default.flops),
            gpu=self.gpu.value,
            n_gpus=parse_number(self.n_gpus.value, LABELS["n_gpus"]),
            days=_number(self.days, "days", uses_budget and self.budget_as.value == "hardware", default.days),
            mfu=float(self.mfu.value),
            target_loss=_number(self.target_loss, "target_loss", uses_loss, default.target_loss),
            inference_tokens=_number(
                self.inference_tokens, "inference_tokens", mode == "inference", default.inference_tokens
            ),
            quality_from=self.quality_from.value,
            unique_tokens=_number(self.unique_tokens, "unique_tokens", mode == "data", default.unique_tokens),
            law=self.law.value,
            custom=constants,
            flops_per_param_token=parse_number(self.k.value, LABELS["flops_per_param_token"]),
            compare_all=bool(self.compare_all.value),
            my_params=parse_number(my, LABELS["my_params"]) if my and mode == "budget" else None,
        )

    def _show_controls(self) -> None:
        mode, quality = self.mode.value, self.quality_from.value
        uses_budget = mode in ("budget", "data") or (mode == "inference" and quality == "budget")
        shown = {
            self.budget_box: uses_budget,
            self.flops_box: self.budget_as.value == "flops",
            self.days: self.budget_as.value == "hardware",
            self.target_loss: mode == "loss" or (mode == "inference" and quality == "loss"),
            self.quality_from: mode == "inference",
            self.inference_tokens: mode == "inference",
            self.unique_tokens: mode == "data",
            self.my_params: mode == "budget",
            self.custom_box: self.law.value == CUSTOM,
        }
        for widget, visible in shown.items():
            widget.layout.display = "" if visible else "none"

    def update(self) -> ExplorerResult | None:
        """Recompute and redraw. On any error: a message, and no numbers or pictures that belong to other inputs.

        Returns
        -------
        ExplorerResult or None
            The new answer (also in ``self.result``), or None when the inputs have no answer; then ``self.error``
            holds the message shown.

        Examples
        --------
        >>> app = BudgetExplorer()
        >>> app.target_loss.value = "1.0"
        >>> app.mode.value = "loss"  # below E of the law: no model reaches it
        >>> app.update() is None, app.error is not None
        (True, True)
        """
        self._show_controls()
        try:
            result = explore(self.read_inputs())
        except (ValueError, TypeError) as error:  # bad inputs: the message names the field by its label
            self._fail(str(error))
            return None
        except Exception as error:  # an app shows a message, never a traceback
            self._fail(f"could not compute this ({type(error).__name__}: {error}); try less extreme values")
            return None
        try:
            self.figure.update(result)
            valley, frontier = self.figure.valley_svg(), self.figure.frontier_png()
            answer, summary = headline(result), summary_html(result)
        except Exception as error:  # the drawing failed, not the inputs' check: a plotting message names no field
            text = f"could not draw this answer ({type(error).__name__}: {error}); try less extreme values"
            self._fail(_custom_hint(text, result.inputs))
            return None
        self.result, self.error = result, None
        self.headline.value, self.summary.value = answer, summary
        notes = "".join(f"<div>{html.escape(note)}</div>" for note in self._link_notes)
        self.message.value = f'<div class="explorer-note">{notes}</div>' if notes else ""
        self.valley_image.value, self.frontier_image.value = valley, frontier
        for image in (self.valley_image, self.frontier_image):
            image.layout.visibility = "visible"
        self.link.value = link_html(result.query)
        if result.inputs.flops != self.flops_slider.value and FLOPS_RANGE[0] <= result.inputs.flops <= FLOPS_RANGE[1]:
            self._holding = True  # keep the slider where the typed value is
            try:
                self.flops_slider.value = result.inputs.flops
            finally:
                self._holding = False
        return result

    def _fail(self, text: str) -> None:
        self.result, self.error = None, text
        self.message.value = f'<div class="explorer-error">⚠ {html.escape(text)}</div>'
        self.headline.value = '<div class="explorer-headline explorer-blank">— no answer for these inputs —</div>'
        self.summary.value = ""
        self.link.value = ""
        for image in (self.valley_image, self.frontier_image):
            image.layout.visibility = "hidden"


def link_html(query: str) -> str:
    """A link that reproduces the inputs: relative under Voilà (works behind any proxy), else the query to append.

    Parameters
    ----------
    query : str
        The query string of the inputs (``ExplorerResult.query``).

    Returns
    -------
    str
        HTML: an ``<a href="?query">`` under Voilà, otherwise the text to append to the app's address.

    Raises
    ------
    TypeError
        If ``query`` is not a str.

    Examples
    --------
    >>> "?C=1e24" in link_html("C=1e24")
    True
    """
    _check_query(query)
    if "VOILA_REQUEST_URL" in os.environ or "VOILA_BASE_URL" in os.environ:
        href = html.escape("?" + query, quote=True)
        return f'Share: <a href="{href}" target="_blank" rel="noopener">a link to these inputs</a> (copy it)'
    text = html.escape("?" + query) if query else "(the defaults: no query string)"
    return f"Share: in the app (<code>make app</code>), append <code>{text}</code> to its address to share these inputs"
