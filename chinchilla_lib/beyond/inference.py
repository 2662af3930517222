r"""Inference-aware sizing: the cheapest model for a target loss once its serving is counted (Sardana et al. 2024).

A model that will process :math:`D_{inf}` tokens in service costs :math:`kND` FLOPs to train and
:math:`k_{inf} N D_{inf}` to serve (:math:`k = 6`, :math:`k_{inf} = 2`). For a target loss :math:`\ell` the
cheapest model solves

.. math:: \min_{N, D}\; kND + k_{inf} N D_{inf} \quad \text{subject to} \quad L(N, D) = \ell .

On the constraint, with :math:`N_0 = (A/(\ell - E))^{1/\alpha}` the smallest model that can reach :math:`\ell` and
:math:`t = \log N - \log N_0 > 0`,

.. math::

    B D^{-\beta} = (\ell - E)\,(1 - e^{-\alpha t}), \qquad
    \frac{f'(N)}{kD} = 1 - \frac{\alpha/\beta}{e^{\alpha t} - 1} + \frac{k_{inf} D_{inf}}{k D},

which increases from :math:`-\infty` at :math:`t \to 0` (where :math:`D \to \infty`). With :math:`D_{inf} = 0` its
root is :math:`t = \log(1 + \alpha/\beta)/\alpha`, the Chinchilla optimum; serving moves the root below it, found
by bracketing (``scipy.optimize.brentq``). Working in :math:`t` keeps every quantity finite as :math:`N \to N_0`.
There is no closed form.

References
----------
.. [1] N. Sardana, J. Portes, S. Doubov, J. Frankle, "Beyond Chinchilla-Optimal: Accounting for Inference in Language
   Model Scaling Laws", 2024, arXiv:2401.00448, §2.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from chinchilla_lib._core import frontier as core
from chinchilla_lib._validation import check_nonnegative, check_range, positive_scalar, representable
from chinchilla_lib.allocation import Allocation
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN, INFERENCE_FLOPS_PER_PARAM_TOKEN, Hardware, _scaled
from chinchilla_lib.laws import ScalingLaw

_LOG_MAX = math.log(np.finfo(np.float64).max)
_TINY, _HUGE = float(np.finfo(np.float64).tiny), float(np.finfo(np.float64).max)

_Price = tuple[float, float]
"""A price per FLOP kept as its two parts, (dollars per hour, FLOPs per hour), each finite and > 0, so that it neither
under- nor overflows however extreme the price or the MFU; ``(1.0, 1.0)`` counts FLOPs."""
_PER_FLOP: _Price = (1.0, 1.0)


def _log_price(price: _Price) -> float:
    return math.log(price[0]) - math.log(price[1])


def _cost(price: _Price, flops: float) -> float:
    """Flops at a price [$], or FLOPs for :data:`_PER_FLOP`: price_per_hour · flops / flops_per_hour."""
    return float(_scaled((price[0], flops), (price[1],)))


@dataclasses.dataclass(frozen=True)
class InferenceOptimal:  # numpydoc ignore=PR02
    """The cheapest model that reaches ``loss`` once its inference is counted, beside the Chinchilla model.

    Made by :func:`inference_optimal` and :func:`inference_optimal_cost`; not checked when made.

    Parameters
    ----------
    params : float
        N [parameters] of the cheapest model.
    tokens : float
        Its training tokens D [tokens].
    loss : float
        The target loss [nats/token], which it reaches.
    inference_tokens : float
        D_inf [tokens] served over its life.
    training_flops, inference_flops : float
        k·N·D and k_inf·N·D_inf [FLOP].
    chinchilla : Allocation
        The compute-optimal model of the same loss.
    chinchilla_inference_flops : float
        What serving D_inf tokens costs with the Chinchilla model [FLOP].
    cost, chinchilla_cost : float
        What was minimised, for this model and for the Chinchilla model: FLOPs, or dollars for
        :func:`inference_optimal_cost`.

    Attributes
    ----------
    total_flops : float
        Training plus inference [FLOP].
    chinchilla_total_flops : float
        Training plus inference of the Chinchilla model of the same loss [FLOP].
    saving : float
        1 − cost / Chinchilla cost: the fraction saved by sizing for inference (0 when there is none).
    tokens_vs_chinchilla : float
        Training tokens as a multiple of the Chinchilla model's.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> law = PUBLISHED_LAWS["hoffmann2022"]
    >>> best = inference_optimal(law, 2.1, 1e13)
    >>> abs(law.loss(best.params, best.tokens) - best.loss) < 1e-12, best.tokens_vs_chinchilla > 1
    (True, True)
    >>> best.params < best.chinchilla.params, abs(best.chinchilla.loss - best.loss) < 1e-12  # smaller, same loss
    (True, True)
    >>> best.total_flops < best.chinchilla_total_flops, 0 < best.saving < 1
    (True, True)
    """

    params: float
    tokens: float
    loss: float
    inference_tokens: float
    training_flops: float
    inference_flops: float
    chinchilla: Allocation
    chinchilla_inference_flops: float
    cost: float
    chinchilla_cost: float

    @property
    def total_flops(self) -> float:
        """Training plus inference [FLOP]."""
        return self.training_flops + self.inference_flops

    @property
    def chinchilla_total_flops(self) -> float:
        """Training plus inference of the Chinchilla model of the same loss [FLOP]."""
        return float(self.chinchilla.flops) + self.chinchilla_inference_flops

    @property
    def saving(self) -> float:
        """1 − cost / Chinchilla cost: the fraction saved by sizing for inference (0 when there is none)."""
        return 1.0 - self.cost / self.chinchilla_cost

    @property
    def tokens_vs_chinchilla(self) -> float:
        """Training tokens as a multiple of the Chinchilla model's."""
        return self.tokens / float(self.chinchilla.tokens)


