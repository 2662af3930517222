r"""Fitting the law to training runs: Approach 3 (the parametric fit), with the bootstrap.

Approach 3 of Hoffmann et al. 2022 (§3.3, App. D.2) fits :math:`\theta = (a, b, e, \alpha, \beta)`, with
:math:`A = e^a, B = e^b, E = e^e`, by minimising over the runs :math:`i`

.. math::

    \sum_i \mathrm{Huber}_\delta\Big(\mathrm{LSE}\big(a - \alpha \log N_i,\; b - \beta \log D_i,\; e\big)
    - \log L_i\Big), \qquad \delta = 10^{-3},

with L-BFGS from each point of a grid of 4,500 starts, keeping the best. LSE is log-sum-exp, so
:math:`\exp(\mathrm{LSE}) = E + A/N^\alpha + B/D^\beta`: the fit compares *log* losses, and the Huber loss makes it
robust to outliers. Besiroglu et al. 2024 found that the paper's optimiser stopped early because the Huber losses
were **averaged** rather than summed: dividing the objective by the number of runs shrinks its gradient below the
optimiser's fixed tolerance. ``reduction="mean"`` reproduces that.

How the fit is fast without changing its answer
------------------------------------------------
The reference procedure runs one ``scipy.optimize.minimize(method="L-BFGS-B")`` per start. :func:`fit_parametric`
runs exactly those scipy calls, from the same starting points with the same tolerances, but only for the starts
that can win. To find them, a *screen* optimises all starts at once: objective and analytic gradient vectorised
across starts, a quasi-Newton (BFGS) step per start with its own backtracking line search, the same stopping rules
as scipy, and, every few iterations, the starts far behind the leaders dropped. The starts whose screened
objective is lowest are then refined with scipy. ``keep=None`` refines every start: that is the reference loop.

With scipy's default tolerances each run stops once its gradient is below 1e-5 or an iteration gains less than
2.2e-9 (relative), so the best of thousands of runs is partly luck at that level. ``polish=True`` (the default)
continues the winning run with a Newton trust-region on the exact Hessian to the optimum itself, so the result is
no worse than the per-start loop's. It also shows the loss-scale lesson from the other side: a *converged* fit of
the mean is the fit of the sum (the objectives differ by a constant factor). To reproduce the paper's early stopping use
``reduction="mean", polish=False``, and ``keep=None`` to run its exact per-start loop (the screen predicts where a
run ends up, not at which point of its path scipy would have given up).

References
----------
Hoffmann et al. 2022, arXiv:2203.15556, §3.3 and App. D.2. Besiroglu et al. 2024, arXiv:2404.10102, §2-3.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, special
from tqdm.auto import tqdm

from chinchilla_lib._validation import FloatArray, check_positive
from chinchilla_lib.allocation import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.laws import ScalingLaw

Reduction = Literal["sum", "mean"]
HUBER_DELTA = 1e-3
"""δ of the Huber loss in Hoffmann et al. 2022, App. D.2."""

PAPER_GRID: NDArray[np.float64] = np.array(
    list(
        itertools.product(
            np.arange(0.0, 26.0, 5.0),  # a in {0, 5, ..., 25}
            np.arange(0.0, 26.0, 5.0),  # b in {0, 5, ..., 25}
            np.arange(-1.0, 1.01, 0.5),  # e in {-1, -0.5, ..., 1}
            np.arange(0.0, 2.01, 0.5),  # alpha in {0, 0.5, ..., 2}
            np.arange(0.0, 2.01, 0.5),  # beta in {0, 0.5, ..., 2}
        )
    )
)
"""The 4,500 starting points (a, b, e, alpha, beta) of Hoffmann et al. 2022, App. D.2."""
PAPER_GRID.setflags(write=False)

# scipy's L-BFGS-B defaults, which the paper's and Epoch's fits used; the screen applies the same rules
SCIPY_FTOL = 1e7 * np.finfo(float).eps  # factr = 1e7
SCIPY_GTOL = 1e-5  # pgtol
POLISH_OPTIONS = {"gtol": 1e-12, "maxiter": 200}
"""Options of the Newton trust-region (``trust-exact``, exact Hessian) that continues the winning run to the
optimum itself (``polish=True``)."""


@dataclasses.dataclass(frozen=True)
class RunData:
    """Training runs on log scales, validated once: x = log N, y = log D, z = log L."""

    log_params: FloatArray
    log_tokens: FloatArray
    log_loss: FloatArray

    @classmethod
    def from_runs(cls, params: Any, tokens: Any, loss: Any) -> RunData:
        n, _ = check_positive(params, "params", "parameters")
        d, _ = check_positive(tokens, "tokens", "tokens")
        loss_, _ = check_positive(loss, "loss", "nats/token")
        arrays = [np.atleast_1d(np.asarray(v, dtype=float)) for v in (n, d, loss_)]
        if any(a.ndim != 1 for a in arrays) or len({a.size for a in arrays}) != 1:
            shapes = ", ".join(str(a.shape) for a in arrays)
            raise ValueError(f"params, tokens and loss must be 1-d arrays of one length, got shapes {shapes}")
        if arrays[0].size < 5:
            raise ValueError(f"fitting five constants needs at least 5 runs, got {arrays[0].size}")
        return cls(*(np.log(a) for a in arrays))

    @property
    def size(self) -> int:
        return int(self.log_loss.size)


def objective(
    theta: FloatArray, data: RunData, delta: float = HUBER_DELTA, reduction: Reduction = "sum"
) -> tuple[float, FloatArray]:
    r"""The Approach 3 objective for one θ = (a, b, e, α, β), and its gradient (for scipy, ``jac=True``).

    With :math:`t = (a - \alpha x_i,\ b - \beta y_i,\ e)`, :math:`m_i = \mathrm{LSE}(t)`, :math:`r_i = m_i - z_i`,
    :math:`w = \mathrm{softmax}(t)` and :math:`\psi = \mathrm{clip}(r, -\delta, \delta)` (the Huber derivative):

    .. math:: \nabla = \sum_i \psi_i \,(w_1,\ w_2,\ w_3,\ -x_i w_1,\ -y_i w_2)
    """
    a, b, e, alpha, beta = theta
    terms = np.stack([a - alpha * data.log_params, b - beta * data.log_tokens, np.full(data.size, e)])
    lse = special.logsumexp(terms, axis=0)
    residual = lse - data.log_loss
    weights = np.exp(terms - lse)
    psi = np.clip(residual, -delta, delta)
    grad = np.array([
        psi @ weights[0], psi @ weights[1], psi @ weights[2],
        -(psi * data.log_params) @ weights[0], -(psi * data.log_tokens) @ weights[1],
    ])  # fmt: skip
    scale = 1.0 / data.size if reduction == "mean" else 1.0
    return float(special.huber(delta, residual).sum()) * scale, grad * scale


def hessian(theta: FloatArray, data: RunData, delta: float = HUBER_DELTA, reduction: Reduction = "sum") -> FloatArray:
    r"""The exact Hessian of :func:`objective` (5 × 5), for Newton-type polishing.

    With :math:`J_i` the 3 × 5 map from θ to the three LSE terms, :math:`\nabla r_i = J_i^\top w_i` and

    .. math:: H = \sum_i \mathbb{1}(|r_i| \le \delta)\, \nabla r_i \nabla r_i^\top
              + \psi_i\, J_i^\top \big(\mathrm{diag}(w_i) - w_i w_i^\top\big) J_i .

    The Huber loss makes the first term jump as residuals cross ±δ, which is what stalls quasi-Newton methods near
    the optimum and what an exact Hessian handles.
    """
    a, b, e, alpha, beta = theta
    x, y = data.log_params, data.log_tokens
    terms = np.stack([a - alpha * x, b - beta * y, np.full(data.size, e)])
    lse = special.logsumexp(terms, axis=0)
    residual = lse - data.log_loss
    w1, w2, w3 = np.exp(terms - lse)
    psi = np.clip(residual, -delta, delta)
    inside = np.abs(residual) <= delta
    ones, zeros = np.ones(data.size), np.zeros(data.size)
    # rows of J_i for the three terms: d t1 = da - x dalpha, d t2 = db - y dbeta, d t3 = de
    j1 = np.stack([ones, zeros, zeros, -x, zeros], axis=1)
    j2 = np.stack([zeros, ones, zeros, zeros, -y], axis=1)
    j3 = np.stack([zeros, zeros, ones, zeros, zeros], axis=1)
    grad_r = w1[:, None] * j1 + w2[:, None] * j2 + w3[:, None] * j3
    # J^T (diag(w) - w w^T) J = sum_k w_k j_k j_k^T - grad_r grad_r^T
    curvature = (
        np.einsum("n,ni,nj->ij", psi * w1, j1, j1)
        + np.einsum("n,ni,nj->ij", psi * w2, j2, j2)
        + np.einsum("n,ni,nj->ij", psi * w3, j3, j3)
        - np.einsum("n,ni,nj->ij", psi, grad_r, grad_r)
    )
    hess = np.einsum("ni,nj->ij", grad_r[inside], grad_r[inside]) + curvature
    return np.asarray(hess / data.size if reduction == "mean" else hess, dtype=float)


def batched_objective(
    thetas: FloatArray, data: RunData, delta: float = HUBER_DELTA, reduction: Reduction = "sum", block: int = 128
) -> tuple[FloatArray, FloatArray]:
    """:func:`objective` for many θ at once: ``thetas`` (S, 5) -> values (S,) and gradients (S, 5).

    Works through the starts ``block`` at a time so that the (block, runs) temporaries stay in cache.
    """
    values = np.empty(len(thetas))
    grads = np.empty((len(thetas), 5))
    x, y, z = data.log_params, data.log_tokens, data.log_loss
    for lo in range(0, len(thetas), block):
        a, b, e, alpha, beta = (column[:, None] for column in thetas[lo : lo + block].T)
        t1 = a - alpha * x
        t2 = b - beta * y
        top = np.maximum(np.maximum(t1, t2), e)
        e1 = np.exp(t1 - top)
        e2 = np.exp(t2 - top)
        e3 = np.exp(e - top)
        total = e1 + e2 + e3
        residual = top + np.log(total) - z
        values[lo : lo + block] = special.huber(delta, residual).sum(axis=1)
        psi = np.clip(residual, -delta, delta) / total
        w1, w2 = psi * e1, psi * e2
        grads[lo : lo + block] = np.column_stack(
            [w1.sum(axis=1), w2.sum(axis=1), (psi * e3).sum(axis=1), -(w1 @ x), -(w2 @ y)]
        )
    scale = 1.0 / data.size if reduction == "mean" else 1.0
    return values * scale, grads * scale


def screen_starts(
    starts: FloatArray,
    data: RunData,
    *,
    delta: float = HUBER_DELTA,
    max_iterations: int = 200,
    prune_every: int = 10,
    prune_factor: float = 3.0,
) -> FloatArray:
    """Predict each start's final objective by optimising all of them at once (vectorised BFGS).

    Each start takes quasi-Newton steps with its own inverse-Hessian estimate and Armijo backtracking, and stops by
    scipy's L-BFGS-B rules (projected gradient <= 1e-5, or relative decrease <= 1e7·eps). Every ``prune_every``
    iterations, starts whose objective is more than ``prune_factor`` times the best so far stop early: they cannot
    win. Returns the objective each start reached (lower is more promising).

    The screen always works on the *sum* of Huber losses: the mean has the same basins, but its gradient is so
    small that the stopping rule would halt every start early and the ranking would say nothing about basins.
    """
    count = len(starts)
    x = np.array(starts, dtype=float)
    f, g = batched_objective(x, data, delta)
    inverse_hessian = np.broadcast_to(np.eye(5), (count, 5, 5)).copy()
    active = np.ones(count, dtype=bool)
    for iteration in range(max_iterations):
        active &= np.max(np.abs(g), axis=1) > SCIPY_GTOL
        if iteration and iteration % prune_every == 0:
            active &= f <= prune_factor * np.min(f)
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        direction = -np.einsum("sij,sj->si", inverse_hessian[idx], g[idx])
        slope = np.einsum("si,si->s", direction, g[idx])
        uphill = slope >= 0  # a stale Hessian estimate: fall back to steepest descent
        if np.any(uphill):
            inverse_hessian[idx[uphill]] = np.eye(5)
            direction[uphill] = -g[idx[uphill]]
            slope[uphill] = -np.einsum("si,si->s", g[idx[uphill]], g[idx[uphill]])
        step = np.ones(idx.size)
        new_x, new_f, new_g = x[idx].copy(), f[idx].copy(), g[idx].copy()
        searching = np.ones(idx.size, dtype=bool)
        for _ in range(30):
            trial_rows = np.flatnonzero(searching)
            if trial_rows.size == 0:
                break
            trial = x[idx[trial_rows]] + step[trial_rows, None] * direction[trial_rows]
            f_trial, g_trial = batched_objective(trial, data, delta)
            accepted = f_trial <= f[idx[trial_rows]] + 1e-4 * step[trial_rows] * slope[trial_rows]
            rows = trial_rows[accepted]
            new_x[rows], new_f[rows], new_g[rows] = trial[accepted], f_trial[accepted], g_trial[accepted]
            searching[rows] = False
            step[trial_rows[~accepted]] *= 0.25
        stuck = searching  # no acceptable step: converged as far as a line search can tell
        s = new_x - x[idx]
        y = new_g - g[idx]
        sy = np.einsum("si,si->s", s, y)
        update = (sy > 1e-12) & ~stuck
        if iteration == 0:  # scale the first estimate (Shanno), so that steps are well sized from the start
            yy = np.einsum("si,si->s", y, y)
            scale = np.where(update, sy / np.where(yy > 0, yy, 1.0), 1.0)
            inverse_hessian[idx] = np.eye(5) * scale[:, None, None]
        if np.any(update):
            rows = idx[update]
            rho = 1.0 / sy[update]
            left = np.eye(5) - rho[:, None, None] * np.einsum("si,sj->sij", s[update], y[update])
            inverse_hessian[rows] = np.einsum("sij,sjk,slk->sil", left, inverse_hessian[rows], left) + rho[
                :, None, None
            ] * np.einsum("si,sj->sij", s[update], s[update])
        decrease = (f[idx] - new_f) / np.maximum(np.maximum(np.abs(f[idx]), np.abs(new_f)), 1.0)
        x[idx], f[idx], g[idx] = new_x, new_f, new_g
        active[idx[stuck | (decrease <= SCIPY_FTOL)]] = False
    return np.asarray(f, dtype=float)


@dataclasses.dataclass(frozen=True)
class FitResult:
    """The outcome of :func:`fit_parametric`."""

    law: ScalingLaw
    objective: float
    """The best objective (sum or mean of Huber losses, as fitted)."""
    theta: tuple[float, float, float, float, float]
    """(a, b, e, alpha, beta) with A = exp(a), B = exp(b), E = exp(e)."""
    n_starts: int
    """Starting points in the grid."""
    n_refined: int
    """Starts run to completion with scipy's L-BFGS-B (all of them when ``keep=None``)."""
    n_converged: int
    """Of the refined starts, how many scipy reported as converged."""
    reduction: Reduction
    delta: float
    stop_message: str = ""
    """scipy's message for the winning L-BFGS-B run (which stopping test ended it), before any polishing."""


