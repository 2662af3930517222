r"""Fit your own training runs and plan with error bars: the library behind ``chinchilla fit RUNS.csv``.

:func:`read_runs` reads a CSV of runs whatever its columns are called (``params``/``N``/``model size``,
``tokens``/``D`` or ``flops``/``C``, ``loss``/``L`` and an optional IsoFLOP ``budget``), through
:func:`~chinchilla_lib.runs.load_runs_csv` and its named errors. :func:`fit_runs` fits
:math:`L = E + A/N^\alpha + B/D^\beta` by Approach 3, puts percentile-bootstrap intervals on the constants and on
the compute-optimal plan at each budget asked about, and sets the plan next to Approach 2 (when the runs are IsoFLOP
sweeps) and to the recommended published law.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from chinchilla_lib._core import frontier as closed_forms
from chinchilla_lib._validation import (
    as_real,
    check_count,
    check_flops_per_param_token,
    check_positive,
    representable,
)
from chinchilla_lib.approaches import PowerLawFit, fit_isoflop_profiles
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.fitting import bootstrap, fit_parametric
from chinchilla_lib.laws import LAWS, RECOMMENDED_LAW, ScalingLaw
from chinchilla_lib.runs import MAX_LINE_CHARS, Runs, load_runs_csv

EXTRAPOLATION_LIMIT_DECADES = 2.0
"""A budget more than this many decades (factors of 10) beyond the largest run's compute k·N·D is flagged: a law
fitted on the runs is then an extrapolation far outside its data."""
MIN_ISOFLOP_BUDGETS = 3
"""Approach 2 is compared only when at least this many IsoFLOP budgets have :data:`MIN_ISOFLOP_RUNS` runs or more."""
MIN_ISOFLOP_RUNS = 3
"""Runs an IsoFLOP budget needs to count towards :data:`MIN_ISOFLOP_BUDGETS` (a parabola needs three points)."""
PARAMETERS = ("E", "A", "B", "alpha", "beta")
"""The constants of the law, in the order they are reported."""

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "params": ("params", "n", "parameters", "model size", "model_size", "model_params"),
    "tokens": ("tokens", "d", "training tokens", "training_tokens"),
    "flops": ("flops", "c", "compute", "training flop", "training_flop", "training flops"),
    "loss": ("loss", "l", "final loss", "final_loss"),
    "budget": ("budget", "isoflop budget", "isoflop_budget", "nominal flops"),
}
"""The header names :func:`read_runs` recognises for each column, compared case-insensitively."""


def _header(path: Path) -> list[str]:
    """The header row of a CSV file, or [] if it cannot be read here (the loader then reports why)."""
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            first = handle.readline(MAX_LINE_CHARS)
    except (OSError, UnicodeError):
        return []
    try:
        return [field.strip() for field in next(csv.reader(io.StringIO(first)), [])]
    except csv.Error:
        return []


def _column(header: list[str], role: str) -> str | None:
    """The header's name for a role, if it has one of its aliases."""
    folded = {name.casefold(): name for name in header}
    return next((folded[alias] for alias in COLUMN_ALIASES[role] if alias in folded), None)


