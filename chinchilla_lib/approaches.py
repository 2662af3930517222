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
from typing import Any

import numpy as np

from chinchilla_lib._core.frontier import quiet
from chinchilla_lib._validation import FloatArray, check_positive, positive_scalar, representable
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.laws import ScalingLaw
from chinchilla_lib.runs import Runs
from chinchilla_lib.synthetic import DEFAULT_BUDGETS, TrainingCurve, isoflop_runs


@dataclasses.dataclass(frozen=True)
class PowerLawFit:  # numpydoc ignore=PR02
    """Optima at several budgets and the power laws through them: N_opt = params_coef·C^a, D_opt = tokens_coef·C^b.

    Made by :func:`fit_isoflop_profiles` and :func:`fit_training_envelope`; not checked when made.

    Parameters
    ----------
    flops, params, tokens, loss : numpy.ndarray
        The budgets [FLOP] and the optimum found at each: N [parameters], D [tokens], L [nats/token].
    a, b : float
        Exponents of N_opt ∝ C^a and D_opt ∝ C^b (least squares in log space).
    params_coef, tokens_coef : float
        Their coefficients: N_opt [parameters] and D_opt [tokens] at C = 1 FLOP.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], budgets=(1e18, 1e19, 1e20), per_budget=5, noise=0.0)
    >>> fit = fit_isoflop_profiles(runs)
    >>> fit.flops.tolist()
    [1e+18, 1e+19, 1e+20]
    >>> abs(fit.a + fit.b - 1) < 1e-12  # D_opt = C/(k·N_opt) at every budget: the exponents add up to 1
    True
    """

    flops: FloatArray
    params: FloatArray
    tokens: FloatArray
    loss: FloatArray
    a: float
    b: float
    params_coef: float
    tokens_coef: float

    def params_at(self, flops: Any) -> float:
        """N_opt at a budget, extrapolated along the fitted power law.

        Parameters
        ----------
        flops : float
            C [FLOP], finite and > 0.

        Returns
        -------
        float
            N_opt [parameters] = params_coef · C^a.

        Raises
        ------
        TypeError
            If ``flops`` is not a single real number.
        ValueError
            If ``flops`` is out of range or the answer leaves float64.

        Examples
        --------
        >>> fit = PowerLawFit(*(np.ones(2),) * 4, a=0.5, b=0.5, params_coef=0.1, tokens_coef=2.0)
        >>> fit.params_at(1e20)
        1000000000.0
        """
        return _extrapolate(self.params_coef, self.a, flops)

    def tokens_at(self, flops: Any) -> float:
        """D_opt at a budget, extrapolated along the fitted power law.

        Parameters
        ----------
        flops : float
            C [FLOP], finite and > 0.

        Returns
        -------
        float
            D_opt [tokens] = tokens_coef · C^b.

        Raises
        ------
        TypeError
            If ``flops`` is not a single real number.
        ValueError
            If ``flops`` is out of range or the answer leaves float64.

        Examples
        --------
        >>> fit = PowerLawFit(*(np.ones(2),) * 4, a=0.5, b=0.5, params_coef=0.1, tokens_coef=2.0)
        >>> fit.tokens_at(1e20)
        20000000000.0
        """
        return _extrapolate(self.tokens_coef, self.b, flops)


def _extrapolate(coefficient: float, exponent: float, flops: Any) -> float:
    """Coefficient · C^exponent at a checked budget, or a ValueError if it leaves float64."""
    c = positive_scalar(flops, "flops", "FLOP")
    with quiet():
        value = coefficient * c**exponent
    representable("the extrapolated power law", "flops", value)
    return float(value)


def _power_law(flops: FloatArray, params: FloatArray, tokens: FloatArray, loss: FloatArray) -> PowerLawFit:
    if np.unique(flops).size < 2:
        raise ValueError(f"fitting exponents needs optima at two budgets or more, got {np.unique(flops).size}")
    a, log_kn = np.polyfit(np.log(flops), np.log(params), 1)
    b, log_kd = np.polyfit(np.log(flops), np.log(tokens), 1)
    coefficients = np.exp([log_kn, log_kd])
    representable("the fitted coefficients", "the runs' budgets", coefficients)
    return PowerLawFit(flops, params, tokens, loss, float(a), float(b), float(coefficients[0]), float(coefficients[1]))