def _check_reduction(reduction: Any) -> Reduction:
    if reduction == "sum":
        return "sum"
    if reduction == "mean":
        return "mean"
    raise ValueError(f"reduction must be 'sum' or 'mean', got {reduction!r}")


def law_from_theta(theta: Any, name: str = "fitted", note: str = "") -> ScalingLaw:
    """The :class:`ScalingLaw` of θ = (a, b, e, alpha, beta); ``ValueError`` if an exponent is not positive."""
    a, b, e, alpha, beta = (float(v) for v in theta)
    return ScalingLaw(E=math.exp(e), A=math.exp(a), B=math.exp(b), alpha=alpha, beta=beta, name=name, note=note,
                      citation="fitted with chinchilla_lib.fitting.fit_parametric (Approach 3)")  # fmt: skip


def theta_from_law(law: ScalingLaw) -> FloatArray:
    """θ = (log A, log B, log E, alpha, beta) of a law: the point of the Approach 3 objective it corresponds to."""
    if law.E <= 0:
        raise ValueError(f"the Approach 3 parametrisation needs E > 0 (e = log E), got E = {law.E!r}")
    return np.array([math.log(law.A), math.log(law.B), math.log(law.E), law.alpha, law.beta])


def fit_parametric(
    params: Any,
    tokens: Any,
    loss: Any,
    *,
    delta: float = HUBER_DELTA,
    reduction: Reduction = "sum",
    starts: Any = None,
    keep: int | None = 32,
    minimize_options: dict[str, Any] | None = None,
    polish: bool = True,
    progress: bool = False,
) -> FitResult:
    r"""Fit :math:`L = E + A/N^\alpha + B/D^\beta` to runs by Approach 3 (Hoffmann et al. 2022, App. D.2).

    Parameters
    ----------
    params, tokens, loss : array_like
        N [parameters], D [tokens] and the final loss L [nats/token] of each run, one-dimensional, same length.
    delta : float
        δ of the Huber loss on log-loss residuals, 1e-3 as in the paper.
    reduction : {"sum", "mean"}
        Sum the Huber losses (correct, Besiroglu et al. 2024) or average them (the paper's early-stopping fit).
    starts : array_like (S, 5), optional
        Starting points (a, b, e, alpha, beta); the paper's 4,500-point :data:`PAPER_GRID` by default.
    keep : int or None
        How many of the most promising starts (by the vectorised screen) to refine with scipy; ``None`` refines
        every start, which is the plain per-start loop.
    minimize_options : dict, optional
        Passed to ``scipy.optimize.minimize(method="L-BFGS-B", options=...)``; scipy's defaults otherwise.
    polish : bool
        Continue the best run to the optimum with scipy's ``trust-exact`` and the exact :func:`hessian`.
        ``False`` keeps the best run as L-BFGS-B's default tolerances left it, as the paper did.
    progress : bool
        Show a progress bar over the refined starts.

    Returns
    -------
    FitResult
        ``.law`` is the fitted :class:`ScalingLaw`; ``.objective`` the best objective found.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], noise=0.0, seed=0)
    >>> fit = fit_parametric(runs.params, runs.tokens, runs.loss)
    >>> round(fit.law.alpha, 3), round(fit.law.beta, 3)
    (0.348, 0.366)
    """
    data = RunData.from_runs(params, tokens, loss)
    reduction = _check_reduction(reduction)
    grid = PAPER_GRID if starts is None else np.asarray(starts, dtype=float)
    if grid.ndim != 2 or grid.shape[1] != 5 or not np.all(np.isfinite(grid)):
        raise ValueError(f"starts must be a finite (S, 5) array of (a, b, e, alpha, beta), got shape {grid.shape}")
    if keep is not None and (not isinstance(keep, int) or keep < 1):
        raise ValueError(f"keep must be a whole number >= 1 or None, got {keep!r}")
    if keep is None or keep >= len(grid):
        chosen = grid
    else:
        screened = screen_starts(grid, data, delta=delta)
        chosen = grid[np.argsort(screened, kind="stable")[:keep]]
    best: optimize.OptimizeResult | None = None
    converged = 0
    for start in tqdm(chosen, desc="refining starts", disable=not progress, leave=False):
        result = optimize.minimize(
            objective, start, args=(data, delta, reduction), jac=True, method="L-BFGS-B", options=minimize_options
        )
        converged += bool(result.success)
        if best is None or result.fun < best.fun:
            best = result
    assert best is not None  # chosen is never empty
    stop_message = str(best.message)
    if polish:
        polished = optimize.minimize(
            objective, best.x, args=(data, delta, reduction), jac=True, hess=hessian, method="trust-exact",
            options=POLISH_OPTIONS,
        )  # fmt: skip
        if polished.fun <= best.fun:
            best = polished
    a, b, e, alpha, beta = (float(v) for v in best.x)
    theta = (a, b, e, alpha, beta)
    law = law_from_theta(theta, note=f"Approach 3 fit to {data.size} runs ({reduction} of Huber losses, δ={delta:g})")
    return FitResult(law, float(best.fun), theta, len(grid), len(chosen), converged, reduction, delta, stop_message)


