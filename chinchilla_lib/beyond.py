r"""Beyond the Chinchilla optimum: serving cost, finite data, and the earlier Kaplan et al. (2020) laws.

* **Inference-aware sizing** (Sardana et al. 2024). A model that will process :math:`D_{inf}` tokens in service
  costs :math:`kND` to train plus :math:`2ND_{inf}` to serve. For a target loss :math:`\ell`, the cheapest model
  minimises the total on the curve :math:`L(N, D) = \ell`. Along that curve
  :math:`D(N) = \big(B / (\ell - E - A N^{-\alpha})\big)^{1/\beta}`, and the total
  :math:`f(N) = kND(N) + 2ND_{inf}` has

  .. math:: f'(N) = kD\Big(1 - \frac{\alpha A N^{-\alpha}}{\beta B D^{-\beta}}\Big) + 2D_{inf},

  which rises from :math:`-\infty` (where :math:`D \to \infty`) to positive values, so its root is found by
  bracketing (``scipy.optimize.brentq``). With :math:`D_{inf} = 0` the root is where the two terms balance: the
  Chinchilla optimum.
* **Data-constrained scaling** (Muennighoff et al. 2023). Repeating data is worth less than fresh data. With
  :math:`U` unique tokens seen :math:`D/U` times, the effective data is
  :math:`D' = U + U R^*_D (1 - e^{-R_D/R^*_D})`, :math:`R_D = D/U - 1` repetitions; parameters beyond what the
  unique data supports decay likewise with :math:`R^*_N`. The loss is the base law at :math:`(N', D')`.
* **Kaplan et al. 2020**: :math:`L(N) = (N_c/N)^{\alpha_N}`, :math:`L(D) = (D_c/D)^{\alpha_D}`, and a compute-optimal
  model size growing as :math:`C^{0.73}`, much faster than Chinchilla's :math:`C^{0.46\ldots0.51}`.

References: Sardana, Portes, Doubov, Frankle 2024, arXiv:2401.00448; Muennighoff et al. 2023, arXiv:2305.16264;
Kaplan et al. 2020, arXiv:2001.08361.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from scipy import optimize

from chinchilla_lib import compute
from chinchilla_lib._validation import (
    ArrayOrFloat,
    check_flops_per_param_token,
    check_nonnegative,
    check_positive,
    check_range,
    output,
    positive_scalar,
)
from chinchilla_lib.allocation import DEFAULT_FLOPS_PER_PARAM_TOKEN, Allocation
from chinchilla_lib.compute import INFERENCE_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.laws import PUBLISHED_LAWS, ScalingLaw

# --- inference-aware sizing ------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class InferenceOptimal:
    """The cheapest model that reaches ``loss`` once its inference is counted, beside the Chinchilla model."""

    params: float
    tokens: float
    loss: float
    inference_tokens: float
    training_flops: float
    inference_flops: float
    chinchilla: Allocation
    """The compute-optimal model of the same loss."""
    chinchilla_inference_flops: float
    cost: float
    """What was minimised: FLOPs, or money for :func:`inference_optimal_cost`."""
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


def _tokens_on_loss_curve(law: ScalingLaw, params: float, target: float) -> float:
    """D with L(N, D) = target for a given N [tokens]; requires A/N^alpha < target − E."""
    return float((law.B / (target - law.E - law.A * params ** (-law.alpha))) ** (1.0 / law.beta))


def _solve_inference_optimal(
    law: ScalingLaw, target: float, weighted_inference_tokens: float, k: float, inference_k: float
) -> float:
    """The N minimising k·N·D(N) + inference_k·N·D_inf along L(N, D) = target (D_inf already weighted by cost)."""
    log_floor = math.log(law.A / (target - law.E)) / law.alpha  # below this N, no amount of data reaches the target
    extra = inference_k * weighted_inference_tokens

    def slope(log_n: float) -> float:  # f'(N) = kD(1 − balance) + k_inf·D_inf, with D on the loss curve
        n = math.exp(log_n)
        tokens = _tokens_on_loss_curve(law, n, target)
        balance = law.alpha * law.A * n ** (-law.alpha) / (law.beta * law.B * tokens ** (-law.beta))
        return float(k * tokens * (1.0 - balance) + extra)

    low, high = log_floor + 1e-12 * max(1.0, abs(log_floor)), log_floor + 1.0
    while slope(low) >= 0:  # numerically at the floor: step away until the slope is negative
        low = log_floor + 2 * (low - log_floor) + 1e-9
    while slope(high) <= 0:
        high += 2.0 * (high - log_floor)
    return math.exp(float(optimize.brentq(slope, low, high, xtol=1e-13, rtol=4 * np.finfo(float).eps)))


def inference_optimal(
    law: ScalingLaw,
    target_loss: Any,
    inference_tokens: Any,
    *,
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    inference_flops_per_param_token: Any = INFERENCE_FLOPS_PER_PARAM_TOKEN,
) -> InferenceOptimal:
    r"""The model that reaches ``target_loss`` at the least training plus inference compute (Sardana et al. 2024).

    .. math:: \min_{N, D}\; kND + 2ND_{inf} \quad \text{subject to} \quad L(N, D) = \ell

    Parameters
    ----------
    law : ScalingLaw
    target_loss : float
        ℓ [nats/token] > E.
    inference_tokens : float
        D_inf [tokens] >= 0 processed in service over the model's life (prompt and generated).
    flops_per_param_token, inference_flops_per_param_token : float
        k of training (6) and of inference (2) [FLOP per parameter per token].

    Returns
    -------
    InferenceOptimal
        ``params``, ``tokens``, FLOPs of both phases, the Chinchilla model of equal loss and ``saving``. Solved to
        about 1e-12 relative in N.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> law = PUBLISHED_LAWS["sardana2024"]
    >>> target = law.allocation_for_params(30e9).loss  # a "30B-Chinchilla-quality" model
    >>> plan = inference_optimal(law, target, 1e13)
    >>> round(plan.params / 1e9, 1), round(plan.tokens_vs_chinchilla, 2), round(plan.saving, 2)
    (13.6, 2.84, 0.28)
    """
    return _inference_plan(law, target_loss, inference_tokens, flops_per_param_token, inference_flops_per_param_token,
                           training_cost=1.0, inference_cost=1.0)  # fmt: skip


def _inference_plan(
    law: ScalingLaw,
    target_loss: Any,
    inference_tokens: Any,
    flops_per_param_token: Any,
    inference_flops_per_param_token: Any,
    *,
    training_cost: float,
    inference_cost: float,
) -> InferenceOptimal:
    """Minimise training_cost·(training FLOPs) + inference_cost·(inference FLOPs) on L = target."""
    k = check_flops_per_param_token(flops_per_param_token)
    inference_k = positive_scalar(inference_flops_per_param_token, "inference_flops_per_param_token")
    target, scalar = check_range(target_loss, "target_loss", lower=law.E, unit="nats/token")
    served, served_scalar = check_nonnegative(inference_tokens, "inference_tokens", "tokens")
    if not (scalar and served_scalar):
        raise TypeError("target_loss and inference_tokens must be single numbers")
    target, served = float(target), float(served)
    params = _solve_inference_optimal(law, target, served * inference_cost / training_cost, k, inference_k)
    tokens = _tokens_on_loss_curve(law, params, target)
    chinchilla = law.compute_for_loss(target, k)
    train, serve = k * params * tokens, inference_k * params * served
    chinchilla_serve = inference_k * float(chinchilla.params) * served
    return InferenceOptimal(
        params=params, tokens=tokens, loss=target, inference_tokens=served,
        training_flops=train, inference_flops=serve, chinchilla=chinchilla,
        chinchilla_inference_flops=chinchilla_serve,
        cost=training_cost * train + inference_cost * serve,
        chinchilla_cost=training_cost * float(chinchilla.flops) + inference_cost * chinchilla_serve,
    )  # fmt: skip


def dollars_per_flop(price_per_hour: Any, *, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> float:
    """Cost of one FLOP [$/FLOP] on an accelerator rented at ``price_per_hour`` [$ per GPU-hour] at ``mfu``."""
    price = positive_scalar(price_per_hour, "price_per_hour", "$ per GPU-hour")
    return price / float(compute.gpu_hours_to_flops(1.0, mfu=mfu, gpu=gpu, peak_flops=peak_flops))


def inference_optimal_cost(
    law: ScalingLaw,
    target_loss: Any,
    inference_tokens: Any,
    *,
    training: dict[str, Any],
    inference: dict[str, Any],
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    inference_flops_per_param_token: Any = INFERENCE_FLOPS_PER_PARAM_TOKEN,
) -> InferenceOptimal:
    """:func:`inference_optimal` in money: each phase priced by its own hardware, MFU and $/GPU-hour.

    ``training`` and ``inference`` are keyword sets for :func:`dollars_per_flop`, e.g.
    ``{"gpu": "H100-SXM", "mfu": 0.4, "price_per_hour": 2.5}``; inference typically runs at a much lower MFU.
    ``cost`` and ``chinchilla_cost`` of the result are in dollars.
    """
    training_cost = dollars_per_flop(**training)
    inference_cost = dollars_per_flop(**inference)
    return _inference_plan(law, target_loss, inference_tokens, flops_per_param_token, inference_flops_per_param_token,
                           training_cost=training_cost, inference_cost=inference_cost)  # fmt: skip


# --- data-constrained scaling ----------------------------------------------------------------------------------------

R_STAR_TOKENS = 15.387756
"""R*_D: repetitions of data after which its value has decayed by 1/e (Muennighoff et al. 2023, fitted)."""
R_STAR_PARAMS = 5.309743
"""R*_N: the same for parameters in excess of what the unique data supports (Muennighoff et al. 2023, fitted)."""


def _decayed(total: ArrayOrFloat, unique: ArrayOrFloat, r_star: float) -> ArrayOrFloat:
    """Return unique + unique·R*·(1 − exp(−R/R*)), with R = total/unique − 1 >= 0 repetitions."""
    used = np.minimum(unique, total)
    repeats = np.maximum(np.divide(total, used) - 1.0, 0.0)
    return np.asarray(used + used * r_star * -np.expm1(-repeats / r_star), dtype=float)


def effective_tokens(tokens: Any, unique_tokens: Any, r_star: Any = R_STAR_TOKENS) -> ArrayOrFloat:
    r"""Effective data of ``tokens`` drawn from ``unique_tokens`` repeated as needed [tokens].

    .. math:: D' = U_D + U_D R^*_D \left(1 - e^{-R_D/R^*_D}\right), \quad U_D = \min(U, D), \quad R_D = D/U_D - 1

    With no repetition (D <= U) it is D; with many epochs it tends to U·(1 + R*_D): about 16 epochs' worth of
    fresh data at most. Source: Muennighoff et al. 2023, eq. (5), R*_D = 15.387756.

    Examples
    --------
    >>> round(effective_tokens(4e9, 1e9) / 4e9, 3)  # 4 epochs are worth 93% of as much fresh data
    0.931
    """
    d, d_scalar = check_positive(tokens, "tokens", "tokens")
    u, u_scalar = check_positive(unique_tokens, "unique_tokens", "tokens")
    r = positive_scalar(r_star, "r_star")
    return output(_decayed(d, u, r), d_scalar and u_scalar)


def effective_params(
    params: Any, unique_tokens: Any, law: ScalingLaw | None = None, r_star: Any = R_STAR_PARAMS
) -> ArrayOrFloat:
    r"""Effective parameters when the unique data can usefully feed only a smaller model [parameters].

    .. math:: N' = U_N + U_N R^*_N \left(1 - e^{-R_N/R^*_N}\right), \quad U_N = \min(N^*(U), N), \quad
              R_N = N/U_N - 1

    where :math:`N^*(U)` is the model size for which the unique tokens are the compute-optimal data under the base
    ``law`` (Muennighoff et al. 2023, eq. (6), R*_N = 5.309743; base law ``muennighoff2023_c4`` by default).
    """
    base = PUBLISHED_LAWS["muennighoff2023_c4"] if law is None else law
    n, n_scalar = check_positive(params, "params", "parameters")
    u, u_scalar = check_positive(unique_tokens, "unique_tokens", "tokens")
    r = positive_scalar(r_star, "r_star")
    supported = np.asarray(base.optimal_params(u))
    return output(_decayed(n, supported, r), n_scalar and u_scalar)


def data_constrained_loss(params: Any, tokens: Any, unique_tokens: Any, law: ScalingLaw | None = None) -> ArrayOrFloat:
    r"""The loss of N parameters trained on D tokens drawn from U unique ones: :math:`L(N', D')` [nats/token].

    Muennighoff et al. 2023, eq. (7), with the base law ``muennighoff2023_c4`` by default.

    Examples
    --------
    >>> round(data_constrained_loss(6.34e9, 242e9, 25e9), 12)  # the authors' reference value
    2.225644088998
    """
    base = PUBLISHED_LAWS["muennighoff2023_c4"] if law is None else law
    n_eff = effective_params(params, unique_tokens, base)
    d_eff = effective_tokens(tokens, unique_tokens)
    return base.loss(n_eff, d_eff)


@dataclasses.dataclass(frozen=True)
class DataConstrained:
    """The best model for a budget when only ``unique_tokens`` of fresh data exist."""

    params: float
    tokens: float
    unique_tokens: float
    flops: float
    loss: float
    unconstrained: Allocation
    """The compute-optimal plan if data were unlimited."""

    @property
    def epochs(self) -> float:
        """Passes over the unique data (1 or less: no repetition)."""
        return self.tokens / self.unique_tokens


def data_constrained_optimal(
    flops: Any,
    unique_tokens: Any,
    law: ScalingLaw | None = None,
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
) -> DataConstrained:
    """The N (and D = C/(kN)) minimising :func:`data_constrained_loss` at a budget [FLOP] with U unique tokens.

    A one-dimensional bounded minimisation in log N (``scipy.optimize.minimize_scalar``) over four decades either
    side of the unconstrained optimum.
    """
    base = PUBLISHED_LAWS["muennighoff2023_c4"] if law is None else law
    c = positive_scalar(flops, "flops", "FLOP")
    u = positive_scalar(unique_tokens, "unique_tokens", "tokens")
    k = check_flops_per_param_token(flops_per_param_token)
    free = base.compute_optimal(c, k)
    centre = math.log(float(free.params))

    def loss_at(log_n: float) -> float:
        n = math.exp(log_n)
        return float(data_constrained_loss(n, c / (k * n), u, base))

    best = optimize.minimize_scalar(loss_at, bounds=(centre - 4 * math.log(10), centre + 4 * math.log(10)),
                                    method="bounded", options={"xatol": 1e-10})  # fmt: skip
    params = math.exp(best.x)
    return DataConstrained(params, c / (k * params), u, c, float(best.fun), free)


# --- Kaplan et al. 2020 ----------------------------------------------------------------------------------------------

PF_DAY = 8.64e19
"""One petaflop/s-day [FLOP]: 1e15 FLOP/s × 86,400 s."""


@dataclasses.dataclass(frozen=True)
class KaplanLaw:
    """The separate power laws of Kaplan et al. 2020 (Sec. 1.2, eqs. 1.1-1.2; N counts non-embedding parameters)."""

    alpha_n: float = 0.076
    n_c: float = 8.8e13
    alpha_d: float = 0.095
    d_c: float = 5.4e13
    optimal_params_coefficient: float = 1.3e9
    """N_opt = 1.3e9 · C^0.73 with C in PF-days (Kaplan et al. 2020, Fig. 14 / eq. 6.1)."""
    optimal_params_exponent: float = 0.73
    citation: str = 'Kaplan et al. 2020, "Scaling Laws for Neural Language Models", arXiv:2001.08361'

    def loss_params(self, params: Any) -> ArrayOrFloat:
        """L(N) = (N_c/N)^alpha_N [nats/token]: a model trained to convergence on ample data."""
        n, scalar = check_positive(params, "params", "parameters")
        return output(np.power(self.n_c / np.asarray(n), self.alpha_n), scalar)

    def loss_tokens(self, tokens: Any) -> ArrayOrFloat:
        """L(D) = (D_c/D)^alpha_D [nats/token]: a large model trained with early stopping on D tokens."""
        d, scalar = check_positive(tokens, "tokens", "tokens")
        return output(np.power(self.d_c / np.asarray(d), self.alpha_d), scalar)

    def optimal_params(self, flops: Any) -> ArrayOrFloat:
        """Kaplan's compute-optimal model size N_opt = 1.3e9 · (C / 1 PF-day)^0.73 [parameters], C in FLOP."""
        c, scalar = check_positive(flops, "flops", "FLOP")
        return output(self.optimal_params_coefficient * np.power(np.asarray(c) / PF_DAY,
                                                                 self.optimal_params_exponent), scalar)  # fmt: skip


KAPLAN_2020 = KaplanLaw()
"""Kaplan et al. 2020's published constants."""