def read_runs(path: str | os.PathLike[str], *, flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN) -> Runs:
    r"""Read runs from a CSV file, recognising the usual names of its columns.

    The columns are found by :data:`COLUMN_ALIASES` (case-insensitively): N [parameters], D [tokens] or C [FLOP]
    (then D = C/(k·N)), the final loss L [nats/token], and optionally the nominal budget [FLOP] of each run's
    IsoFLOP sweep. Everything is read by :func:`~chinchilla_lib.runs.load_runs_csv`, whose errors name the file, the
    line and the column.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV file with a header row.
    flops_per_param_token : float
        k in C = k·N·D, used only when the file gives C instead of D; 6 by default.

    Returns
    -------
    Runs
        One run per data row, with ``budget`` set when the file has a budget column.

    Raises
    ------
    ValueError
        As :func:`~chinchilla_lib.runs.load_runs_csv` does: a missing column (named by its usual name), a cell that
        is not a finite number > 0 (named by line and column), a file that cannot be read.
    TypeError
        If ``path`` is not a path, or k is not a single real number.

    References
    ----------
    .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, App. D.2 (the runs of an Approach 3 fit).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "runs.csv"
    >>> _ = path.write_text("N,D,Loss,budget\n1e8,2e9,3.1,1.2e18\n4e8,8e9,2.7,1.92e19\n")
    >>> runs = read_runs(path)
    >>> len(runs), float(runs.tokens[1] / runs.params[1]), runs.budget is not None
    (2, 20.0, True)
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a file path (str or path-like), got {type(path).__name__}")
    k = check_flops_per_param_token(flops_per_param_token)  # a single number (the loader would take an array)
    header = _header(Path(path))
    params = _column(header, "params") or "params"
    tokens = _column(header, "tokens")
    flops = None if tokens is not None else _column(header, "flops")
    amount = {"tokens_column": tokens or "tokens"} if flops is None else {"tokens_column": None, "flops_column": flops}
    loss = _column(header, "loss") or "loss"
    budget = _column(header, "budget")
    if budget in (params, tokens, flops, loss):
        budget = None
    return load_runs_csv(
        path, params_column=params, loss_column=loss, budget_column=budget, flops_per_param_token=k, **amount
    )


@dataclasses.dataclass(frozen=True)
class BudgetPlan:  # numpydoc ignore=PR02
    """The compute-optimal plan at one budget under a law fitted to runs, with bootstrap intervals.

    Made by :func:`fit_runs`; not checked when made.

    Parameters
    ----------
    flops : float
        The budget C [FLOP].
    params, tokens, loss : float
        N_opt [parameters], D_opt [tokens] and L* [nats/token] of the fitted law at C.
    params_interval, tokens_interval, loss_interval : tuple of float
        Their (low, high) percentile intervals over the bootstrap refits.
    decades_beyond_runs : float
        log10(C / the largest run's k·N·D); negative inside the runs' range.
    extrapolated : bool
        Whether ``decades_beyond_runs`` exceeds :data:`EXTRAPOLATION_LIMIT_DECADES`.
    isoflop_params : float or None
        Approach 2's N_opt at C, when the runs are IsoFLOP sweeps.
    isoflop_disagreement : float or None
        100·(``isoflop_params``/``params`` - 1) [percent].
    published_law : str
        The key of the recommended published law (:data:`~chinchilla_lib.laws.RECOMMENDED_LAW`).
    published_params, published_tokens, published_loss : float
        Its plan at C.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], budgets=(1e18, 1e19, 1e20), per_budget=5)
    >>> (plan,) = fit_runs(runs, flops=1e21, n_resamples=10).plans
    >>> plan.params_interval[0] <= plan.params <= plan.params_interval[1]
    True
    """

    flops: float
    params: float
    tokens: float
    loss: float
    params_interval: tuple[float, float]
    tokens_interval: tuple[float, float]
    loss_interval: tuple[float, float]
    decades_beyond_runs: float
    extrapolated: bool
    isoflop_params: float | None
    isoflop_disagreement: float | None
    published_law: str
    published_params: float
    published_tokens: float
    published_loss: float


@dataclasses.dataclass(frozen=True)
class RunsFit:  # numpydoc ignore=PR02
    r"""A law fitted to runs by Approach 3, with bootstrap intervals and plans: what :func:`fit_runs` returns.

    Made by :func:`fit_runs`; not checked when made.

    Parameters
    ----------
    law : ScalingLaw
        The fitted law :math:`L = E + A/N^\alpha + B/D^\beta`.
    objective : float
        The summed Huber objective at the fit.
    intervals : dict
        ``{name: (low, high)}`` for E, A, B, alpha, beta: percentile intervals of the bootstrap refits.
    level : float
        The intervals' coverage, e.g. 0.9.
    n_runs : int
        Runs fitted.
    n_dropped : int
        Runs left out of the fit (none: the loader refuses a bad row rather than skipping it).
    residual_median, residual_max : float
        Median and largest :math:`|\log L_{fit} - \log L|` over the runs.
    n_resamples : int
        Bootstrap resamples drawn.
    failures : int
        Resamples whose refit failed, left out of the intervals.
    max_run_flops : float
        The largest run's compute k·N·D [FLOP].
    isoflop : PowerLawFit or None
        Approach 2's fit, when the runs carry :data:`MIN_ISOFLOP_BUDGETS` budgets of :data:`MIN_ISOFLOP_RUNS` runs.
    isoflop_note : str
        Why Approach 2 is absent ("" when present).
    plans : tuple of BudgetPlan
        One per budget asked about.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], budgets=(1e18, 1e19, 1e20), per_budget=5)
    >>> result = fit_runs(runs, n_resamples=10)
    >>> result.n_runs, result.n_dropped, result.isoflop is not None
    (15, 0, True)
    """

    law: ScalingLaw
    objective: float
    intervals: dict[str, tuple[float, float]]
    level: float
    n_runs: int
    n_dropped: int
    residual_median: float
    residual_max: float
    n_resamples: int
    failures: int
    max_run_flops: float
    isoflop: PowerLawFit | None
    isoflop_note: str
    plans: tuple[BudgetPlan, ...]


def _check_level(level: Any) -> float:
    value, scalar = as_real(level, "level")
    if not scalar or not 0 < float(value) < 1:
        raise ValueError(f"level must be a number in (0, 1), got {level!r:.60}")
    return float(value)


def _isoflop(runs: Runs, k: float) -> tuple[PowerLawFit | None, str]:
    """Approach 2's fit when the runs are IsoFLOP sweeps enough to fit it, else None and the reason."""
    if runs.budget is None:
        return None, "the runs have no budget column (IsoFLOP sweeps), so Approach 2 is not fitted"
    labels, counts = np.unique(runs.budget, return_counts=True)
    sweeps = int(np.sum(counts >= MIN_ISOFLOP_RUNS))
    if sweeps < MIN_ISOFLOP_BUDGETS:
        return None, (
            f"Approach 2 needs {MIN_ISOFLOP_BUDGETS} budgets of {MIN_ISOFLOP_RUNS} runs or more; the runs have "
            f"{sweeps} (of {labels.size} budgets)"
        )
    try:
        return fit_isoflop_profiles(runs, flops_per_param_token=k), ""
    except ValueError as error:
        return None, f"Approach 2 failed: {error}"


