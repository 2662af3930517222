r"""Fitting the law to training runs: Approach 3 (the parametric fit), with the bootstrap.

Approach 3 of Hoffmann et al. 2022 (§3.3, App. D.2) fits :math:`\theta = (a, b, e, \alpha, \beta)`, with
:math:`A = e^a, B = e^b, E = e^e`, by minimising over the runs :math:`i`

.. math::

    \sum_i \mathrm{Huber}_\delta\Big(\mathrm{LSE}\big(a - \alpha \log N_i,\; b - \beta \log D_i,\; e\big)
    - \log L_i\Big), \qquad \delta = 10^{-3},

with L-BFGS from each point of a grid of 4,500 starts, keeping the best. LSE is log-sum-exp, so
:math:`\exp(\mathrm{LSE}) = E + A/N^\alpha + B/D^\beta`: the fit compares *log* losses, and the Huber loss makes it
robust to outliers. Besiroglu et al. 2024 found that the paper's fit stopped early because the Huber losses were
**averaged** rather than summed. Dividing the objective by the number of runs n divides its gradient and its
per-iteration decrease by n too, while L-BFGS-B's stopping tests do not scale: the projected gradient test is
absolute (1e-5), and the relative-reduction test, :math:`(f_k - f_{k+1})/\max(|f_k|, |f_{k+1}|, 1) \le`
factr·eps, is in effect absolute once the objective is below 1 (the mean is about 1e-5). ``reduction="mean"``
reproduces that; :attr:`FitResult.stop_message` says which test stopped the winning run.

Notes
-----
The reference procedure runs one ``scipy.optimize.minimize(method="L-BFGS-B")`` per start. :func:`fit_parametric`
runs exactly those scipy calls, from the same starting points with the same tolerances, but only for the starts
that can win. To find them, a *screen* optimises all starts at once: objective and analytic gradient vectorised
across starts, a quasi-Newton (BFGS) step per start with its own backtracking line search, the same stopping rules
as scipy, and, every few iterations, the starts far behind the leaders dropped. The starts whose screened
objective is lowest are then refined with scipy. ``keep=None`` refines every start: that is the reference loop.

With scipy's default tolerances each run stops once its projected gradient is below 1e-5 or an iteration gains
less than factr·eps ≈ 2.2e-9 (relative, with the denominator floored at 1), so the best of thousands of runs is
partly luck at that level. ``polish=True`` (the default)
continues the winning run with a Newton trust-region on the exact Hessian to the optimum itself, so the result is
no worse than the per-start loop's. It also shows the loss-scale lesson from the other side: a *converged* fit of
the mean is the fit of the sum (the objectives differ by a constant factor). To reproduce the paper's early stopping use
``reduction="mean", polish=False``, and ``keep=None`` to run the per-start loop (the screen predicts where a run
ends up, not at which point of its path scipy would have given up). Hoffmann et al. did not publish their optimiser
code: what is reproduced is the objective, δ, the grid of starts and L-BFGS-B as scipy implements it.

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
from scipy import optimize
from tqdm.auto import tqdm

from chinchilla_lib._core import frontier as closed_forms
from chinchilla_lib._core import objective as core
from chinchilla_lib._core import screen as _screen
from chinchilla_lib._core.screen import screen_starts
from chinchilla_lib._validation import (
    FloatArray,
    as_real,
    check_choice,
    check_count,
    check_flag,
    check_positive,
    positive_scalar,
)
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.laws import ScalingLaw

Reduction = Literal["sum", "mean"]
REDUCTIONS: tuple[Reduction, ...] = ("sum", "mean")
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

SCIPY_FTOL: float = _screen.SCIPY_FTOL
"""scipy's L-BFGS-B relative-reduction tolerance with its defaults, factr·eps = 1e7·eps (``ftol``)."""
SCIPY_GTOL: float = _screen.SCIPY_GTOL
"""scipy's L-BFGS-B projected-gradient tolerance with its defaults (``pgtol`` / ``gtol``), 1e-5."""

POLISH_OPTIONS = {"gtol": 1e-12, "maxiter": 200}
"""Options of the Newton trust-region (``trust-exact``, exact Hessian) that continues the winning run to the
optimum itself (``polish=True``)."""


_LOG_FIELDS = ("log_params", "log_tokens", "log_loss")


