r"""Frontier-only laws: published answers to "what N at budget C?" that come without a loss model.

Some laws are kept here only as their compute-optimal frontier, each in its own form: a model size (Kaplan et al.
2020's Table 6 recommendation, which the course compares although the paper also publishes full loss laws; Porian
et al. 2024), FLOPs per token (DeepSeek), training tokens (Llama 3), or a ratio of tokens to parameters (MiniCPM,
the "20 tokens per parameter" rule). A :class:`FrontierLaw` keeps the printed
constants and turns each form into the same allocation on Hoffmann's footing, C = k·N·D:

.. math::

    N_{opt}(C) = g_k\, C^{a}, \qquad D_{opt}(C) = \frac{C}{k\, N_{opt}(C)},

with, for a printed power law :math:`y = c\,(f C/u)^{e}` (f the law's own compute as a fraction of training
FLOPs, u its unit of compute in FLOP):

* ``form="params"``, y counts q·N (q = ``quantity_per_param``, 6 for DeepSeek's M ≈ 6N):
  :math:`g_k = c (f/u)^{e} / q,\ a = e`;
* ``form="tokens"``, y counts tokens: :math:`D = y`, so :math:`g_k = (k\,c (f/u)^{e})^{-1},\ a = 1 - e`;
* ``form="ratio"``, D = c·N: :math:`g_k = (k c)^{-1/2},\ a = 1/2`.

They predict no loss: ``compute_optimal(C).loss`` is ``None`` (documented, never NaN), and :meth:`FrontierLaw.loss`
raises a ``TypeError`` that says so.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal, NamedTuple

import numpy as np

from chinchilla_lib._core.frontier import quiet
from chinchilla_lib._validation import (
    ArrayOrFloat,
    check_choice,
    check_flops_per_param_token,
    check_nonnegative,
    check_positive,
    output,
    representable,
)
from chinchilla_lib.provenance import Cited, Provenance, documented

Form = Literal["params", "tokens", "ratio"]
_FORMS = ("params", "tokens", "ratio")


class FrontierAllocation(NamedTuple):  # numpydoc ignore=PR02
    """A frontier-only law's plan: model size, tokens and compute; ``loss`` is always None.

    Unpacks like :class:`chinchilla_lib.Allocation`, ``N, D, C, L = law.compute_optimal(1e23)``, with ``L`` None:
    a frontier-only law does not predict a loss. A named tuple: made by the laws, not checked when made.

    Parameters
    ----------
    params : float or numpy.ndarray
        N [parameters].
    tokens : float or numpy.ndarray
        D [tokens].
    flops : float or numpy.ndarray
        C [FLOP], k·N·D.
    loss : None
        Always None: the law has no loss model.

    Attributes
    ----------
    tokens_per_param : float or numpy.ndarray
        D/N [tokens per parameter].

    Examples
    --------
    >>> from chinchilla_lib import LAWS
    >>> plan = LAWS["rule_of_thumb_20"].compute_optimal(1.2e21)
    >>> plan.loss is None, round(plan.tokens_per_param, 9), abs(6 * plan.params * plan.tokens / plan.flops - 1) < 1e-14
    (True, 20.0, True)
    """

    params: ArrayOrFloat
    tokens: ArrayOrFloat
    flops: ArrayOrFloat
    loss: None = None

    @property
    def tokens_per_param(self) -> ArrayOrFloat:
        """D/N [tokens per parameter]."""
        ratio = np.divide(self.tokens, self.params)
        return float(ratio) if np.ndim(ratio) == 0 else ratio


def _positive_constant(value: Any, name: str, *, allow_zero: bool = False) -> float:
    converted, scalar = (check_nonnegative if allow_zero else check_positive)(value, name)
    if not scalar:
        raise TypeError(f"{name} must be a single number, got an array of shape {np.shape(converted)}")
    return float(converted)


@dataclasses.dataclass(frozen=True, eq=True)
class FrontierLaw(Cited):  # numpydoc ignore=PR02
    r"""A published compute-optimal frontier without a loss model, kept in its printed form.

    Parameters
    ----------
    form : {"params", "tokens", "ratio"}
        What the printed law gives: a model size (times ``quantity_per_param``), training tokens, or D/N.
    coefficient : float
        c of the printed law, > 0 (the ratio itself for ``form="ratio"``).
    exponent : float
        e of the printed law, in [0, 1) (0 for ``form="ratio"``).
    flops_unit : float
        u: FLOP per unit of the law's compute (8.64e19 for Kaplan's PF-days), > 0.
    flops_fraction : float
        f: the law's compute as a fraction of training FLOPs (1/2 for Kaplan's C_min = C/2), > 0.
    quantity_per_param : float
        q: the printed quantity per parameter for ``form="params"`` (6 for DeepSeek's M ≈ 6N), > 0.
    name : str
        A short key; a law built by hand is ``"custom"``.
    citation : str
        Where the constants come from, as for :class:`chinchilla_lib.ScalingLaw`.
    note : str
        How the constants were obtained.
    provenance : Provenance or None
        Label, definitions, conversion and fitted range (registry entries have one).

    Attributes
    ----------
    a, b : float
        The exponents of :math:`N_{opt} \propto C^a` and :math:`D_{opt} \propto C^b`, b = 1 - a.
    predicts_loss : bool
        False: the law has no loss model.
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
        If ``form`` is unknown, a constant is not finite and > 0, the exponent is outside [0, 1), or a ratio law
        has a nonzero exponent.

    Examples
    --------
    >>> porian = FrontierLaw(form="params", coefficient=0.1189, exponent=0.4969, name="porian")
    >>> N, D, C, L = porian.compute_optimal(1e24)
    >>> round(N / 1e9), L is None, abs(6 * N * D / C - 1) < 1e-14
    (100, True, True)
    >>> porian.replace(exponent=0.5).name
    'porian (modified)'
    """

    form: Form
    coefficient: float
    exponent: float = 0.0
    flops_unit: float = 1.0
    flops_fraction: float = 1.0
    quantity_per_param: float = 1.0
    name: str = "custom"
    citation: str = ""
    note: str = ""
    provenance: Provenance | None = None

    predicts_loss = False

    def __post_init__(self) -> None:
        check_choice(self.form, "form", _FORMS)
        for field in ("coefficient", "flops_unit", "flops_fraction", "quantity_per_param"):
            object.__setattr__(self, field, _positive_constant(getattr(self, field), field))
        exponent = _positive_constant(self.exponent, "exponent", allow_zero=True)
        if exponent >= 1.0:
            raise ValueError(f"exponent must be in [0, 1) so that both N and D grow with C, got {exponent!r}")
        if self.form == "ratio" and exponent != 0.0:
            raise ValueError(f"a ratio law has no exponent; got exponent={exponent!r} with form='ratio'")
        object.__setattr__(self, "exponent", exponent)
        for field in ("name", "citation", "note"):
            if not isinstance(getattr(self, field), str):
                raise TypeError(f"{field} must be a str, got {type(getattr(self, field)).__name__}")
        if not isinstance(self.provenance, Provenance | None):
            raise TypeError(f"provenance must be a Provenance or None, got {type(self.provenance).__name__}")

    # -- the frontier ---------------------------------------------------------------------------------------------
    @property
    def a(self) -> float:
        r"""The exponent a of :math:`N_{opt} \propto C^a` (1/2 for a fixed ratio, 1 - e for a tokens law)."""
        if self.form == "params":
            return self.exponent
        return 1.0 - self.exponent if self.form == "tokens" else 0.5

    @property
    def b(self) -> float:
        r"""The exponent b = 1 - a of :math:`D_{opt} \propto C^b`."""
        return 1.0 - self.a

    def params_coefficient(self, flops_per_param_token: Any = 6.0) -> float:
        r""":math:`g_k` in :math:`N_{opt} = g_k C^a` [parameters / FLOP^a], C in FLOP (DeepSeek: 0.02858).

        Parameters
        ----------
        flops_per_param_token : float
            k in C = k·N·D [FLOP per parameter per token], 6 by default.

        Returns
        -------
        float
            :math:`g_k` [parameters / FLOP^a].

        Raises
        ------
        TypeError, ValueError
            If k is not a finite number > 0.

        Examples
        --------
        >>> ratio = FrontierLaw(form="ratio", coefficient=20.0)
        >>> ratio.params_coefficient() == (6 * 20.0) ** -0.5
        True
        """
        return self._params_coefficient(check_flops_per_param_token(flops_per_param_token))

    def _params_coefficient(self, k: float) -> float:
        """:meth:`params_coefficient` for a checked k."""
        scale = float((self.flops_fraction / self.flops_unit) ** self.exponent)
        if self.form == "params":
            return self.coefficient * scale / self.quantity_per_param
        if self.form == "tokens":
            return 1.0 / (k * self.coefficient * scale)
        return float((k * self.coefficient) ** -0.5)

    def compute_optimal(self, flops: Any, flops_per_param_token: Any = 6.0) -> FrontierAllocation:
        r"""The law's allocation at budget C [FLOP]: :math:`N = g_k C^a`, :math:`D = C/(kN)`; ``loss`` is None.

        Parameters
        ----------
        flops : float or array_like
            C [FLOP], finite and > 0.
        flops_per_param_token : float
            k in C = k·N·D, 6 by default.

        Returns
        -------
        FrontierAllocation
            ``(params, tokens, flops, None)``; ``k * params * tokens == flops`` to rounding.
            Never warns: use :meth:`recommend` for the range check.

        Raises
        ------
        TypeError, ValueError
            If C or k is not finite and > 0, or if the allocation is not representable as a float.

        Examples
        --------
        >>> twenty = FrontierLaw(form="ratio", coefficient=20.0)
        >>> plan = twenty.compute_optimal(6e22)
        >>> round(plan.tokens_per_param, 12), plan.loss is None
        (20.0, True)
        """
        budget, scalar = check_positive(flops, "flops", "FLOP")
        return self._compute_optimal(budget, check_flops_per_param_token(flops_per_param_token), scalar)

    def _compute_optimal(self, budget: ArrayOrFloat, k: float, scalar: bool = True) -> FrontierAllocation:
        """:meth:`compute_optimal` on checked arguments (the command line checks them once)."""
        with quiet():
            params = self._params_coefficient(k) * np.power(budget, self.a)
            tokens = np.divide(budget, np.multiply(k, params))
        representable("the optimal model size or tokens", "flops and flops_per_param_token", params, tokens)
        return FrontierAllocation(output(params, scalar), output(tokens, scalar), output(budget, scalar))

    def _allocation_for_params(self, n: ArrayOrFloat, k: float, scalar: bool = True) -> FrontierAllocation:
        """:meth:`allocation_for_params` on checked arguments."""
        with quiet():
            flops = np.power(np.divide(n, self._params_coefficient(k)), 1.0 / self.a)
            tokens = flops / (k * np.asarray(n))
        representable("the budget or tokens", "params and flops_per_param_token", flops, tokens)
        return FrontierAllocation(output(n, scalar), output(tokens, scalar), output(flops, scalar))

    def allocation_for_params(self, params: Any, flops_per_param_token: Any = 6.0) -> FrontierAllocation:
        r"""The budget at which N is the law's optimal size, :math:`C = (N/g_k)^{1/a}`, and its tokens.

        Parameters
        ----------
        params : float or array_like
            N [parameters], finite and > 0.
        flops_per_param_token : float
            k in C = k·N·D [FLOP per parameter per token], 6 by default.

        Returns
        -------
        FrontierAllocation
            ``(params, tokens, flops, None)`` with C = k·N·D.

        Raises
        ------
        TypeError, ValueError
            If N or k is not finite and > 0, or if the budget is not representable as a float.

        Examples
        --------
        >>> twenty = FrontierLaw(form="ratio", coefficient=20.0)
        >>> N, D, C, L = twenty.allocation_for_params(1e9)
        >>> round(D / 1e9, 9), round(C / 1.2e20, 9), L is None
        (20.0, 1.0, True)
        """
        n, scalar = check_positive(params, "params", "parameters")
        return self._allocation_for_params(n, check_flops_per_param_token(flops_per_param_token), scalar)

    def optimal_tokens(self, params: Any, flops_per_param_token: Any = 6.0) -> ArrayOrFloat:
        """D*(N) [tokens]: the tokens at the budget for which N is optimal (depends on k unless the law is a ratio).

        Parameters
        ----------
        params : float or array_like
            N [parameters], finite and > 0.
        flops_per_param_token : float
            k in C = k·N·D [FLOP per parameter per token], 6 by default.

        Returns
        -------
        float or ndarray
            D [tokens], the shape of ``params``.

        Raises
        ------
        TypeError, ValueError
            If N or k is not finite and > 0.

        Examples
        --------
        >>> twenty = FrontierLaw(form="ratio", coefficient=20.0)
        >>> round(float(twenty.optimal_tokens(7e9)) / 1.4e11, 12)
        1.0
        """
        return self.allocation_for_params(params, flops_per_param_token).tokens

    def loss(self, params: Any, tokens: Any) -> ArrayOrFloat:
        """Not available: a frontier-only law predicts no loss. Raises ``TypeError`` saying so.

        Parameters
        ----------
        params : float or array_like
            N [parameters] (ignored).
        tokens : float or array_like
            D [tokens] (ignored).

        Returns
        -------
        float or ndarray
            Never returns.

        Raises
        ------
        TypeError
            Always: the law has no loss model.

        Examples
        --------
        >>> FrontierLaw(form="ratio", coefficient=20.0).loss(1e9, 2e10)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        TypeError: custom is a frontier-only law: ... but predicts no loss; use a parametric law ...
        """
        raise TypeError(
            f"{self.name} is a frontier-only law: it gives N_opt(C) and D_opt(C) but predicts no loss; "
            "use a parametric law (chinchilla_lib.PUBLISHED_LAWS) for losses"
        )

    # -- identity -------------------------------------------------------------------------------------------------
    def replace(self, **changes: Any) -> FrontierLaw:
        """A copy with some constants changed, marked "(modified)" in its name, note and citation.

        Parameters
        ----------
        **changes : Any
            New values of fields, by name; they are checked as when the law is made.

        Returns
        -------
        FrontierLaw
            The copy; its name, note and citation say "(modified)" if a constant changed and they were not given.

        Raises
        ------
        TypeError, ValueError
            If a new value is invalid, or a name is not a field.

        Examples
        --------
        >>> twenty = FrontierLaw(form="ratio", coefficient=20.0, name="twenty")
        >>> twenty.replace(coefficient=25.0).name, twenty.replace(note="x").name
        ('twenty (modified)', 'twenty')
        """
        constants = ("form", "coefficient", "exponent", "flops_unit", "flops_fraction", "quantity_per_param")
        if any(key in changes for key in constants):
            changes.setdefault("name", f"{self.name} (modified)")
            changes.setdefault("note", f"(modified) {self.note}" if self.note else "(modified)")
            changes.setdefault("citation", f"{self.citation} (modified)" if self.citation else "(modified)")
        return documented(dataclasses.replace(self, **changes))

    def __str__(self) -> str:
        printed = self.provenance.printed if self.provenance is not None else ""
        formula = f"N_opt = {self.params_coefficient():.4g}·C^{self.a:.4g} (k = 6)"
        return (
            f"{self.name}: {formula}"
            + (f"; printed: {printed}" if printed else "")
            + (f"  [{self.citation}]" if self.citation else "")
        )