def _plan(
    flops: float,
    law: ScalingLaw,
    samples: np.ndarray,
    k: float,
    tail: float,
    max_run_flops: float,
    isoflop: PowerLawFit | None,
) -> BudgetPlan:
    """The plan at one checked budget: the fit's, its bootstrap intervals, Approach 2's and the published law's."""
    params, tokens, loss = (float(v) for v in closed_forms.compute_optimal(law._frontier, flops, k))
    representable("the fitted law's optimal model size, tokens or loss", "flops", params, tokens, loss)
    refits = np.array(
        [closed_forms.compute_optimal(closed_forms.frontier(*row), flops, k) for row in samples], dtype=float
    )
    representable("a bootstrap refit's optimal model size, tokens or loss", "flops", refits)
    low, high = np.percentile(refits, [tail, 100 - tail], axis=0)
    intervals = [(float(lo), float(hi)) for lo, hi in zip(low, high, strict=True)]
    decades = math.log10(flops / max_run_flops)
    isoflop_params = None if isoflop is None else isoflop.params_at(flops)
    disagreement = None if isoflop_params is None else 100 * (isoflop_params / params - 1)
    published = LAWS[RECOMMENDED_LAW]
    assert isinstance(published, ScalingLaw)  # the recommended law predicts a loss
    theirs = published._compute_optimal(flops, k)
    return BudgetPlan(
        flops,
        params,
        tokens,
        loss,
        intervals[0],
        intervals[1],
        intervals[2],
        decades,
        decades > EXTRAPOLATION_LIMIT_DECADES,
        isoflop_params,
        disagreement,
        RECOMMENDED_LAW,
        float(theirs.params),
        float(theirs.tokens),
        float(theirs.loss),
    )