def _gap(gap_decades: Any) -> float:
    return positive_scalar(gap_decades, "gap_decades", "decades")


def _group(flops: FloatArray, gap: float) -> FloatArray:
    logs = np.log10(flops)
    order = np.argsort(logs, kind="stable")
    starts = np.concatenate([[True], np.diff(logs[order]) > gap])
    group_of_sorted = np.cumsum(starts) - 1
    groups = np.empty_like(group_of_sorted)
    groups[order] = group_of_sorted
    with quiet():
        centres = np.array([10 ** logs[groups == g].mean() for g in range(int(groups.max()) + 1)])
    representable("a group's geometric-mean budget", "flops", centres)
    return np.asarray(centres[groups], dtype=float)


def group_by_budget(flops: Any, gap_decades: Any = 0.1) -> FloatArray:
    """Label runs with their IsoFLOP group's geometric-mean budget [FLOP].

    Sorted budgets are split wherever consecutive ones are more than ``gap_decades`` apart (in log10). Needed for
    budgets read off a figure (Epoch's extraction of Hoffmann's Fig. 4 has 9.1e18 … 9.99e18 for "1e19").

    Parameters
    ----------
    flops : array_like
        C [FLOP] of each run, finite and > 0.
    gap_decades : float
        The smallest gap between groups [decades], > 0.

    Returns
    -------
    numpy.ndarray
        Each run's group label, the group's geometric-mean budget [FLOP].

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> labels = group_by_budget([9.1e18, 9.99e18, 9.6e18, 2.9e20, 3.1e20])
    >>> len(set(labels.tolist()))
    2
    """
    values, _ = check_positive(flops, "flops", "FLOP")
    return _group(np.atleast_1d(np.asarray(values, dtype=float)).ravel(), _gap(gap_decades))


def fit_isoflop_profiles(
    runs: Runs,
    *,
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    gap_decades: Any = 0.1,
) -> PowerLawFit:
    """Approach 2: a parabola in log N through each budget's final losses; its vertex is N_opt(C).

    Parameters
    ----------
    runs : Runs
        The runs, grouped by ``runs.budget`` if set, else by :func:`group_by_budget` of k·N·D.
    flops_per_param_token : float
        k in C = k·N·D.
    gap_decades : float
        As in :func:`group_by_budget`.

    Returns
    -------
    PowerLawFit
        The vertex at each budget and the power laws through them.

    Raises
    ------
    TypeError
        If ``runs`` is not a :class:`~chinchilla_lib.runs.Runs` or an argument has the wrong kind.
    ValueError
        If fewer than two budgets have three runs at distinct sizes, or a profile curves the wrong way (its
        parabola opens down: no minimum), named by its budget.

    Notes
    -----
    The true profile is not a parabola, so the vertex is biased, and the bias depends on where the sizes lie
    relative to the optimum: a grid off-centre by different amounts at different budgets bends the exponent.

    References
    ----------
    .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, §3.2.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> law = PUBLISHED_LAWS["besiroglu2024"]
    >>> fit = fit_isoflop_profiles(isoflop_runs(law, noise=0.0))
    >>> abs(fit.a - law.a) < 1e-6  # centred grids: the exponent is right
    True
    """
    if not isinstance(runs, Runs):
        raise TypeError(f"runs must be a Runs (see chinchilla_lib.runs), got {type(runs).__name__}")
    k = positive_scalar(flops_per_param_token, "flops_per_param_token", "FLOP per parameter per token")
    gap = _gap(gap_decades)
    with quiet():
        flops = k * runs.params * runs.tokens
    representable("the runs' budgets k·N·D", "runs and flops_per_param_token", flops)
    labels = runs.budget if runs.budget is not None else _group(flops, gap)
    budgets, params, losses = [], [], []
    for budget in np.unique(labels):
        mine = labels == budget
        if np.unique(runs.params[mine]).size < 3:
            continue  # a parabola needs three distinct sizes
        curvature, slope, intercept = np.polyfit(np.log(runs.params[mine]), runs.loss[mine], 2)
        if curvature <= 0:
            raise ValueError(f"runs: the IsoFLOP profile at {budget:.3g} FLOP has no minimum (its parabola opens down)")
        budgets.append(float(budget))
        params.append(float(np.exp(-slope / (2 * curvature))))  # the vertex
        losses.append(float(intercept - slope**2 / (4 * curvature)))
    if len(budgets) < 2:
        raise ValueError("runs: fitting exponents needs two budgets or more with three distinct model sizes each")
    c, n_opt = np.array(budgets), np.array(params)
    with quiet():
        d_opt = c / (k * n_opt)
    representable("a profile's vertex or its tokens", "runs and flops_per_param_token", n_opt, d_opt)
    return _power_law(c, n_opt, d_opt, np.array(losses))


