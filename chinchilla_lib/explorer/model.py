r"""The explorer's model: inputs in, every number and curve the app shows out. No widgets, no plotting.

One boundary: :func:`explore` checks the whole :class:`ExplorerInputs` once (:func:`check_inputs`), then asks the
library's public API the question the mode poses, and finally refuses to hand on a number that is not finite, so
the view never shows ``inf`` or ``nan``. The renderer (:mod:`.render`) and the widgets (:mod:`.widgets`) only
format and draw what :class:`ExplorerResult` carries.

The four questions (``mode``):

* ``"budget"``: the compute-optimal plan for a training budget :math:`C` [FLOP], typed or given as accelerators ×
  count × days × MFU (``law.compute_optimal``).
* ``"loss"``: the cheapest plan that reaches a target loss :math:`\ell` (``law.compute_for_loss``).
* ``"inference"``: the cheapest plan once :math:`D_{inf}` tokens of inference are counted, at the loss of the
  compute-optimal plan for the budget or at a target loss (Sardana et al. 2024;
  :func:`chinchilla_lib.beyond.inference_optimal`).
* ``"data"``: the best plan for the budget when only :math:`U` unique tokens exist and repeating them is worth less
  (Muennighoff et al. 2023; :func:`chinchilla_lib.beyond.data_constrained_optimal`).

References: Hoffmann et al. 2022, arXiv:2203.15556; Sardana et al. 2024, arXiv:2401.00448; Muennighoff et al. 2023,
arXiv:2305.16264.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, NamedTuple, get_args
from urllib.parse import parse_qsl, urlencode

import numpy as np
from numpy.typing import NDArray

from chinchilla_lib import (
    ACCELERATORS,
    DEFAULT_FLOPS_PER_PARAM_TOKEN,
    FEATURED_MODELS,
    PUBLISHED_LAWS,
    Allocation,
    ScalingLaw,
    beyond,
    cluster_flops,
    flops_to_gpu_hours,
    training_days,
)

Mode = Literal["budget", "loss", "inference", "data"]
BudgetAs = Literal["flops", "hardware"]
QualityFrom = Literal["budget", "loss"]
MODES: tuple[str, ...] = get_args(Mode)
CUSTOM = "custom"
CONSTANT_NAMES = ("E", "A", "B", "alpha", "beta")
FLOPS_RANGE = (1e17, 1e28)
"""The budgets the slider covers and the frontier spans at least [FLOP]; typed values may go beyond."""
VALLEY_SPAN = 100.0
"""The valley is drawn from N/SPAN to N·SPAN around the plan's model size."""
VALLEY_POINTS = 120
FRONTIER_POINTS = 100
FloatArray = NDArray[np.float64]
LABELS: Mapping[str, str] = {
    "mode": "I have",
    "budget_as": "budget as",
    "flops": "budget [FLOP]",
    "gpu": "accelerator",
    "n_gpus": "how many",
    "days": "days",
    "mfu": "MFU",
    "target_loss": "loss [nats/token]",
    "quality_from": "loss of",
    "inference_tokens": "inference [tokens]",
    "unique_tokens": "unique data [tokens]",
    "law": "law",
    "flops_per_param_token": "k in C = k·N·D",
    "compare_all": "show every published law",
    "my_params": "my model [params]",
}
"""The label each field's control shows (the widgets use these); every message names a field by its label.

The custom law's constants are labelled by their names, ``E``, ``A``, ``B``, ``alpha`` and ``beta``."""


# --- inputs --------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ExplorerInputs:
    """Everything the explorer's controls can set, as plain values (what a shared link encodes).

    Nothing is checked when it is made: the widgets and links put text or numbers here, and :func:`check_inputs`
    (called by :func:`explore`) checks the fields the chosen ``mode`` uses, naming each by its control's label.

    Examples
    --------
    >>> inputs = ExplorerInputs(mode="loss", target_loss=1.9)
    >>> inputs.uses_target_loss, inputs.uses_budget
    (True, False)
    >>> inputs_from_query(inputs_to_query(inputs)) == inputs
    True
    """

    mode: Mode = "budget"
    budget_as: BudgetAs = "flops"
    flops: float = 5.76e23
    """The budget [FLOP] when ``budget_as == "flops"`` (Gopher's by default)."""
    gpu: str = "H100-SXM"
    n_gpus: float = 256.0
    days: float = 30.0
    """Wall-clock days of the cluster: the budget when ``budget_as == "hardware"``; otherwise an output."""
    mfu: float = 0.4
    target_loss: float = 2.0
    """ℓ [nats/token] for ``mode == "loss"``, and for ``"inference"`` with ``quality_from == "loss"``."""
    inference_tokens: float = 2e12
    """D_inf [tokens] processed in service over the model's life."""
    quality_from: QualityFrom = "budget"
    unique_tokens: float = 1e11
    """U [tokens] of unique data for ``mode == "data"``."""
    law: str = "hoffmann2022_tex"
    custom: tuple[float, float, float, float, float] = (1.69, 406.4, 410.7, 0.34, 0.28)
    """E, A, B, alpha, beta of the custom law (used when ``law == "custom"``)."""
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN
    compare_all: bool = False
    my_params: float | None = None
    """A model size [parameters] to cost at this budget (``mode == "budget"``)."""

    @property
    def uses_budget(self) -> bool:
        """Whether the question starts from a training budget (and so shows the budget controls)."""
        return self.mode in ("budget", "data") or (self.mode == "inference" and self.quality_from == "budget")

    @property
    def uses_target_loss(self) -> bool:
        """Whether the question starts from a target loss."""
        return self.mode == "loss" or (self.mode == "inference" and self.quality_from == "loss")


