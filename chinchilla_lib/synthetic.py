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

import numpy as np

from chinchilla_lib._validation import FloatArray, check_nonnegative, check_positive
from chinchilla_lib.allocation import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.laws import ScalingLaw
from chinchilla_lib.runs import Runs

DEFAULT_BUDGETS = (6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21)
"""The nine IsoFLOP budgets [FLOP] of Hoffmann et al. 2022, Figure 3."""


def size_grid(centre: float, span: float, points: int) -> FloatArray:
    """``points`` model sizes [parameters] log-spaced from centre/span to centre·span."""
    c = float(check_positive(centre, "centre", "parameters")[0])
    s = float(check_positive(span, "span")[0])
    return np.logspace(math.log10(c / s), math.log10(c * s), points)


def _noisy(loss: FloatArray, noise: float, rng: np.random.Generator) -> FloatArray:
    sigma, _ = check_nonnegative(noise, "noise")
    return np.asarray(loss * np.exp(rng.normal(0.0, float(sigma), np.shape(loss))), dtype=float)


def isoflop_runs(
    law: ScalingLaw,
    budgets: Sequence[float] = DEFAULT_BUDGETS,
    *,
    per_budget: int = 9,
    span: float = 10.0,
    centre: float = 1.0,
    sizes: Sequence[float] | None = None,
    noise: float = 0.01,
    seed: int = 0,
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
) -> Runs:
    """IsoFLOP sweeps: at each budget, ``per_budget`` model sizes log-spaced over a factor ``span`` either side of
    ``centre`` × N_opt (``centre`` != 1 puts the grid off-centre), trained on D = C/(kN) tokens.

    ``sizes`` instead uses the same model sizes [parameters] at every budget, as a real sweep often does: then the
    grid is off-centre by a different amount at each budget.
    """
    check_positive(list(budgets), "budgets", "FLOP")
    span_ = float(check_positive(span, "span")[0])
    centre_ = float(check_positive(centre, "centre")[0])
    if not isinstance(per_budget, int) or per_budget < 3:
        raise ValueError(f"per_budget must be a whole number >= 3 (a parabola needs three points), got {per_budget!r}")
    rng = np.random.default_rng(seed)
    params, tokens, budget = [], [], []
    fixed = None if sizes is None else np.asarray(check_positive(list(sizes), "sizes", "parameters")[0], dtype=float)
    for flops in budgets:
        if fixed is None:
            grid = size_grid(
                float(law.compute_optimal(flops, flops_per_param_token).params) * centre_, span_, per_budget
            )
        else:
            grid = fixed
        params.append(grid)
        tokens.append(flops / (flops_per_param_token * grid))
        budget.append(np.full(grid.size, float(flops)))
    n, d = np.concatenate(params), np.concatenate(tokens)
    return Runs(n, d, _noisy(np.asarray(law.loss(n, d)), noise, rng), np.concatenate(budget))


@dataclasses.dataclass(frozen=True)
class TrainingCurve:
    """Loss against tokens seen for one model size (each point the final loss of a run of that length)."""

    params: float
    tokens: FloatArray
    loss: FloatArray


def training_curves(
    law: ScalingLaw,
    model_sizes: Sequence[float] = tuple(np.logspace(7.5, 10.5, 16)),
    *,
    tokens_range: tuple[float, float] = (1e8, 1e12),
    points: int = 60,
    noise: float = 0.0,
    seed: int = 0,
) -> list[TrainingCurve]:
    """One training curve per model size, ``points`` token counts log-spaced over ``tokens_range``."""
    check_positive(list(model_sizes), "model_sizes", "parameters")
    low, high = (float(v) for v in np.asarray(check_positive(list(tokens_range), "tokens_range", "tokens")[0]))
    if not low < high:
        raise ValueError(f"tokens_range must be (low, high) with low < high, got {tokens_range!r}")
    rng = np.random.default_rng(seed)
    tokens = np.logspace(math.log10(low), math.log10(high), points)
    return [
        TrainingCurve(float(n), tokens.copy(), _noisy(np.asarray(law.loss(float(n), tokens)), noise, rng))
        for n in model_sizes
    ]