# --- bootstrap -------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BootstrapResult:
    """Refits on resampled runs: one row of ``samples`` per resample, one column per quantity in ``names``."""

    names: tuple[str, ...]
    samples: FloatArray
    failures: int
    """Resamples whose refit gave a non-positive exponent (left out of ``samples``)."""

    def interval(self, name: str, level: float = 0.95) -> tuple[float, float]:
        """The central percentile interval of one quantity, e.g. ``interval("alpha")`` -> (2.5%, 97.5%)."""
        if name not in self.names:
            raise ValueError(f"name must be one of {', '.join(self.names)}, got {name!r}")
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        column = self.samples[:, self.names.index(name)]
        tail = 50 * (1 - level)
        low, high = np.percentile(column, [tail, 100 - tail])
        return float(low), float(high)

    def intervals(self, level: float = 0.95) -> dict[str, tuple[float, float]]:
        """Percentile intervals of every quantity."""
        return {name: self.interval(name, level) for name in self.names}


def bootstrap(
    params: Any,
    tokens: Any,
    loss: Any,
    *,
    n_resamples: int = 1000,
    seed: int = 0,
    budget: float = 5.76e23,
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    delta: float = HUBER_DELTA,
    reduction: Reduction = "sum",
    start: FitResult | None = None,
    progress: bool = True,
) -> BootstrapResult:
    """Refit Approach 3 on ``n_resamples`` resamples of the runs (drawn with replacement, seeded).

    Each refit starts from the full-data optimum (``start``, fitted here if not given) and is run to convergence
    with scipy's ``trust-exact`` on the exact :func:`hessian`; a resample rarely moves the optimum out of its
    basin, and this keeps 1,000 refits to seconds. Besides E, A, B,
    alpha and beta, it records the frontier exponents a and b and the compute-optimal tokens per parameter at
    ``budget`` [FLOP].
    """
    if not isinstance(n_resamples, int) or n_resamples < 1:
        raise ValueError(f"n_resamples must be a whole number >= 1, got {n_resamples!r}")
    check_positive(budget, "budget", "FLOP")
    data = RunData.from_runs(params, tokens, loss)
    reduction = _check_reduction(reduction)
    if start is None:
        start = fit_parametric(np.exp(data.log_params), np.exp(data.log_tokens), np.exp(data.log_loss),
                               delta=delta, reduction=reduction)  # fmt: skip
    rng = np.random.default_rng(seed)
    names = ("E", "A", "B", "alpha", "beta", "a", "b", "tokens_per_param")
    rows, failures = [], 0

    def refit(resample: RunData) -> Any:
        # A Newton trust-region on the exact Hessian, from the full-data optimum, runs each refit to convergence.
        # L-BFGS-B from the same start stops at its absolute gradient tolerance almost where it began, which makes
        # the intervals for A and B look impossibly narrow: the paper's problem, reproduced by accident.
        return optimize.minimize(objective, start.theta, args=(resample, delta, reduction), jac=True, hess=hessian,
                                 method="trust-exact", options=POLISH_OPTIONS)  # fmt: skip

    for _ in tqdm(range(n_resamples), desc="bootstrap", disable=not progress, leave=False):
        pick = rng.integers(0, data.size, data.size)
        resample = RunData(data.log_params[pick], data.log_tokens[pick], data.log_loss[pick])
        a_, b_, e_, alpha, beta = refit(resample).x
        if alpha <= 0 or beta <= 0:
            failures += 1
            continue
        law = law_from_theta((a_, b_, e_, alpha, beta))
        ratio = law.compute_optimal(budget, flops_per_param_token).tokens_per_param
        rows.append((law.E, law.A, law.B, law.alpha, law.beta, law.a, law.b, ratio))
    return BootstrapResult(names, np.array(rows, dtype=float).reshape(-1, len(names)), failures)