def _check_law(law: Any) -> ScalingLaw:
    if not isinstance(law, ScalingLaw):
        raise TypeError(f"law must be a ScalingLaw (e.g. PUBLISHED_LAWS['sardana2024']), got {type(law).__name__}")
    return law


def _target_and_chinchilla(law: ScalingLaw, target_loss: Any, k: float) -> tuple[float, Allocation]:
    """The target loss and the compute-optimal plan that reaches it (given, or derived once from the loss)."""
    if isinstance(target_loss, Allocation):
        plan = target_loss
        target, scalar = check_range(plan.loss, "target_loss", lower=law.E, unit="nats/token")
        if not scalar:
            raise TypeError("target_loss must be a single plan or number, not arrays of them")
        return float(target), plan
    target, scalar = check_range(target_loss, "target_loss", lower=law.E, unit="nats/token")
    if not scalar:
        raise TypeError(f"target_loss must be a single number, got an array of shape {np.shape(target)}")
    return float(target), law._compute_for_loss(float(target), k)


def _solve(f: core.Frontier, target: float, log_served: float | None) -> tuple[float, float]:
    """Log N and log D of the cheapest model on L = target.

    ``log_served`` is log(k_inf·D_inf·price_inf / (k·price_train)), the serving term relative to training, in logs
    so that tiny or huge demands or prices neither underflow nor overflow; None when nothing is served.
    """
    log_gap = math.log(target - f.E)
    log_floor = (f.log_A - log_gap) / f.alpha  # log N_0: no amount of data takes a smaller model to the target
    log_tokens_base = (f.log_B - log_gap) / f.beta
    ratio = f.alpha / f.beta

    def _log_tokens(t: float) -> float:  # log D on the constraint
        return log_tokens_base - math.log(-math.expm1(-f.alpha * t)) / f.beta

    chinchilla = math.log1p(ratio) / f.alpha
    if log_served is None:
        t = chinchilla
    else:
        from scipy import optimize  # noqa: PLC0415 - loaded only when serving is counted, keeps imports light

        def _slope(t: float) -> float:  # f'(N)/(kD), increasing in t
            return 1.0 - ratio / math.expm1(f.alpha * t) + math.exp(min(log_served - _log_tokens(t), _LOG_MAX))

        high, step = chinchilla, 1e-12  # the root is below the Chinchilla point, up to rounding of its slope
        while _slope(high) <= 0:
            high, step = chinchilla * (1 + step), step * 10
        low = chinchilla
        while _slope(low) >= 0:  # halve until the slope turns negative: the root lies in [low, 2·low]
            high = low
            low /= 2.0
            if f.alpha * low == 0.0:
                raise ValueError(
                    "inference_tokens (weighed by the price of an inference FLOP over a training one) is so large "
                    "that the cheapest model is the smallest one that can reach target_loss, closer to it than "
                    "float64 can tell; the training tokens it would need are unbounded"
                )
        t = float(optimize.brentq(_slope, low, high, xtol=1e-300, rtol=4 * np.finfo(float).eps))
    return log_floor + t, _log_tokens(t)


