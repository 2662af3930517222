r"""Where a law comes from, what range it was fitted on, and its answer to "what N and D at budget C?".

Every law of the registry (:data:`chinchilla_lib.LAWS`), parametric or frontier-only, carries a
:class:`Provenance`: a human-readable label, what its N, D and C count, the conversion the library applies to put its
compute on Hoffmann et al.'s footing (C = 6·N·D; N stays as the source counts it), the data set and the range of
budgets and model sizes it was fitted on. From that range it can say how far a budget lies outside:

.. math::

    \text{extrapolation}(C) = \max\left(0,\ \log_{10}\frac{C_{lo}}{C},\ \log_{10}\frac{C}{C_{hi}}\right)
    \quad \text{[decades]}.

``law.compute_optimal(C)`` is the law's formula, evaluated at any budget without comment (the course draws frontiers
over 1e18-1e27 FLOP, and Hoffmann et al.'s own tables extrapolate their fits by seven decades).
``law.recommend(C)`` is the question a practitioner asks: it returns a :class:`Recommendation` with the plan, the
extrapolation in decades as a flag, and emits an :class:`ExtrapolationWarning` when the budget lies outside the
fitted range. Filter it like any warning::

    import warnings
    from chinchilla_lib import ExtrapolationWarning
    warnings.simplefilter("ignore", ExtrapolationWarning)
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from typing import Any, TypeVar

import numpy as np

from chinchilla_lib._validation import (
    ArrayOrFloat,
    check_flag,
    check_flops_per_param_token,
    check_interval,
    check_positive,
    output,
)

_L = TypeVar("_L", bound="Cited")


class ExtrapolationWarning(UserWarning):
    """A law was asked about a budget outside the range it was fitted on (or its answer is itself extrapolated).

    The message says by how many decades. Filter it with ``warnings.simplefilter("ignore", ExtrapolationWarning)``;
    :meth:`Recommendation.extrapolation` carries the same information as data.

    Examples
    --------
    >>> import warnings
    >>> from chinchilla_lib import LAWS
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = LAWS["hoffmann2022"].recommend(1e25)
    >>> [w.category.__name__ for w in caught]
    ['ExtrapolationWarning']
    """


@dataclasses.dataclass(frozen=True)
class Provenance:  # numpydoc ignore=PR02
    """What a law's numbers mean and where they come from (the registry's data, see ``chinchilla_lib._laws_data``).

    Checked when made, then immutable; every law of the registry carries one as ``law.provenance``.

    Parameters
    ----------
    label : str
        A human-readable name for figures and tables, e.g. "Hoffmann 2022, Approach 3 (rounded)".
    printed : str
        The constants as the source prints them (or says why there are none).
    params_counted, tokens_counted, flops_counted : str
        What the source's N, D and C count.
    conversion : str
        What the library does to put the law's compute on Hoffmann et al.'s footing (C = 6·N·D; N as the source
        counts it).
    dataset : str
        The data the law was fitted on.
    fitted_flops : (float, float) or None
        Budgets [FLOP] the law was fitted on, low and high; None when not known.
    fitted_params : (float, float) or None
        Model sizes [parameters] the law was fitted on; None when not known.
    range_source : str
        Where the range comes from ("[computed]" when derived here).
    computed : bool
        True when the constants were computed here (from published tables or data), not printed in the source.
    caveat : str
        Set when every answer of the law is an extrapolation whatever the budget (MiniCPM's ratio).

    Raises
    ------
    TypeError
        If a text field is not a str, ``computed`` is not a bool, or a range is not a pair of numbers.
    ValueError
        If a range is not (low, high) with 0 < low <= high, both finite.

    Examples
    --------
    >>> from chinchilla_lib import LAWS
    >>> provenance = LAWS["hoffmann2022"].provenance
    >>> provenance.label, provenance.range_text()
    ('Hoffmann 2022, Approach 3 (rounded)', '1.4e+18-1.3e+22 FLOP, 57M-16B parameters')
    >>> low, high = provenance.fitted_flops
    >>> 0 < low <= high, provenance.computed
    (True, False)
    """

    label: str
    printed: str = ""
    params_counted: str = ""
    tokens_counted: str = ""
    flops_counted: str = ""
    conversion: str = ""
    dataset: str = ""
    fitted_flops: tuple[float, float] | None = None
    fitted_params: tuple[float, float] | None = None
    range_source: str = ""
    computed: bool = False
    caveat: str = ""

    def __post_init__(self) -> None:
        texts = ("label", "printed", "params_counted", "tokens_counted", "flops_counted", "conversion", "dataset")
        for field in (*texts, "range_source", "caveat"):
            if not isinstance(getattr(self, field), str):
                raise TypeError(f"{field} must be a str, got {type(getattr(self, field)).__name__}")
        for field, unit in (("fitted_flops", "FLOP"), ("fitted_params", "parameters")):
            if getattr(self, field) is not None:
                object.__setattr__(self, field, check_interval(getattr(self, field), field, unit, strict=False))
        object.__setattr__(self, "computed", check_flag(self.computed, "computed"))

    def range_text(self) -> str:
        """The fitted range in one phrase, e.g. "1e17-3e20 FLOP, 40M-16B parameters" (or "range not stated").

        Returns
        -------
        str
            The budgets [FLOP] and model sizes [parameters] of the fit, whichever are known.

        Examples
        --------
        >>> Provenance("demo", fitted_flops=(1e17, 3e20), fitted_params=(4e7, 1.6e10)).range_text()
        '1e+17-3e+20 FLOP, 40M-16B parameters'
        >>> Provenance("demo").range_text()
        'range not stated'
        """
        parts = []
        if self.fitted_flops is not None:
            parts.append(f"{self.fitted_flops[0]:.2g}-{self.fitted_flops[1]:.2g} FLOP")
        if self.fitted_params is not None:
            parts.append(f"{_count(self.fitted_params[0])}-{_count(self.fitted_params[1])} parameters")
        return ", ".join(parts) if parts else "range not stated"


def _count(value: float) -> str:
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


@dataclasses.dataclass(frozen=True)
class Recommendation:  # numpydoc ignore=PR02
    """One law's answer to "what N and D at budget C?", with its range flag.

    Made by ``law.recommend(C)`` (:meth:`Cited.recommend`); not checked when made.

    Parameters
    ----------
    law : str
        The law's key (``name``).
    label : str
        Its human-readable label.
    params, tokens, flops : float or ndarray
        N [parameters], D [tokens], C = k·N·D [FLOP].
    loss : float, ndarray or None
        The predicted loss [nats/token]; None for frontier-only laws, which do not predict one.
    extrapolation : float, ndarray or None
        Decades between C and the fitted budget range (0 inside it); None when the range is not known.
    caveat : str
        Non-empty when the answer is an extrapolation whatever the budget.

    Attributes
    ----------
    tokens_per_param : float or ndarray
        D/N [tokens per parameter].
    extrapolated : bool
        True when any budget lies outside the fitted range, or the law's answer is extrapolated by nature.
    flag : str
        A short text for tables: "in range", "2.3 dec out", "range n/a" or "extrapolated".

    Examples
    --------
    >>> from chinchilla_lib import LAWS
    >>> plan = LAWS["hoffmann2022"].recommend(1e21)
    >>> plan.law, plan.flag, plan.extrapolated, plan.extrapolation
    ('hoffmann2022', 'in range', False, 0.0)
    >>> abs(6 * plan.params * plan.tokens / plan.flops - 1) < 1e-14, round(plan.tokens_per_param)
    (True, 50)
    """

    law: str
    label: str
    params: ArrayOrFloat
    tokens: ArrayOrFloat
    flops: ArrayOrFloat
    loss: ArrayOrFloat | None
    extrapolation: ArrayOrFloat | None
    caveat: str = ""

    @property
    def tokens_per_param(self) -> ArrayOrFloat:
        """D/N [tokens per parameter]."""
        ratio = np.divide(self.tokens, self.params)
        return float(ratio) if np.ndim(ratio) == 0 else ratio

    @property
    def extrapolated(self) -> bool:
        """True when any budget lies outside the fitted range, or the law's answer is extrapolated by nature."""
        if self.caveat:
            return True
        return self.extrapolation is not None and bool(np.any(np.asarray(self.extrapolation) > 0))

    @property
    def flag(self) -> str:
        """A short text for tables: "in range", "2.3 dec out", "range n/a" or "extrapolated"."""
        if self.caveat:
            return "extrapolated"
        if self.extrapolation is None:
            return "range n/a"
        worst = float(np.max(self.extrapolation))
        return "in range" if worst == 0 else f"{worst:.1f} dec out"


def extrapolation_decades(flops: ArrayOrFloat, fitted_flops: tuple[float, float] | None) -> ArrayOrFloat | None:
    r"""Decades between ``flops`` and the range ``fitted_flops`` (0 inside; None when the range is None).

    .. math::

        \max\left(0,\ \log_{10}\frac{C_{lo}}{C},\ \log_{10}\frac{C}{C_{hi}}\right)

    Parameters
    ----------
    flops : float or array_like
        C [FLOP], finite and > 0.
    fitted_flops : (float, float) or None
        The fitted budgets :math:`(C_{lo}, C_{hi})` [FLOP], 0 < low <= high, or None when not known.

    Returns
    -------
    float, ndarray or None
        The distance in decades, the shape of ``flops``; None when ``fitted_flops`` is None.

    Raises
    ------
    TypeError, ValueError
        If C is not finite and > 0, or ``fitted_flops`` is neither None nor such a pair.

    Examples
    --------
    >>> extrapolation_decades(1e24, (1e17, 3e20))
    3.5228787452803374
    >>> extrapolation_decades(1e19, (1e17, 3e20))
    0.0
    """
    budget, scalar = check_positive(flops, "flops", "FLOP")
    if fitted_flops is None:
        return None
    decades = _decades(budget, check_interval(fitted_flops, "fitted_flops", "FLOP", strict=False))
    return None if decades is None else output(decades, scalar)


def _decades(flops: ArrayOrFloat, fitted_flops: tuple[float, float] | None) -> ArrayOrFloat | None:
    """:func:`extrapolation_decades` on checked arguments."""
    if fitted_flops is None:
        return None
    low, high = math.log10(fitted_flops[0]), math.log10(fitted_flops[1])
    logged = np.log10(flops)
    decades = np.maximum(0.0, np.maximum(low - logged, logged - high))
    return float(decades) if np.ndim(decades) == 0 else decades


class Cited:
    """What every law of the registry has beyond its formula: a label, a range, docstrings and :meth:`recommend`.

    Subclasses are frozen dataclasses with ``name``, ``citation``, ``note`` and ``provenance`` fields and a
    ``compute_optimal(flops, flops_per_param_token)`` method returning (params, tokens, flops, loss).
    """

    name: str
    citation: str
    note: str
    provenance: Provenance | None

    predicts_loss: bool = True
    """Whether the law has a loss model (``law.loss``); frontier-only laws say False."""

    def compute_optimal(self, flops: Any, flops_per_param_token: Any = 6.0) -> Any:  # pragma: no cover
        """The plan (params, tokens, flops, loss) at budget C; every law class defines it.

        Parameters
        ----------
        flops : float or array_like
            C [FLOP], finite and > 0.
        flops_per_param_token : float
            k in C = k·N·D [FLOP per parameter per token], 6 by default.

        Returns
        -------
        tuple
            ``(params, tokens, flops, loss)``: N [parameters], D [tokens], C [FLOP], loss or None.

        Raises
        ------
        NotImplementedError
            Here; the law classes define it.

        Examples
        --------
        >>> from chinchilla_lib import LAWS
        >>> N, D, C, L = LAWS["rule_of_thumb_20"].compute_optimal(1.2e21)
        >>> round(D / N, 9), L is None
        (20.0, True)
        """
        raise NotImplementedError

    def _compute_optimal(self, budget: Any, k: float, scalar: bool = True) -> Any:  # pragma: no cover
        """:meth:`compute_optimal` on checked arguments; every law class defines it."""
        raise NotImplementedError

    @property
    def label(self) -> str:
        """A human-readable name for figures and tables ("Hoffmann 2022, Approach 3 (rounded)"); keys stay for code."""
        if self.provenance is None:
            return self.name
        modified = " (modified)" if self.name.endswith("(modified)") else ""
        return self.provenance.label + modified

    @property
    def fitted_flops(self) -> tuple[float, float] | None:
        """The budgets [FLOP] the law was fitted on, (low, high), or None when not known."""
        return None if self.provenance is None else self.provenance.fitted_flops

    def extrapolation(self, flops: Any) -> ArrayOrFloat | None:
        """Decades between the budget C [FLOP] and the fitted budget range: 0 inside, None when unknown.

        Never warns: this is the quiet check plots use to draw the extrapolated part dashed.

        Parameters
        ----------
        flops : float or array_like
            C [FLOP], finite and > 0.

        Returns
        -------
        float, ndarray or None
            Decades outside the fitted range, the shape of ``flops``; None when the range is not known.

        Raises
        ------
        TypeError, ValueError
            If C is not finite and > 0.

        Examples
        --------
        >>> from chinchilla_lib import LAWS
        >>> LAWS["hoffmann2022"].extrapolation(1e20), round(LAWS["hoffmann2022"].extrapolation(1.3e24), 12)
        (0.0, 2.0)
        """
        budget, scalar = check_positive(flops, "flops", "FLOP")
        decades = _decades(budget, self.fitted_flops)
        return None if decades is None else output(decades, scalar)

    def recommend(self, flops: Any, flops_per_param_token: Any = 6.0) -> Recommendation:
        """The law's plan at budget C [FLOP], flagged, with an :class:`ExtrapolationWarning` outside its range.

        Parameters
        ----------
        flops : float or array_like
            C [FLOP], finite and > 0.
        flops_per_param_token : float
            k in C = k·N·D, 6 by default.

        Returns
        -------
        Recommendation
            The params, tokens, flops, loss (None for frontier-only laws) and ``extrapolation`` in decades.

        Raises
        ------
        TypeError, ValueError
            If C or k is not finite and > 0.

        Warns
        -----
        ExtrapolationWarning
            When C lies outside the fitted budget range (the message gives the decades), or when the law's answer
            is an extrapolation whatever the budget.

        Examples
        --------
        >>> from chinchilla_lib import LAWS
        >>> plan = LAWS["hoffmann2022"].recommend(1e21)
        >>> plan.flag, plan.extrapolated, round(6 * plan.params * plan.tokens / 1e21, 12)
        ('in range', False, 1.0)
        """
        budget, scalar = check_positive(flops, "flops", "FLOP")
        k = check_flops_per_param_token(flops_per_param_token)
        return self._recommend(budget, k, scalar)

    def _recommend(self, budget: ArrayOrFloat, k: float, scalar: bool = True) -> Recommendation:
        """:meth:`recommend` on checked arguments (tables and the command line check them once)."""
        plan = self._compute_optimal(budget, k, scalar)
        decades = _decades(plan.flops, self.fitted_flops)
        caveat = "" if self.provenance is None else self.provenance.caveat
        result = Recommendation(self.name, self.label, plan.params, plan.tokens, plan.flops, plan.loss, decades, caveat)
        if caveat:
            warnings.warn(f"{self.name}: {caveat}", ExtrapolationWarning, stacklevel=3)
        elif decades is not None and np.any(np.asarray(decades) > 0):
            low, high = self.fitted_flops  # type: ignore[misc]
            worst = float(np.max(decades))
            at = f"{float(plan.flops):.3g} FLOP" if np.ndim(plan.flops) == 0 else "some of these budgets"
            warnings.warn(
                f"{self.name} was fitted on budgets {low:.2g}-{high:.2g} FLOP; {at} lies {worst:.1f} decades "
                "outside that range (an extrapolation)",
                ExtrapolationWarning,
                stacklevel=3,
            )
        return result


def describe(law: Cited) -> str:
    """The docstring of a registry entry, generated from its data (as astropy does for its cosmologies).

    Parameters
    ----------
    law : Cited
        A law, parametric or frontier-only.

    Returns
    -------
    str
        Label and kind, note, source, and, when the law has a :class:`Provenance`, its printed form, what N, D and C
        count, the conversion and the fitted range.

    Raises
    ------
    TypeError
        If ``law`` is not a law of the library (a :class:`Cited`, such as ScalingLaw or FrontierLaw).

    Examples
    --------
    >>> from chinchilla_lib import LAWS
    >>> describe(LAWS["porian2024"]).splitlines()[0].endswith("Frontier-only law (predicts no loss).")
    True
    """
    _check_law(law)
    info = law.provenance
    kind = "Parametric law (predicts loss)" if law.predicts_loss else "Frontier-only law (predicts no loss)"
    lines = [f"{law.label}: {kind}.", "", law.note, "", f"Source: {law.citation}."]
    if info is not None:
        lines += [
            f"Printed form: {info.printed}." if info.printed else "",
            f"N counts {info.params_counted}; D counts {info.tokens_counted}; C: {info.flops_counted}."
            if info.params_counted
            else "",
            f"Conversion to Hoffmann's footing (C = 6·N·D; N as the source counts it): {info.conversion}."
            if info.conversion
            else "",
            f"Fitted on: {info.range_text()} ({info.range_source}); data: {info.dataset}.",
        ]
        if info.computed:
            lines.append("[computed] The constants were computed by this library, not printed in the source.")
        if info.caveat:
            lines.append(f"Always an extrapolation: {info.caveat}.")
    return "\n".join(line for line in lines if line is not None)


def documented(law: _L) -> _L:
    """Give a registry entry (or a modified copy of one) its generated docstring; other laws pass unchanged.

    Parameters
    ----------
    law : Cited
        A law; it is changed in place when it has a :class:`Provenance`.

    Returns
    -------
    Cited
        The same law, for chaining.

    Raises
    ------
    TypeError
        If ``law`` is not a law of the library (a :class:`Cited`, such as ScalingLaw or FrontierLaw).

    Examples
    --------
    >>> from chinchilla_lib import LAWS
    >>> law = LAWS["porian2024"]
    >>> documented(law) is law, law.__doc__ == describe(law)
    (True, True)
    """
    _check_law(law)
    if law.provenance is not None:
        object.__setattr__(law, "__doc__", describe(law))
    return law


def _check_law(law: Any) -> None:
    if not isinstance(law, Cited):
        raise TypeError(f"law must be a law of the library (ScalingLaw or FrontierLaw), got {type(law).__name__}")