def fit_runs(
    runs: Runs,
    *,
    flops: Any = None,
    n_resamples: int = 200,
    seed: int = 0,
    level: Any = 0.9,
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
) -> RunsFit:
    r"""Fit :math:`L = E + A/N^\alpha + B/D^\beta` to runs by Approach 3 and plan budgets with bootstrap intervals.

    The law minimises the sum over runs of Huber losses (δ = 10⁻³) of
    :math:`\log L_{fit}(N_i, D_i) - \log L_i` (Hoffmann et al. 2022, App. D.2, summed as Besiroglu et al. 2024
    show it must be). ``n_resamples`` refits on runs drawn with replacement give percentile intervals of E, A, B,
    alpha, beta and, at each budget C, of the compute-optimal :math:`N_{opt} = G (C/k)^a`,
    :math:`D_{opt} = C/(k N_{opt})` and :math:`L^*` of each refitted law.

    Parameters
    ----------
    runs : Runs
        N [parameters], D [tokens] and final L [nats/token] of each run; ``budget`` set for IsoFLOP sweeps.
    flops : float or array_like, optional
        Budgets C [FLOP] to plan, finite and > 0; none by default.
    n_resamples : int
        Bootstrap resamples, in [10, 100,000].
    seed : int
        Seed of the resampling, >= 0.
    level : float
        Coverage of the intervals, in (0, 1); 0.9 by default.
    flops_per_param_token : float
        k in C = k·N·D.

    Returns
    -------
    RunsFit
        The law, its objective, intervals, residuals, Approach 2's fit (or why it is absent) and one
        :class:`BudgetPlan` per budget.

    Raises
    ------
    TypeError
        If ``runs`` is not a :class:`~chinchilla_lib.runs.Runs`, or an argument has the wrong kind.
    ValueError
        If an argument is out of range, the runs do not determine a law (see
        :func:`~chinchilla_lib.fitting.fit_parametric`), every resample fails to refit, or a plan at ``flops``
        leaves float64.

    Notes
    -----
    A budget more than :data:`EXTRAPOLATION_LIMIT_DECADES` decades beyond the largest run is flagged
    (``BudgetPlan.extrapolated``): the intervals measure the scatter of the runs, not the error of extrapolating
    the law's form.

    References
    ----------
    .. [1] J. Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", arXiv:2203.15556, §3.2-3.3
       and App. D.2.
    .. [2] T. Besiroglu, E. Erdil, M. Barnett, J. You 2024, "Chinchilla Scaling: A replication attempt",
       arXiv:2404.10102, §2-3.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> truth = PUBLISHED_LAWS["besiroglu2024"]
    >>> runs = isoflop_runs(truth, budgets=(1e18, 1e19, 1e20), per_budget=5, noise=0.0)
    >>> result = fit_runs(runs, flops=1e21, n_resamples=10)
    >>> abs(result.law.alpha - truth.alpha) < 1e-6  # noiseless runs give the law back
    True
    >>> (plan,) = result.plans
    >>> abs(6 * plan.params * plan.tokens / plan.flops - 1) < 1e-12  # C = 6·N·D
    True
    """
    if not isinstance(runs, Runs):
        raise TypeError(f"runs must be a Runs (see chinchilla_lib.runs), got {type(runs).__name__}")
    budgets = () if flops is None else tuple(float(c) for c in np.atleast_1d(check_positive(flops, "flops")[0]))
    n_resamples = check_count(n_resamples, "n_resamples", minimum=10, maximum=100_000)
    seed = check_count(seed, "seed", minimum=0)
    level_ = _check_level(level)
    k = check_flops_per_param_token(flops_per_param_token)
    fit = fit_parametric(runs.params, runs.tokens, runs.loss)
    with np.errstate(over="ignore"):
        run_flops = k * runs.params * runs.tokens
    representable("the runs' compute k·N·D", "runs and flops_per_param_token", run_flops)
    max_run_flops = float(np.max(run_flops))
    result = bootstrap(
        runs.params,
        runs.tokens,
        runs.loss,
        n_resamples=n_resamples,
        seed=seed,
        budget=max_run_flops,
        flops_per_param_token=k,
        start=fit,
        progress=False,
    )
    intervals = {name: result.interval(name, level_) for name in PARAMETERS}
    columns = [result.names.index(name) for name in PARAMETERS]
    samples = result.samples[:, columns]
    residuals = np.abs(np.log(np.asarray(fit.law.loss(runs.params, runs.tokens))) - np.log(runs.loss))
    isoflop, note = _isoflop(runs, k)
    tail = 50 * (1 - level_)
    plans = tuple(_plan(c, fit.law, samples, k, tail, max_run_flops, isoflop) for c in budgets)
    return RunsFit(
        fit.law,
        fit.objective,
        intervals,
        level_,
        len(runs),
        0,
        float(np.median(residuals)),
        float(np.max(residuals)),
        result.n_resamples,
        result.failures,
        max_run_flops,
        isoflop,
        note,
        plans,
    )