@dataclasses.dataclass(frozen=True)
class RunData:  # numpydoc ignore=PR02
    """Training runs on log scales, checked once: x = log N, y = log D, z = log L, one element per run.

    Make it with :meth:`from_runs`, which checks the runs; the fitting procedures take it as it is. Made directly,
    it checks only that the three arrays are finite and of one length (stored as float64 arrays).

    Parameters
    ----------
    log_params : numpy.ndarray
        x = log N, N [parameters] of each run.
    log_tokens : numpy.ndarray
        y = log D, D [training tokens] of each run.
    log_loss : numpy.ndarray
        z = log L, L [nats/token] the final loss of each run.

    Attributes
    ----------
    size : int
        The number of runs.

    Raises
    ------
    TypeError
        If an array is not real numbers (str, bool, complex, None).
    ValueError
        If the arrays are not 1-d of one length, or hold NaN or ±inf.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], budgets=(1e18, 1e19, 1e20), per_budget=5)
    >>> data = RunData.from_runs(runs.params, runs.tokens, runs.loss)
    >>> data.size == len(runs), bool(np.allclose(np.exp(data.log_loss), runs.loss, rtol=1e-14, atol=0))
    (True, True)
    """

    log_params: FloatArray
    log_tokens: FloatArray
    log_loss: FloatArray

    def __post_init__(self) -> None:
        arrays = [np.asarray(as_real(getattr(self, name), name)[0], dtype=float) for name in _LOG_FIELDS]
        if any(a.ndim != 1 for a in arrays) or len({a.size for a in arrays}) != 1:
            raise ValueError("log_params, log_tokens and log_loss must be 1-d arrays of one length")
        if not all(np.all(np.isfinite(a)) for a in arrays):
            raise ValueError("log_params, log_tokens and log_loss must be finite")
        for name, array in zip(_LOG_FIELDS, arrays, strict=True):
            object.__setattr__(self, name, array)

    @classmethod
    def _unchecked(cls, log_params: FloatArray, log_tokens: FloatArray, log_loss: FloatArray) -> RunData:
        """A RunData from arrays already checked (resamples of checked runs), without checking again."""
        data = object.__new__(cls)
        for name, array in zip(_LOG_FIELDS, (log_params, log_tokens, log_loss), strict=True):
            object.__setattr__(data, name, array)
        return data

    @classmethod
    def from_runs(cls, params: Any, tokens: Any, loss: Any) -> RunData:
        """Check runs and take their logarithms.

        Parameters
        ----------
        params : array_like
            N [parameters] of each run, finite and > 0.
        tokens : array_like
            D [training tokens] of each run, finite and > 0.
        loss : array_like
            Final loss L [nats/token] of each run, finite and > 0.

        Returns
        -------
        RunData
            The runs as log N, log D, log L.

        Raises
        ------
        TypeError
            If an argument is not an array of real numbers.
        ValueError
            If a value is out of range, the arrays are not 1-d of one length, or the runs cannot determine five
            constants: fewer than 5 distinct (N, D) points, a single model size or token count, all losses equal, or
            the same run given twice.

        Examples
        --------
        >>> sizes, tokens = [1e8, 1e9, 1e10, 1e8, 1e9], [1e10, 1e10, 1e10, 1e11, 1e11]
        >>> data = RunData.from_runs(sizes, tokens, [3.0, 2.8, 2.6, 2.9, 2.7])
        >>> data.size
        5
        """
        arrays = []
        for value, name, unit in (
            (params, "params", "parameters"),
            (tokens, "tokens", "tokens"),
            (loss, "loss", "nats/token"),
        ):
            checked, _ = check_positive(value, name, unit)
            arrays.append(np.atleast_1d(np.asarray(checked, dtype=float)))
        if any(a.ndim != 1 for a in arrays) or len({a.size for a in arrays}) != 1:
            shapes = ", ".join(
                f"{name} {a.shape}" for name, a in zip(("params", "tokens", "loss"), arrays, strict=True)
            )
            raise ValueError(f"params, tokens and loss must be 1-d arrays of one length, got shapes {shapes}")
        n, d, loss_ = arrays
        points = np.unique(np.column_stack([n, d]), axis=0)
        if len(points) < 5:
            raise ValueError(
                f"fitting five constants needs runs at 5 distinct (params, tokens) points, got {len(points)}"
            )
        if np.unique(n).size < 2 or np.unique(d).size < 2:
            raise ValueError("the runs need at least two model sizes (params) and two token counts (tokens)")
        if np.ptp(loss_) == 0:
            raise ValueError("every run has the same loss: the runs cannot tell the law's terms apart")
        rows, first = np.unique(np.column_stack(arrays), axis=0, return_index=True)
        if len(rows) < n.size:
            repeated = sorted(set(range(n.size)) - set(first.tolist()))[0]
            raise ValueError(
                f"run {repeated} repeats an earlier run (same params, tokens and loss): "
                "remove duplicates (the bootstrap resamples runs itself)"
            )
        return cls._unchecked(np.log(n), np.log(d), np.log(loss_))

    @property
    def size(self) -> int:
        """The number of runs."""
        return int(self.log_loss.size)

    def _resample(self, pick: NDArray[np.intp]) -> RunData:
        """The runs at indices ``pick`` (repeats allowed), without checking again."""
        return RunData._unchecked(self.log_params[pick], self.log_tokens[pick], self.log_loss[pick])