def fit_training_envelope(
    curves: Sequence[TrainingCurve],
    flops: Any = None,
    *,
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
) -> PowerLawFit:
    """Approach 1: at each budget, the model size whose curve is lowest at D = C/(kN); then power laws.

    Parameters
    ----------
    curves : sequence of TrainingCurve
        Training curves of two model sizes or more, from :func:`~chinchilla_lib.synthetic.training_curves` or made
        by hand; each was checked when made (finite positive sizes, tokens and losses, tokens strictly increasing,
        one loss per token count; see :class:`~chinchilla_lib.synthetic.TrainingCurve`).
    flops : array_like, optional
        The budgets [FLOP]; by default 30 log-spaced values where at least two curves reach.
    flops_per_param_token : float
        k in C = k·N·D.

    Returns
    -------
    PowerLawFit
        The best size at each budget and the power laws through them.

    Raises
    ------
    TypeError
        If ``curves`` does not hold TrainingCurve objects or an argument has the wrong kind.
    ValueError
        If there are fewer than two curves, or no budget has its optimum strictly inside the sizes tried.

    Notes
    -----
    Curves are interpolated linearly in (log D, L). A budget is dropped when no curve reaches it, or when the
    smallest or the largest model size wins there: the optimum may then lie beyond the sizes tried, and keeping it
    would bend the fitted exponent.

    References
    ----------
    .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, §3.1.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import training_curves
    >>> law = PUBLISHED_LAWS["besiroglu2024"]
    >>> fit = fit_training_envelope(training_curves(law, model_sizes=np.logspace(7.5, 10.5, 40)))
    >>> abs(fit.a - law.a) < 0.02
    True
    """
    if isinstance(curves, TrainingCurve) or not isinstance(curves, Sequence):
        raise TypeError(f"curves must be a sequence of TrainingCurve, got {type(curves).__name__}")
    if not all(isinstance(curve, TrainingCurve) for curve in curves):
        raise TypeError("curves must hold TrainingCurve objects (see chinchilla_lib.synthetic.training_curves)")
    if len(curves) < 2:
        raise ValueError(f"curves: the envelope needs training curves of two model sizes or more, got {len(curves)}")
    k = positive_scalar(flops_per_param_token, "flops_per_param_token", "FLOP per parameter per token")
    with quiet():
        reach = [(k * c.params * c.tokens[0], k * c.params * c.tokens[-1]) for c in curves]
    representable("the curves' budgets k·N·D", "curves and flops_per_param_token", np.array(reach))
    if flops is None:
        low = sorted(r[0] for r in reach)[1]
        high = sorted(r[1] for r in reach)[-2]
        budgets = np.logspace(np.log10(low), np.log10(high), 30)
    else:
        checked, _ = check_positive(flops, "flops", "FLOP")
        budgets = np.atleast_1d(np.asarray(checked, dtype=float)).ravel()
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
            with quiet():
                optima.append((budget, best[0], budget / (k * best[0]), best[1]))
    if not optima:
        raise ValueError("curves: no budget has its optimum strictly inside the model sizes tried; widen the sizes")
    flops_, params, tokens, loss = (np.array(column) for column in zip(*optima, strict=True))
    representable("the optima's tokens", "flops and flops_per_param_token", tokens)
    return _power_law(flops_, params, tokens, loss)