def _plan(
    law: Any,
    target_loss: Any,
    inference_tokens: Any,
    k: Any,
    k_inf: Any,
    training_price: _Price,
    inference_price: _Price,
) -> InferenceOptimal:
    """Check the arguments once, then :func:`_optimise`."""
    law = _check_law(law)
    k_ = positive_scalar(k, "flops_per_param_token", "FLOP per parameter per token")
    k_inf_ = positive_scalar(k_inf, "inference_flops_per_param_token", "FLOP per parameter per token")
    target, chinchilla = _target_and_chinchilla(law, target_loss, k_)
    served, scalar = check_nonnegative(inference_tokens, "inference_tokens", "tokens")
    if not scalar:
        raise TypeError(f"inference_tokens must be a single number, got an array of shape {np.shape(served)}")
    return _optimise_priced(law, target, chinchilla, float(served), k_, k_inf_, training_price, inference_price)


def _optimise(
    law: ScalingLaw,
    target: float,
    chinchilla: Allocation,
    served: float,
    k: float,
    k_inf: float,
    training_price: float,
    inference_price: float,
) -> InferenceOptimal:
    """Minimise training_price·(training FLOPs) + inference_price·(inference FLOPs) on L = target, for checked
    arguments and prices per FLOP [$/FLOP, or 1 for FLOPs] (callers that validated once, such as the command line,
    call this directly).
    """
    what = "the price per FLOP of training or inference"
    representable(what, "price_per_hour, mfu and inference_mfu", training_price, inference_price)
    return _optimise_priced(law, target, chinchilla, served, k, k_inf, (training_price, 1.0), (inference_price, 1.0))


def _optimise_priced(
    law: ScalingLaw,
    target: float,
    chinchilla: Allocation,
    served: float,
    k: float,
    k_inf: float,
    training_price: _Price,
    inference_price: _Price,
) -> InferenceOptimal:
    """:func:`_optimise` with each price per FLOP as its two parts (see :data:`_Price`): the search runs on their
    ratio in logs and the costs are formed without a price per FLOP that could under- or overflow.
    """
    log_served = None
    if served > 0:
        log_served = (
            math.log(k_inf) + math.log(served) + _log_price(inference_price) - math.log(k) - _log_price(training_price)
        )
    log_params, log_tokens = _solve(law._frontier, target, log_served)
    if not (log_params < _LOG_MAX and log_tokens < _LOG_MAX):
        raise ValueError(
            "the cheapest model's size or training tokens exceed float64 for this target_loss and "
            "inference_tokens; choose a less extreme target_loss or inference_tokens"
        )
    params, tokens = math.exp(log_params), math.exp(log_tokens)
    with core.quiet():
        train, serve = k * params * tokens, k_inf * params * served
        chinchilla_serve = k_inf * float(chinchilla.params) * served
    representable(
        "the training or inference FLOPs",
        "target_loss and inference_tokens",
        train,
        serve + 1.0,
        chinchilla_serve + 1.0,
    )
    cost = _cost(training_price, train) + _cost(inference_price, serve)
    chinchilla_cost = _cost(training_price, float(chinchilla.flops)) + _cost(inference_price, chinchilla_serve)
    if not (_TINY <= cost <= _HUGE and _TINY <= chinchilla_cost <= _HUGE):
        raise ValueError(
            f"the cost of the plan or of the Chinchilla model, {cost:.3g} and {chinchilla_cost:.3g}, must be a normal "
            "float64, in [2.2e-308, 1.8e308], for these prices, target_loss and inference_tokens; choose a "
            "price_per_hour or mfu of training or inference, or inference_tokens, less extreme"
        )
    if cost > chinchilla_cost:  # the root is the Chinchilla model up to rounding, which then costs a hair less
        params, tokens, train = float(chinchilla.params), float(chinchilla.tokens), float(chinchilla.flops)
        serve, cost = chinchilla_serve, chinchilla_cost
    return InferenceOptimal(
        params, tokens, target, served, train, serve, chinchilla, chinchilla_serve, cost, chinchilla_cost
    )


