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
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np

from chinchilla_lib import _laws_data, allocation
from chinchilla_lib._validation import (
    ArrayOrFloat,
    check_flops_per_param_token,
    check_nonnegative,
    check_positive,
    output,
)
from chinchilla_lib.allocation import DEFAULT_FLOPS_PER_PARAM_TOKEN, Allocation
from chinchilla_lib.frontier import FrontierLaw
from chinchilla_lib.provenance import Cited, Provenance, documented


def _check_constant(value: Any, name: str, *, allow_zero: bool = False) -> float:
    check = check_nonnegative if allow_zero else check_positive
    converted, scalar = check(value, name)
    if not scalar:
        raise TypeError(f"{name} must be a single number, got an array")
    return float(converted)


@dataclasses.dataclass(frozen=True, eq=True)
class ScalingLaw(Cited):
    r"""A parametric loss law :math:`L(N, D) = E + A/N^{\alpha} + B/D^{\beta}`, immutable and cited.

    Parameters
    ----------
    E : float
        Irreducible loss [nats/token], >= 0.
    A, B : float
        Coefficients of the parameter and data terms, > 0.
    alpha, beta : float
        Exponents of the parameter and data terms, > 0.
    name, citation, note : str
        Where the numbers come from. A law built by hand may leave them empty.
    provenance : Provenance or None
        Label, definitions and fitted range; registry entries have one (see :mod:`chinchilla_lib.provenance`).

    Derived constants (see :mod:`chinchilla_lib.allocation` for the derivation): ``G``, ``a``, ``b`` of the
    compute-optimal frontier, ``gamma`` and ``phi`` of :math:`D^*(N) = \gamma N^{\phi}`.

    Examples
    --------
    >>> law = ScalingLaw(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)
    >>> round(law.loss(70e9, 1.4e12), 4)
    1.9366
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

    def __post_init__(self) -> None:
        for field in ("A", "B", "alpha", "beta"):
            object.__setattr__(self, field, _check_constant(getattr(self, field), field))
        object.__setattr__(self, "E", _check_constant(self.E, "E", allow_zero=True))
        for field in ("name", "citation", "note"):
            if not isinstance(getattr(self, field), str):
                raise TypeError(f"{field} must be a str, got {type(getattr(self, field)).__name__}")

    # -- the law itself -------------------------------------------------------------------------------------------
    def loss(self, params: Any, tokens: Any) -> ArrayOrFloat:
        r"""Predicted loss :math:`L(N, D) = E + A N^{-\alpha} + B D^{-\beta}` [nats/token].

        Parameters: N [parameters] > 0, D [tokens] > 0; arrays broadcast like NumPy.
        Source: Hoffmann et al. 2022, eq. (2).
        """
        n, n_scalar = check_positive(params, "params", "parameters")
        d, d_scalar = check_positive(tokens, "tokens", "tokens")
        _check_broadcast(n, d)
        return output(self.loss_unchecked(n, d), n_scalar and d_scalar)

    def loss_terms(self, params: Any, tokens: Any) -> tuple[ArrayOrFloat, ArrayOrFloat, ArrayOrFloat]:
        r"""The three terms of the loss, :math:`(E,\ A N^{-\alpha},\ B D^{-\beta})` [nats/token].

        E is the irreducible entropy, the second term what a finite model cannot represent, the third what a
        finite run has not learned (Hoffmann et al. 2022, §3.3). They sum to :meth:`loss`.
        """
        n, n_scalar = check_positive(params, "params", "parameters")
        d, d_scalar = check_positive(tokens, "tokens", "tokens")
        _check_broadcast(n, d)
        scalar = n_scalar and d_scalar
        model_term = output(self.A * np.power(n, -self.alpha), n_scalar)
        data_term = output(self.B * np.power(d, -self.beta), d_scalar)
        if not scalar:
            model_term, data_term = np.broadcast_arrays(model_term, data_term)
        return self.E, model_term, data_term

    def loss_unchecked(self, params: ArrayOrFloat, tokens: ArrayOrFloat) -> ArrayOrFloat:
        """:meth:`loss` without validation or conversion, for callers that have already checked their inputs."""
        return self.E + self.A * np.power(params, -self.alpha) + self.B * np.power(tokens, -self.beta)

    def loss_at_budget(
        self, params: Any, flops: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
    ) -> ArrayOrFloat:
        r"""Loss of a model of N parameters trained with all of a budget C: :math:`L(N, C/(kN))` [nats/token].

        This is the iso-FLOP profile of Hoffmann et al. 2022, Fig. 3: a valley in N whose floor is the optimum.
        """
        n, n_scalar = check_positive(params, "params", "parameters")
        c, c_scalar = check_positive(flops, "flops", "FLOP")
        _check_broadcast(n, c)
        k = check_flops_per_param_token(flops_per_param_token)
        return output(self.loss_unchecked(n, np.divide(c, np.multiply(k, n))), n_scalar and c_scalar)

    # -- derived constants ----------------------------------------------------------------------------------------
    @cached_property
    def G(self) -> float:  # noqa: N802 - the paper's name
        r""":math:`G = (\alpha A / (\beta B))^{1/(\alpha+\beta)}` [parameters], Hoffmann et al. 2022 eq. (4)."""
        return float((self.alpha * self.A / (self.beta * self.B)) ** (1.0 / (self.alpha + self.beta)))

    @cached_property
    def a(self) -> float:
        r""":math:`a = \beta/(\alpha+\beta)`, the exponent of :math:`N_{opt} \propto C^a`."""
        return self.beta / (self.alpha + self.beta)

    @cached_property
    def b(self) -> float:
        r""":math:`b = \alpha/(\alpha+\beta)`, the exponent of :math:`D_{opt} \propto C^b`."""
        return self.alpha / (self.alpha + self.beta)

    @cached_property
    def gamma(self) -> float:
        r""":math:`\gamma = (\beta B / (\alpha A))^{1/\beta}` of :math:`D^*(N) = \gamma N^\phi` [tokens/params^φ]."""
        return float((self.beta * self.B / (self.alpha * self.A)) ** (1.0 / self.beta))

    @cached_property
    def phi(self) -> float:
        r""":math:`\phi = \alpha/\beta` in :math:`D^*(N) = \gamma N^{\phi}`."""
        return self.alpha / self.beta

    @cached_property
    def frontier_exponent(self) -> float:
        r""":math:`c = \alpha\beta/(\alpha+\beta)`: on the frontier :math:`L^*(C) - E \propto C^{-c}`."""
        return self.alpha * self.beta / (self.alpha + self.beta)

    @cached_property
    def frontier_coefficient(self) -> float:
        r""":math:`K = A G^{-\alpha} + B G^{\beta}`: on the frontier :math:`L^*(C) = E + K (C/k)^{-c}`."""
        return float(self.A * self.G ** (-self.alpha) + self.B * self.G**self.beta)

    # -- questions about budgets ----------------------------------------------------------------------------------
    def compute_optimal(self, flops: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN) -> Allocation:
        """The loss-minimising allocation at budget C [FLOP]; see :func:`chinchilla_lib.allocation.compute_optimal`."""
        return allocation.compute_optimal(self, flops, flops_per_param_token)

    def optimal_tokens(self, params: Any) -> ArrayOrFloat:
        """D*(N) = gamma·N^phi [tokens]; see :func:`chinchilla_lib.allocation.optimal_tokens`."""
        return allocation.optimal_tokens(self, params)

    def optimal_params(self, tokens: Any) -> ArrayOrFloat:
        """N*(D) = (D/gamma)^(1/phi) [parameters]; see :func:`chinchilla_lib.allocation.optimal_params`."""
        return allocation.optimal_params(self, tokens)

    def allocation_for_params(
        self, params: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
    ) -> Allocation:
        """Train N parameters compute-optimally; see :func:`chinchilla_lib.allocation.allocation_for_params`."""
        return allocation.allocation_for_params(self, params, flops_per_param_token)

    def compute_for_loss(
        self, target_loss: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
    ) -> Allocation:
        """The cheapest allocation reaching a loss; see :func:`chinchilla_lib.allocation.compute_for_loss`."""
        return allocation.compute_for_loss(self, target_loss, flops_per_param_token)

    # -- identity -------------------------------------------------------------------------------------------------
    def replace(self, **changes: Any) -> ScalingLaw:
        """A copy with some constants changed, marked "(modified)" in its name, note and citation."""
        if any(key in changes for key in ("E", "A", "B", "alpha", "beta")):
            changes.setdefault("name", f"{self.name} (modified)")
            changes.setdefault("note", f"(modified) {self.note}" if self.note else "(modified)")
            changes.setdefault("citation", f"{self.citation} (modified)" if self.citation else "(modified)")
        return documented(dataclasses.replace(self, **changes))

    def __str__(self) -> str:
        return f"{self.name}: L(N, D) = {self.E:g} + {self.A:g}/N^{self.alpha:g} + {self.B:g}/D^{self.beta:g}" + (
            f"  [{self.citation}]" if self.citation else ""
        )


def _check_broadcast(*arrays: ArrayOrFloat) -> None:
    shapes = [np.shape(x) for x in arrays if np.ndim(x)]
    if len(shapes) > 1:
        try:
            np.broadcast_shapes(*shapes)
        except ValueError:
            raise ValueError(f"array arguments must broadcast together, got shapes {shapes}") from None


# -- the registry ---------------------------------------------------------------------------------------------------
# Built from the data in chinchilla_lib/_laws_data.py: one entry per published law, each with a docstring generated
# from its data (astropy's cosmology realizations do the same).


def _fit_frontier(rows: tuple[tuple[float, float, float], ...]) -> tuple[float, float]:
    """G and a of :math:`N = G C^a` by least squares in log space through (N, C, D) rows [computed]."""
    log_params = np.log([row[0] for row in rows])
    log_flops = np.log([row[1] for row in rows])
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
            coefficient, exponent = _fit_frontier(getattr(_laws_data, entry["fit_rows"]))
        law = FrontierLaw(form=entry["form"], coefficient=coefficient, exponent=exponent,
                          flops_unit=entry.get("flops_unit", 1.0), flops_fraction=entry.get("flops_fraction", 1.0),
                          quantity_per_param=entry.get("quantity_per_param", 1.0), **cited)  # fmt: skip
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