def approach2_bias(
    law: ScalingLaw,
    budget: float,
    *,
    budgets: Sequence[float] = DEFAULT_BUDGETS,
    per_budget: int = 9,
    span: Any = 10.0,
    centre: Any = 1.0,
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
) -> tuple[float, float, float]:
    r"""How far Approach 2 lands from a law's own optimum, on noise-free IsoFLOP sweeps of that law.

    The sweeps are :func:`~chinchilla_lib.synthetic.isoflop_runs` of ``law`` without noise: at each of ``budgets``,
    ``per_budget`` sizes spread ``span``-fold either side of ``centre`` times the law's :math:`N_{opt}(C)`.
    :func:`fit_isoflop_profiles` fits a parabola to each and a power law through the vertices, which is then read
    at ``budget``. The errors are

    .. math::

        \frac{\hat N(C)}{N_{opt}(C)} - 1, \qquad \frac{\hat D(C)}{D_{opt}(C)} - 1, \qquad \hat a - a,

    all zero for an unbiased method. Czech et al. (2026) trace the first two to the grid's width (the parabola is a
    second-order approximation of the profile), to off-centre sweeps, and to an asymmetric surface (α ≠ β); the
    exponent stays right whenever the sweeps are placed alike at every budget.

    Parameters
    ----------
    law : ScalingLaw
        The law the runs are drawn from.
    budget : float
        C [FLOP] at which the plan is read, > 0.
    budgets : sequence of float
        The sweeps' budgets [FLOP], at least two.
    per_budget : int
        Model sizes per sweep, >= 3.
    span : float
        The sweep reaches ``span`` times either side of its centre, > 1.
    centre : float
        The sweep's centre as a multiple of the law's N_opt at each budget, > 0 (1: centred on the optimum).
    flops_per_param_token : float
        k in C = k·N·D [FLOP per parameter per token], 6 by default.

    Returns
    -------
    tuple of float
        The relative errors of N and of D at ``budget``, and the error of the exponent a.

    Raises
    ------
    TypeError, ValueError
        If an argument is not of the kind or in the range described above (the message names it), as
        :func:`~chinchilla_lib.synthetic.isoflop_runs` checks them, or the sweeps admit no Approach 2 fit (a profile
        with no minimum: sizes far from the optimum, or budgets where the law is flat).

    References
    ----------
    .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, §3.2 (Approach 2).
    .. [2] E. Czech, Z. Xu, Y. Elmatad, Y. Wang, W. Held 2026, "Problems with Chinchilla Approach 2: Systematic
       Biases in IsoFLOP Parabola Fits", arXiv:2603.22339.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> law = PUBLISHED_LAWS["hoffmann2022"]
    >>> params, tokens, exponent = approach2_bias(law, 1e24, per_budget=15, span=8)
    >>> round(100 * params, 1), abs(exponent) < 1e-9  # alpha > beta: N_opt too large, the exponent right
    (3.0, True)
    >>> symmetric = law.replace(beta=law.alpha)
    >>> abs(approach2_bias(symmetric, 1e24, per_budget=15, span=8)[0]) < 1e-6  # alpha = beta, centred: no bias
    True
    """
    budget = positive_scalar(budget, "budget", "FLOP")
    runs = isoflop_runs(
        law,
        budgets,
        per_budget=per_budget,
        span=span,
        centre=centre,
        noise=0.0,
        flops_per_param_token=flops_per_param_token,
    )
    try:
        fit = fit_isoflop_profiles(runs, flops_per_param_token=flops_per_param_token)
    except ValueError as error:  # the runs were made here: name the arguments that placed them
        raise ValueError(
            f"the sweeps given by budgets, per_budget, span and centre admit no Approach 2 fit: {error}"
        ) from None
    exact = law.compute_optimal(budget, flops_per_param_token=flops_per_param_token)
    return (
        float(fit.params_at(budget) / exact.params - 1),
        float(fit.tokens_at(budget) / exact.tokens - 1),
        float(fit.a - law.a),
    )