def inference_optimal(
    law: ScalingLaw,
    target_loss: Any,
    inference_tokens: Any,
    *,
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    inference_flops_per_param_token: Any = INFERENCE_FLOPS_PER_PARAM_TOKEN,
) -> InferenceOptimal:
    r"""The model that reaches a target loss at the least training plus inference compute.

    .. math:: \min_{N, D}\; kND + k_{inf} N D_{inf} \quad \text{subject to} \quad L(N, D) = \ell

    Parameters
    ----------
    law : ScalingLaw
        The loss law.
    target_loss : float or Allocation
        ℓ [nats/token] > E; or a compute-optimal plan (e.g. ``law.compute_optimal(C)``), whose loss is the target
        and which is then the Chinchilla model compared against, as it is.
    inference_tokens : float
        D_inf [tokens] >= 0 processed in service over the model's life (prompt and generated).
    flops_per_param_token : float
        k of training [FLOP per parameter per token], 6 by default.
    inference_flops_per_param_token : float
        k_inf of inference, 2 by default.

    Returns
    -------
    InferenceOptimal
        ``params``, ``tokens``, FLOPs of both phases, the Chinchilla model of equal loss and ``saving``; N solved to
        about 1e-14 relative.

    Raises
    ------
    TypeError
        If ``law`` is not a ScalingLaw or an argument is not a single real number.
    ValueError
        If ℓ <= E, D_inf < 0, a k <= 0, or the answer leaves float64. The answer never costs more than the
        Chinchilla model (``saving >= 0``): where the root is that model up to rounding, it is that model.

    Notes
    -----
    The module docstring derives the optimality condition; with ``inference_tokens=0`` the answer is the Chinchilla
    model itself.

    References
    ----------
    .. [1] N. Sardana et al. 2024, arXiv:2401.00448, §2 and their worked examples.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> law = PUBLISHED_LAWS["sardana2024"]
    >>> target = law.allocation_for_params(30e9).loss
    >>> plan = inference_optimal(law, target, 1e13)
    >>> plan.params < plan.chinchilla.params and plan.total_flops < plan.chinchilla_total_flops
    True
    >>> abs(law.loss(plan.params, plan.tokens) - target) < 1e-12  # it reaches the target
    True
    """
    return _plan(
        law, target_loss, inference_tokens, flops_per_param_token, inference_flops_per_param_token, _PER_FLOP, _PER_FLOP
    )


def _hardware(value: Any, name: str) -> Hardware:
    if isinstance(value, Hardware):
        return value
    if isinstance(value, Mapping):
        unknown = set(value) - {"gpu", "mfu", "peak_flops", "price_per_hour"}
        if unknown:
            raise TypeError(
                f"{name} takes the arguments of Hardware.of (gpu, mfu, peak_flops, price_per_hour), "
                f"got {sorted(map(str, unknown))}"
            )
        return Hardware.of(**value)
    raise TypeError(
        f"{name} must be a Hardware (with price_per_hour) or a dict of its arguments, got {type(value).__name__}"
    )


def _price(hardware: Hardware, name: str) -> _Price:
    """A phase's price per FLOP as (price_per_hour, flops_per_hour): never formed, so no price is too small or large."""
    if hardware.price_per_hour is None:
        raise ValueError(f"{name}: price_per_hour is needed for costs in money; give it to Hardware.of(...)")
    return hardware.price_per_hour, hardware.flops_per_hour


