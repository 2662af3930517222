r"""Compute-optimal allocation under the parametric loss :math:`L(N, D) = E + A N^{-\alpha} + B D^{-\beta}`.

The derivation (chapter 02 redoes it in SymPy): with the budget :math:`C = k N D` fixed, substitute
:math:`D = C/(kN)` and solve :math:`\partial L / \partial N = 0`:

.. math::

    N_{opt}(C) = G \left(\frac{C}{k}\right)^{a}, \qquad
    D_{opt}(C) = G^{-1} \left(\frac{C}{k}\right)^{b}, \qquad
    G = \left(\frac{\alpha A}{\beta B}\right)^{\frac{1}{\alpha+\beta}}, \quad
    a = \frac{\beta}{\alpha+\beta}, \quad b = \frac{\alpha}{\alpha+\beta}.

Because :math:`a + b = 1`, :math:`N_{opt} D_{opt} = C/k` exactly, so the library computes
:math:`D_{opt} = (C/k)/N_{opt}`: one power fewer and an exact round trip. Along the frontier both reducible terms
decay with the same exponent, :math:`a\alpha = b\beta = \alpha\beta/(\alpha+\beta)`, so the optimal loss is a single
power law in compute:

.. math::

    L^*(C) = E + K \left(\frac{C}{k}\right)^{-c}, \qquad
    K = A G^{-\alpha} + B G^{\beta}, \quad c = \frac{\alpha\beta}{\alpha+\beta},

which inverts in closed form for :func:`compute_for_loss`. Eliminating :math:`C` between :math:`N_{opt}` and
:math:`D_{opt}` gives the tokens a model of size :math:`N` should see, independent of :math:`k`:

.. math::

    D^*(N) = \gamma N^{\phi}, \qquad \gamma = \left(\frac{\beta B}{\alpha A}\right)^{1/\beta}, \quad
    \phi = \frac{\alpha}{\beta}.

References
----------
Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", arXiv:2203.15556, eq. (4) and App. D.2.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from chinchilla_lib._validation import (
    ArrayOrFloat,
    check_flops_per_param_token,
    check_positive,
    check_range,
    output,
)

if TYPE_CHECKING:
    from chinchilla_lib.laws import ScalingLaw

DEFAULT_FLOPS_PER_PARAM_TOKEN = 6.0
"""k in C = k·N·D: forward pass ≈ 2 FLOPs per parameter per token, backward ≈ twice that (Hoffmann et al. App. F)."""


class Allocation(NamedTuple):
    """A training plan: model size, training tokens, training compute and the loss the law predicts.

    Unpacks like a tuple, ``N, D, C, L = law.compute_optimal(1e23)``; fields are Python floats for scalar inputs
    and NumPy arrays (broadcast together) for array inputs.
    """

    params: ArrayOrFloat
    """N [parameters]"""
    tokens: ArrayOrFloat
    """D [tokens]"""
    flops: ArrayOrFloat
    """C [FLOP], training compute k·N·D"""
    loss: ArrayOrFloat
    """L [nats/token], the law's predicted final training loss"""

    @property
    def tokens_per_param(self) -> ArrayOrFloat:
        """D/N [tokens per parameter]."""
        ratio = np.divide(self.tokens, self.params)
        return float(ratio) if np.ndim(ratio) == 0 else ratio


def compute_optimal(
    law: ScalingLaw, flops: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
) -> Allocation:
    r"""The allocation that minimises the loss at a fixed training budget.

    .. math:: N_{opt} = G (C/k)^{a}, \quad D_{opt} = (C/k) / N_{opt}, \quad L^* = E + K (C/k)^{-c}

    Parameters
    ----------
    law : ScalingLaw
    flops : float or array_like
        C [FLOP], training compute, finite and > 0.
    flops_per_param_token : float
        k [FLOP per parameter per token] in C = k·N·D; 6 by default (Hoffmann et al. 2022, App. F).

    Returns
    -------
    Allocation
        ``(params, tokens, flops, loss)``; ``k * params * tokens == flops`` to rounding.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> N, D, C, L = PUBLISHED_LAWS["hoffmann2022"].compute_optimal(5.76e23)
    >>> round(N / 1e9, 1), round(D / 1e12, 2), round(L, 3)
    (32.2, 2.98, 1.931)
    >>> abs(6 * N * D / C - 1) < 1e-14
    True
    """
    budget, scalar = check_positive(flops, "flops", "FLOP")
    k = check_flops_per_param_token(flops_per_param_token)
    scaled = np.divide(budget, k)  # C/k = N·D [parameter·tokens]
    params = law.G * np.power(scaled, law.a)
    tokens = scaled / params
    loss = law.E + law.frontier_coefficient * np.power(scaled, -law.frontier_exponent)
    return Allocation(output(params, scalar), output(tokens, scalar), output(budget, scalar), output(loss, scalar))