_GROUPED = r"[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:_[0-9]{3})+"
_NUMBER = re.compile(rf"[+-]?(?:(?:{_GROUPED})(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A number as people type it: digits 0-9, an optional point, an optional exponent; the digits before the point
may be grouped in threes by commas or by underscores (``1,500``, ``12_000_000``), never both."""
_NOT_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)


def parse_number(text: Any, name: str) -> float:
    """A number typed into a field: ``"5.76e23"``, ``" 1e22 "``, ``"1_000"``, ``"1,500.5"`` -> float.

    Commas and underscores are read only as thousands separators: groups of exactly three digits before the point
    (``1,500`` and ``12,000,000``). Anything else that is not plainly a number is refused rather than guessed at,
    so that the European ``1,5`` is never read as 15 and ``1.5.3`` never as anything.

    Parameters
    ----------
    text : str or int or float
        What the user typed.
    name : str
        The field's label as the user sees it, for the message.

    Returns
    -------
    float
        The finite value.

    Raises
    ------
    ValueError
        If the text is empty, is not a number (a comma that does not separate thousands, two points, letters,
        ...), is not finite, or is too small to tell from zero in float64; the message names the field.
    TypeError
        If ``text`` is neither text nor a number.

    Examples
    --------
    >>> parse_number(" 5.76e23 ", "budget"), parse_number("1_000", "n"), parse_number("12,000,000", "n")
    (5.76e+23, 1000.0, 12000000.0)
    >>> parse_number("1,5", "budget")
    Traceback (most recent call last):
    ...
    ValueError: budget: '1,5' is not a number (use a point for decimals, 1.5; a comma only separates thousands, 1,500)
    """
    if isinstance(text, bool | np.bool_):
        raise TypeError(f"{name}: must be typed as a number, got {type(text).__name__}")
    if isinstance(text, numbers.Real):
        try:
            value = float(text)
        except OverflowError:
            raise ValueError(f"{name}: too large for float64, got {text!r}") from None
    elif isinstance(text, str):
        value = _parse_text(text.strip(), name)
    else:
        raise TypeError(f"{name}: must be typed as a number, got {type(text).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"{name}: must be a finite number, got {str(text).strip()[:40]!r}")
    return value


def _parse_text(typed: str, name: str) -> float:
    """:func:`parse_number` of stripped text."""
    shown = repr(typed[:40])
    if not typed:
        raise ValueError(f"{name}: nothing typed (type a number, e.g. 5.76e23)")
    if _NOT_FINITE.fullmatch(typed):
        raise ValueError(f"{name}: must be a finite number, got {shown}")
    if not _NUMBER.fullmatch(typed):
        if "," in typed:
            hint = "use a point for decimals, 1.5; a comma only separates thousands, 1,500"
        elif "_" in typed:
            hint = "an underscore only separates thousands, 1_000"
        elif any(char.isdigit() and not char.isascii() for char in typed):
            hint = "type the digits 0-9"
        else:
            hint = "try e.g. 5.76e23"
        raise ValueError(f"{name}: {shown} is not a number ({hint})")
    value = float(typed.replace(",", "").replace("_", ""))
    if math.isinf(value):
        raise ValueError(f"{name}: {shown} is too large for float64 (the largest is about 1.8e308)")
    mantissa = typed.lower().split("e")[0]
    if value == 0 and any(digit in mantissa for digit in "123456789"):
        raise ValueError(f"{name}: {shown} is too close to 0 for float64 (underflow); the smallest is about 5e-324")
    return value


def _positive(value: Any, field: str, unit: str) -> float:
    label = LABELS[field]
    number = parse_number(value, label)
    if not number > 0:
        unit_text = "" if label.endswith("]") else f" [{unit}]"  # "budget [FLOP]" states its unit already
        raise ValueError(f"{label}: must be a finite number > 0{unit_text}, got {number:g}")
    return number


def _choice(value: Any, field: str, allowed: Iterable[str]) -> str:
    options = list(allowed)
    if not isinstance(value, str):
        raise TypeError(f"{LABELS[field]}: must be one of {', '.join(options)}, got {type(value).__name__}")
    if value not in options:
        raise ValueError(f"{LABELS[field]}: must be one of {', '.join(options)}, got {value[:40]!r}")
    return str(value)


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool | np.bool_ | int | np.integer) or value not in (0, 1):
        raise TypeError(f"{LABELS[field]}: must be True or False, got {type(value).__name__}")
    return bool(value)


def _check_type(inputs: Any) -> None:
    if not isinstance(inputs, ExplorerInputs):
        raise TypeError(f"inputs must be ExplorerInputs, got {type(inputs).__name__}")


def _check_query(query: Any) -> str:
    if not isinstance(query, str):
        raise TypeError(f"query must be a str (the part of a link after '?'), got {type(query).__name__}")
    return query


def check_inputs(inputs: ExplorerInputs) -> ExplorerInputs:
    """The one boundary: every field checked once, returned with numbers as floats.

    Only the fields the mode uses are checked (a nonsense ``days`` does not matter when the budget is typed in
    FLOPs), except the hardware used to turn the plan into GPU-hours and days, which every mode shows.

    Parameters
    ----------
    inputs : ExplorerInputs
        What the controls hold.

    Returns
    -------
    ExplorerInputs
        The same inputs, numbers as Python floats.

    Raises
    ------
    ValueError, TypeError
        Naming the field and its allowed range.

    Examples
    --------
    >>> check_inputs(ExplorerInputs(flops="1e22")).flops
    1e+22
    """
    _check_type(inputs)
    mode = _choice(inputs.mode, "mode", MODES)
    changes: dict[str, Any] = {
        "gpu": _choice(inputs.gpu, "gpu", ACCELERATORS),
        "n_gpus": _positive(inputs.n_gpus, "n_gpus", "accelerators"),
        "mfu": parse_number(inputs.mfu, LABELS["mfu"]),
        "law": _choice(inputs.law, "law", [*PUBLISHED_LAWS, CUSTOM]),
        "flops_per_param_token": _positive(
            inputs.flops_per_param_token, "flops_per_param_token", "FLOP per parameter per token"
        ),
        "compare_all": _flag(inputs.compare_all, "compare_all"),
    }
    if not 0 < changes["mfu"] <= 1:
        raise ValueError(f"{LABELS['mfu']}: must be in (0, 1], got {changes['mfu']:g}")
    if inputs.law == CUSTOM:
        if not isinstance(inputs.custom, tuple | list) or len(inputs.custom) != len(CONSTANT_NAMES):
            raise ValueError(f"the custom law needs five constants, {', '.join(CONSTANT_NAMES)}")
        changes["custom"] = tuple(parse_number(v, n) for n, v in zip(CONSTANT_NAMES, inputs.custom, strict=True))
    if mode == "inference":
        changes["quality_from"] = _choice(inputs.quality_from, "quality_from", get_args(QualityFrom))
        served = parse_number(inputs.inference_tokens, LABELS["inference_tokens"])
        if served < 0:
            raise ValueError(f"{LABELS['inference_tokens']}: must be >= 0, got {served:g}")
        changes["inference_tokens"] = served
    checked = dataclasses.replace(inputs, **changes)
    if checked.uses_budget:
        budget_as = _choice(inputs.budget_as, "budget_as", get_args(BudgetAs))
        if budget_as == "flops":
            changes["flops"] = _positive(inputs.flops, "flops", "FLOP")
        else:
            changes["days"] = _positive(inputs.days, "days", "days")
    if checked.uses_target_loss:
        changes["target_loss"] = _positive(inputs.target_loss, "target_loss", "nats/token")
    if mode == "data":
        changes["unique_tokens"] = _positive(inputs.unique_tokens, "unique_tokens", "tokens")
    if mode == "budget" and inputs.my_params is not None:
        changes["my_params"] = _positive(inputs.my_params, "my_params", "parameters")
    return dataclasses.replace(inputs, **changes)


def resolve_law(inputs: ExplorerInputs) -> ScalingLaw:
    """The law the inputs select: a published one by key, or a :class:`ScalingLaw` of the custom constants.

    Parameters
    ----------
    inputs : ExplorerInputs
        Uses ``law`` (a key of :data:`chinchilla_lib.PUBLISHED_LAWS` or ``"custom"``) and, for ``"custom"``,
        ``custom`` = (E [nats/token], A, B, alpha, beta).

    Returns
    -------
    ScalingLaw
        L(N, D) = E + A/N^alpha + B/D^beta.

    Raises
    ------
    ValueError, TypeError
        If ``law`` names no law, or the custom constants are not a valid law (as :class:`ScalingLaw` checks them).

    Examples
    --------
    >>> resolve_law(ExplorerInputs(law="hoffmann2022")) is PUBLISHED_LAWS["hoffmann2022"]
    True
    >>> resolve_law(ExplorerInputs(law="custom", custom=(1.7, 400.0, 410.0, 0.34, 0.28))).E
    1.7
    """
    _check_type(inputs)
    if inputs.law == CUSTOM:
        e, a, b, alpha, beta = inputs.custom
        return ScalingLaw(E=e, A=a, B=b, alpha=alpha, beta=beta, name=CUSTOM)
    return PUBLISHED_LAWS[_choice(inputs.law, "law", [*PUBLISHED_LAWS, CUSTOM])]


# --- the result ----------------------------------------------------------------------------------------------------


class Plan(NamedTuple):  # numpydoc ignore=PR02
    """A training run as plain floats; compares equal to the library's :class:`~chinchilla_lib.Allocation`.

    Made by :func:`explore` from checked numbers; not checked when made.

    Parameters
    ----------
    params : float
        N [parameters].
    tokens : float
        D [tokens].
    flops : float
        C [FLOP].
    loss : float
        L [nats/token].

    Examples
    --------
    >>> result = explore(ExplorerInputs(flops=5.76e23))
    >>> plan = result.plan
    >>> abs(6 * plan.params * plan.tokens / plan.flops - 1) < 1e-12, plan.flops == 5.76e23
    (True, True)
    """

    params: float
    tokens: float
    flops: float
    loss: float


@dataclasses.dataclass(frozen=True)
class MyModel:  # numpydoc ignore=PR02
    """What a chosen model size costs at this budget, against the compute-optimal model.

    Made by :func:`explore` when ``my_params`` is given; not checked when made.

    Parameters
    ----------
    params : float
        N of my model [parameters].
    tokens : float
        D [tokens] that the budget buys my model, C/(k·N).
    loss : float
        L(N, D) of my model [nats/token].
    loss_given_up : float
        L(my model) − L* [nats/token] at the same budget, >= 0.
    optimal_flops_for_same_loss : float
        The compute [FLOP] with which a compute-optimal model reaches my model's loss (at most the budget).

    Examples
    --------
    >>> mine = explore(ExplorerInputs(flops=5.76e23, my_params=280e9)).my_model  # Gopher's size at its budget
    >>> mine.loss_given_up > 0, mine.optimal_flops_for_same_loss < 5.76e23
    (True, True)
    """

    params: float
    tokens: float
    loss: float
    loss_given_up: float
    optimal_flops_for_same_loss: float


@dataclasses.dataclass(frozen=True)
class Row:  # numpydoc ignore=PR02
    """One law's answer to the same question, for the side-by-side table; ``note`` says why a row has no plan.

    Made by :func:`explore` with ``compare_all``; not checked when made.

    Parameters
    ----------
    law : str
        The law's key in :data:`chinchilla_lib.LAWS`.
    plan : Plan or None
        The law's plan, or None when it cannot answer this question.
    note : str
        Why there is no plan (or a caveat), "" otherwise.

    Examples
    --------
    >>> rows = explore(ExplorerInputs(flops=1e23, compare_all=True)).rows
    >>> len(rows) > 1, all(row.plan is not None or row.note for row in rows)
    (True, True)
    """

    law: str
    plan: Plan | None
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Curve:  # numpydoc ignore=PR02
    """A line to draw: ``x``, ``y`` (finite points only) and its label.

    Made by :func:`explore` for the view; not checked when made.

    Parameters
    ----------
    label : str
        The legend's label.
    x, y : numpy.ndarray
        The points, of one length, all finite.
    style : str
        A matplotlib line style, "-" by default.

    Examples
    --------
    >>> curve = explore(ExplorerInputs(flops=1e23)).frontier[0]
    >>> curve.x.shape == curve.y.shape, bool(np.all(np.isfinite(curve.y)))
    (True, True)
    """

    label: str
    x: FloatArray
    y: FloatArray
    style: str = "-"


@dataclasses.dataclass(frozen=True)
class Point:  # numpydoc ignore=PR02
    """A marker to draw at (``x``, ``y``) with its label and kind (``"optimum"``, ``"plan"``, ``"mine"``, ...).

    Made by :func:`explore` for the view; not checked when made.

    Parameters
    ----------
    label : str
        The marker's label.
    x, y : float
        Where it is drawn, in the panel's units.
    kind : str
        What it marks: ``"optimum"``, ``"plan"``, ``"mine"``, a known model, ...

    Examples
    --------
    >>> result = explore(ExplorerInputs(flops=1e23))
    >>> any(point.x == result.plan.params for point in result.valley_points)
    True
    """

    label: str
    x: float
    y: float
    kind: str


@dataclasses.dataclass(frozen=True)
class ExplorerResult:  # numpydoc ignore=PR02
    """The explorer's answer for one set of inputs: every number and curve the view shows, all finite.

    Made by :func:`explore`, which checks the inputs; the view draws it without computing anything.

    Parameters
    ----------
    inputs : ExplorerInputs
        The checked inputs this answer belongs to.
    law : ScalingLaw
        The law the plan comes from.
    budget : float or None
        The training budget [FLOP] the question started from, if it started from one.
    plan : Plan
        The recommended training run: N [parameters], D [tokens], C [FLOP], L [nats/token] (all floats).
    gpu_hours : float
        Accelerator-hours of the plan on the chosen accelerator at the chosen MFU [GPU·h].
    days : float
        Wall-clock days of the plan on ``n_gpus`` accelerators.
    perplexity : float or None
        exp(L) of the plan, when it is below 1e6.
    reference : Plan or None
        The compute-optimal plan of the same loss (inference) or of the same budget without the data limit (data).
    inference : InferenceOptimal or None
        The inference-aware details, in inference mode.
    data : DataConstrained or None
        The repeated-data details, when the unique data is limited.
    my_model : MyModel or None
        What the chosen model size gives up, when one is given.
    rows : tuple of Row
        Every published law's answer to the same question (with ``compare_all``), else empty.
    valley : tuple of Curve
        Loss [nats/token] against N [parameters] along the plan's iso-FLOP line, per law shown.
    valley_points : tuple of Point
        The optima and the plan on the valley's axes.
    frontier : tuple of Curve
        Compute-optimal N [parameters] against C [FLOP], per law shown.
    frontier_points : tuple of Point
        Known models and the plan on the frontier's axes.
    frontier_key : tuple
        Identifies the frontier's background (laws, k, range): equal keys, equal background.
    query : str
        The query string that reproduces these inputs (a shareable link is ``?`` + this).

    Attributes
    ----------
    tokens_per_param : float
        D/N of the plan [tokens per parameter].

    Examples
    --------
    >>> result = explore(ExplorerInputs(flops=5.76e23))
    >>> inputs_from_query(result.query) == result.inputs  # the link reproduces the answer's inputs
    True
    >>> result.law.name, round(result.tokens_per_param)  # the default law's D/N at Gopher's budget
    ('hoffmann2022_tex', 59)
    """

    inputs: ExplorerInputs
    law: ScalingLaw
    budget: float | None
    plan: Plan
    gpu_hours: float
    days: float
    perplexity: float | None
    reference: Plan | None
    inference: beyond.InferenceOptimal | None
    data: beyond.DataConstrained | None
    my_model: MyModel | None
    rows: tuple[Row, ...]
    valley: tuple[Curve, ...]
    valley_points: tuple[Point, ...]
    frontier: tuple[Curve, ...]
    frontier_points: tuple[Point, ...]
    frontier_key: tuple[Any, ...]
    query: str

    @property
    def tokens_per_param(self) -> float:
        """D/N of the plan [tokens per parameter]."""
        return float(self.plan.tokens) / float(self.plan.params)


def _floats(plan: Allocation | Plan) -> Plan:
    return Plan(float(plan.params), float(plan.tokens), float(plan.flops), float(plan.loss))


def _finite(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{what} is beyond floating point for these inputs; try less extreme values")
    return value


def _plan_for(
    law: ScalingLaw, inputs: ExplorerInputs, budget: float | None, target: float | None
) -> tuple[Plan, Plan | None, beyond.InferenceOptimal | None, beyond.DataConstrained | None]:
    """Answer the mode's question under one law: (plan, reference, inference details, data details)."""
    k = inputs.flops_per_param_token
    if inputs.mode == "budget":
        assert budget is not None
        return _floats(law.compute_optimal(budget, k)), None, None, None
    if inputs.mode == "loss":
        assert target is not None
        return _floats(law.compute_for_loss(target, k)), None, None, None
    if inputs.mode == "inference":
        loss = float(law.compute_optimal(budget, k).loss) if target is None else target
        if target is None and not loss > law.E:
            # the library would name its target_loss, which the user never typed: name the budget it came from
            raise ValueError(
                f"{_budget_label(inputs)}: at {budget:.3g} FLOP the optimal loss rounds to E = {law.E:g}, which "
                f"no model reaches at finite size; choose a smaller budget, or a target with '{LABELS['quality_from']}'"
            )
        plan = beyond.inference_optimal(law, loss, inputs.inference_tokens, flops_per_param_token=k)
        trained = Plan(plan.params, plan.tokens, plan.training_flops, plan.loss)
        return trained, _floats(plan.chinchilla), plan, None
    assert budget is not None
    limited = beyond.data_constrained_optimal(budget, inputs.unique_tokens, law, k)
    trained = Plan(limited.params, limited.tokens, limited.flops, limited.loss)
    return trained, _floats(limited.unconstrained), None, limited


def _budget_label(inputs: ExplorerInputs) -> str:
    """The fields the budget comes from, by their labels."""
    if inputs.budget_as == "hardware":
        return f"the budget ({LABELS['n_gpus']} × {LABELS['days']} × {LABELS['mfu']})"
    return LABELS["flops"]


def _relabel(message: str, inputs: ExplorerInputs) -> str:
    """A library message with each argument it names replaced by the label of the field that gave it.

    The library names its arguments (``target_loss must be ...``); the explorer's user typed into fields with
    other labels, so ``target_loss`` becomes ``loss [nats/token]``. Arguments the explorer derives rather than
    reads (the plan's FLOPs in loss mode) are described instead.
    """
    labels = {
        "flops": _budget_label(inputs) if inputs.uses_budget else "the plan's FLOPs",
        "target_loss": LABELS["target_loss"] if inputs.uses_target_loss else "the budget's optimal loss",
        "inference_tokens": LABELS["inference_tokens"],
        "unique_tokens": LABELS["unique_tokens"],
        "flops_per_param_token": LABELS["flops_per_param_token"],
        "n_gpus": LABELS["n_gpus"],
        "mfu": LABELS["mfu"],
        "peak_flops": LABELS["gpu"],
    }
    return re.sub(rf"\b({'|'.join(labels)})\b", lambda name: labels[name[1]], message)


def _custom_hint(message: str, inputs: ExplorerInputs) -> str:
    """``message``, naming the custom law's constants too when they are in play: any result may overflow by them."""
    if inputs.law != CUSTOM:
        return message
    return f"{message} (or the custom law's {', '.join(CONSTANT_NAMES)} are too extreme)"


def _resolve_budget(inputs: ExplorerInputs) -> float | None:
    if not inputs.uses_budget:
        return None
    if inputs.budget_as == "hardware":
        if not math.isfinite(inputs.n_gpus * inputs.days * 24.0):
            raise ValueError(
                f"{LABELS['n_gpus']} × {LABELS['days']} is too large for floating point; try smaller values"
            )
        flops = float(cluster_flops(inputs.n_gpus, inputs.days, gpu=inputs.gpu, mfu=inputs.mfu))
        return _finite(flops, _budget_label(inputs))
    return inputs.flops


def _finite_curve(label: str, x: FloatArray, y: Any, style: str = "-") -> Curve | None:
    y = np.asarray(y, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y) & (x > 0)
    if not keep.any():
        return None
    return Curve(label, x[keep], y[keep], style)


def _row(law: ScalingLaw, inputs: ExplorerInputs, budget: float | None, target: float | None) -> Row:
    try:
        plan = _plan_for(law, inputs, budget, target)[0]
        for value in plan:
            _finite(float(value), "a number")
    except (ValueError, ArithmeticError) as error:
        return Row(law.name, None, _short_reason(_relabel(str(error), inputs)))
    return Row(law.name, _floats(plan))


def _short_reason(message: str) -> str:
    text = message.split(";", maxsplit=1)[0]
    return text if len(text) <= 80 else text[:77] + "..."


def explore(inputs: ExplorerInputs) -> ExplorerResult:
    """Compute everything the explorer shows for ``inputs``.

    Parameters
    ----------
    inputs : ExplorerInputs
        What the user chose; checked once here.

    Returns
    -------
    ExplorerResult
        Every number and curve of the view, all finite.

    Raises
    ------
    ValueError, TypeError
        If an input is out of range, or the answer for these inputs is not a finite float (the message says which).

    Examples
    --------
    >>> result = explore(ExplorerInputs(flops=5.76e23, law="hoffmann2022"))
    >>> round(result.plan.params / 1e9, 1), result.plan.flops == 5.76e23
    (32.2, True)
    """
    inputs = check_inputs(inputs)
    law = resolve_law(inputs)  # outside the try below: a bad custom constant's message names it already
    try:
        with np.errstate(all="ignore"):
            return _explore(inputs, law)
    except ValueError as error:  # the library's message names its arguments; the user sees the fields' labels
        raise ValueError(_custom_hint(_relabel(str(error), inputs), inputs)) from None
    except ArithmeticError as error:  # OverflowError, ZeroDivisionError, FloatingPointError from deep inside
        hint = (
            "the custom law's constants (alpha, beta, A, B) at this budget" if inputs.law == CUSTOM else "these inputs"
        )
        raise ValueError(
            f"{hint} give numbers beyond floating point ({type(error).__name__}); try less extreme values"
        ) from None


def _explore(inputs: ExplorerInputs, law: ScalingLaw) -> ExplorerResult:
    """:func:`explore` after the inputs are checked and the law they select is made."""
    k = inputs.flops_per_param_token
    budget = _resolve_budget(inputs)
    target = inputs.target_loss if inputs.uses_target_loss else None
    plan, reference, inference, data = _plan_for(law, inputs, budget, target)
    plan = Plan(*(_finite(float(v), name) for v, name in zip(plan, ("N", "D", "C", "the loss"), strict=True)))
    if reference is not None:
        for value in reference:
            _finite(float(value), "the reference plan")
    gpu_hours = _finite(float(flops_to_gpu_hours(plan.flops, gpu=inputs.gpu, mfu=inputs.mfu)), "the GPU-hours")
    days = _finite(float(training_days(plan.flops, inputs.n_gpus, gpu=inputs.gpu, mfu=inputs.mfu)), "the days")
    perplexity = math.exp(plan.loss) if plan.loss < math.log(1e6) else None

    my_model = None
    if inputs.mode == "budget" and inputs.my_params is not None:
        assert budget is not None
        my_model = _my_model(law, inputs.my_params, budget, k, plan)

    shown = [law] if law.name not in PUBLISHED_LAWS or not inputs.compare_all else []
    if inputs.compare_all:
        shown += list(PUBLISHED_LAWS.values())
    rows = tuple(_row(other, inputs, budget, target) for other in shown) if inputs.compare_all else ()

    valley, valley_points = _valley(law, shown, inputs, plan, data)
    frontier, frontier_points, frontier_key = _frontier(law, shown, k, plan)
    return ExplorerResult(
        inputs=inputs,
        law=law,
        budget=budget,
        plan=plan,
        gpu_hours=gpu_hours,
        days=days,
        perplexity=perplexity,
        reference=reference,
        inference=inference,
        data=data,
        my_model=my_model,
        rows=rows,
        valley=valley,
        valley_points=valley_points,
        frontier=frontier,
        frontier_points=frontier_points,
        frontier_key=frontier_key,
        query=inputs_to_query(inputs),
    )


def _my_model(law: ScalingLaw, params: float, budget: float, k: float, plan: Plan) -> MyModel:
    """What ``params`` parameters give at this budget; a failure is the my-model field's, since the plan stood."""
    tokens = budget / (k * params)
    # the library would name its own tokens or target_loss, which the user never typed
    beyond_floats = ValueError(
        f"{LABELS['my_params']}: {params:.3g} parameters at {budget:.3g} FLOP would train on {tokens:.3g} tokens, "
        f"which gives numbers beyond floating point; try a size nearer the optimum, {plan.params:.3g}"
    )
    if not (math.isfinite(tokens) and tokens > 0):
        raise beyond_floats
    try:
        loss = float(law.loss(params, tokens))
        matched = float(law.compute_for_loss(loss, k).flops) if loss > law.E else budget
        mine = MyModel(params, tokens, loss, loss - float(plan.loss), matched)
        for value in dataclasses.astuple(mine):
            _finite(value, "my model's figures")
    except (ValueError, ArithmeticError):
        raise beyond_floats from None
    return mine


def _valley(
    law: ScalingLaw, shown: list[ScalingLaw], inputs: ExplorerInputs, plan: Plan, data: Any
) -> tuple[tuple[Curve, ...], tuple[Point, ...]]:
    """Loss along the plan's iso-FLOP line, N from N/SPAN to N·SPAN (wider to include my model)."""
    k, flops, centre = inputs.flops_per_param_token, float(plan.flops), float(plan.params)
    span = math.log10(VALLEY_SPAN)
    low, high = math.log10(centre) - span, math.log10(centre) + span
    if inputs.my_params is not None and inputs.mode == "budget":
        mine_exp = math.log10(inputs.my_params)
        low, high = min(low, mine_exp - 0.3), max(high, mine_exp + 0.3)
    n = np.logspace(max(low, -300.0), min(high, 300.0), VALLEY_POINTS)
    curves: list[Curve] = []
    points: list[Point] = []
    with np.errstate(all="ignore"):
        for each in shown:
            curve = _finite_curve(each.name, n, each.loss(n, flops / (k * n)))
            if curve is not None:
                curves.append(curve)
            best = _floats(each.compute_optimal(flops, k))
            if math.isfinite(best.params) and math.isfinite(best.loss):
                points.append(Point(f"{each.name}: optimum", best.params, best.loss, "optimum"))
        if data is not None:
            limited = beyond.data_constrained_loss(n, flops / (k * n), inputs.unique_tokens, law)
            curve = _finite_curve(f"{law.name}, {inputs.unique_tokens:.3g} unique tokens", n, limited, "--")
            if curve is not None:
                curves.append(curve)
    if inputs.mode != "budget":
        points.append(Point("this plan", float(plan.params), float(plan.loss), "plan"))
    if inputs.my_params is not None and inputs.mode == "budget":
        mine = float(law.loss(inputs.my_params, flops / (k * inputs.my_params)))
        if math.isfinite(mine):
            points.append(Point("my model", inputs.my_params, mine, "mine"))
    return tuple(curves), tuple(points)


def _frontier(
    law: ScalingLaw, shown: list[ScalingLaw], k: float, plan: Plan
) -> tuple[tuple[Curve, ...], tuple[Point, ...], tuple[Any, ...]]:
    """N_opt(C) over the slider's range (widened to include the plan), known models, and the plan."""
    flops = float(plan.flops)
    low_exp = math.floor(min(math.log10(FLOPS_RANGE[0]), math.log10(flops) - 0.5))
    high_exp = math.ceil(min(max(math.log10(FLOPS_RANGE[1]), math.log10(flops) + 0.5), 308.0))
    grid = np.logspace(low_exp, high_exp, FRONTIER_POINTS)
    with np.errstate(all="ignore"):
        curves = [_finite_curve(each.name, grid, each.compute_optimal(grid, k).params) for each in shown]
    points = [Point(m.name, m.training_flops(k), m.params, "model") for m in FEATURED_MODELS]
    points.append(Point("this plan", flops, float(plan.params), "plan"))
    key = (tuple(shown), k, low_exp, high_exp)
    return tuple(c for c in curves if c is not None), tuple(points), key


# --- shareable links -----------------------------------------------------------------------------------------------

_QUERY_KEYS: Mapping[str, str] = {
    "mode": "mode",
    "as": "budget_as",
    "C": "flops",
    "gpu": "gpu",
    "n": "n_gpus",
    "days": "days",
    "mfu": "mfu",
    "loss": "target_loss",
    "Dinf": "inference_tokens",
    "quality": "quality_from",
    "U": "unique_tokens",
    "law": "law",
    "k": "flops_per_param_token",
    "all": "compare_all",
    "N": "my_params",
}
"""Query-string key -> field of :class:`ExplorerInputs`; the custom constants use their own names (E, A, ...)."""


def inputs_to_query(inputs: ExplorerInputs) -> str:
    """The query string that reproduces ``inputs``: only the fields that differ from the defaults.

    Parameters
    ----------
    inputs : ExplorerInputs
        The inputs to share (numbers are written in their shortest exact form, ``1e24`` rather than ``1e+24``).

    Returns
    -------
    str
        ``key=value`` pairs joined by ``&``, URL-encoded; empty for the default inputs.

    Raises
    ------
    TypeError
        If ``inputs`` is not :class:`ExplorerInputs`.

    Examples
    --------
    >>> inputs_to_query(ExplorerInputs(flops=1e24, my_params=70e9))
    'C=1e24&N=7e10'
    >>> inputs_from_query(inputs_to_query(ExplorerInputs(mode="loss", target_loss=1.9))).target_loss
    1.9
    """
    _check_type(inputs)
    default = ExplorerInputs()
    pairs: list[tuple[str, str]] = []
    for key, field in _QUERY_KEYS.items():
        value = getattr(inputs, field)
        if value != getattr(default, field) and value is not None:
            pairs.append((key, _text(value)))
    if inputs.law == CUSTOM:
        pairs += [(name, _text(value)) for name, value in zip(CONSTANT_NAMES, inputs.custom, strict=True)]
    return urlencode(pairs)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        short = f"{value:g}"
        return (short if float(short) == value else repr(value)).replace("e+", "e")
    return str(value)


def query_fields(query: str) -> tuple[dict[str, str], list[str]]:
    """The fields a query string sets, as text (what the controls would hold), and notes on keys it ignores.

    Parameters
    ----------
    query : str
        The part of a link after ``?``; only its first 2,000 characters are read, and each value's first 100.

    Returns
    -------
    fields : dict of str to str
        Field of :class:`ExplorerInputs` -> its text; the custom law's constants under their own names (``E``,
        ``A``, ``B``, ``alpha``, ``beta``), each apart, since a constant's text may hold a comma.
    notes : list of str
        One note per key the explorer does not know.

    Raises
    ------
    TypeError
        If ``query`` is not a string.

    Examples
    --------
    >>> query_fields("C=1e24&law=besiroglu2024&colour=blue&alpha=0.3")
    ({'flops': '1e24', 'law': 'besiroglu2024', 'alpha': '0.3'}, ["ignored 'colour' in the link"])
    """
    _check_query(query)
    fields: dict[str, str] = {}
    notes: list[str] = []
    for key, value in parse_qsl(query[:2000], keep_blank_values=True):
        if key in _QUERY_KEYS:
            fields[_QUERY_KEYS[key]] = value.strip()[:100]
        elif key in CONSTANT_NAMES:
            fields[key] = value.strip()[:100]
        else:
            notes.append(f"ignored {key[:20]!r} in the link")
    return fields, notes


_CONVERTERS: Mapping[str, Callable[[str], Any]] = {
    "compare_all": lambda text: text.lower() in ("1", "true", "yes", "on"),
    "my_params": lambda text: parse_number(text, LABELS["my_params"]) if text else None,
}


def inputs_from_query(query: str) -> ExplorerInputs:
    """:class:`ExplorerInputs` from a shared link's query string (unset fields keep their defaults).

    Parameters
    ----------
    query : str
        The part of a link after ``?``, as :func:`inputs_to_query` writes it.

    Returns
    -------
    ExplorerInputs
        Numbers parsed, text fields as given; the ranges are checked by :func:`explore`.

    Raises
    ------
    ValueError
        Naming the field whose text is not a number.
    TypeError
        If ``query`` is not a string.

    Examples
    --------
    >>> inputs = inputs_from_query("mode=loss&loss=1.9&colour=blue")
    >>> inputs.mode, inputs.target_loss, inputs.flops == ExplorerInputs().flops
    ('loss', 1.9, True)
    """
    fields, _ = query_fields(query)
    values: dict[str, Any] = {}
    text_fields = ("mode", "budget_as", "gpu", "quality_from", "law")
    if any(name in fields for name in CONSTANT_NAMES):  # the constants the link leaves out keep their defaults
        given = zip(CONSTANT_NAMES, ExplorerInputs().custom, strict=True)
        values["custom"] = tuple(parse_number(fields.pop(name), name) if name in fields else v for name, v in given)
    for field, text in fields.items():
        if field in _CONVERTERS:
            values[field] = _CONVERTERS[field](text)
        elif field in text_fields:
            values[field] = text
        else:
            values[field] = parse_number(text, LABELS[field])
    return ExplorerInputs(**values)