def dollars_per_flop(price_per_hour: Any, *, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> float:
    """Cost of one FLOP [$/FLOP] on an accelerator rented at ``price_per_hour`` [$ per GPU-hour] at ``mfu``.

    Parameters
    ----------
    price_per_hour : float
        [$ per accelerator-hour], > 0.
    mfu : float
        Model FLOPs utilisation in (0, 1].
    gpu : str, optional
        A name in :data:`chinchilla_lib.ACCELERATORS`. Give this or ``peak_flops``.
    peak_flops : float, optional
        Peak throughput [FLOP/s] of one accelerator.

    Returns
    -------
    float
        [$/FLOP].

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range, 3600·peak·mfu is not a normal float64, or the price per FLOP is not one
        (in [2.2e-308, 1.8e308]): the message gives the range of ``price_per_hour`` this hardware allows.

    Examples
    --------
    >>> dollars_per_flop(3600.0, peak_flops=1e15, mfu=1.0)  # $1 per second for 1e15 FLOP/s
    1e-15
    >>> dollars_per_flop(7200.0, peak_flops=1e15, mfu=0.5) == 4 * dollars_per_flop(3600.0, peak_flops=1e15, mfu=1.0)
    True
    """
    return Hardware.of(gpu, mfu=mfu, peak_flops=peak_flops, price_per_hour=price_per_hour).dollars_per_flop


def inference_optimal_cost(
    law: ScalingLaw,
    target_loss: Any,
    inference_tokens: Any,
    *,
    training: Hardware | Mapping[str, Any],
    inference: Hardware | Mapping[str, Any],
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    inference_flops_per_param_token: Any = INFERENCE_FLOPS_PER_PARAM_TOKEN,
) -> InferenceOptimal:
    """:func:`inference_optimal` in money: each phase priced by its own hardware, MFU and $/GPU-hour.

    Parameters
    ----------
    law : ScalingLaw
        The loss law.
    target_loss : float or Allocation
        As in :func:`inference_optimal`.
    inference_tokens : float
        D_inf [tokens] >= 0.
    training, inference : Hardware or dict
        Each phase's hardware with its ``price_per_hour``, e.g. ``Hardware.of("H100-SXM", mfu=0.4,
        price_per_hour=2.5)`` or the same as a dict; inference typically runs at a much lower MFU.
    flops_per_param_token, inference_flops_per_param_token : float
        k of training (6) and of inference (2).

    Returns
    -------
    InferenceOptimal
        As :func:`inference_optimal`, with ``cost`` and ``chinchilla_cost`` in dollars.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range, a phase has no price, the FLOPs leave float64, or a cost (of the plan or of
        the Chinchilla model) is not a normal float64 in [2.2e-308, 1.8e308]. Any price_per_hour and mfu that pass
        :class:`~chinchilla_lib.Hardware` are taken: the search depends only on the ratio of the two prices per FLOP,
        worked in logs, and each cost is price_per_hour · FLOPs / (FLOPs per hour) without forming a price per FLOP.

    References
    ----------
    .. [1] N. Sardana et al. 2024, arXiv:2401.00448.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS, Hardware
    >>> law = PUBLISHED_LAWS["sardana2024"]
    >>> same = Hardware.of("H100-SXM", mfu=0.4, price_per_hour=2.0)
    >>> in_money = inference_optimal_cost(law, 2.0, 1e13, training=same, inference=same)
    >>> abs(in_money.params / inference_optimal(law, 2.0, 1e13).params - 1) < 1e-9  # same price: same model
    True
    >>> cheap = Hardware.of("H100-SXM", mfu=0.4, price_per_hour=2e-300)  # $/FLOP below float64's normal range
    >>> tiny = inference_optimal_cost(law, 2.0, 1e13, training=cheap, inference=cheap)
    >>> abs(tiny.params / in_money.params - 1) < 1e-12 and abs(tiny.cost / in_money.cost / 1e-300 - 1) < 1e-12
    True
    """
    training_price = _price(_hardware(training, "training"), "training")
    inference_price = _price(_hardware(inference, "inference"), "inference")
    return _plan(
        law,
        target_loss,
        inference_tokens,
        flops_per_param_token,
        inference_flops_per_param_token,
        training_price,
        inference_price,
    )