def optimal_tokens(law: ScalingLaw, params: Any) -> ArrayOrFloat:
    r"""Compute-optimal training tokens for a model of ``params`` parameters: :math:`D^*(N) = \gamma N^{\phi}`.

    :math:`D^*(N)` is the :math:`D_{opt}` of the budget at which :math:`N` is the optimal size; it does not depend
    on :math:`k`. Parameters: N [parameters] > 0. Returns D [tokens].

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> law = PUBLISHED_LAWS["hoffmann2022"]
    >>> round(law.gamma, 3), round(law.phi, 3)
    (0.519, 1.214)
    >>> round(law.optimal_tokens(70e9) / 1e12, 2)  # not 1.4T: see chapter 03
    7.66
    """
    n, scalar = check_positive(params, "params", "parameters")
    return output(law.gamma * np.power(n, law.phi), scalar)


def optimal_params(law: ScalingLaw, tokens: Any) -> ArrayOrFloat:
    r"""The model size for which ``tokens`` is the compute-optimal data: :math:`N^*(D) = (D/\gamma)^{1/\phi}`.

    Parameters: D [tokens] > 0. Returns N [parameters]. The inverse of :func:`optimal_tokens`.
    """
    d, scalar = check_positive(tokens, "tokens", "tokens")
    return output(np.power(d / law.gamma, 1.0 / law.phi), scalar)


def allocation_for_params(
    law: ScalingLaw, params: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
) -> Allocation:
    r"""Train a model of ``params`` parameters compute-optimally: :math:`D = D^*(N)`, :math:`C = k N D^*(N)`.

    Parameters: N [parameters] > 0; k [FLOP per parameter per token]. Returns the :class:`Allocation`.
    """
    k = check_flops_per_param_token(flops_per_param_token)
    n, scalar = check_positive(params, "params", "parameters")
    tokens = law.gamma * np.power(n, law.phi)
    loss = law.loss_unchecked(n, tokens)
    return Allocation(output(n, scalar), output(tokens, scalar), output(k * n * tokens, scalar), output(loss, scalar))


def compute_for_loss(
    law: ScalingLaw, target_loss: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
) -> Allocation:
    r"""The cheapest allocation that reaches ``target_loss``: invert :math:`L^*(C) = E + K (C/k)^{-c}`.

    .. math:: C = k \left(\frac{K}{\ell - E}\right)^{1/c}

    Parameters
    ----------
    target_loss : float or array_like
        ℓ [nats/token], strictly above the irreducible loss E (no finite budget reaches E).
    flops_per_param_token : float
        k in C = k·N·D.

    Raises
    ------
    ValueError
        If ℓ <= E, or if the budget it needs exceeds the largest float (ℓ too close to E).

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> law = PUBLISHED_LAWS["hoffmann2022"]
    >>> plan = law.compute_for_loss(2.0)
    >>> abs(law.loss(plan.params, plan.tokens) - 2.0) < 1e-12
    True
    """
    k = check_flops_per_param_token(flops_per_param_token)
    target, scalar = check_range(target_loss, "target_loss", lower=law.E, unit="nats/token")
    # log space: (K/(ℓ-E))^(1/c) overflows long before its logarithm does
    log_scaled = (math.log(law.frontier_coefficient) - np.log(np.subtract(target, law.E))) / law.frontier_exponent
    log_flops = log_scaled + math.log(k)
    if not bool(np.all(log_flops < math.log(np.finfo(np.float64).max))):
        raise ValueError(
            f"target_loss is too close to E = {law.E:g}: reaching it needs more than 1.8e308 FLOP; "
            f"choose target_loss well above E"
        )
    flops = np.exp(log_flops)
    return compute_optimal(law, float(flops) if scalar else flops, k)
