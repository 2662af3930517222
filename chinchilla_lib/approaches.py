r"""Approaches 1 and 2 of Hoffmann et al. 2022: the optimum read off runs directly, without a loss model.

Both estimate :math:`N_{opt}(C)` at several budgets and then fit power laws :math:`N_{opt} \propto C^{a}`,
:math:`D_{opt} \propto C^{b}` by least squares in log space. Approach 3 (the parametric fit) is in
:mod:`chinchilla_lib.fitting`.

* **Approach 2, IsoFLOP profiles** (§3.2): train several model sizes at each of a few budgets, fit a parabola to the
  final loss against :math:`\log N` for each budget, and take its vertex as :math:`N_{opt}(C)`. The true profile is
  not a parabola, so the answer drifts when the sizes tried are spread wide or off-centre.
* **Approach 1, training-curve envelope** (§3.1): train each model size on many token counts; at each budget
  :math:`C`, read every curve at :math:`D = C/(kN)` and keep the size with the lowest loss. With finitely many
  sizes, :math:`N_{opt}` moves in steps.

Reference: Hoffmann et al. 2022, arXiv:2203.15556, §3.1-3.2 and Table 2 (Approach 1: a = 0.50, b = 0.50;
Approach 2: a = 0.49, b = 0.51).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from chinchilla_lib._validation import FloatArray, check_positive
from chinchilla_lib.allocation import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.runs import Runs
from chinchilla_lib.synthetic import TrainingCurve


@dataclasses.dataclass(frozen=True)
class PowerLawFit:
    """Optima at several budgets and the power laws through them: N_opt = params_coef·C^a, D_opt = tokens_coef·C^b."""

    flops: FloatArray
    params: FloatArray
    tokens: FloatArray
    loss: FloatArray
    a: float
    b: float
    params_coef: float
    tokens_coef: float

    def params_at(self, flops: float) -> float:
        """N_opt at a budget [FLOP], extrapolated along the fitted power law."""
        return float(self.params_coef * flops**self.a)

    def tokens_at(self, flops: float) -> float:
        """D_opt at a budget [FLOP], extrapolated along the fitted power law."""
        return float(self.tokens_coef * flops**self.b)


def _power_law(flops: FloatArray, params: FloatArray, tokens: FloatArray, loss: FloatArray) -> PowerLawFit:
    if flops.size < 2:
        raise ValueError(f"fitting exponents needs optima at two budgets or more, got {flops.size}")
    a, log_kn = np.polyfit(np.log(flops), np.log(params), 1)
    b, log_kd = np.polyfit(np.log(flops), np.log(tokens), 1)
    return PowerLawFit(flops, params, tokens, loss, float(a), float(b), float(np.exp(log_kn)), float(np.exp(log_kd)))


def group_by_budget(flops: FloatArray, gap_decades: float = 0.1) -> FloatArray:
    """Label runs with their IsoFLOP group: sorted budgets split wherever consecutive ones are more than
    ``gap_decades`` apart (in log10); each label is the group's geometric-mean budget [FLOP].

    Needed for budgets read off a figure (Epoch's extraction of Hoffmann's Fig. 4 has 9.1e18 … 9.99e18 for "1e19").
    """
    values, _ = check_positive(flops, "flops", "FLOP")
    logs = np.log10(np.atleast_1d(np.asarray(values, dtype=float)))
    order = np.argsort(logs, kind="stable")
    starts = np.concatenate([[True], np.diff(logs[order]) > gap_decades])
    group_of_sorted = np.cumsum(starts) - 1
    groups = np.empty_like(group_of_sorted)
    groups[order] = group_of_sorted
    centres = np.array([10 ** logs[groups == g].mean() for g in range(int(groups.max()) + 1)])
    return np.asarray(centres[groups], dtype=float)


def fit_isoflop_profiles(
    runs: Runs,
    *,
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    gap_decades: float = 0.1,
) -> PowerLawFit:
    """Approach 2: a parabola in log N through each budget's final losses; its vertex is N_opt(C).

    Runs are grouped by ``runs.budget`` if set, else by :func:`group_by_budget` of k·N·D. A group needs three runs
    or more, and a profile that curves the wrong way (no minimum) is an error that names its budget.
    """
    labels = runs.budget if runs.budget is not None else group_by_budget(runs.flops(flops_per_param_token), gap_decades)
    budgets, params, losses = [], [], []
    for budget in np.unique(labels):
        mine = labels == budget
        if np.count_nonzero(mine) < 3:
            continue
        curvature, slope, intercept = np.polyfit(np.log(runs.params[mine]), runs.loss[mine], 2)
        if curvature <= 0:
            raise ValueError(f"the IsoFLOP profile at {budget:.3g} FLOP has no minimum (its parabola opens down)")
        budgets.append(float(budget))
        params.append(float(np.exp(-slope / (2 * curvature))))  # the vertex
        losses.append(float(intercept - slope**2 / (4 * curvature)))
    flops, n_opt = np.array(budgets), np.array(params)
    return _power_law(flops, n_opt, flops / (flops_per_param_token * n_opt), np.array(losses))


def fit_training_envelope(
    curves: Sequence[TrainingCurve],
    flops: Sequence[float] | None = None,
    *,
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
) -> PowerLawFit:
    """Approach 1: at each budget, the model size whose curve is lowest at D = C/(kN); then power laws.

    Curves are interpolated linearly in (log D, L). Budgets default to 30 log-spaced values where at least two curves
    reach. A budget is dropped when no curve reaches it, or when the smallest or the largest model size wins there:
    the optimum may then lie beyond the sizes tried, and keeping it would bend the fitted exponent.
    """
    if len(curves) < 2:
        raise ValueError(f"the envelope needs training curves of two model sizes or more, got {len(curves)}")
    k = flops_per_param_token
    reach = [(k * c.params * c.tokens[0], k * c.params * c.tokens[-1]) for c in curves]
    if flops is None:
        low = sorted(r[0] for r in reach)[1]
        high = sorted(r[1] for r in reach)[-2]
        flops = list(np.logspace(np.log10(low), np.log10(high), 30))
    budgets = np.asarray(check_positive(list(flops), "flops", "FLOP")[0], dtype=float)
    smallest, largest = min(c.params for c in curves), max(c.params for c in curves)
    optima = []
    for budget in budgets:
        best: tuple[float, float] | None = None
        for curve, (lo, hi) in zip(curves, reach, strict=True):
            if lo <= budget <= hi:
                at = float(np.interp(np.log(budget / (k * curve.params)), np.log(curve.tokens), curve.loss))
                if best is None or at < best[1]:
                    best = (float(curve.params), at)
        if best is not None and smallest < best[0] < largest:
            optima.append((budget, best[0], budget / (k * best[0]), best[1]))
    if not optima:
        raise ValueError("no budget has its optimum strictly inside the model sizes tried; widen the sizes")
    flops_, params, tokens, loss = (np.array(column) for column in zip(*optima, strict=True))
    return _power_law(flops_, params, tokens, loss)
