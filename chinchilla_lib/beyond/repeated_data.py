r"""Data-constrained scaling: what repeated data is worth, and the best plan when unique tokens run out.

Muennighoff et al. (2023) fit how the value of a token decays with repetition. A run of D tokens drawn from U unique
ones sees :math:`U_D = \min(U, D)` of them, :math:`R_D = D/U_D - 1` times more, and its effective data is

.. math:: D' = U_D + U_D R^*_D \left(1 - e^{-R_D/R^*_D}\right).

Parameters beyond what the unique data can usefully feed decay likewise: with :math:`U_N = \min(N, N^*(U_D))`,
:math:`N^*` the model size for which :math:`U_D` tokens are compute-optimal under the base law, and
:math:`R_N = N/U_N - 1`,

.. math:: N' = U_N + U_N R^*_N \left(1 - e^{-R_N/R^*_N}\right), \qquad L = L_{base}(N', D').

Following the authors' code, the unique tokens a run can use are :math:`U_D = \min(U, D)` in *both* terms: a run
shorter than the unique data cannot use more of it than it reads.

References
----------
.. [1] N. Muennighoff et al., "Scaling Data-Constrained Language Models", 2023, arXiv:2305.16264, eqs. (5)-(7).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from chinchilla_lib._core import frontier as core
from chinchilla_lib._validation import (
    ArrayOrFloat,
    FloatArray,
    check_broadcast,
    check_positive,
    output,
    positive_scalar,
    representable,
)
from chinchilla_lib.allocation import Allocation
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.laws import PUBLISHED_LAWS, ScalingLaw

R_STAR_TOKENS = 15.387756
"""R*_D: repetitions of data after which its value has decayed by 1/e (Muennighoff et al. 2023, fitted)."""
R_STAR_PARAMS = 5.309743
"""R*_N: the same for parameters in excess of what the unique data supports (Muennighoff et al. 2023, fitted)."""
_BASE_LAW = "muennighoff2023_c4"


@core.quiet()
def _decayed(total: ArrayOrFloat, unique: ArrayOrFloat, r_star: float) -> FloatArray:
    """Unique + unique·R*·(1 − exp(−R/R*)) with R = total/unique − 1 >= 0, unique capped at total."""
    used = np.minimum(unique, total)
    repeats = np.maximum(np.divide(total, used) - 1.0, 0.0)
    return np.asarray(used + used * (r_star * -np.expm1(-repeats / r_star)), dtype=float)


def _base(law: Any) -> ScalingLaw:
    if law is None:
        return PUBLISHED_LAWS[_BASE_LAW]
    if not isinstance(law, ScalingLaw):
        raise TypeError(f"law must be a ScalingLaw or None (the C4 law), got {type(law).__name__}")
    return law


@core.quiet()
def _loss(f: core.Frontier, params: ArrayOrFloat, tokens: ArrayOrFloat, unique: ArrayOrFloat) -> FloatArray:
    """The data-constrained loss on checked values, U_D = min(U, D) in both terms."""
    used = np.minimum(unique, tokens)
    supported = core.optimal_params(f, used)
    return np.asarray(core.loss(f, _decayed(params, supported, R_STAR_PARAMS), _decayed(tokens, used, R_STAR_TOKENS)))


def effective_tokens(tokens: Any, unique_tokens: Any, r_star: Any = R_STAR_TOKENS) -> ArrayOrFloat:
    r"""Effective data of D tokens drawn from U unique ones, repeated as needed [tokens].

    .. math:: D' = U_D + U_D R^*_D \left(1 - e^{-R_D/R^*_D}\right), \quad U_D = \min(U, D), \quad R_D = D/U_D - 1

    Parameters
    ----------
    tokens : float or array_like
        D [tokens] trained on, finite and > 0.
    unique_tokens : float or array_like
        U [tokens] available, finite and > 0.
    r_star : float
        R*_D, > 0; 15.387756 as fitted by Muennighoff et al. 2023.

    Returns
    -------
    float or numpy.ndarray
        D' [tokens]: D itself without repetition, at most U·(1 + R*_D) however many epochs.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range or the shapes do not broadcast.

    References
    ----------
    .. [1] N. Muennighoff et al. 2023, arXiv:2305.16264, eq. (5).

    Examples
    --------
    >>> effective_tokens(5e9, 1e10) == 5e9  # no repetition: fresh data counts fully
    True
    >>> 0.9 < effective_tokens(4e9, 1e9) / 4e9 < 1  # four epochs are worth a little less than fresh data
    True
    """
    d, d_scalar = check_positive(tokens, "tokens", "tokens")
    u, u_scalar = check_positive(unique_tokens, "unique_tokens", "tokens")
    check_broadcast(tokens=d, unique_tokens=u)
    r = positive_scalar(r_star, "r_star")
    return output(_decayed(d, u, r), d_scalar and u_scalar)


def effective_params(
    params: Any, unique_tokens: Any, law: ScalingLaw | None = None, r_star: Any = R_STAR_PARAMS
) -> ArrayOrFloat:
    r"""Effective parameters when the unique data a run uses can usefully feed only a smaller model [parameters].

    .. math:: N' = U_N + U_N R^*_N \left(1 - e^{-R_N/R^*_N}\right), \quad U_N = \min(N^*(U_D), N), \quad
              R_N = N/U_N - 1

    Parameters
    ----------
    params : float or array_like
        N [parameters], finite and > 0.
    unique_tokens : float or array_like
        :math:`U_D` [tokens], the unique tokens the run uses: min(U, D) for a run of D tokens from U unique ones
        (as :func:`data_constrained_loss` passes it).
    law : ScalingLaw, optional
        The base law whose :math:`N^*(U_D)` is used; ``muennighoff2023_c4`` by default.
    r_star : float
        R*_N, > 0; 5.309743 as fitted by Muennighoff et al. 2023.

    Returns
    -------
    float or numpy.ndarray
        N' [parameters].

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range or the shapes do not broadcast.

    References
    ----------
    .. [1] N. Muennighoff et al. 2023, arXiv:2305.16264, eq. (6).

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> supported = PUBLISHED_LAWS["muennighoff2023_c4"].optimal_params(1e10)
    >>> effective_params(supported / 2, 1e10) == supported / 2  # a model the data can feed is not discounted
    True
    """
    base = _base(law)
    n, n_scalar = check_positive(params, "params", "parameters")
    u, u_scalar = check_positive(unique_tokens, "unique_tokens", "tokens")
    check_broadcast(params=n, unique_tokens=u)
    r = positive_scalar(r_star, "r_star")
    supported = core.optimal_params(base._frontier, u)
    representable("the model size the unique tokens support", "unique_tokens", supported)
    return output(_decayed(n, supported, r), n_scalar and u_scalar)


def data_constrained_loss(params: Any, tokens: Any, unique_tokens: Any, law: ScalingLaw | None = None) -> ArrayOrFloat:
    r"""The loss of N parameters trained on D tokens drawn from U unique ones: :math:`L(N', D')` [nats/token].

    Parameters
    ----------
    params : float or array_like
        N [parameters], finite and > 0.
    tokens : float or array_like
        D [training tokens], finite and > 0.
    unique_tokens : float or array_like
        U [tokens] available, finite and > 0; a run uses :math:`U_D = \min(U, D)` of them.
    law : ScalingLaw, optional
        The base law; ``muennighoff2023_c4`` by default (the law R* was fitted with).

    Returns
    -------
    float or numpy.ndarray
        L [nats/token].

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range, the shapes do not broadcast, or the loss leaves float64.

    References
    ----------
    .. [1] N. Muennighoff et al. 2023, arXiv:2305.16264, eq. (7) and the authors' code (U_D = min(U, D)).

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> c4 = PUBLISHED_LAWS["muennighoff2023_c4"]
    >>> data_constrained_loss(1e9, 2e10, 1e12) == c4.loss(1e9, 2e10)  # ample unique data: the base law
    True
    >>> data_constrained_loss(1e9, 2e10, 2e9) > c4.loss(1e9, 2e10)  # ten epochs cost loss
    True
    """
    base = _base(law)
    n, n_scalar = check_positive(params, "params", "parameters")
    d, d_scalar = check_positive(tokens, "tokens", "tokens")
    u, u_scalar = check_positive(unique_tokens, "unique_tokens", "tokens")
    check_broadcast(params=n, tokens=d, unique_tokens=u)
    value = _loss(base._frontier, n, d, u)
    representable("the loss", "params, tokens and unique_tokens", value, positive=False)
    return output(value, n_scalar and d_scalar and u_scalar)


@dataclasses.dataclass(frozen=True)
class DataConstrained:  # numpydoc ignore=PR02
    """The best model for a budget when only ``unique_tokens`` of fresh data exist.

    Made by :func:`data_constrained_optimal`; not checked when made.

    Parameters
    ----------
    params, tokens : float
        N [parameters] and D = C/(kN) [tokens] of the best plan.
    unique_tokens : float
        U [tokens] available.
    flops : float
        C [FLOP].
    loss : float
        The data-constrained loss of the plan [nats/token].
    unconstrained : Allocation
        The compute-optimal plan if data were unlimited.
    plateau : bool
        True when the loss is flat (to 1e-12 relative) over a range of model sizes; ``params`` is then the smallest
        model on that plateau (the cheapest to serve).

    Attributes
    ----------
    epochs : float
        D/U: passes over the unique data (1 or less: no repetition).

    Examples
    --------
    >>> plan = data_constrained_optimal(1e22, unique_tokens=1e10)
    >>> abs(6 * plan.params * plan.tokens / plan.flops - 1) < 1e-12, round(plan.epochs)  # C = 6·N·D, 27 epochs
    (True, 27)
    >>> plan.loss > plan.unconstrained.loss, plan.params < plan.unconstrained.params  # repeats cost loss
    (True, True)
    """

    params: float
    tokens: float
    unique_tokens: float
    flops: float
    loss: float
    unconstrained: Allocation
    plateau: bool = False

    @property
    def epochs(self) -> float:
        """Passes over the unique data (1 or less: no repetition)."""
        return self.tokens / self.unique_tokens


_SPAN_DECADES = 10  # searched above the unconstrained optimum, and below it or below N*(U), whichever is smaller
_STEPS_PER_DECADE = 100  # grid points 0.01 decade apart
_LN10 = math.log(10.0)
_LOG_TINY, _LOG_HUGE = math.log(np.finfo(np.float64).tiny), math.log(np.finfo(np.float64).max)


def data_constrained_optimal(
    flops: Any,
    unique_tokens: Any,
    law: ScalingLaw | None = None,
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
) -> DataConstrained:
    """The model size minimising :func:`data_constrained_loss` at a budget, with D = C/(kN), and U unique tokens.

    Parameters
    ----------
    flops : float
        C [FLOP], finite and > 0.
    unique_tokens : float
        U [tokens] available, finite and > 0.
    law : ScalingLaw, optional
        The base law, ``muennighoff2023_c4`` by default.
    flops_per_param_token : float
        k in C = k·N·D.

    Returns
    -------
    DataConstrained
        The plan, its loss and epochs, and the unconstrained plan for comparison.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range; if ``unique_tokens`` is too little for the law to give an optimum at this
        budget (the best model would be smaller than float64 can search, its loss or epochs leave float64: the
        message gives the range of ``unique_tokens`` that works); or if the loss is flat to 1e-12, or still falling,
        at an end of the sizes searched. The search never returns its bound as an optimum.

    Notes
    -----
    The loss is evaluated on a grid of model sizes 0.01 decade apart, from ten decades below the smaller of the
    unconstrained optimum and :math:`N^*(U)` (the model U tokens are compute-optimal for: scarce data moves the
    optimum down towards a few times :math:`N^*(U)`, whatever the budget) to ten decades above the unconstrained
    optimum, cut to the sizes whose N and D = C/(kN) are normal float64. The best grid point is refined with
    ``scipy.optimize.minimize_scalar`` between its neighbours. When the loss is flat there to 1e-12 (both effective
    quantities saturated), the smallest model on the plateau is returned and ``plateau`` is True.

    References
    ----------
    .. [1] N. Muennighoff et al. 2023, arXiv:2305.16264, §5.

    Examples
    --------
    >>> plan = data_constrained_optimal(1e22, 1e10)
    >>> plan.epochs > 1 and plan.loss > plan.unconstrained.loss  # scarce data: repeated, and worse
    True
    >>> abs(6 * plan.params * plan.tokens / 1e22 - 1) < 1e-12
    True
    """
    base = _base(law)
    c = positive_scalar(flops, "flops", "FLOP")
    u = positive_scalar(unique_tokens, "unique_tokens", "tokens")
    k = positive_scalar(flops_per_param_token, "flops_per_param_token", "FLOP per parameter per token")
    return _optimal(base, c, u, k)


def _too_little(f: core.Frontier, c: float, u: float, log_ck: float, smallest: float, why: str) -> ValueError:
    """The error for unique data too little for the law to give an optimum, with the range where it gives one.

    That range, in logs: N*(U) no smaller than the smallest size searched (``smallest``), and epochs C/(kNU) finite
    for N >= N*(U), i.e. log U·(1 + 1/φ) >= log(C/k) − log(max) + log γ/φ.
    """
    log_least = max(
        f.log_gamma + f.phi * math.log(smallest),
        (log_ck - _LOG_HUGE + f.log_gamma / f.phi) / (1.0 + 1.0 / f.phi),
    )
    exponent = math.floor(log_least / _LN10)
    least = f"{10 ** (log_least / _LN10 - exponent):.2g}e{exponent:+03d}"  # from logs: it may be below float64's range
    return ValueError(
        f"unique_tokens={u:g} is too little for the law to give an optimum at flops={c:g} ({why}); it gives one "
        f"for unique_tokens >= about {least} [tokens] at this budget"
    )


def _optimal(base: ScalingLaw, c: float, u: float, k: float) -> DataConstrained:
    """:func:`data_constrained_optimal` on checked arguments (the command line checks them once)."""
    f = base._frontier
    free_params, free_tokens, free_loss = (float(v) for v in core.compute_optimal(f, c, k))
    representable("the unconstrained optimum", "flops and flops_per_param_token", free_params, free_tokens)
    log_free, log_ck = math.log(free_params), math.log(c) - math.log(k)
    log_supported = (math.log(u) - f.log_gamma) / f.phi  # log N*(U), in logs: it may be below float64's range
    # the grid, in steps from the unconstrained optimum, cut one step inside where N or D = C/(kN) is not normal
    wanted = math.floor((min(0.0, log_supported - log_free) / _LN10 - _SPAN_DECADES) * _STEPS_PER_DECADE)
    lowest = math.ceil((max(_LOG_TINY, log_ck - _LOG_HUGE) - log_free) / _LN10 * _STEPS_PER_DECADE) + 1
    highest = math.floor((min(_LOG_HUGE, log_ck - _LOG_TINY) - log_free) / _LN10 * _STEPS_PER_DECADE) - 1
    start, stop = max(wanted, lowest), min(_SPAN_DECADES * _STEPS_PER_DECADE, highest)
    if stop - start < 2:  # the unconstrained optimum itself is at the edge of float64
        raise ValueError(
            f"flops={c:g} puts the unconstrained optimum at the edge of float64: no model sizes around it to search"
        )
    decades = np.linspace(start / _STEPS_PER_DECADE, stop / _STEPS_PER_DECADE, stop - start + 1)
    log_grid = log_free + decades * _LN10
    sizes = np.exp(log_grid)
    losses = _loss(f, sizes, c / (k * sizes), u)
    finite = np.isfinite(losses)
    best = int(np.argmin(np.where(finite, losses, np.inf)))
    flat = losses <= losses[best] * (1 + 1e-12)
    first = best
    while first > 0 and flat[first - 1]:
        first -= 1
    if not finite[best]:
        raise _too_little(f, c, u, log_ck, float(sizes[0]), "the loss leaves float64 at every model size searched")
    if first == 0 and lowest > wanted:
        why = f"the loss keeps falling down to {sizes[0]:.3g} parameters, the smallest size float64 can search here"
        raise _too_little(f, c, u, log_ck, float(sizes[0]), why)
    if first == 0 or best == losses.size - 1:
        raise ValueError(
            f"the data-constrained loss for flops={c:g} and unique_tokens={u:g} is flat to 1e-12, or still falls, "
            f"at an end of the model sizes searched, [{sizes[0]:.3g}, {sizes[-1]:.3g}] parameters: float64 cannot "
            "locate an optimum for inputs this extreme; choose less extreme flops or unique_tokens"
        )
    if first < best - 1:
        log_n, plateau = float(log_grid[first]), True
    else:
        from scipy import optimize  # noqa: PLC0415 - keeps `import chinchilla_lib.beyond` free of scipy

        def loss_at(log_n: float) -> float:
            n = math.exp(log_n)
            return float(_loss(f, n, c / (k * n), u))

        found = optimize.minimize_scalar(
            loss_at, bounds=(log_grid[best - 1], log_grid[best + 1]), method="bounded", options={"xatol": 1e-10}
        )
        log_n, plateau = float(found.x), False
    params = math.exp(log_n)
    tokens = c / (k * params)
    loss = float(_loss(f, params, tokens, u))
    if not (math.isfinite(loss) and tokens / u < math.inf):  # the epochs of a plan on a few tokens can overflow
        raise _too_little(f, c, u, log_ck, float(sizes[0]), "the best plan's epochs, D/U, or its loss leave float64")
    return DataConstrained(params, tokens, u, c, loss, Allocation(free_params, free_tokens, c, free_loss), plateau)