def _check_data(data: Any) -> RunData:
    if not isinstance(data, RunData):
        raise TypeError(f"data must be a RunData (RunData.from_runs(params, tokens, loss)), got {type(data).__name__}")
    return data


def _check_theta(theta: Any) -> FloatArray:
    values, scalar = as_real(theta, "theta")
    array = np.asarray(values, dtype=float)
    if scalar or array.shape != (5,) or not np.all(np.isfinite(array)):
        raise ValueError(f"theta must be five finite numbers (a, b, e, alpha, beta), got shape {array.shape}")
    return array


def _scale(reduction: Reduction, data: RunData) -> float:
    return 1.0 / data.size if reduction == "mean" else 1.0


def _value_and_gradient(theta: FloatArray, data: RunData, delta: float, scale: float) -> tuple[float, FloatArray]:
    """The objective and its gradient at one θ, as scipy's ``jac=True`` wants them."""
    values, grads = core.value_and_gradient(
        theta[None, :], data.log_params, data.log_tokens, data.log_loss, delta, scale
    )
    return float(values[0]), grads[0]


def _hessian(theta: FloatArray, data: RunData, delta: float, scale: float) -> FloatArray:
    return core.hessian(theta, data.log_params, data.log_tokens, data.log_loss, delta, scale)


def objective(
    theta: Any, data: RunData, delta: Any = HUBER_DELTA, reduction: Reduction = "sum"
) -> tuple[float, FloatArray]:
    r"""The Approach 3 objective at θ = (a, b, e, α, β), and its gradient.

    .. math:: f(\theta) = \sum_i \mathrm{Huber}_\delta\big(\mathrm{LSE}(a - \alpha x_i,\ b - \beta y_i,\ e) - z_i\big)

    with :math:`(x_i, y_i, z_i) = (\log N_i, \log D_i, \log L_i)`; ``reduction="mean"`` divides by the number of
    runs.

    Parameters
    ----------
    theta : array_like
        (a, b, e, alpha, beta) with A = exp(a), B = exp(b), E = exp(e).
    data : RunData
        The runs, from :meth:`RunData.from_runs`.
    delta : float
        δ of the Huber loss on log-loss residuals, > 0; 1e-3 as in the paper.
    reduction : {"sum", "mean"}
        Sum (correct) or average (the paper's early-stopping fit) of the Huber losses.

    Returns
    -------
    value : float
        The objective.
    gradient : numpy.ndarray
        Its gradient with respect to θ, shape (5,).

    Raises
    ------
    TypeError
        If ``data`` is not a RunData or an argument has the wrong kind.
    ValueError
        If ``theta`` is not five finite numbers, or delta or reduction is out of range.

    References
    ----------
    .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, App. D.2.
    .. [2] T. Besiroglu et al. 2024, arXiv:2404.10102, §2.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], noise=0.0)
    >>> data = RunData.from_runs(runs.params, runs.tokens, runs.loss)
    >>> value, gradient = objective(theta_from_law(PUBLISHED_LAWS["besiroglu2024"]), data)
    >>> value < 1e-20  # the law the runs came from fits them exactly
    True
    """
    data = _check_data(data)
    theta_ = _check_theta(theta)
    delta_ = positive_scalar(delta, "delta")
    reduction = check_choice(reduction, "reduction", REDUCTIONS)  # type: ignore[assignment]
    return _value_and_gradient(theta_, data, delta_, _scale(reduction, data))


