"""The screen: every start of the Approach 3 grid optimised at once, to find the few worth refining with scipy.

A vectorised BFGS with per-start Armijo backtracking, the same stopping rules as scipy's L-BFGS-B and pruning of
starts far behind the leaders. Plain NumPy on already-checked arrays.
"""

from __future__ import annotations

import numpy as np

from chinchilla_lib._core.objective import Array, value_and_gradient

# scipy's L-BFGS-B defaults, which the paper's and Epoch's fits used; the screen applies the same rules
SCIPY_FTOL = 1e7 * np.finfo(float).eps  # factr = 1e7
SCIPY_GTOL = 1e-5  # pgtol


def screen_starts(
    starts: Array,
    x_runs: Array,
    y_runs: Array,
    z_runs: Array,
    delta: float,
    *,
    max_iterations: int = 200,
    prune_every: int = 10,
    prune_factor: float = 3.0,
) -> Array:
    """Predict each start's final objective by optimising all of them at once (vectorised BFGS).

    Each start takes quasi-Newton steps with its own inverse-Hessian estimate and Armijo backtracking, and stops by
    scipy's L-BFGS-B rules (projected gradient <= 1e-5, or relative decrease <= 1e7·eps). Every ``prune_every``
    iterations, starts whose objective is more than ``prune_factor`` times the best so far stop early: they cannot
    win. Returns the objective each start reached (lower is more promising).

    The screen always works on the *sum* of Huber losses: the mean has the same basins, but its gradient is so
    small that the stopping rule would halt every start early and the ranking would say nothing about basins.
    ``x_runs``, ``y_runs``, ``z_runs`` are log N, log D and log L of the runs.
    """
    count = len(starts)
    theta = np.array(starts, dtype=float)
    f, g = value_and_gradient(theta, x_runs, y_runs, z_runs, delta)
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
        new_x, new_f, new_g = theta[idx].copy(), f[idx].copy(), g[idx].copy()
        searching = np.ones(idx.size, dtype=bool)
        for _ in range(30):
            trial_rows = np.flatnonzero(searching)
            if trial_rows.size == 0:
                break
            trial = theta[idx[trial_rows]] + step[trial_rows, None] * direction[trial_rows]
            f_trial, g_trial = value_and_gradient(trial, x_runs, y_runs, z_runs, delta)
            accepted = f_trial <= f[idx[trial_rows]] + 1e-4 * step[trial_rows] * slope[trial_rows]
            rows = trial_rows[accepted]
            new_x[rows], new_f[rows], new_g[rows] = trial[accepted], f_trial[accepted], g_trial[accepted]
            searching[rows] = False
            step[trial_rows[~accepted]] *= 0.25
        stuck = searching  # no acceptable step: converged as far as a line search can tell
        s = new_x - theta[idx]
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
        theta[idx], f[idx], g[idx] = new_x, new_f, new_g
        active[idx[stuck | (decrease <= SCIPY_FTOL)]] = False
    return np.asarray(f, dtype=float)
