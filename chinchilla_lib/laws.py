r"""The parametric scaling law and the published parameter sets.

.. math::

    L(N, D) = E + \frac{A}{N^{\alpha}} + \frac{B}{D^{\beta}}

L [nats/token] is the final pre-training loss of a model with N [parameters] trained on D [tokens]. E is the
irreducible loss of natural text; A/N^α is what a finite model cannot represent; B/D^β is what a finite run has not
yet learned (Hoffmann et al. 2022, eq. 2).

Each published parameter set is a frozen :class:`ScalingLaw` whose ``citation`` names the paper and the equation
or table, and whose ``note`` says where its numbers come from and how they differ from the others
(the pattern of astropy's ``Planck18``). They are collected in :data:`PUBLISHED_LAWS`; :data:`LAWS` adds the
frontier-only laws (:class:`chinchilla_lib.frontier.FrontierLaw`: Kaplan, DeepSeek, Llama 3, Porian, MiniCPM, the
20-tokens rule, and frontiers fitted here to Hoffmann et al.'s Tables 3 and A3). Every entry is built from the data
in ``chinchilla_lib/_laws_data.py``, and its docstring is generated from that data.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from chinchilla_lib import _laws_data, reference
from chinchilla_lib._core import frontier as core
from chinchilla_lib._validation import (
    ArrayOrFloat,
    check_broadcast,
    check_flops_per_param_token,
    check_nonnegative,
    check_positive,
    check_range,
    output,
    representable,
)
from chinchilla_lib.allocation import Allocation
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.frontier import FrontierLaw
from chinchilla_lib.provenance import Cited, Provenance, documented

_LOG_FLOAT_MAX = math.log(np.finfo(np.float64).max)


def _check_constant(value: Any, name: str, *, allow_zero: bool = False) -> float:
    check = check_nonnegative if allow_zero else check_positive
    converted, scalar = check(value, name)
    if not scalar:
        raise TypeError(f"{name} must be a single number, got an array")
    return float(converted)


def _exp(log_value: float, what: str) -> float:
    """exp(log_value) for a derived constant, or a ValueError naming the constants it comes from."""
    if not -_LOG_FLOAT_MAX < log_value < _LOG_FLOAT_MAX:
        raise ValueError(
            f"{what} of this law is outside the range of float64 (log = {log_value:.4g}); "
            "alpha and beta are too extreme for it"
        )
    return math.exp(log_value)


@dataclasses.dataclass(frozen=True, eq=True)
class ScalingLaw(Cited):  # numpydoc ignore=PR02
    r"""A parametric loss law :math:`L(N, D) = E + A/N^{\alpha} + B/D^{\beta}`, immutable and cited.

    Made as ``ScalingLaw(E=..., A=..., B=..., alpha=..., beta=...)``; every constant is checked when it is made.

    Parameters
    ----------
    E : float
        Irreducible loss [nats/token], >= 0.
    A : float
        Coefficient of the parameter term [nats/token · parameters^alpha], > 0.
    B : float
        Coefficient of the data term [nats/token · tokens^beta], > 0.
    alpha : float
        Exponent of the parameter term, > 0.
    beta : float
        Exponent of the data term, > 0.
    name : str
        A short name; a law built by hand is ``"custom"``.
    citation : str
        Where the constants come from (paper, equation or table, arXiv id).
    note : str
        How the constants were obtained and how they differ from others.
    provenance : Provenance or None
        Label, definitions and fitted range; registry entries have one (see :mod:`chinchilla_lib.provenance`).

    Attributes
    ----------
    G, a, b : float
        The compute-optimal frontier :math:`N_{opt} = G (C/k)^a`, :math:`D_{opt} = G^{-1} (C/k)^b`; G [parameters].
    gamma, phi : float
        :math:`D^*(N) = \gamma N^{\phi}`, the tokens [tokens] a model of N [parameters] should see.
    frontier_exponent, frontier_coefficient : float
        c and K of the optimal loss :math:`L^*(C) = E + K (C/k)^{-c}` [nats/token].
    predicts_loss : bool
        True: the law has a loss model (frontier-only laws say False).
    label : str
        A human-readable name for figures and tables (the provenance's label, else ``name``).
    fitted_flops : (float, float) or None
        The budgets [FLOP] the law was fitted on, (low, high), or None when not known.

    Raises
    ------
    TypeError
        If a constant is not a single real number, a text field is not a str, or ``provenance`` is neither a
        :class:`~chinchilla_lib.provenance.Provenance` nor None.
    ValueError
        If a constant is out of range (E < 0; A, B, alpha, beta <= 0; NaN or inf), or if alpha and beta are so
        extreme that the law's frontier exponents are not representable.

    See Also
    --------
    chinchilla_lib.PUBLISHED_LAWS : The published parameter sets.

    Notes
    -----
    The derived constants of the compute-optimal frontier (chapter 02 derives them) are ``G``, ``a``, ``b``,
    ``frontier_exponent`` and ``frontier_coefficient``; those of :math:`D^*(N) = \gamma N^{\phi}` are ``gamma``
    and ``phi``. They are computed once, as logarithms where powers could overflow.

    References
    ----------
    .. [1] J. Hoffmann et al., "Training Compute-Optimal Large Language Models", 2022, arXiv:2203.15556, eq. (2).

    Examples
    --------
    >>> law = ScalingLaw(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)
    >>> law.loss(70e9, 1.4e12) > law.E  # the reducible terms are positive
    True
    >>> law.replace(alpha=0.33).name
    'custom (modified)'
    """

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    name: str = "custom"
    citation: str = ""
    note: str = ""
    provenance: Provenance | None = None
    _frontier: core.Frontier = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for field in ("A", "B", "alpha", "beta"):
            object.__setattr__(self, field, _check_constant(getattr(self, field), field))
        object.__setattr__(self, "E", _check_constant(self.E, "E", allow_zero=True))
        for field in ("name", "citation", "note"):
            if not isinstance(getattr(self, field), str):
                raise TypeError(f"{field} must be a str, got {type(getattr(self, field)).__name__}")
        if not isinstance(self.provenance, Provenance | None):
            raise TypeError(f"provenance must be a Provenance or None, got {type(self.provenance).__name__}")
        constants = core.frontier(self.E, self.A, self.B, self.alpha, self.beta)
        exponents = (constants.a, constants.c, constants.phi, 1.0 / constants.phi)
        if not all(math.isfinite(value) and value > 0 for value in exponents):
            raise ValueError(
                f"alpha = {self.alpha!r} and beta = {self.beta!r} are too far apart or too small: "
                "the frontier exponents beta/(alpha+beta), alpha*beta/(alpha+beta) and alpha/beta "
                "must be finite and > 0 in float64"
            )
        if not all(map(math.isfinite, (constants.log_G, constants.log_K, constants.log_gamma))):
            raise ValueError("A, B, alpha and beta give a frontier coefficient outside float64 even as a logarithm")
        object.__setattr__(self, "_frontier", constants)

    # -- the law itself -------------------------------------------------------------------------------------------
    def loss(self, params: Any, tokens: Any) -> ArrayOrFloat:
        r"""Predicted final training loss :math:`L(N, D) = E + A N^{-\alpha} + B D^{-\beta}` [nats/token].

        Parameters
        ----------
        params : float or array_like
            N [parameters], finite and > 0.
        tokens : float or array_like
            D [training tokens], finite and > 0; broadcasts with ``params`` like NumPy.

        Returns
        -------
        float or numpy.ndarray
            L [nats/token]: a float for scalar inputs, an array of the broadcast shape otherwise.

        Raises
        ------
        TypeError
            If an argument is not a real number or an array of them.
        ValueError
            If an element is not finite and > 0, the shapes do not broadcast, or the loss overflows float64.

        References
        ----------
        .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, eq. (2).

        Examples
        --------
        >>> from chinchilla_lib import PUBLISHED_LAWS
        >>> law = PUBLISHED_LAWS["hoffmann2022"]
        >>> by_hand = law.E + law.A / 70e9**law.alpha + law.B / 1.4e12**law.beta
        >>> abs(law.loss(70e9, 1.4e12) - by_hand) < 1e-15
        True
        """
        n, n_scalar = check_positive(params, "params", "parameters")
        d, d_scalar = check_positive(tokens, "tokens", "tokens")
        check_broadcast(params=n, tokens=d)
        value = core.loss(self._frontier, n, d)
        representable("the loss", "params and tokens", value, positive=False)
        return output(value, n_scalar and d_scalar)

    def loss_terms(self, params: Any, tokens: Any) -> tuple[ArrayOrFloat, ArrayOrFloat, ArrayOrFloat]:
        r"""The three terms of the loss, :math:`(E,\ A N^{-\alpha},\ B D^{-\beta})` [nats/token].

        E is the irreducible entropy, the second term what a finite model cannot represent, the third what a
        finite run has not learned (Hoffmann et al. 2022, §3.3). They sum to :meth:`loss`.

        Parameters
        ----------
        params : float or array_like
            N [parameters], finite and > 0.
        tokens : float or array_like
            D [training tokens], finite and > 0; broadcasts with ``params``.

        Returns
        -------
        E : float
            The irreducible loss [nats/token].
        model_term, data_term : float or numpy.ndarray
            :math:`A N^{-\alpha}` and :math:`B D^{-\beta}` [nats/token], broadcast together for array inputs.

        Raises
        ------
        TypeError
            If an argument is not a real number or an array of them.
        ValueError
            If an element is not finite and > 0, the shapes do not broadcast, or a term overflows float64.

        References
        ----------
        .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, eq. (2) and §3.3.

        Examples
        --------
        >>> from chinchilla_lib import PUBLISHED_LAWS
        >>> law = PUBLISHED_LAWS["hoffmann2022"]
        >>> e, model_term, data_term = law.loss_terms(70e9, 1.4e12)
        >>> abs(e + model_term + data_term - law.loss(70e9, 1.4e12)) < 1e-15
        True
        """
        n, n_scalar = check_positive(params, "params", "parameters")
        d, d_scalar = check_positive(tokens, "tokens", "tokens")
        check_broadcast(params=n, tokens=d)
        model_term, data_term = core.loss_terms(self._frontier, n, d)
        representable("the loss terms", "params and tokens", model_term, data_term, positive=False)
        if n_scalar and d_scalar:
            return self.E, float(model_term), float(data_term)
        model_array, data_array = np.broadcast_arrays(np.asarray(model_term, float), np.asarray(data_term, float))
        return self.E, model_array.copy(), data_array.copy()

    def loss_at_budget(
        self, params: Any, flops: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
    ) -> ArrayOrFloat:
        r"""Loss of N parameters trained with all of a budget C: :math:`L(N, C/(kN))` [nats/token].

        This is the iso-FLOP profile of Hoffmann et al. 2022, Fig. 3: a valley in N whose floor is the optimum.

        Parameters
        ----------
        params : float or array_like
            N [parameters], finite and > 0.
        flops : float or array_like
            C [FLOP], finite and > 0; broadcasts with ``params``.
        flops_per_param_token : float
            k [FLOP per parameter per token] in C = k·N·D, finite and > 0; 6 by default.

        Returns
        -------
        float or numpy.ndarray
            L [nats/token] along the budget's iso-FLOP line.

        Raises
        ------
        TypeError
            If an argument is not a real number (or, for k, not a single one).
        ValueError
            If an element is out of range, the shapes do not broadcast, or D = C/(kN) leaves float64.

        References
        ----------
        .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, §3.2 and Fig. 3.

        Examples
        --------
        >>> from chinchilla_lib import PUBLISHED_LAWS
        >>> law = PUBLISHED_LAWS["hoffmann2022"]
        >>> best = law.compute_optimal(1e23)
        >>> law.loss_at_budget(2 * best.params, 1e23) > best.loss  # the optimum is the valley's floor
        True
        """
        n, n_scalar = check_positive(params, "params", "parameters")
        c, c_scalar = check_positive(flops, "flops", "FLOP")
        check_broadcast(params=n, flops=c)
        k = check_flops_per_param_token(flops_per_param_token)
        with core.quiet():
            tokens = np.divide(c, np.multiply(k, n))
        representable("the tokens D = C/(kN)", "params, flops and flops_per_param_token", tokens)
        value = core.loss(self._frontier, n, tokens)
        representable("the loss", "params and flops", value, positive=False)
        return output(value, n_scalar and c_scalar)

    # -- derived constants ----------------------------------------------------------------------------------------
    @property
    def G(self) -> float:  # noqa: N802 - the paper's name
        r""":math:`G = (\alpha A / (\beta B))^{1/(\alpha+\beta)}` [parameters], Hoffmann et al. 2022 eq. (4)."""
        return _exp(self._frontier.log_G, "G")

    @property
    def a(self) -> float:
        r""":math:`a = \beta/(\alpha+\beta)`, the exponent of :math:`N_{opt} \propto C^a`."""
        return self._frontier.a

    @property
    def b(self) -> float:
        r""":math:`b = \alpha/(\alpha+\beta)`, the exponent of :math:`D_{opt} \propto C^b`."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def gamma(self) -> float:
        r""":math:`\gamma = (\beta B / (\alpha A))^{1/\beta}` of :math:`D^*(N) = \gamma N^\phi` [tokens/params^φ]."""
        return _exp(self._frontier.log_gamma, "gamma")

    @property
    def phi(self) -> float:
        r""":math:`\phi = \alpha/\beta` in :math:`D^*(N) = \gamma N^{\phi}`."""
        return self._frontier.phi

    @property
    def frontier_exponent(self) -> float:
        r""":math:`c = \alpha\beta/(\alpha+\beta)`: on the frontier :math:`L^*(C) - E \propto C^{-c}`."""
        return self._frontier.c

    @property
    def frontier_coefficient(self) -> float:
        r""":math:`K = A G^{-\alpha} + B G^{\beta}`: on the frontier :math:`L^*(C) = E + K (C/k)^{-c}`."""
        return _exp(self._frontier.log_K, "K")

    # -- questions about budgets ----------------------------------------------------------------------------------
    def compute_optimal(self, flops: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN) -> Allocation:
        r"""The allocation that minimises the loss at a fixed training budget.

        .. math:: N_{opt} = G (C/k)^{a}, \quad D_{opt} = (C/k) / N_{opt}, \quad L^* = E + K (C/k)^{-c}

        Parameters
        ----------
        flops : float or array_like
            C [FLOP], training compute, finite and > 0.
        flops_per_param_token : float
            k [FLOP per parameter per token] in C = k·N·D; 6 by default (Hoffmann et al. 2022, App. F).

        Returns
        -------
        Allocation
            ``(params, tokens, flops, loss)``; ``k * params * tokens == flops`` to rounding.

        Raises
        ------
        TypeError
            If ``flops`` is not a real number or array, or k is not a single real number.
        ValueError
            If an element is not finite and > 0, or the optimum leaves float64 (extreme budgets or laws).

        See Also
        --------
        compute_for_loss : The inverse question, the budget that reaches a loss.

        Notes
        -----
        Substituting :math:`D = C/(kN)` and solving :math:`\partial L/\partial N = 0` gives the closed form; the
        loss is convex in :math:`\log N` along the budget, so it is the unique minimum (chapter 02).

        References
        ----------
        .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, eq. (4) and App. D.2.

        Examples
        --------
        >>> from chinchilla_lib import PUBLISHED_LAWS
        >>> N, D, C, L = PUBLISHED_LAWS["hoffmann2022"].compute_optimal(1e23)
        >>> abs(6 * N * D / C - 1) < 1e-14
        True
        """
        budget, scalar = check_positive(flops, "flops", "FLOP")
        k = check_flops_per_param_token(flops_per_param_token)
        return self._compute_optimal(budget, k, scalar)

    def _compute_optimal(self, budget: ArrayOrFloat, k: float, scalar: bool = True) -> Allocation:
        """:meth:`compute_optimal` on checked arguments, for callers that checked them once."""
        params, tokens, loss = core.compute_optimal(self._frontier, budget, k)
        representable("the optimal model size or tokens", "flops and flops_per_param_token", params, tokens)
        return Allocation(output(params, scalar), output(tokens, scalar), output(budget, scalar), output(loss, scalar))

    def optimal_tokens(self, params: Any) -> ArrayOrFloat:
        r"""Compute-optimal training tokens for a model of N parameters: :math:`D^*(N) = \gamma N^{\phi}` [tokens].

        :math:`D^*(N)` is the :math:`D_{opt}` of the budget at which N is the optimal size; it does not depend on
        k.

        Parameters
        ----------
        params : float or array_like
            N [parameters], finite and > 0.

        Returns
        -------
        float or numpy.ndarray
            D* [tokens].

        Raises
        ------
        TypeError
            If ``params`` is not a real number or an array of them.
        ValueError
            If an element is not finite and > 0, or D* leaves float64.

        References
        ----------
        .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, eq. (4) with C eliminated.

        Examples
        --------
        >>> from chinchilla_lib import PUBLISHED_LAWS
        >>> law = PUBLISHED_LAWS["hoffmann2022"]
        >>> plan = law.compute_optimal(1e24)
        >>> abs(law.optimal_tokens(plan.params) / plan.tokens - 1) < 1e-12
        True
        """
        n, scalar = check_positive(params, "params", "parameters")
        tokens = core.optimal_tokens(self._frontier, n)
        representable("the optimal tokens", "params", tokens)
        return output(tokens, scalar)

    def optimal_params(self, tokens: Any) -> ArrayOrFloat:
        r"""The model size for which D tokens are compute-optimal: :math:`N^*(D) = (D/\gamma)^{1/\phi}`.

        Parameters
        ----------
        tokens : float or array_like
            D [tokens], finite and > 0.

        Returns
        -------
        float or numpy.ndarray
            N* [parameters], the inverse of :meth:`optimal_tokens`.

        Raises
        ------
        TypeError
            If ``tokens`` is not a real number or an array of them.
        ValueError
            If an element is not finite and > 0, or N* leaves float64.

        References
        ----------
        .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, eq. (4).

        Examples
        --------
        >>> from chinchilla_lib import PUBLISHED_LAWS
        >>> law = PUBLISHED_LAWS["besiroglu2024"]
        >>> abs(law.optimal_params(law.optimal_tokens(7e9)) / 7e9 - 1) < 1e-12
        True
        """
        d, scalar = check_positive(tokens, "tokens", "tokens")
        params = core.optimal_params(self._frontier, d)
        representable("the optimal model size", "tokens", params)
        return output(params, scalar)

    def allocation_for_params(
        self, params: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
    ) -> Allocation:
        r"""Train a model of N parameters compute-optimally: :math:`D = D^*(N)`, :math:`C = k N D^*(N)`.

        Parameters
        ----------
        params : float or array_like
            N [parameters], finite and > 0.
        flops_per_param_token : float
            k [FLOP per parameter per token] in C = k·N·D; 6 by default.

        Returns
        -------
        Allocation
            ``(params, tokens, flops, loss)``, on the compute-optimal frontier.

        Raises
        ------
        TypeError
            If an argument is not a real number (or, for k, not a single one).
        ValueError
            If an element is out of range, or the plan leaves float64.

        References
        ----------
        .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, eq. (4).

        Examples
        --------
        >>> from chinchilla_lib import PUBLISHED_LAWS
        >>> law = PUBLISHED_LAWS["hoffmann2022_tex"]
        >>> plan = law.allocation_for_params(7e9)
        >>> abs(law.compute_optimal(plan.flops).params / 7e9 - 1) < 1e-10
        True
        """
        n, scalar = check_positive(params, "params", "parameters")
        k = check_flops_per_param_token(flops_per_param_token)
        return self._allocation_for_params(n, k, scalar)

    def _allocation_for_params(self, n: ArrayOrFloat, k: float, scalar: bool = True) -> Allocation:
        """:meth:`allocation_for_params` on checked arguments."""
        tokens = core.optimal_tokens(self._frontier, n)
        with core.quiet():
            flops = k * np.multiply(n, tokens)
        representable("the optimal tokens or the budget", "params and flops_per_param_token", tokens, flops)
        loss = core.loss(self._frontier, n, tokens)
        return Allocation(output(n, scalar), output(tokens, scalar), output(flops, scalar), output(loss, scalar))

    def compute_for_loss(
        self, target_loss: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
    ) -> Allocation:
        r"""The cheapest allocation that reaches ``target_loss``: invert :math:`L^*(C) = E + K (C/k)^{-c}`.

        .. math:: C = k \left(\frac{K}{\ell - E}\right)^{1/c}

        Parameters
        ----------
        target_loss : float or array_like
            ℓ [nats/token], strictly above the irreducible loss E (no finite budget reaches E).
        flops_per_param_token : float
            k [FLOP per parameter per token] in C = k·N·D; 6 by default.

        Returns
        -------
        Allocation
            The compute-optimal plan whose predicted loss is ``target_loss``.

        Raises
        ------
        TypeError
            If an argument is not a real number (or, for k, not a single one).
        ValueError
            If ℓ <= E, or the budget it needs leaves float64 (ℓ too close to E, or so far above it that the
            budget underflows).

        References
        ----------
        .. [1] J. Hoffmann et al. 2022, arXiv:2203.15556, eq. (4); the frontier loss is derived in chapter 02.

        Examples
        --------
        >>> from chinchilla_lib import PUBLISHED_LAWS
        >>> law = PUBLISHED_LAWS["hoffmann2022"]
        >>> plan = law.compute_for_loss(2.0)
        >>> abs(law.loss(plan.params, plan.tokens) - 2.0) < 1e-12
        True
        """
        target, scalar = check_range(target_loss, "target_loss", lower=self.E, unit="nats/token")
        k = check_flops_per_param_token(flops_per_param_token)
        return self._compute_for_loss(target, k, scalar)

    def _compute_for_loss(self, target: ArrayOrFloat, k: float, scalar: bool = True) -> Allocation:
        """:meth:`compute_for_loss` on checked arguments (target > E)."""
        log_flops = core.log_flops_for_loss(self._frontier, target, k)
        if not bool(np.all(log_flops < _LOG_FLOAT_MAX)):
            raise ValueError(
                f"target_loss is too close to E = {self.E:g}: reaching it needs more than 1.8e308 "
                "FLOP; choose target_loss further above E"
            )
        with core.quiet():
            flops = np.exp(log_flops)
        params, tokens, loss = core.compute_optimal(self._frontier, flops, k)
        representable(
            "the budget, model size or tokens", "target_loss and flops_per_param_token", flops, params, tokens
        )
        return Allocation(output(params, scalar), output(tokens, scalar), output(flops, scalar), output(loss, scalar))

    # -- identity -------------------------------------------------------------------------------------------------
    def replace(self, **changes: Any) -> ScalingLaw:
        """A copy with some constants changed, marked "(modified)" in its name, note and citation.

        Parameters
        ----------
        **changes
            New values for any of E, A, B, alpha, beta, name, citation, note, provenance.

        Returns
        -------
        ScalingLaw
            The modified copy, validated like any law.

        Raises
        ------
        TypeError
            If a key is not a field of the law, or a value has the wrong kind.
        ValueError
            If a new constant is out of range.

        Examples
        --------
        >>> from chinchilla_lib import PUBLISHED_LAWS
        >>> PUBLISHED_LAWS["hoffmann2022"].replace(alpha=0.3392).name
        'hoffmann2022 (modified)'
        """
        unknown = set(changes) - {"E", "A", "B", "alpha", "beta", "name", "citation", "note", "provenance"}
        if unknown:
            raise TypeError(
                f"replace() takes E, A, B, alpha, beta, name, citation, note or provenance, got {sorted(unknown)}"
            )
        if any(key in changes for key in ("E", "A", "B", "alpha", "beta")):
            changes.setdefault("name", f"{self.name} (modified)")
            changes.setdefault("note", f"(modified) {self.note}" if self.note else "(modified)")
            changes.setdefault("citation", f"{self.citation} (modified)" if self.citation else "(modified)")
        return documented(dataclasses.replace(self, **changes))

    def __str__(self) -> str:
        return f"{self.name}: L(N, D) = {self.E:g} + {self.A:g}/N^{self.alpha:g} + {self.B:g}/D^{self.beta:g}" + (
            f"  [{self.citation}]" if self.citation else ""
        )


# -- the registry ---------------------------------------------------------------------------------------------------
# Built from the data in chinchilla_lib/_laws_data.py: one entry per published law, each with a docstring generated
# from its data (astropy's cosmology realizations do the same).


def _fit_frontier(table_key: str) -> tuple[float, float]:
    """G and a of :math:`N = G C^a` by least squares in log space through a printed table's (C, N) rows [computed]."""
    rows = reference.table(table_key)
    log_params = np.log(rows.values("params"))
    log_flops = np.log(rows.values("flops"))
    slope, intercept = np.polyfit(log_flops, log_params, 1)
    return float(math.exp(intercept)), float(slope)


def _build(entry: Mapping[str, Any]) -> ScalingLaw | FrontierLaw:
    info = Provenance(
        label=entry["label"],
        printed=entry.get("printed", ""),
        params_counted=entry.get("params_counted", ""),
        tokens_counted=entry.get("tokens_counted", ""),
        flops_counted=entry.get("flops_counted", ""),
        conversion=entry.get("conversion", ""),
        dataset=entry.get("dataset", ""),
        fitted_flops=entry.get("fitted_flops"),
        fitted_params=entry.get("fitted_params"),
        range_source=entry.get("range_source", ""),
        computed=entry.get("computed", False),
        caveat=entry.get("caveat", ""),
    )
    cited = {"name": entry["key"], "citation": entry["citation"], "note": entry["note"], "provenance": info}
    law: ScalingLaw | FrontierLaw
    if entry["kind"] == "parametric":

        def constant(name: str) -> float:  # Muennighoff et al. publish log A, log B, log E
            return math.exp(entry[f"log_{name}"]) if f"log_{name}" in entry else float(entry[name])

        law = ScalingLaw(constant("E"), constant("A"), constant("B"), entry["alpha"], entry["beta"], **cited)
    else:
        coefficient, exponent = entry["coefficient"], entry["exponent"]
        if "fit_rows" in entry:
            coefficient, exponent = _fit_frontier(entry["fit_rows"])
        law = FrontierLaw(
            form=entry["form"],
            coefficient=coefficient,
            exponent=exponent,
            flops_unit=entry.get("flops_unit", 1.0),
            flops_fraction=entry.get("flops_fraction", 1.0),
            quantity_per_param=entry.get("quantity_per_param", 1.0),
            **cited,
        )
    if info.fitted_flops is None and info.fitted_params is not None:
        # [computed] the budgets at which the law itself recommends its smallest and largest fitted model
        low, high = (float(law.allocation_for_params(n).flops) for n in info.fitted_params)
        law = dataclasses.replace(law, provenance=dataclasses.replace(info, fitted_flops=(low, high)))
    return documented(law)


LAWS: Mapping[str, ScalingLaw | FrontierLaw] = MappingProxyType({e["key"]: _build(e) for e in _laws_data.LAW_DATA})
"""Every published law, parametric and frontier-only, by key (read-only). Each answers ``compute_optimal(C)`` and
``recommend(C)`` with params and tokens; only the parametric ones (:data:`PUBLISHED_LAWS`) predict a loss."""

PUBLISHED_LAWS: Mapping[str, ScalingLaw] = MappingProxyType(
    {key: law for key, law in LAWS.items() if isinstance(law, ScalingLaw)}
)
"""The published parametric laws, by key. Each value is a frozen :class:`ScalingLaw` with citation and note."""

RECOMMENDED_LAW: str = _laws_data.RECOMMENDED_LAW
"""The key of the law the course recommends; :data:`RECOMMENDATION` says why, with its caveats."""

RECOMMENDATION: str = _laws_data.RECOMMENDATION
"""One line: which law the course recommends and why (printed by the CLI, argued in chapter 07)."""