def hessian(theta: Any, data: RunData, delta: Any = HUBER_DELTA, reduction: Reduction = "sum") -> FloatArray:
    r"""The exact Hessian of :func:`objective` (5 × 5), for Newton-type polishing.

    .. math:: H = \sum_i \mathbb{1}(|r_i| \le \delta)\, \nabla r_i \nabla r_i^\top
              + \psi_i\, J_i^\top \big(\mathrm{diag}(w_i) - w_i w_i^\top\big) J_i

    with :math:`r_i` the residuals, :math:`w_i` the softmax of the three LSE terms, :math:`\psi_i` the clipped
    residual and :math:`J_i` the map from θ to the terms.

    Parameters
    ----------
    theta : array_like
        (a, b, e, alpha, beta).
    data : RunData
        The runs.
    delta : float
        δ of the Huber loss, > 0.
    reduction : {"sum", "mean"}
        As in :func:`objective`.

    Returns
    -------
    numpy.ndarray
        Shape (5, 5), symmetric.

    Raises
    ------
    TypeError
        If ``data`` is not a RunData or an argument has the wrong kind.
    ValueError
        If ``theta`` is not five finite numbers, or delta or reduction is out of range.

    Notes
    -----
    The Huber loss makes the first term jump as residuals cross ±δ, which is what stalls quasi-Newton methods near
    the optimum and what an exact Hessian handles.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], noise=0.01)
    >>> data = RunData.from_runs(runs.params, runs.tokens, runs.loss)
    >>> H = hessian([6.0, 7.5, 0.6, 0.35, 0.37], data)
    >>> bool(np.allclose(H, H.T))
    True
    """
    data = _check_data(data)
    theta_ = _check_theta(theta)
    delta_ = positive_scalar(delta, "delta")
    reduction = check_choice(reduction, "reduction", REDUCTIONS)  # type: ignore[assignment]
    return _hessian(theta_, data, delta_, _scale(reduction, data))


@dataclasses.dataclass(frozen=True)
class FitResult:  # numpydoc ignore=PR02
    """The outcome of :func:`fit_parametric`.

    Made by :func:`fit_parametric`; not checked when made.

    Parameters
    ----------
    law : ScalingLaw
        The fitted law.
    objective : float
        The best objective (sum or mean of Huber losses, as fitted).
    theta : tuple of float
        (a, b, e, alpha, beta) with A = exp(a), B = exp(b), E = exp(e).
    n_starts : int
        Starting points in the grid.
    n_refined : int
        Starts run to completion with scipy's L-BFGS-B (all of them when ``keep=None``).
    n_converged : int
        Of the refined starts, how many scipy reported as converged.
    reduction : {"sum", "mean"}
        How the Huber losses were combined.
    delta : float
        δ of the Huber loss.
    stop_message : str
        scipy's message for the winning L-BFGS-B run: which stopping test ended it (e.g. the relative reduction of
        the objective, or the projected gradient), before any polishing.
    polished : bool
        Whether the Newton polish improved on the winning L-BFGS-B run.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> truth = PUBLISHED_LAWS["besiroglu2024"]
    >>> runs = isoflop_runs(truth, budgets=(1e18, 1e19, 1e20), per_budget=5, noise=0.0)
    >>> fit = fit_parametric(runs.params, runs.tokens, runs.loss, starts=PAPER_GRID[::900])
    >>> fit.n_starts, abs(fit.law.alpha - truth.alpha) < 1e-6, abs(fit.law.beta - truth.beta) < 1e-6
    (5, True, True)
    >>> bool(np.allclose(fit.theta, theta_from_law(fit.law), rtol=1e-12, atol=0)), fit.objective < 1e-12
    (True, True)
    """

    law: ScalingLaw
    objective: float
    theta: tuple[float, float, float, float, float]
    n_starts: int
    n_refined: int
    n_converged: int
    reduction: Reduction
    delta: float
    stop_message: str = ""
    polished: bool = False


def law_from_theta(theta: Any, name: str = "fitted", note: str = "") -> ScalingLaw:
    """The :class:`ScalingLaw` of θ = (a, b, e, alpha, beta).

    Parameters
    ----------
    theta : array_like
        (a, b, e, alpha, beta) with A = exp(a), B = exp(b), E = exp(e).
    name : str
        The law's name.
    note : str
        The law's note.

    Returns
    -------
    ScalingLaw
        The law, cited as fitted with :func:`fit_parametric`.

    Raises
    ------
    ValueError
        If theta is not five finite numbers, an exponent is not positive, or exp(a), exp(b), exp(e) overflow.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> law = law_from_theta(theta_from_law(PUBLISHED_LAWS["besiroglu2024"]))
    >>> abs(law.alpha - PUBLISHED_LAWS["besiroglu2024"].alpha) < 1e-15
    True
    """
    a, b, e, alpha, beta = (float(v) for v in _check_theta(theta))
    if max(a, b, e) >= math.log(np.finfo(float).max):
        raise ValueError(f"theta's a, b, e must be < {math.log(np.finfo(float).max):.1f} so that exp() is finite")
    return ScalingLaw(
        E=math.exp(e),
        A=math.exp(a),
        B=math.exp(b),
        alpha=alpha,
        beta=beta,
        name=name,
        note=note,
        citation="fitted with chinchilla_lib.fitting.fit_parametric (Approach 3)",
    )


