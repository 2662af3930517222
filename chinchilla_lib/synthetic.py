r"""Synthetic training runs drawn from a known law, seeded, for teaching and testing the fits.

Noise model: the observed log loss is the law's log loss plus independent Gaussian noise,

.. math:: \log L_{obs} = \log L(N, D) + \varepsilon, \qquad \varepsilon \sim \mathcal{N}(0, \sigma^2),

so ``noise=0.01`` is a multiplicative error of about 1% (run-to-run variation in real sweeps is of that order).
Runs are idealised: each is a separate run whose learning-rate schedule matches its length, so a training curve's
point at D tokens is the final loss of a run of D tokens (Hoffmann et al. approximate this with several schedule
lengths per model size).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from chinchilla_lib._core import frontier as core
from chinchilla_lib._validation import (
    FloatArray,
    check_count,
    check_nonnegative,
    check_positive,
    check_range,
    positive_scalar,
    representable,
)
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.laws import ScalingLaw
from chinchilla_lib.runs import Runs

_MAX_POINTS = 100_000  # sizes per budget or points per curve: more is a mistake, not a finer sweep
DEFAULT_BUDGETS = (6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21)
"""The nine IsoFLOP budgets [FLOP] of Hoffmann et al. 2022, Figure 3."""


def _check_law(law: Any) -> ScalingLaw:
    if not isinstance(law, ScalingLaw):
        raise TypeError(f"law must be a ScalingLaw, got {type(law).__name__}")
    return law


def _vector(value: Any, name: str, unit: str) -> FloatArray:
    checked, _ = check_positive(value, name, unit)
    array = np.atleast_1d(np.asarray(checked, dtype=float))
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-d sequence, got shape {array.shape}")
    return array


def _span(value: Any) -> float:
    span, scalar = check_range(value, "span", lower=1.0, unit="factor")
    if not scalar:
        raise TypeError("span must be a single number")
    return float(span)


def _grid(centre: float, span: float, points: int) -> FloatArray:
    with core.quiet():
        middle, half_width = math.log10(centre), math.log10(span)  # in logs: centre/span may underflow
        grid = np.logspace(middle - half_width, middle + half_width, points)
    representable("the model sizes", "centre and span", grid)
    return grid


def size_grid(centre: Any, span: Any, points: Any) -> FloatArray:
    """Model sizes log-spaced from centre/span to centre·span [parameters].

    Parameters
    ----------
    centre : float
        The middle size [parameters], finite and > 0.
    span : float
        The factor either side, > 1.
    points : int
        How many sizes, >= 1.

    Returns
    -------
    numpy.ndarray
        ``points`` sizes, increasing.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range or the sizes leave float64.

    Examples
    --------
    >>> grid = size_grid(1e9, 10.0, 3)
    >>> bool(np.allclose(grid, [1e8, 1e9, 1e10]))
    True
    """
    c = positive_scalar(centre, "centre", "parameters")
    return _grid(c, _span(span), check_count(points, "points", maximum=_MAX_POINTS))


def _noisy(loss: FloatArray, sigma: float, rng: np.random.Generator) -> FloatArray:
    return np.asarray(loss * np.exp(rng.normal(0.0, sigma, np.shape(loss))), dtype=float)


def _sigma(noise: Any) -> float:
    sigma, scalar = check_nonnegative(noise, "noise")
    if not scalar:
        raise TypeError("noise must be a single number")
    return float(sigma)


def isoflop_runs(
    law: ScalingLaw,
    budgets: Sequence[float] = DEFAULT_BUDGETS,
    *,
    per_budget: int = 9,
    span: Any = 10.0,
    centre: Any = 1.0,
    sizes: Sequence[float] | None = None,
    noise: Any = 0.01,
    seed: int = 0,
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
) -> Runs:
    """IsoFLOP sweeps drawn from a law: at each budget, model sizes trained on D = C/(kN) tokens.

    Parameters
    ----------
    law : ScalingLaw
        The law the runs come from.
    budgets : sequence of float
        C [FLOP] of each sweep; Hoffmann et al.'s nine by default.
    per_budget : int
        Model sizes per budget, >= 3 (a parabola needs three points).
    span : float
        Sizes spread over a factor ``span`` (> 1) either side of ``centre`` × N_opt.
    centre : float
        Puts the grid off-centre when != 1.
    sizes : sequence of float, optional
        The same model sizes [parameters] at every budget instead, as real sweeps often do (then the grid is
        off-centre by a different amount at each budget).
    noise : float
        σ of the Gaussian noise on log loss, >= 0.
    seed : int
        Seed of NumPy's random generator, >= 0.
    flops_per_param_token : float
        k in C = k·N·D.

    Returns
    -------
    Runs
        One run per (budget, size), labelled with its budget.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range or a run leaves float64.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> runs = isoflop_runs(PUBLISHED_LAWS["hoffmann2022"], budgets=(1e19, 1e20), per_budget=5, noise=0.0)
    >>> len(runs), bool(np.allclose(6 * runs.params * runs.tokens, runs.budget))
    (10, True)
    """
    law = _check_law(law)
    flops = _vector(budgets, "budgets", "FLOP")
    per = check_count(per_budget, "per_budget", minimum=3, maximum=_MAX_POINTS)
    span_ = _span(span)
    centre_ = positive_scalar(centre, "centre")
    fixed = None if sizes is None else _vector(sizes, "sizes", "parameters")
    sigma = _sigma(noise)
    rng = np.random.default_rng(check_count(seed, "seed", minimum=0))
    k = positive_scalar(flops_per_param_token, "flops_per_param_token", "FLOP per parameter per token")
    optimum, _, _ = core.compute_optimal(law._frontier, flops, k)
    representable("the optimal model sizes", "budgets and flops_per_param_token", optimum)
    with core.quiet():  # an overflow is reported by name just below
        centres = optimum * centre_
    representable("the sweeps' centres", "centre (a multiple of N_opt)", centres)
    grids = [_grid(float(n) * centre_, span_, per) if fixed is None else fixed for n in np.atleast_1d(optimum)]
    params = np.concatenate(grids)
    budget = np.concatenate([np.full(grid.size, c) for grid, c in zip(grids, flops, strict=True)])
    with core.quiet():
        tokens = budget / (k * params)
    loss = core.loss(law._frontier, params, tokens)
    representable("the runs' tokens or losses", "budgets, sizes, span and centre", tokens, loss)
    return Runs(params, tokens, _noisy(np.asarray(loss), sigma, rng), budget)


@dataclasses.dataclass(frozen=True)
class TrainingCurve:  # numpydoc ignore=PR02
    """Loss against tokens seen for one model size (each point the final loss of a run of that length).

    Checked when made, by :func:`training_curves` or by hand: the arrays are stored as read-only float64 copies, so
    a curve stays valid (Approach 1, :func:`~chinchilla_lib.approaches.fit_training_envelope`, takes it as it is).

    Parameters
    ----------
    params : float
        N [parameters], finite and > 0.
    tokens : numpy.ndarray
        D [tokens], 1-d, finite, > 0 and strictly increasing (one loss per token count).
    loss : numpy.ndarray
        L [nats/token] at each D, finite and > 0, as many as ``tokens``.

    Raises
    ------
    TypeError
        If a field is not real numbers (str, bool, complex, None), or ``params`` is an array.
    ValueError
        Naming the field: a value that is NaN, ±inf or <= 0, an empty or ragged array, ``tokens`` not 1-d or not
        strictly increasing, or ``tokens`` and ``loss`` of different lengths.

    Examples
    --------
    >>> curve = TrainingCurve(1e9, [1e9, 1e10, 1e11], [3.2, 2.6, 2.3])
    >>> curve.tokens.dtype, bool(np.all(np.diff(curve.tokens) > 0)), curve.loss.flags.writeable
    (dtype('float64'), True, False)
    """

    params: float
    tokens: FloatArray
    loss: FloatArray

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", positive_scalar(self.params, "params", "parameters"))
        tokens, loss = _vector(self.tokens, "tokens", "tokens"), _vector(self.loss, "loss", "nats/token")
        if tokens.shape != loss.shape:
            raise ValueError(
                f"tokens and loss must have one element per point, got shapes {tokens.shape} and {loss.shape}"
            )
        rising = np.diff(tokens) > 0
        if not bool(np.all(rising)):
            i = int(np.argmin(rising)) + 1
            raise ValueError(
                f"tokens must be strictly increasing, element {i} ({float(tokens[i])!r}) is not above element "
                f"{i - 1} ({float(tokens[i - 1])!r}); sort the points by tokens"
            )
        for name, array in (("tokens", tokens), ("loss", loss)):
            stored = np.array(array, dtype=float)  # a copy: the caller's array is neither shared nor frozen
            stored.setflags(write=False)
            object.__setattr__(self, name, stored)


def training_curves(
    law: ScalingLaw,
    model_sizes: Sequence[float] = tuple(np.logspace(7.5, 10.5, 16)),
    *,
    tokens_range: tuple[float, float] = (1e8, 1e12),
    points: int = 60,
    noise: Any = 0.0,
    seed: int = 0,
) -> list[TrainingCurve]:
    """One training curve per model size, drawn from a law.

    Parameters
    ----------
    law : ScalingLaw
        The law the curves come from.
    model_sizes : sequence of float
        N [parameters] of each curve.
    tokens_range : (float, float)
        (low, high) [tokens], low < high: the curves' token counts, log-spaced.
    points : int
        Token counts per curve, >= 2.
    noise : float
        σ of the Gaussian noise on log loss, >= 0.
    seed : int
        Seed of NumPy's random generator, >= 0.

    Returns
    -------
    list of TrainingCurve
        One per model size.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> curves = training_curves(PUBLISHED_LAWS["hoffmann2022"], model_sizes=[1e8, 1e9], points=5)
    >>> all(bool(np.all(np.diff(c.loss) < 0)) for c in curves)  # more tokens, lower loss
    True
    """
    law = _check_law(law)
    sizes = _vector(model_sizes, "model_sizes", "parameters")
    bounds = _vector(tokens_range, "tokens_range", "tokens")
    if bounds.size != 2 or not bounds[0] < bounds[1]:
        raise ValueError(f"tokens_range must be (low, high) with low < high, got {tokens_range!r}")
    count = check_count(points, "points", minimum=2, maximum=_MAX_POINTS)
    sigma = _sigma(noise)
    rng = np.random.default_rng(check_count(seed, "seed", minimum=0))
    tokens = np.logspace(math.log10(bounds[0]), math.log10(bounds[1]), count)
    curves = []
    for n in sizes:
        loss = core.loss(law._frontier, float(n), tokens)
        representable("the curves' losses", "model_sizes and tokens_range", loss)
        curves.append(TrainingCurve(float(n), tokens.copy(), _noisy(np.asarray(loss), sigma, rng)))
    return curves