def theta_from_law(law: ScalingLaw) -> FloatArray:
    """The point θ = (log A, log B, log E, alpha, beta) of the Approach 3 objective that a law corresponds to.

    Parameters
    ----------
    law : ScalingLaw
        A law with E > 0.

    Returns
    -------
    numpy.ndarray
        Shape (5,).

    Raises
    ------
    TypeError
        If ``law`` is not a ScalingLaw.
    ValueError
        If E = 0 (the parametrisation needs e = log E).

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> theta = theta_from_law(PUBLISHED_LAWS["hoffmann2022"])
    >>> bool(np.isclose(np.exp(theta[2]), 1.69))
    True
    """
    if not isinstance(law, ScalingLaw):
        raise TypeError(f"law must be a ScalingLaw, got {type(law).__name__}")
    if law.E <= 0:
        raise ValueError(f"the Approach 3 parametrisation needs E > 0 (e = log E), got E = {law.E!r}")
    return np.array([math.log(law.A), math.log(law.B), math.log(law.E), law.alpha, law.beta])


_LOG_MAX = math.log(np.finfo(float).max)  # 709.78: exp(x) is a finite float64 > 0 for |x| < _LOG_MAX
_STARTS_WANTED = "a non-empty (S, 5) array of finite real numbers (a, b, e, alpha, beta), or one start of shape (5,)"


def _starts_kind(starts: Any) -> str:
    """What ``starts`` holds, for the TypeError: its type and, where NumPy can tell, its dtype."""
    try:
        dtype = np.asarray(starts).dtype
    except (TypeError, ValueError, OverflowError):
        return type(starts).__name__
    return f"{type(starts).__name__} of dtype {dtype}"


def _starts_shape(starts: Any, error: ValueError) -> str:
    """What is wrong with the shape or size of ``starts``, for the ValueError."""
    try:
        shape = np.shape(starts)
    except ValueError:
        return "a ragged sequence (rows of different lengths)"
    if "too large" in str(error):
        return f"shape {shape} holding a number beyond float64"
    return f"an empty array of shape {shape}"


def _check_starts(starts: Any) -> FloatArray:
    """Starts as an (S, 5) float64 array: the paper's grid for None, a (5,) start as one row."""
    if starts is None:
        return PAPER_GRID
    try:
        values, scalar = as_real(starts, "starts")
    except TypeError:
        raise TypeError(f"starts must be {_STARTS_WANTED}, got {_starts_kind(starts)}") from None
    except ValueError as error:
        raise ValueError(f"starts must be {_STARTS_WANTED}, got {_starts_shape(starts, error)}") from None
    if scalar:
        raise ValueError(f"starts must be {_STARTS_WANTED}, got a single number")
    grid = np.atleast_2d(np.asarray(values, dtype=float))
    if grid.ndim != 2 or grid.shape[1] != 5:
        raise ValueError(f"starts must be {_STARTS_WANTED}, got shape {np.shape(values)}")
    finite = np.isfinite(grid).all(axis=1)
    if not bool(np.all(finite)):
        row = int(np.argmin(finite))
        raise ValueError(f"starts must be {_STARTS_WANTED}, row {row} is {grid[row].tolist()}")
    inside = (np.abs(grid[:, :3]) < _LOG_MAX).all(axis=1)
    if not bool(np.all(inside)):
        row = int(np.argmin(inside))
        raise ValueError(
            f"starts: a, b, e must be in (-{_LOG_MAX:.2f}, {_LOG_MAX:.2f}) so that A, B, E = exp(a), exp(b), exp(e) "
            f"are finite and > 0 in float64; row {row} is {grid[row].tolist()}"
        )
    return grid


def fit_parametric(
    params: Any,
    tokens: Any,
    loss: Any,
    *,
    delta: Any = HUBER_DELTA,
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
        δ of the Huber loss on log-loss residuals, > 0; 1e-3 as in the paper.
    reduction : {"sum", "mean"}
        Sum the Huber losses (correct, Besiroglu et al. 2024) or average them (the paper's early-stopping fit).
    starts : array_like (S, 5), optional
        Starting points (a, b, e, alpha, beta): S >= 1 rows of finite real numbers, with
        :math:`|a|, |b|, |e| < 709.78` so that A, B, E are finite and > 0 in float64; a single start may be given
        as shape (5,). The paper's 4,500-point :data:`PAPER_GRID` by default.
    keep : int or None
        How many of the most promising starts (by the vectorised screen) to refine with scipy, >= 1; ``None``
        refines every start, which is the plain per-start loop.
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
        ``.law`` is the fitted :class:`ScalingLaw`; ``.objective`` the best objective found; ``.stop_message``
        scipy's reason for stopping the winning L-BFGS-B run.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (``starts`` of strings, bools or complex numbers among them).
    ValueError
        If the runs are malformed or degenerate (see :meth:`RunData.from_runs`), an option is out of range,
        ``starts`` is not a non-empty (S, 5) (or (5,)) array of finite numbers with :math:`|a|, |b|, |e| < 709.78`
        (e.g. 3-d, (0, 5), ragged or NaN), or the best fit has a non-positive exponent or A, B or E beyond float64.

    References
    ----------
    .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, §3.3 and App. D.2.
    .. [2] T. Besiroglu et al. 2024, arXiv:2404.10102, §2-3.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> truth = PUBLISHED_LAWS["besiroglu2024"]
    >>> runs = isoflop_runs(truth, noise=0.0, seed=0)
    >>> fit = fit_parametric(runs.params, runs.tokens, runs.loss)
    >>> abs(fit.law.alpha - truth.alpha) < 1e-6  # noiseless runs give the law back
    True
    """
    data = RunData.from_runs(params, tokens, loss)
    delta_ = positive_scalar(delta, "delta")
    reduction = check_choice(reduction, "reduction", REDUCTIONS)  # type: ignore[assignment]
    grid = _check_starts(starts)
    if keep is not None:
        keep = check_count(keep, "keep")
    if minimize_options is not None and not isinstance(minimize_options, dict):
        raise TypeError(f"minimize_options must be a dict or None, got {type(minimize_options).__name__}")
    polish = check_flag(polish, "polish")
    progress = check_flag(progress, "progress")

    if keep is None or keep >= len(grid):
        chosen = grid
    else:
        screened = screen_starts(grid, data.log_params, data.log_tokens, data.log_loss, delta_)
        chosen = grid[np.argsort(screened, kind="stable")[:keep]]
    scale = _scale(reduction, data)
    best: optimize.OptimizeResult | None = None
    converged = 0
    for start in tqdm(chosen, desc="refining starts", disable=not progress, leave=False):
        result = optimize.minimize(
            _value_and_gradient,
            start,
            args=(data, delta_, scale),
            jac=True,
            method="L-BFGS-B",
            options=minimize_options,
        )
        converged += bool(result.success)
        if best is None or result.fun < best.fun:
            best = result
    assert best is not None  # chosen is never empty
    stop_message = str(best.message)
    polished = False
    if polish:
        better = optimize.minimize(
            _value_and_gradient,
            best.x,
            args=(data, delta_, scale),
            jac=True,
            hess=_hessian,
            method="trust-exact",
            options=POLISH_OPTIONS,
        )
        if better.fun <= best.fun:
            best, polished = better, True
    a, b, e, alpha, beta = (float(v) for v in best.x)
    if alpha <= 0 or beta <= 0:
        raise ValueError(
            f"the best fit has a non-positive exponent (alpha={alpha:.3g}, beta={beta:.3g}): the runs do "
            "not determine a law of this form; check them, or give other starts"
        )
    if max(abs(a), abs(b), abs(e)) >= _LOG_MAX:
        raise ValueError(
            f"the best fit has A, B or E beyond float64 (a={a:.3g}, b={b:.3g}, e={e:.3g}): the runs do not "
            "determine a law of this form; check them, or give other starts"
        )
    law = law_from_theta(
        (a, b, e, alpha, beta), note=f"Approach 3 fit to {data.size} runs ({reduction} of Huber losses, δ={delta_:g})"
    )
    return FitResult(
        law,
        float(best.fun),
        (a, b, e, alpha, beta),
        len(grid),
        len(chosen),
        converged,
        reduction,
        delta_,
        stop_message,
        polished,
    )


# --- bootstrap -------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BootstrapResult:  # numpydoc ignore=PR02
    """Refits on resampled runs: one row of ``samples`` per resample, one column per quantity in ``names``.

    Made by :func:`bootstrap`; checked when made.

    Parameters
    ----------
    names : tuple of str
        The quantities: E, A, B, alpha, beta, a, b, tokens_per_param.
    samples : numpy.ndarray
        Shape (resamples kept, len(names)), finite; no rows if no resample succeeded.
    failures : int
        Resamples whose refit failed (a non-positive exponent, or A, B, E beyond float64), left out of
        ``samples``; :attr:`n_resamples` counts them with the kept ones.

    Attributes
    ----------
    n_resamples : int
        Resamples drawn: those kept in ``samples`` plus the ``failures``.

    Raises
    ------
    TypeError
        If ``names`` is not a non-empty tuple of str, ``samples`` not real numbers or ``failures`` not an int.
    ValueError
        If ``samples`` is not (rows, len(names)) or holds NaN or ±inf, or ``failures`` < 0.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], budgets=(1e18, 1e19, 1e20), per_budget=5)
    >>> fit = fit_parametric(runs.params, runs.tokens, runs.loss, starts=PAPER_GRID[::900])
    >>> result = bootstrap(runs.params, runs.tokens, runs.loss, n_resamples=5, start=fit, progress=False)
    >>> result.n_resamples, result.samples.shape == (5 - result.failures, len(result.names))
    (5, True)
    >>> result.names.index("alpha")
    3
    """

    names: tuple[str, ...]
    samples: FloatArray
    failures: int

    def __post_init__(self) -> None:
        if not isinstance(self.names, tuple) or not self.names or not all(isinstance(n, str) for n in self.names):
            raise TypeError(f"names must be a non-empty tuple of str, got {self.names!r:.60}")
        try:
            samples = np.asarray(self.samples)
        except ValueError:
            raise ValueError("samples must be a rectangular (rows, len(names)) array (it is ragged)") from None
        if samples.dtype.kind not in "iuf":
            raise TypeError(f"samples must be an array of real numbers, got dtype {samples.dtype}")
        if samples.shape[1:] != (len(self.names),) or samples.ndim != 2:
            raise ValueError(
                f"samples must have shape (rows, {len(self.names)}) (one column per name), got {samples.shape}"
            )
        if not bool(np.all(np.isfinite(samples))):
            raise ValueError("samples must be finite: a failed resample is counted in failures, not stored as NaN")
        object.__setattr__(self, "samples", samples.astype(float, copy=False))
        object.__setattr__(self, "failures", check_count(self.failures, "failures", minimum=0))

    @property
    def n_resamples(self) -> int:
        """Resamples drawn: those kept in ``samples`` plus the ``failures``.

        Returns
        -------
        int
            ``samples.shape[0] + failures``.

        Examples
        --------
        >>> BootstrapResult(("alpha",), np.array([[0.3], [0.4]]), 1).n_resamples
        3
        """
        return int(self.samples.shape[0]) + self.failures

    def interval(self, name: str, level: float = 0.95) -> tuple[float, float]:
        """The central percentile interval of one quantity.

        Parameters
        ----------
        name : str
            One of ``names``.
        level : float
            Coverage in (0, 1).

        Returns
        -------
        tuple of float
            (lower, upper) percentiles, e.g. (2.5%, 97.5%) for level 0.95.

        Raises
        ------
        ValueError
            If ``name`` is unknown, ``level`` is outside (0, 1), or no resample succeeded (``samples`` has no rows:
            every one of the :attr:`n_resamples` is among the ``failures``).

        Examples
        --------
        >>> result = BootstrapResult(("alpha",), np.array([[0.3], [0.4], [0.5]]), 0)
        >>> low, high = result.interval("alpha", 0.5)
        >>> low < 0.4 < high
        True
        """
        name = check_choice(name, "name", self.names)
        coverage, scalar = as_real(level, "level")
        if not scalar or not 0 < float(coverage) < 1:
            raise ValueError(f"level must be a number in (0, 1), got {level!r}")
        if not self.samples.shape[0]:
            raise ValueError(
                f"no resample succeeded (0 of {self.n_resamples}; {self.failures} failed to refit): "
                f"there is no interval of {name} to give"
            )
        column = self.samples[:, self.names.index(name)]
        tail = 50 * (1 - float(coverage))
        low, high = np.percentile(column, [tail, 100 - tail])
        return float(low), float(high)

    def intervals(self, level: float = 0.95) -> dict[str, tuple[float, float]]:
        """Percentile intervals of every quantity; see :meth:`interval`.

        Parameters
        ----------
        level : float
            Coverage in (0, 1).

        Returns
        -------
        dict
            ``{name: (lower, upper)}`` for every name.

        Raises
        ------
        ValueError
            If ``level`` is outside (0, 1), or no resample succeeded.

        Examples
        --------
        >>> result = BootstrapResult(("E", "alpha"), np.array([[1.8, 0.3], [1.9, 0.4]]), 0)
        >>> sorted(result.intervals())
        ['E', 'alpha']
        """
        return {name: self.interval(name, level) for name in self.names}


def bootstrap(
    params: Any,
    tokens: Any,
    loss: Any,
    *,
    n_resamples: int = 1000,
    seed: int = 0,
    budget: Any = 5.76e23,
    flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    delta: Any = HUBER_DELTA,
    reduction: Reduction = "sum",
    start: FitResult | None = None,
    progress: bool = True,
) -> BootstrapResult:
    """Refit Approach 3 on resamples of the runs (drawn with replacement, seeded) to put error bars on a fit.

    Parameters
    ----------
    params, tokens, loss : array_like
        The runs, as for :func:`fit_parametric`.
    n_resamples : int
        Number of resamples, >= 1.
    seed : int
        Seed of NumPy's random generator, >= 0.
    budget : float
        C [FLOP] at which to record the compute-optimal tokens per parameter of each refit.
    flops_per_param_token : float
        k in C = k·N·D.
    delta : float
        δ of the Huber loss.
    reduction : {"sum", "mean"}
        As in :func:`fit_parametric`.
    start : FitResult, optional
        The full-data fit to start every refit from (fitted here if not given).
    progress : bool
        Show a progress bar.

    Returns
    -------
    BootstrapResult
        E, A, B, alpha, beta, the frontier exponents a and b and the tokens per parameter at ``budget``, per
        resample.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range, the runs are degenerate, every resample's refit fails, or a refitted law's
        tokens per parameter at ``budget`` is beyond float64.

    Notes
    -----
    Each refit starts from the full-data optimum and runs to convergence with scipy's ``trust-exact`` on the exact
    Hessian: a resample rarely moves the optimum out of its basin, and this keeps 1,000 refits to seconds. L-BFGS-B
    from the same start stops at its absolute tolerances almost where it began, which makes the intervals for A and B
    look impossibly narrow: the paper's problem, reproduced by accident.

    References
    ----------
    .. [1] T. Besiroglu et al. 2024, arXiv:2404.10102, §3 (bootstrap intervals of the refit).

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], noise=0.01)
    >>> result = bootstrap(runs.params, runs.tokens, runs.loss, n_resamples=20, progress=False)
    >>> low, high = result.interval("alpha")
    >>> low <= high
    True
    """
    data = RunData.from_runs(params, tokens, loss)
    n_resamples = check_count(n_resamples, "n_resamples", maximum=100_000)
    seed = check_count(seed, "seed", minimum=0)
    budget_ = positive_scalar(budget, "budget", "FLOP")
    k = positive_scalar(flops_per_param_token, "flops_per_param_token", "FLOP per parameter per token")
    delta_ = positive_scalar(delta, "delta")
    reduction = check_choice(reduction, "reduction", REDUCTIONS)  # type: ignore[assignment]
    progress = check_flag(progress, "progress")
    if start is None:
        start = fit_parametric(
            np.exp(data.log_params), np.exp(data.log_tokens), np.exp(data.log_loss), delta=delta_, reduction=reduction
        )
    elif not isinstance(start, FitResult):
        raise TypeError(f"start must be a FitResult or None, got {type(start).__name__}")
    rng = np.random.default_rng(seed)
    scale = _scale(reduction, data)
    names = ("E", "A", "B", "alpha", "beta", "a", "b", "tokens_per_param")
    rows, failures = [], 0
    for _ in tqdm(range(n_resamples), desc="bootstrap", disable=not progress, leave=False):
        resample = data._resample(rng.integers(0, data.size, data.size))
        refit = optimize.minimize(
            _value_and_gradient,
            start.theta,
            args=(resample, delta_, scale),
            jac=True,
            hess=_hessian,
            method="trust-exact",
            options=POLISH_OPTIONS,
        )
        a_, b_, e_, alpha, beta = (float(v) for v in refit.x)
        if not (alpha > 0 and beta > 0 and max(a_, b_, e_) < 700):
            failures += 1
            continue
        constants = closed_forms.frontier(math.exp(e_), math.exp(a_), math.exp(b_), alpha, beta)
        params_opt, tokens_opt, _ = closed_forms.compute_optimal(constants, budget_, k)
        ratio = float(tokens_opt / params_opt)
        if not math.isfinite(ratio) or ratio <= 0:  # the refit is sound, so the budget is what leaves float64
            raise ValueError(
                f"budget = {budget_:g} FLOP: a refitted law's tokens per parameter there is beyond float64 "
                "(0 or inf); choose a budget nearer the runs' own (e.g. 1e18-1e30 FLOP)"
            )
        rows.append((math.exp(e_), math.exp(a_), math.exp(b_), alpha, beta, constants.a, 1 - constants.a, ratio))
    if not rows:
        raise ValueError(
            f"all {n_resamples} resamples failed to refit (non-positive exponents, or A, B, E beyond float64): "
            "the runs do not pin the law down; a bootstrap of them has no interval to give"
        )
    return BootstrapResult(names, np.array(rows, dtype=float).reshape(-1, len(names)), failures)
