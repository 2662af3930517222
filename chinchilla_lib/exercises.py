"""Graders for the chapters' exercises: a wrong answer gets a hint, not just "wrong".

Each ``check_*`` function takes the student's answer and returns a :class:`Feedback`, which a notebook shows as one
line of text. Expected values are computed from the library, never typed in. Each numeric question states the
precision it wants (significant figures); an answer that rounds to the expected value at that precision (by either
tie rule) or lies within half a unit of its last figure is right, and the ✅ message prints the expected value at that
precision; an answer right at fewer figures is told to give more. Common mistakes (forgetting k = 6, swapping N and D,
using the rounded constants where the unrounded ones were asked for) and unit slips (billions for a count,
a percentage for a fraction, GPU-seconds for GPU-hours, bits for nats, a change in percent for a factor) are
recognised and named. A count typed with a suffix ("40.4B") is read as the number it names; anything else that is
not a number (text, a list, ``True``, ``10**400``) gets feedback, never an exception.

Three kinds of question:

* numeric, graded by :func:`grade` (``check_chinchilla_flops``, ...);
* symbolic, graded by :func:`grade_expression`, which accepts any SymPy expression equivalent to the expected one;
* multiple choice, graded by :func:`check_choice`, with feedback on every option.

>>> check_chinchilla_flops(5.88e23)
✅ Correct: C = 6·N·D = 5.88e+23 FLOP.
>>> check_chinchilla_flops(9.8e22)
❌ Not quite: that is N·D without the factor k = 6: C = 6·N·D.
>>> check_chinchilla_flops(None)
⏳ Not answered yet: replace None with your value for C = 6·N·D (3 significant figures).
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from typing import Any, Protocol

import numpy as np

from chinchilla_lib import reference
from chinchilla_lib._validation import _describe, as_real
from chinchilla_lib._validation import check_count as _check_count  # aliased: check_* names here are graders
from chinchilla_lib._validation import check_range as _check_range
from chinchilla_lib.approaches import fit_isoflop_profiles
from chinchilla_lib.beyond import KAPLAN_2020, KaplanLaw, effective_tokens, inference_optimal
from chinchilla_lib.compute import flops_to_gpu_hours, training_flops
from chinchilla_lib.fitting import fit_parametric
from chinchilla_lib.laws import PUBLISHED_LAWS
from chinchilla_lib.synthetic import isoflop_runs

GOPHER_BUDGET = reference.GOPHER_BUDGET
"""Gopher's training budget [FLOP], from :mod:`chinchilla_lib.reference` (Hoffmann et al. 2022, Table 3)."""
CHINCHILLA = (reference.CHINCHILLA_PARAMS, reference.CHINCHILLA_TOKENS)
GOPHER = (reference.GOPHER_PARAMS, reference.GOPHER_TOKENS)

Mistakes = Sequence[tuple[float, str]]


@dataclass(frozen=True)
class Feedback:  # numpydoc ignore=PR02
    """The verdict on one answer; shown in a notebook as its message.

    Returned by every grader, such as :func:`grade` and :func:`check_choice`; not checked when made.

    Parameters
    ----------
    correct : bool
        Whether the answer is right: True for ✅, False for a wrong (❌) or missing (⏳) answer.
    message : str
        One line for the student, starting with ✅, ❌ or ⏳; it is also the object's ``repr`` and ``str``.

    Examples
    --------
    >>> check = NUMERIC_GRADERS["check_chinchilla_flops"]
    >>> feedback = check(5.88e23)
    >>> feedback.correct, feedback.message[0], str(feedback) == repr(feedback) == feedback.message
    (True, '✅', True)
    >>> check(None).correct, check(None).message[0]  # not answered yet
    (False, '⏳')
    """

    correct: bool
    message: str

    def __repr__(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.message


# --- checks on the arguments of the tools that build graders (the answers themselves are never refused) -----------

MAX_SIG_FIGS = 17
"""The most significant figures a question may ask for: a float64 holds no more than 17 decimal figures."""


def _sig_figs(value: Any, name: str = "sig_figs") -> int:
    return _check_count(value, name, minimum=1, maximum=MAX_SIG_FIGS)


def _real(value: Any, name: str, *, finite: bool = False) -> float:
    """One real number; NaN and ±inf pass unless ``finite``."""
    converted, scalar = _check_range(value, name, lower=-math.inf) if finite else as_real(value, name)
    if not scalar:
        raise TypeError(f"{name} must be a single number, got an array of shape {np.shape(converted)}")
    return float(converted)


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def _items(values: Any, name: str, kind: str) -> list[Any]:
    """The items of a list-like argument: not text, a mapping or a 0-d array, which iterate oddly or not at all."""
    scalar_array = isinstance(values, np.ndarray) and values.ndim == 0
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable) or scalar_array:
        raise TypeError(f"{name} must be a sequence of {kind}, got {type(values).__name__}")
    return list(values)


def _pairs(mistakes: Any) -> list[tuple[Any, str]]:
    """``mistakes`` as a list of (value, explanation) pairs, each explanation a str; the values are checked by the
    caller (numbers or SymPy expressions).
    """
    pairs = []
    for item in _items(mistakes, "mistakes", "(value, explanation) pairs"):
        if not (isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[1], str)):
            raise TypeError(f"mistakes must hold (value, explanation: str) pairs, got {_describe(item)}")
        pairs.append((item[0], item[1]))
    return pairs


# --- precision --------------------------------------------------------------------------------------------------------


def round_sig(value: float, sig_figs: int) -> float:
    """``value`` rounded to ``sig_figs`` significant figures (as printed with that many).

    Parameters
    ----------
    value : float
        The number to round; NaN and infinities come back unchanged.
    sig_figs : int
        How many significant figures to keep, from 1 to 17.

    Returns
    -------
    float
        ``value`` printed in scientific notation with ``sig_figs`` figures and read back (Python's formatting
        rounds the exact binary value correctly, ties to even).

    Raises
    ------
    TypeError, ValueError
        If ``value`` is not a real number, ``sig_figs`` is not a whole number in [1, 17], or ``value`` rounds
        beyond the largest float64 (1.75e308 to 2 figures).

    Examples
    --------
    >>> round_sig(0.45166, 2), round_sig(1.0349, 3), round_sig(8.04e11, 2)
    (0.45, 1.03, 800000000000.0)
    """
    value = _real(value, "value")
    rounded = _round_sig(value, _sig_figs(sig_figs))
    if math.isfinite(value) and not math.isfinite(rounded):
        raise ValueError(f"value rounds beyond the largest float64 at these sig_figs, got {value!r}")
    return rounded


def _round_sig(value: float, sig_figs: int) -> float:
    """:func:`round_sig` on checked arguments."""
    return float(f"{value:.{sig_figs - 1}e}")


def format_sig(value: float, sig_figs: int) -> str:
    """``value`` printed with exactly ``sig_figs`` significant figures, trailing zeros kept.

    Parameters
    ----------
    value : float
        The number to print.
    sig_figs : int
        How many significant figures to print, from 1 to 17.

    Returns
    -------
    str
        ``value`` in the ``g`` format with ``sig_figs`` figures (scientific notation for large and small
        magnitudes), without a trailing decimal point.

    Raises
    ------
    TypeError, ValueError
        If ``value`` is not a real number, or ``sig_figs`` is not a whole number in [1, 17].

    Examples
    --------
    >>> format_sig(1.0, 3), format_sig(5.8800001e23, 3), format_sig(0.45166, 2), format_sig(100.0, 3)
    ('1.00', '5.88e+23', '0.45', '100')
    """
    return _format_sig(_real(value, "value"), _sig_figs(sig_figs))


def _format_sig(value: float, sig_figs: int) -> str:
    """:func:`format_sig` on checked arguments."""
    return f"{value:#.{sig_figs}g}".rstrip(".")


def within_precision(value: float, expected: float, sig_figs: int) -> bool:
    """Whether ``value`` is ``expected`` at ``sig_figs`` significant figures.

    True when both round to the same ``sig_figs``-figure value, by either tie rule (half to even, as Python prints,
    or half up, as by hand: 0.48 and 0.49 both pass for 0.485), or when they differ by at most half a unit in the
    last stated figure of ``expected`` (so that 1.035 passes for 1.0349 although the two round apart). Both are
    compared as the decimals they print as, so a tie stored in binary just below (0.485) is still a tie.

    Parameters
    ----------
    value : float
        The answer given.
    expected : float
        The right answer.
    sig_figs : int
        The significant figures the question asks for, from 1 to 17.

    Returns
    -------
    bool
        True when ``value`` is right at ``sig_figs`` figures. If ``expected`` is 0 or not finite, only the
        same rounded value, or exact equality, passes.

    Raises
    ------
    TypeError, ValueError
        If ``value`` or ``expected`` is not a real number, or ``sig_figs`` is not a whole number in [1, 17].

    Examples
    --------
    >>> within_precision(1.03, 1.0312, 3), within_precision(0.45, 0.4516, 2), within_precision(0.46, 0.4516, 2)
    (True, True, False)
    >>> within_precision(0.49, 0.485, 2), within_precision(0.48, 0.485, 2), within_precision(0.47, 0.485, 2)
    (True, True, False)
    """
    return _within_precision(_real(value, "value"), _real(expected, "expected"), _sig_figs(sig_figs))


def _within_precision(value: float, expected: float, sig_figs: int) -> bool:
    """:func:`within_precision` on checked arguments."""
    if _same_rounding(value, expected, sig_figs):
        return True
    if expected == 0 or not math.isfinite(expected) or not math.isfinite(value):
        return value == expected
    exact = _decimal(expected)
    return abs(_decimal(value) - exact) <= Decimal(5).scaleb(exact.adjusted() - sig_figs)  # half a unit in the last


def _decimal(value: float) -> Decimal:
    """``value`` as the shortest decimal that reads back as it (as printed): 0.485, not 0.48499999999999998668."""
    return Decimal(repr(value))


def _roundings(value: Decimal, sig_figs: int) -> set[Decimal]:
    """``value`` rounded to ``sig_figs`` figures with ties to even and with ties up (away from zero)."""
    return {Context(prec=sig_figs, rounding=rule).plus(value) for rule in (ROUND_HALF_EVEN, ROUND_HALF_UP)}


def _same_rounding(value: float, expected: float, sig_figs: int) -> bool:
    """Whether the two round to the same ``sig_figs``-figure value, in binary or by either decimal tie rule."""
    if _round_sig(value, sig_figs) == _round_sig(expected, sig_figs):
        return True
    if not (math.isfinite(value) and math.isfinite(expected)):
        return False
    return bool(_roundings(_decimal(value), sig_figs) & _roundings(_decimal(expected), sig_figs))


def _is_rounding_of(value: float, expected: float, sig_figs: int) -> bool:
    """Whether ``value`` is ``expected`` rounded to ``sig_figs`` figures or more (either tie rule), or ``expected``."""
    if value == expected or _same_rounding(value, expected, sig_figs):
        return True
    if not (math.isfinite(value) and math.isfinite(expected)):
        return False
    mine, exact = _decimal(value), _decimal(expected)
    return any(mine in _roundings(exact, figures) for figures in range(sig_figs + 1, MAX_SIG_FIGS + 1))


def _fewer_figures(value: float, expected: float, sig_figs: int) -> int | None:
    """The most figures, fewer than ``sig_figs``, that ``value`` has and is right at (a rounded table's value)."""
    fewer = [
        figures
        for figures in range(1, sig_figs)
        if _round_sig(value, figures) == value and _within_precision(value, expected, figures)
    ]
    return fewer[-1] if fewer else None


def _rounded_twice(value: float, expected: float, sig_figs: int) -> bool:
    """Whether ``value`` is a rounding to ``sig_figs`` figures of ``expected`` already rounded to more (4.85 -> 4.9)."""
    if not (math.isfinite(value) and math.isfinite(expected)) or expected == 0:
        return False
    mine, exact = _decimal(value), _decimal(expected)
    return any(
        mine in _roundings(rounded, sig_figs)
        for figures in range(sig_figs + 1, MAX_SIG_FIGS + 1)
        for rounded in _roundings(exact, figures)
    )


# --- reading an answer -----------------------------------------------------------------------------------------------


def unanswered(answer: Any, what: str) -> Feedback | None:
    """The "not answered yet" feedback while ``answer`` is still None (or ...), else None.

    Parameters
    ----------
    answer : Any
        What the student wrote; the exercises start with ``answer = None``.
    what : str
        What the answer is, as the message names it.

    Returns
    -------
    Feedback or None
        ⏳ feedback (not correct) if ``answer`` is None or Ellipsis; None for any other answer, which is then graded.

    Examples
    --------
    >>> unanswered(None, "C [FLOP]")
    ⏳ Not answered yet: replace None with your value for C [FLOP].
    >>> unanswered(None, "C").correct, unanswered(0.0, "C")
    (False, None)
    """
    if answer is None or answer is Ellipsis:
        return Feedback(False, f"⏳ Not answered yet: replace None with your value for {what}.")
    return None


def _kind(answer: Any) -> str:
    return type(answer).__name__


_SUFFIXES = {"k": 3, "thousand": 3, "m": 6, "million": 6, "b": 9, "bn": 9, "billion": 9, "t": 12, "trillion": 12}
_NAMED_NUMBER = re.compile(
    r"([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d{1,4})?)\s*(k|m|bn?|t|(?:thousand|million|billion|trillion)s?)",
    re.IGNORECASE | re.ASCII,
)


def _named_number(text: str) -> float | None:
    """The number a text such as "40.4B" or "40.4 billion" names (K, M, B, T: thousands to trillions), else None."""
    match = _NAMED_NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    number, suffix = match.groups()
    value = float(Decimal(number).scaleb(_SUFFIXES[suffix.lower().removesuffix("s")]))
    return value if math.isfinite(value) else None  # "1e400B": told it is not a number, like any other text


def _text_advice(what: str, text: str) -> str:
    """What to say to an answer typed as text: drop the quotes if it is a number, else give one."""
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        return f"❌ {what} should be a number such as 2.5 or 1e21, not the text {text!r}."
    if not math.isfinite(value):  # "inf" or "nan" without quotes is no answer either
        return f"❌ {what} should be a finite number such as 2.5 or 1e21, not text."
    return f"❌ {what} should be a number, not text: write {text} without quotes."


def _not_one_number(answer: Any, what: str) -> Feedback | None:
    """Feedback for answers that are plainly not one real number (text, a list, True, a complex), else None."""
    if isinstance(answer, (bool, np.bool_)):
        return Feedback(False, f"❌ {what} should be a number, not {bool(answer)!r}.")
    if isinstance(answer, (str, bytes)):
        text = answer.decode(errors="replace") if isinstance(answer, bytes) else answer
        return Feedback(False, _text_advice(what, text.strip()[:40]))
    if isinstance(answer, np.ndarray):
        return Feedback(False, f"❌ {what} should be one number, not an array of shape {answer.shape}.")
    if isinstance(answer, (list, tuple, set, frozenset, dict)):
        return Feedback(False, f"❌ {what} should be one number, not a {_kind(answer)}.")
    if isinstance(answer, (complex, np.complexfloating)):
        return Feedback(False, f"❌ {what} should be a real number, not a complex one.")
    return None


def as_number(answer: Any, what: str) -> float | Feedback:
    """The answer as a finite float, or the feedback that explains why it is not one (never raises).

    Accepts Python and NumPy numbers, 0-d arrays, fractions and decimals, and a text that names a count with a
    suffix, which cannot be written without quotes: "40.4B", "40.4 billion", "1.5K", "2T" (K, M, B and T for
    thousands, millions, billions and trillions). A plain number typed as text ("3") is told to drop the quotes; an
    integer too large for a float (``10**400``) is told it is far too large.

    Parameters
    ----------
    answer : Any
        What the student wrote.
    what : str
        What the answer is, as the messages name it.

    Returns
    -------
    float or Feedback
        ``float(answer)`` (or the number a suffixed text names) if that is finite; otherwise ❌ feedback saying
        what the answer is instead (other text, a bool, a list or array, a complex, NaN, an infinity, a number too
        large for a float).

    Examples
    --------
    >>> as_number(np.array(2.5), "x"), as_number("3", "x")
    (2.5, ❌ x should be a number, not text: write 3 without quotes.)
    >>> as_number("40.4B", "N"), as_number("1.4 trillion", "D")
    (40400000000.0, 1400000000000.0)
    """
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer[()]
    if isinstance(answer, str) and (named := _named_number(answer)) is not None:
        answer = named
    if (wrong := _not_one_number(answer, what)) is not None:
        return wrong
    try:
        value = float(answer)
    except OverflowError:
        if isinstance(answer, numbers.Integral):
            digits = len(str(abs(int(answer)))) - 1
            return Feedback(False, f"❌ {what} is far too large: about {'-' if int(answer) < 0 else ''}10^{digits}.")
        return Feedback(False, f"❌ {what} is far too large to be a float.")
    except (TypeError, ValueError):
        return Feedback(False, f"❌ {what} should be a number, got a {_kind(answer)}: {str(answer)[:60]!r}.")
    if not math.isfinite(value):
        got = (
            "NaN (not a number): check for 0/0 or a log of 0"
            if math.isnan(value)
            else "an infinite value: check for a division by zero or an overflow"
        )
        return Feedback(False, f"❌ {what} should be a finite number, got {got}.")
    return value


# --- unit slips -----------------------------------------------------------------------------------------------------

_COUNT_PREFIXES = ((1e-3, "thousands"), (1e-6, "millions"), (1e-9, "billions"), (1e-12, "trillions"))


def unit_slips(expected: float, unit: str) -> list[tuple[float, str]]:
    """The values a unit slip gives for an answer ``expected`` in ``unit``, with a message naming the slip.

    Counts (parameters, tokens, FLOP) given in thousands/millions/billions/trillions; fractions given as percentages;
    GPU-hours given as GPU-seconds or GPU-days; days given as hours or seconds; a percentage given as a fraction.

    Parameters
    ----------
    expected : float
        The right answer, in ``unit``.
    unit : str
        The answer's unit. "parameters", "tokens", "FLOP", "fraction", "GPU-hours", "days" and "%" have slips;
        any other unit has none.

    Returns
    -------
    list of (float, str)
        For each slip, the value it gives and the message naming it; empty for a unit without slips.

    Raises
    ------
    TypeError, ValueError
        If ``expected`` is not a finite real number, or ``unit`` is not a str.

    Examples
    --------
    >>> [value for value, _ in unit_slips(7e9, "parameters")][2]  # 7e9 parameters written in billions
    7.0
    >>> [message for _, message in unit_slips(0.5, "fraction")]
    ['that is a percentage; give a fraction (0.25, not 25).']
    """
    return _unit_slips(_real(expected, "expected", finite=True), _text(unit, "unit"))


def _unit_slips(expected: float, unit: str) -> list[tuple[float, str]]:
    """:func:`unit_slips` on checked arguments."""
    slips: list[tuple[float, str]] = []
    if unit in ("parameters", "tokens", "FLOP"):
        noun = {"parameters": "parameters", "tokens": "tokens", "FLOP": "FLOPs"}[unit]
        for factor, prefix in _COUNT_PREFIXES:
            slips.append((expected * factor, f"you gave {prefix}; the answer is a count of {noun} (write 7e9, not 7)."))
    elif unit == "fraction":
        slips.append((expected * 100, "that is a percentage; give a fraction (0.25, not 25)."))
    elif unit == "GPU-hours":
        slips.append((expected * 3600, "that is GPU-seconds; the answer is in GPU-hours (divide by 3600)."))
        slips.append((expected / 24, "that is GPU-days; the answer is in GPU-hours (multiply by 24)."))
    elif unit == "days":
        slips.append((expected * 24, "that is hours; the answer is in days (divide by 24)."))
        slips.append((expected * 86400, "that is seconds; the answer is in days (divide by 86,400)."))
    elif unit == "%":
        slips.append((expected / 100, "that is a fraction; the answer is a percentage (multiply by 100)."))
    return slips


def _conversions(expected: float, unit: str) -> list[tuple[float, Callable[[float], float], str]]:
    """The answers given in the wrong kind of quantity, which are matched at the question's precision like mistakes.

    For each, the value it gives, how to turn such an answer back into ``unit`` (so that its precision is judged on the
    scale of ``expected``), and the message naming it: a loss in bits where nats are asked ("nats/token"); the
    change, in percent or as a fraction, where a factor new/old is asked ("factor").
    """
    if unit == "nats/token":
        bits = "that is in bits; the course's losses are in nats (divide by log2(e) ≈ 1.443, i.e. multiply by ln 2)."
        return [(expected / math.log(2), lambda value: value * math.log(2), bits)]
    if unit == "factor" and expected != 1:
        ratio = "give the ratio (new/old), not the change in percent (a 5% increase is a factor of 1.05)."
        percent, fraction = f"that is the change in percent; {ratio}", f"that is the relative change; {ratio}"
        return [
            (100 * (expected - 1), lambda value: 1 + value / 100, percent),
            (expected - 1, lambda value: 1 + value, fraction),
            (100 * (1 - expected), lambda value: 1 - value / 100, percent),  # a decrease given as a positive change
            (1 - expected, lambda value: 1 - value, fraction),
        ]
    return []


def _how_far(value: float, expected: float) -> str:
    """'about 3.2× too large', '0.48% too small', 'of the wrong sign', ...: never 'about 1× too large'."""
    if expected == 0:
        return "not zero"
    if value == 0:
        return "zero"
    if (value > 0) != (expected > 0):
        return "of the wrong sign"
    orders = math.log10(abs(value)) - math.log10(abs(expected))
    larger = orders > 0
    direction = "too large" if larger else "too small"
    if abs(orders) >= 3:
        return f"about 10^{round(abs(orders))} times {direction}: check the powers of ten"
    ratio = 10 ** abs(orders)
    if ratio >= 1.995:
        return f"about {ratio:.2g}× {direction}" if ratio < 9.95 else f"about {ratio:.0f}× {direction}"
    percent = 100 * (ratio - 1) if larger else 100 * (1 - 1 / ratio)
    return f"{percent:.2g}% {direction}"


# --- numeric questions -----------------------------------------------------------------------------------------------


def grade(
    answer: Any,
    expected: float,
    *,
    what: str,
    unit: str = "",
    sig_figs: int = 3,
    mistakes: Mistakes = (),
    hint: str = "",
    rtol: float | None = None,
    digits: int | None = None,
) -> Feedback:
    """Grade a numeric ``answer`` against ``expected`` at the precision the question states.

    The answer is right when it rounds to the same ``sig_figs``-figure value as ``expected``, by either tie rule, or
    lies within half a unit of its last stated figure (see :func:`within_precision`), so the value the ✅ message
    prints is always accepted. A named mistake that rounds apart from ``expected`` takes precedence over that half
    unit (or ``rtol``) when the answer is nearer to it, unless the answer is a rounding of ``expected``: a wrong
    experiment whose result lies close to the right one is named, a right answer is never refused.

    Parameters
    ----------
    answer : Any
        What the student wrote: a number, a 0-d array, a count as text with a suffix ("40.4B", "40.4 billion"), or
        anything else (which gets feedback, not an exception).
    expected : float
        The right answer, computed by the library.
    what : str
        What the answer is, as the messages name it ("C = 6·N·D").
    unit : str, optional
        The answer's unit, printed after the value (but for "fraction" and "factor"). "parameters", "tokens",
        "FLOP", "fraction", "GPU-hours", "days" and "%" also recognise the unit slips of :func:`unit_slips`;
        "nats/token" names a loss given in bits, and "factor" (a ratio new/old) the change given in percent or as
        a fraction, both at ``sig_figs``.
    sig_figs : int, optional
        The significant figures the question asks for (default 3).
    mistakes : sequence of (float, str), optional
        The value a typical mistake gives and what that mistake is; an answer matching one (at ``sig_figs``) is told
        which mistake it is. Unit slips (:func:`unit_slips`) are recognised within 10%, whatever the digits.
    hint : str, optional
        A hint shown with any other wrong answer; it should lead, not give the one-line solution away.
    rtol : float, optional
        An extra relative tolerance for answers that an approximate method reaches; it widens, never narrows, the
        window of ``sig_figs``.
    digits : int, optional
        Old name of ``sig_figs``, kept for callers written before it.

    Returns
    -------
    Feedback
        ✅ with the expected value at ``sig_figs`` figures; ❌ naming the mistake, the unit slip, or how far off the
        answer is (with ``hint``, and, for a right answer given to fewer figures or rounded twice, what to give
        instead); ⏳ while the answer is None. Never raises for an answer, whatever it is.

    Raises
    ------
    TypeError, ValueError
        If an argument other than ``answer`` is wrong: ``expected`` not a finite number, ``sig_figs`` or
        ``digits`` not a whole number in [1, 17], ``rtol`` not a number >= 0, ``mistakes`` not (number, str)
        pairs, or a text not a str.

    Examples
    --------
    >>> grade(1.03, 1.0312, what="the ratio")
    ✅ Correct: the ratio = 1.03.
    >>> grade(7, 7.2e9, what="N", unit="parameters", sig_figs=2)
    ❌ Not quite: you gave billions; the answer is a count of parameters (write 7e9, not 7).
    >>> grade(1.05, 1.0312, what="the ratio", hint="new over old.")
    ❌ Not quite: your answer is 1.8% too large. Hint: new over old.
    >>> grade(1.0, 1.0312, what="the ratio")  # doctest: +NORMALIZE_WHITESPACE
    ❌ Not quite: your answer is 3% too small. You gave 2 significant figures; the question asks for 3. Give more
    digits: use the unrounded value, not one read off a rounded table.
    >>> grade(3.12, 1.0312, what="the ratio", unit="factor")  # doctest: +ELLIPSIS
    ❌ Not quite: that is the change in percent; give the ratio (new/old), not the change in percent ...
    >>> grade(10**400, 2.0, what="x")
    ❌ x is far too large: about 10^400.
    """
    expected = _real(expected, "expected", finite=True)
    what, unit, hint = _text(what, "what"), _text(unit, "unit"), _text(hint, "hint")
    sig_figs = _sig_figs(digits, "digits") if digits is not None else _sig_figs(sig_figs)
    if rtol is not None:
        rtol = _real(rtol, "rtol", finite=True)
        if rtol < 0:
            raise ValueError(f"rtol must be a finite number >= 0, got {rtol!r}")
    named = [(_real(value, "mistakes"), explanation) for value, explanation in _pairs(mistakes)]
    if (pending := unanswered(answer, f"{what} ({sig_figs} significant figures)")) is not None:
        return pending
    value = as_number(answer, what)
    if isinstance(value, Feedback):
        return value
    units = f" {unit}" if unit and unit not in ("fraction", "factor") else ""

    def _matches(target: float) -> bool:
        close = rtol is not None and math.isclose(value, target, rel_tol=rtol)
        return close or _within_precision(value, target, sig_figs)

    nearer_mistakes = [  # mistakes that round apart from the answer but are nearer to it than the answer is
        explanation
        for mistaken, explanation in named
        if math.isfinite(mistaken)
        and not _same_rounding(mistaken, expected, sig_figs)
        and _matches(mistaken)
        and abs(value - mistaken) < abs(value - expected)
    ]
    if _matches(expected) and (not nearer_mistakes or _is_rounding_of(value, expected, sig_figs)):
        return Feedback(True, f"✅ Correct: {what} = {_format_sig(expected, sig_figs)}{units}.")
    if nearer_mistakes:
        return Feedback(False, f"❌ Not quite: {nearer_mistakes[0]}")
    if (slip := _named_slip(value, expected, unit, named, _matches, sig_figs)) is not None:
        return Feedback(False, f"❌ Not quite: {slip}")
    message = f"❌ Not quite: your answer is {_how_far(value, expected)}."
    if (figures := _fewer_figures(value, expected, sig_figs)) is not None:
        message += (
            f" You gave {figures} significant figure{'s' if figures > 1 else ''}; the question asks for {sig_figs}. "
            "Give more digits: use the unrounded value, not one read off a rounded table."
        )
    elif _rounded_twice(value, expected, sig_figs):
        message += f" That is a rounding of a rounded value: round the unrounded value once, to {sig_figs} figures."
    return Feedback(False, message + (f" Hint: {hint}" if hint else ""))


def _named_slip(
    value: float,
    expected: float,
    unit: str,
    named: Sequence[tuple[float, str]],
    matches: Callable[[float], bool],
    sig_figs: int,
) -> str | None:
    """The explanation of the first named mistake, answer in the wrong quantity or unit slip ``value`` matches."""
    for mistaken, explanation in named:
        if math.isfinite(mistaken) and matches(mistaken):
            return explanation
    for converted, back, explanation in _conversions(expected, unit):
        if matches(converted) or _within_precision(back(value), expected, sig_figs):
            return explanation
    for slipped, explanation in _unit_slips(expected, unit):  # a unit slip is named even if the digits are off
        if math.isclose(value, slipped, rel_tol=0.1):
            return explanation
    return None


class Grader(Protocol):
    """A numeric question's grader: call it with an answer; ``question`` tells what it expects.

    The graders :func:`numeric_question` makes have this type: a function of the answer returning a
    :class:`Feedback`, with the :class:`NumericQuestion` it asks as its ``question`` attribute.

    Attributes
    ----------
    question : NumericQuestion
        What the grader asks and how the library computes the expected value.
    __name__ : str
        The grader's name, ``check_...``, its key in :data:`NUMERIC_GRADERS`.

    Examples
    --------
    >>> grader: Grader = NUMERIC_GRADERS["check_chinchilla_flops"]
    >>> grader.__name__, grader.question.unit, grader.question.sig_figs
    ('check_chinchilla_flops', 'FLOP', 3)
    >>> grader(None)
    ⏳ Not answered yet: replace None with your value for C = 6·N·D (3 significant figures).
    """

    question: NumericQuestion
    __name__: str

    def __call__(self, answer: Any) -> Feedback: ...


@dataclass(frozen=True)
class NumericQuestion:  # numpydoc ignore=PR02
    """What a numeric grader asks: the answer's name, unit, precision, and how to compute the expected value.

    Made by :func:`numeric_question`; each grader holds its question as ``grader.question``.

    Parameters
    ----------
    what : str
        What the answer is, as the messages name it.
    unit : str
        The answer's unit ("" for a pure number); see :func:`grade`.
    sig_figs : int
        The significant figures the question asks for.
    hint : str
        Shown with a wrong answer that is not a named mistake.
    solve : callable
        Returns (expected, mistakes) computed by the library: the right answer and, for each named mistake, the
        value it gives and its explanation. Cached by :func:`numeric_question`, so it runs once.

    Raises
    ------
    TypeError, ValueError
        If a text is not a str, ``sig_figs`` is not a whole number in [1, 17], or ``solve`` is not callable.

    Examples
    --------
    >>> question = NumericQuestion("2 + 2", "", 1, "add the two.", lambda: (4.0, [(5.0, "off by one.")]))
    >>> question.grade(4).correct, question.grade(5), question.grade(8)
    (True, ❌ Not quite: off by one., ❌ Not quite: your answer is about 2× too large. Hint: add the two.)
    """

    what: str
    unit: str
    sig_figs: int
    hint: str
    solve: Callable[[], tuple[float, Mistakes]] = field(repr=False)

    def __post_init__(self) -> None:
        _check_question(self.what, self.unit, self.sig_figs, self.hint)
        if not callable(self.solve):
            raise TypeError(f"solve must be a function returning (expected, mistakes), got {type(self.solve).__name__}")

    def expected(self) -> float:
        """The right answer [in ``unit``], computed by the library (cached).

        Returns
        -------
        float
            The first item of ``solve()``.

        Examples
        --------
        >>> from chinchilla_lib.compute import training_flops
        >>> expected = NUMERIC_GRADERS["check_chinchilla_flops"].question.expected()
        >>> expected == training_flops(*CHINCHILLA)
        True
        """
        return self.solve()[0]

    def mistakes(self) -> Mistakes:
        """(value, explanation) for each named mistake.

        Returns
        -------
        sequence of (float, str)
            The second item of ``solve()``: the value each typical mistake gives [in ``unit``] and what the
            feedback says about it.

        Examples
        --------
        >>> question = NUMERIC_GRADERS["check_chinchilla_flops"].question
        >>> value, explanation = question.mistakes()[0]
        >>> value == question.expected() / 6, explanation
        (True, 'that is N·D without the factor k = 6: C = 6·N·D.')
        """
        return self.solve()[1]

    def grade(self, answer: Any) -> Feedback:
        """Grade ``answer`` with :func:`grade`; the library computes nothing while the answer is None.

        Parameters
        ----------
        answer : Any
            What the student wrote.

        Returns
        -------
        Feedback
            ⏳ while ``answer`` is None (or ...), before ``solve`` runs; otherwise :func:`grade`'s verdict at
            ``sig_figs`` figures, with the named mistakes and the hint.

        Examples
        --------
        >>> question = NUMERIC_GRADERS["check_exponent_a"].question
        >>> question.grade(round_sig(question.expected(), 3)).correct
        True
        >>> question.grade(None).correct
        False
        """
        if (pending := unanswered(answer, f"{self.what} ({self.sig_figs} significant figures)")) is not None:
            return pending
        expected, mistakes = self.solve()
        return grade(
            answer, expected, what=self.what, unit=self.unit, sig_figs=self.sig_figs, mistakes=mistakes, hint=self.hint
        )


def _check_question(what: Any, unit: Any, sig_figs: Any, hint: Any) -> None:
    """What :class:`NumericQuestion` and :func:`numeric_question` check: three texts and the significant figures."""
    for value, name in ((what, "what"), (unit, "unit"), (hint, "hint")):
        _text(value, name)
    _sig_figs(sig_figs)


NUMERIC_GRADERS: dict[str, Grader] = {}
"""Every numeric grader of this module by name (the tests check each one's precision and mistake branches)."""


def numeric_question(
    *, what: str, unit: str = "", sig_figs: int = 3, hint: str = ""
) -> Callable[[Callable[[], tuple[float, Mistakes]]], Grader]:
    """Turn a function returning (expected, mistakes) into a grader ``check(answer) -> Feedback``, and register it.

    The grader takes the decorated function's name and docstring (with a Parameters section for ``answer`` added
    before its Returns section) and is put in :data:`NUMERIC_GRADERS` under that name. The decorated function is
    cached: the library computes the expected value once, at the first answer that is not None.

    Parameters
    ----------
    what : str
        What the answer is, as the messages name it ("C = 6·N·D").
    unit : str, optional
        The answer's unit, printed after the value; see :func:`grade` for the units whose slips are recognised.
    sig_figs : int, optional
        The significant figures the question asks for (default 3).
    hint : str, optional
        Shown with a wrong answer that is not a named mistake.

    Returns
    -------
    callable
        The decorator: it takes a function of no arguments returning (expected, mistakes) and returns the
        :class:`Grader`.

    Raises
    ------
    TypeError, ValueError
        If a text is not a str, or ``sig_figs`` is not a whole number in [1, 17].

    Examples
    --------
    >>> @numeric_question(what="the number of seconds in a day", unit="s", sig_figs=2)
    ... def check_seconds_per_day():
    ...     return 24 * 3600.0, [(24 * 60.0, "that is minutes.")]
    >>> check_seconds_per_day(86000), check_seconds_per_day(1440)
    (✅ Correct: the number of seconds in a day = 8.6e+04 s., ❌ Not quite: that is minutes.)
    >>> check_seconds_per_day.question.sig_figs, NUMERIC_GRADERS.pop("check_seconds_per_day") is check_seconds_per_day
    (2, True)
    """
    _check_question(what, unit, sig_figs, hint)

    def _make(solve: Callable[[], tuple[float, Mistakes]]) -> Grader:
        question = NumericQuestion(what, unit, sig_figs, hint, functools.cache(solve))

        def _check(answer: Any) -> Feedback:
            return question.grade(answer)

        _check.__name__ = _check.__qualname__ = solve.__name__
        _check.__doc__ = _with_answer_parameter(solve.__doc__, question)
        _check.__module__ = solve.__module__
        grader: Grader = _check  # type: ignore[assignment]
        grader.question = question
        NUMERIC_GRADERS[solve.__name__] = grader
        return grader

    return _make


def _with_answer_parameter(doc: str | None, question: NumericQuestion) -> str | None:
    """``doc`` with a Parameters section for the grader's argument ``answer``, before the Returns section."""
    if doc is None:
        return None
    unit = f" [{question.unit}]" if question.unit else ""
    parameters = (
        "Parameters\n----------\nanswer : Any\n"
        f"    Your value of {question.what}{unit}, to {question.sig_figs} significant figures; None while not "
        "answered yet.\n\n"
    )
    text = inspect.cleandoc(doc)
    head, returns, tail = text.partition("Returns\n-------\n")
    text = head + parameters + returns + tail if returns else f"{text}\n\n{parameters.rstrip()}"
    return text + "\n"  # as in the source, where the closing quotes have a line of their own


# --- symbolic questions --------------------------------------------------------------------------------------------


def _sample_points(names: Sequence[str], count: int = 6) -> list[dict[str, float]]:
    """``count`` points with a positive value for every name, the same for a name whatever the other names."""
    return [{name: random.Random(f"{name}/{index}").uniform(0.15, 0.95) for name in names} for index in range(count)]


def _values(expression: Any, points: list[dict[str, float]]) -> list[complex] | None:
    out = []
    for point in points:
        try:
            value = complex(expression.subs({s: point[s.name] for s in expression.free_symbols}).evalf())
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, KeyError):
            return None
        out.append(value)
    return out


def _same(left: list[complex] | None, right: list[complex] | None) -> bool:
    if left is None or right is None:
        return False
    finite = all(math.isfinite(abs(x)) for x in left + right)
    return finite and all(abs(x - y) <= 1e-9 * max(1.0, abs(y)) for x, y in zip(left, right, strict=True))


_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta", "θ": "theta"}
_GREEK |= {"λ": "lamda", "μ": "mu", "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "ϕ": "phi", "ω": "omega"}
_PLAIN = str.maketrans({**dict.fromkeys("−–", "-"), **dict.fromkeys("·⋅×", "*"), "÷": "/", **_GREEK})
"""What a typed formula spells otherwise: the Unicode minus and times signs, and the Greek letters by the names the
course gives its SymPy symbols (λ as ``lamda``, SymPy's spelling, ``lambda`` being a Python keyword)."""


def _read_expression(answer: Any, what: str, symbols: Sequence[str]) -> Any:
    """The answer as a SymPy expression in ``symbols`` only, or the feedback that explains why it is not one.

    A text may use Greek letters and the Unicode minus, dot and times signs ("−β/(α+β)"); an expression built in
    symbols named in Greek letters (``sp.Symbol("β")``) is read with those symbols renamed (``beta``).
    """
    import sympy as sp  # noqa: PLC0415  (SymPy is in the course extra; import only where graded)

    allowed = ", ".join(symbols)
    if isinstance(answer, (bool, np.bool_)):
        return Feedback(False, f"❌ {what} should be an expression in {allowed}, not {answer!r}.")
    local = {name: sp.Symbol(name, positive=True) for name in symbols}
    try:
        if isinstance(answer, str):
            expression = sp.parse_expr(answer.translate(_PLAIN), local_dict=local)
        else:
            expression = sp.sympify(answer)
    except Exception:  # SymPy's parser raises many kinds; any of them means "could not read"
        return Feedback(False, f"❌ {what} should be a SymPy expression in {allowed}; could not read {answer!r:.60}.")
    if not isinstance(expression, sp.Expr) or isinstance(expression, sp.MatrixBase):
        return Feedback(False, f"❌ {what} should be one SymPy expression in {allowed}, got a {_kind(answer)}.")
    renamed = {
        symbol: sp.Symbol(symbol.name.translate(_PLAIN), **symbol.assumptions0)
        for symbol in expression.free_symbols
        if isinstance(symbol, sp.Symbol) and symbol.name.translate(_PLAIN) != symbol.name
    }
    return expression.xreplace(renamed) if renamed else expression


def grade_expression(
    answer: Any,
    expected: Any,
    *,
    what: str,
    symbols: Sequence[str],
    mistakes: Sequence[tuple[Any, str]] = (),
    hint: str = "",
) -> Feedback:
    """Grade a SymPy ``answer`` against ``expected``: any equivalent form is right.

    Two expressions are equivalent when they agree at several random positive values of their symbols (to 1e-9), so
    ``beta/alpha``, ``1/(alpha/beta)`` and ``(beta*B)/(alpha*B)`` all pass (other symbols may appear if they cancel);
    a plain number is told to stay symbolic.

    Parameters
    ----------
    answer : Any
        A SymPy expression (or a string SymPy can parse with ``symbols``); in a string, Greek letters stand for
        their names and the Unicode minus, dot and times signs for ``-`` and ``*`` ("−β/(α+β)" is
        ``-beta/(alpha+beta)``), and symbols named in Greek letters are renamed the same way.
    expected : sympy.Expr
        The right expression, in positive symbols named as in ``symbols``.
    what : str
        What the expression is, as the messages name it.
    symbols : sequence of str
        The names of the symbols the answer may use.
    mistakes : sequence of (sympy.Expr, str), optional
        Common wrong forms and what is wrong with each.
    hint : str, optional
        Shown with any other wrong answer.

    Returns
    -------
    Feedback
        ✅ with ``expected`` as SymPy prints it; ❌ naming the mistake, a plain number, symbols that should not be
        there, or an answer SymPy cannot read (with ``hint`` when no mistake matches); ⏳ while the answer is None.
        Never raises for an answer, whatever it is.

    Raises
    ------
    TypeError
        If an argument other than ``answer`` is wrong: ``expected`` or a mistake not a SymPy expression (or a
        number), ``symbols`` not a sequence of str, or a text not a str.

    Examples
    --------
    >>> import sympy as sp
    >>> alpha, beta = sp.symbols("alpha beta", positive=True)
    >>> grade_expression(1 / (alpha / beta), beta / alpha, what="the ratio", symbols=["alpha", "beta"])
    ✅ Correct: the ratio = beta/alpha.
    >>> grade_expression("β/α", beta / alpha, what="the ratio", symbols=["alpha", "beta"]).correct
    True
    >>> grade_expression(0.82, beta / alpha, what="the ratio", symbols=["alpha", "beta"])
    ❌ Not quite: give the ratio as an expression in alpha, beta, not a number.
    >>> grade_expression(alpha / beta, beta / alpha, what="the ratio", symbols=["alpha", "beta"],
    ...                  mistakes=[(alpha / beta, "upside down.")])
    ❌ Not quite: upside down.
    """
    import sympy as sp  # noqa: PLC0415  (SymPy is in the course extra; import only where graded)

    what, hint = _text(what, "what"), _text(hint, "hint")
    symbols = [_text(name, "symbols") for name in _items(symbols, "symbols", "names (str)")]
    expected = _expression(expected, "expected")
    mistakes = [(_expression(wrong, "mistakes"), explanation) for wrong, explanation in _pairs(mistakes)]
    if answer is None or answer is Ellipsis:
        return Feedback(False, f"⏳ Not answered yet: replace None with your SymPy expression for {what}.")
    expression = _read_expression(answer, what, symbols)
    if isinstance(expression, Feedback):
        return expression
    # symbols beyond ``symbols`` are allowed if they cancel (SymPy does not always simplify them away)
    points = _sample_points(sorted({*symbols, *(s.name for s in expression.free_symbols)}))
    mine = _values(expression, points)
    if _same(mine, _values(sp.sympify(expected), points)):
        return Feedback(True, f"✅ Correct: {what} = {sp.sympify(expected)}.")
    for wrong, explanation in mistakes:
        if _same(mine, _values(sp.sympify(wrong), points)):
            return Feedback(False, f"❌ Not quite: {explanation}")
    allowed = ", ".join(symbols)
    extra = sorted(s.name for s in expression.free_symbols if s.name not in symbols)
    if not expression.free_symbols:
        problem = f"give {what} as an expression in {allowed}, not a number."
    elif extra:
        problem = f"{what} depends only on {allowed}, but yours still depends on {', '.join(extra)}."
    else:
        problem = f"{expression} is not {what}."
    return Feedback(False, f"❌ Not quite: {problem}" + (f" Hint: {hint}" if hint else ""))


def _expression(value: Any, name: str) -> Any:
    """``value`` as one SymPy expression: :mod:`chinchilla_lib.symbolic`'s check, imported only where graded."""
    from chinchilla_lib.symbolic import _expression as checked  # noqa: PLC0415  (SymPy is in the course extra)

    return checked(value, name)


# --- multiple choice -------------------------------------------------------------------------------------------------


def check_choice(answer: Any, *, correct: str, options: Mapping[str, str], what: str) -> Feedback:
    """Grade a multiple-choice ``answer`` (a letter) with feedback on every option.

    Parameters
    ----------
    answer : Any
        The letter the student chose: "b", "B", "(b)" and " b. " all mean option b.
    correct : str
        The right letter.
    options : mapping of str to str
        For every letter, why that option is right or wrong.
    what : str
        The question, as the messages name it.

    Returns
    -------
    Feedback
        ✅ or ❌ with the chosen letter and its option's explanation; ❌ for an answer that is not a string or not
        one of the letters; ⏳ while the answer is None. Never raises for an answer, whatever it is.

    Raises
    ------
    TypeError, ValueError
        If ``options`` is not a non-empty mapping of letters (str) to explanations (str), ``correct`` is not one of
        its letters, or ``what`` is not a str.

    Examples
    --------
    >>> options = {"a": "that is the forward pass only.", "b": "forward and backward passes."}
    >>> check_choice("B", correct="b", options=options, what="the factor 6")
    ✅ Correct (b): forward and backward passes.
    >>> check_choice(2, correct="b", options=options, what="the factor 6")
    ❌ Answer with one of the letters 'a', 'b' for the factor 6, as a string: answer = "a".
    """
    if not isinstance(options, Mapping) or not options:
        raise TypeError(f"options must be a non-empty mapping of letters to explanations, got {_describe(options)}")
    for letter, explanation in options.items():
        if not isinstance(letter, str) or not isinstance(explanation, str):
            raise TypeError(
                f"options must map letters (str) to explanations (str), got {letter!r:.20}: {explanation!r:.20}"
            )
    if not isinstance(correct, str):
        raise TypeError(f"correct must be the letter (str) of the right option, got {type(correct).__name__}")
    if correct not in options:
        raise ValueError(
            f"correct must be one of the options' letters {', '.join(map(repr, options))}, got {correct!r}"
        )
    what = _text(what, "what")
    if answer is None or answer is Ellipsis:
        return Feedback(False, f"⏳ Not answered yet: replace None with the letter of your choice for {what}.")
    letters = ", ".join(repr(letter) for letter in options)
    if not isinstance(answer, str):
        return Feedback(False, f'❌ Answer with one of the letters {letters} for {what}, as a string: answer = "a".')
    letter = answer.strip().strip("().").strip().lower()
    if letter not in options:
        return Feedback(False, f"❌ {answer!r:.20} is not one of the options {letters}.")
    verdict = "✅ Correct" if letter == correct else "❌ Not quite"
    return Feedback(letter == correct, f"{verdict} ({letter}): {options[letter]}")


# --- chapter 01: the loss and the budget ----------------------------------------------------------------------------


@numeric_question(what="C = 6·N·D", unit="FLOP", hint="N is 70e9 parameters, D is 1.4e12 tokens; what is k?")
def check_chinchilla_flops() -> tuple[float, Mistakes]:
    """Chapter 01: training compute of Chinchilla (70B parameters, 1.4T tokens) with C = 6·N·D [FLOP].

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming N·D (no k), 2·N·D (forward pass only) or 8·N·D (recomputation),
        a count given in billions or the like, or else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_chinchilla_flops.question.expected()
    >>> check_chinchilla_flops(round_sig(right, 3)).correct
    True
    >>> check_chinchilla_flops(right / 3)
    ❌ Not quite: 2·N·D is the forward pass only; the backward pass costs twice that.
    """
    n, d = CHINCHILLA
    return float(training_flops(n, d)), [
        (n * d, "that is N·D without the factor k = 6: C = 6·N·D."),
        (2 * n * d, "2·N·D is the forward pass only; the backward pass costs twice that."),
        (8 * n * d, "k = 8 is for activation recomputation; Chinchilla's budget uses k = 6."),
    ]


@numeric_question(
    what="the perplexity exp(L(70e9, 1.4e12))",
    hint="first the loss in nats per token from the law, then turn a loss into a perplexity.",
)
def check_chinchilla_perplexity() -> tuple[float, Mistakes]:
    """Chapter 01: the perplexity exp(L) that hoffmann2022 predicts for Chinchilla (70B, 1.4T).

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming the loss L itself (in nats or in bits), 2^L or e to the loss in bits,
        or else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_chinchilla_perplexity.question.expected()
    >>> check_chinchilla_perplexity(round_sig(right, 3)).correct
    True
    >>> check_chinchilla_perplexity(math.log(right))
    ❌ Not quite: that is the loss L itself; perplexity is exp(L).
    """
    loss = float(PUBLISHED_LAWS["hoffmann2022"].loss(*CHINCHILLA))
    in_bits = loss / math.log(2)  # 2 to the loss in bits is e^L, the right answer
    return math.exp(loss), [
        (loss, "that is the loss L itself; perplexity is exp(L)."),
        (2**loss, "the loss is in nats, so perplexity is e^L, not 2^L."),
        (
            in_bits,
            "that is the loss in bits, not a perplexity; the course's losses are in nats, and perplexity is e^L.",
        ),
        (
            math.exp(in_bits),
            "that is e to the loss in bits; the course's losses are in nats (divide bits by log2(e)), and perplexity "
            "is e^L.",
        ),
    ]


@numeric_question(
    what="L(Gopher) − L(Chinchilla)",
    unit="nats/token",
    hint="the law gives each model's loss; which of the two is larger?",
)
def check_loss_gap_at_same_budget() -> tuple[float, Mistakes]:
    """Chapter 01: how much lower hoffmann2022 predicts Chinchilla's loss than Gopher's (280B, 300B tokens).

    The answer is L(Gopher) − L(Chinchilla) [nats/token], positive.

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming a reversed sign, the gap in perplexity or in bits, or Chinchilla's loss
        itself, or else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_loss_gap_at_same_budget.question.expected()
    >>> check_loss_gap_at_same_budget(round_sig(right, 3)).correct
    True
    >>> check_loss_gap_at_same_budget(-right)
    ❌ Not quite: the sign is reversed: Gopher's loss is the higher one.
    """
    law = PUBLISHED_LAWS["hoffmann2022"]
    gopher, chinchilla = float(law.loss(280e9, 300e9)), float(law.loss(*CHINCHILLA))
    gap = gopher - chinchilla
    return gap, [
        (-gap, "the sign is reversed: Gopher's loss is the higher one."),
        (math.exp(gopher) - math.exp(chinchilla), "that is the gap in perplexity; the question asks for the loss."),
        (chinchilla, "that is Chinchilla's loss; subtract it from Gopher's."),
    ]


CHAPTER01_WHY_FEWER_PARAMS = {
    "a": (
        f"Chinchilla and Gopher used about the same compute (C = 6·N·D is {training_flops(*CHINCHILLA):.3g} and "
        f"{training_flops(*GOPHER):.3g} FLOP); it is the split between N and D that differs."
    ),
    "b": (
        "at a fixed budget the data term B/D^β of a 280B model trained on 300B tokens is large; moving compute "
        "from parameters to tokens lowers it more than it raises A/N^α."
    ),
    "c": "the irreducible term E is the same for every model under one law.",
    "d": (
        "the law predicts the loss of a model from N and D alone; it knows nothing of the architecture, which "
        "Chinchilla shares with Gopher (Hoffmann et al. §4.1)."
    ),
}


def check_why_chinchilla_wins(answer: Any) -> Feedback:
    """Chapter 01: why the law predicts the smaller Chinchilla beats Gopher at about the same budget (a choice).

    Parameters
    ----------
    answer : Any
        The letter of your choice as a string ("a", "b", "c", "d"); case, spaces, brackets and a full stop are ignored.

    Returns
    -------
    Feedback
        ✅ or ❌ with the chosen letter and why that option is right or wrong; ❌ for an answer that is not one of the
        letters; ⏳ while the answer is None.

    Examples
    --------
    >>> [letter for letter in CHAPTER01_WHY_FEWER_PARAMS if check_why_chinchilla_wins(letter).correct]
    ['b']
    >>> check_why_chinchilla_wins("c")
    ❌ Not quite (c): the irreducible term E is the same for every model under one law.
    """
    return check_choice(answer, correct="b", options=CHAPTER01_WHY_FEWER_PARAMS, what="why Chinchilla wins")


# --- chapter 02: deriving the optimum -------------------------------------------------------------------------------


@numeric_question(what="a = β/(α+β)", sig_figs=3, hint="N_opt ∝ C^a; in the derivation, a is made of α and β only.")
def check_exponent_a() -> tuple[float, Mistakes]:
    """Chapter 02: the exponent a of N_opt ∝ C^a for the rounded constants (alpha=0.34, beta=0.28).

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming b = α/(α+β) or β/α, or else how far off the answer is; ⏳ while the
        answer is None.

    Examples
    --------
    >>> law = PUBLISHED_LAWS["hoffmann2022"]
    >>> check_exponent_a(round_sig(law.a, 3)).correct
    True
    >>> check_exponent_a(law.b)
    ❌ Not quite: that is b = α/(α+β), the exponent of D_opt; N_opt's exponent has β on top.
    """
    law = PUBLISHED_LAWS["hoffmann2022"]
    return law.a, [
        (law.b, "that is b = α/(α+β), the exponent of D_opt; N_opt's exponent has β on top."),
        (law.beta / law.alpha, "β/α is not it: divide by the sum α+β."),
    ]


@numeric_question(
    what="N_opt(5.76e23) under hoffmann2022_tex",
    unit="parameters",
    sig_figs=3,
    hint="every law in PUBLISHED_LAWS has a compute_optimal method; mind which law.",
)
def check_optimum_at_gopher_budget_tex() -> tuple[float, Mistakes]:
    """Chapter 02: N_opt at Gopher's budget under the unrounded (TeX) constants [parameters].

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming the rounded constants' answer, D_opt, a count given in billions or
        the like, or else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_optimum_at_gopher_budget_tex.question.expected()
    >>> check_optimum_at_gopher_budget_tex(round_sig(right, 3)).correct
    True
    >>> check_optimum_at_gopher_budget_tex(right / 1e9)
    ❌ Not quite: you gave billions; the answer is a count of parameters (write 7e9, not 7).
    """
    tex, rounded = PUBLISHED_LAWS["hoffmann2022_tex"], PUBLISHED_LAWS["hoffmann2022"]
    return float(tex.compute_optimal(GOPHER_BUDGET).params), [
        (
            float(rounded.compute_optimal(GOPHER_BUDGET).params),
            "that is the answer for the rounded constants (hoffmann2022); use hoffmann2022_tex.",
        ),
        (float(tex.compute_optimal(GOPHER_BUDGET).tokens), "that is D_opt, the tokens; the question asks for N."),
    ]


@numeric_question(
    what="N_opt(α=0.3392) / N_opt(α=0.34)",
    unit="factor",
    sig_figs=3,
    hint="build the modified law from the rounded one and compare the two optima: new over old.",
)
def check_sensitivity_to_alpha() -> tuple[float, Mistakes]:
    """Chapter 02: the factor by which N_opt(5.76e23) changes when alpha goes from 0.34 to 0.3392 (others fixed).

    The factor is N_opt(α=0.3392) / N_opt(α=0.34) under hoffmann2022 with β = 0.28 kept.

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming the inverted ratio, the TeX constants (β changed too) or the change
        given in percent, or else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_sensitivity_to_alpha.question.expected()
    >>> check_sensitivity_to_alpha(round_sig(right, 3)).correct
    True
    >>> check_sensitivity_to_alpha(1 / right)
    ❌ Not quite: you divided the other way round: new over old.
    """
    law = PUBLISHED_LAWS["hoffmann2022"]
    ratio = float(
        law.replace(alpha=0.3392).compute_optimal(GOPHER_BUDGET).params / law.compute_optimal(GOPHER_BUDGET).params
    )
    tex = PUBLISHED_LAWS["hoffmann2022_tex"]
    both = float(tex.compute_optimal(GOPHER_BUDGET).params / law.compute_optimal(GOPHER_BUDGET).params)
    return ratio, [
        (1 / ratio, "you divided the other way round: new over old."),
        (both, "that changes β too (the TeX constants); keep β = 0.28 and change α only."),
    ]


@numeric_question(
    what="N_opt(k=8) / N_opt(k=6)",
    unit="factor",
    sig_figs=3,
    hint="with your exponent of k, the factor is (8/6) raised to it; or compare two compute_optimal "
    "calls with flops_per_param_token.",
)
def check_k_eight_factor() -> tuple[float, Mistakes]:
    """Chapter 02: the factor by which N_opt(5.76e23) of hoffmann2022 changes when k = 8 instead of 6.

    The factor is N_opt(k=8) / N_opt(k=6), below 1: more FLOPs per parameter-token buy a smaller model.

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming the inverted ratio, 6/8, 8/6, D_opt's factor or the change given in
        percent, or else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_k_eight_factor.question.expected()
    >>> check_k_eight_factor(round_sig(right, 3)).correct, right < 1
    (True, True)
    >>> check_k_eight_factor(6 / 8)
    ❌ Not quite: N_opt does not scale as 1/k: the budget C/k is shared between N and D, so N gets the power a of it.
    """
    law = PUBLISHED_LAWS["hoffmann2022"]
    six = float(law.compute_optimal(GOPHER_BUDGET, 6.0).params)
    factor = float(law.compute_optimal(GOPHER_BUDGET, 8.0).params) / six
    return factor, [
        (
            1 / factor,
            "more FLOPs per parameter-token means a smaller model: the exponent of k is negative (or you "
            "divided the wrong way round: N_opt(k=8) over N_opt(k=6)).",
        ),
        (6 / 8, "N_opt does not scale as 1/k: the budget C/k is shared between N and D, so N gets the power a of it."),
        (8 / 6, "more FLOPs per parameter-token buys fewer, not more, parameters."),
        (
            float(law.compute_optimal(GOPHER_BUDGET, 8.0).tokens) / float(law.compute_optimal(GOPHER_BUDGET).tokens),
            "that is the factor for D_opt; the question asks for N_opt.",
        ),
    ]


_CHAPTER02_SYMBOLS = ("alpha", "beta")


def _chapter02_symbols() -> Any:
    import sympy as sp  # noqa: PLC0415  (SymPy is in the course extra; import only where graded)

    return sp.symbols("alpha beta", positive=True)


def check_k_exponent(answer: Any) -> Feedback:
    """Chapter 02: the exponent of k in N_opt(C, k) = G·(C/k)^a, as a SymPy expression in alpha and beta.

    Parameters
    ----------
    answer : Any
        A SymPy expression in ``alpha`` and ``beta`` (or a string SymPy can parse with those names).

    Returns
    -------
    Feedback
        ✅ for any expression equivalent to the expected one (see :func:`grade_expression`); ❌ naming the exponent
        of C, the exponent of k in D_opt or −1, a plain number, or an answer that cannot be read; ⏳ while the answer
        is None.

    Examples
    --------
    >>> check_k_exponent("-1/(1 + alpha/beta)").correct
    True
    >>> check_k_exponent("beta/(alpha + beta)")
    ❌ Not quite: that is the exponent of C; k divides C, so its exponent has the opposite sign.
    """
    alpha, beta = _chapter02_symbols()
    return grade_expression(
        answer,
        -beta / (alpha + beta),
        what="the exponent of k in N_opt",
        symbols=_CHAPTER02_SYMBOLS,
        mistakes=[
            (beta / (alpha + beta), "that is the exponent of C; k divides C, so its exponent has the opposite sign."),
            (-alpha / (alpha + beta), "that is the exponent of k in D_opt = C/(k·N_opt); N_opt has β on top."),
            (-1, "N_opt does not scale as 1/k: only the power a of C/k goes to the parameters."),
        ],
        hint="take the logarithm of N_opt, expand it, and differentiate with respect to log k (k·d/dk of log N_opt).",
    )


def check_reducible_ratio(answer: Any) -> Feedback:
    """Chapter 02: (A/N^α)/(B/D^β) at the optimum, as a SymPy expression in alpha and beta.

    Parameters
    ----------
    answer : Any
        A SymPy expression in ``alpha`` and ``beta`` (or a string SymPy can parse with those names).

    Returns
    -------
    Feedback
        ✅ for any expression equivalent to the expected one (see :func:`grade_expression`); ❌ naming the inverted
        ratio or 1, a plain number, or an answer that cannot be read; ⏳ while the answer is None.

    Examples
    --------
    >>> check_reducible_ratio("beta*(alpha + beta)/(alpha*(alpha + beta))").correct
    True
    >>> check_reducible_ratio("alpha/beta")
    ❌ Not quite: upside down: at the optimum α·A/N^α = β·B/D^β, so which term is larger?
    """
    alpha, beta = _chapter02_symbols()
    return grade_expression(
        answer,
        beta / alpha,
        what="(A/N_opt^α) / (B/D_opt^β)",
        symbols=_CHAPTER02_SYMBOLS,
        mistakes=[
            (alpha / beta, "upside down: at the optimum α·A/N^α = β·B/D^β, so which term is larger?"),
            (1, "the terms are not equal at the optimum: their *derivatives* balance, α·A/N^α = β·B/D^β."),
        ],
        hint="substitute N_opt and D_opt into the two terms and simplify the quotient (sp.powsimp helps), or divide "
        "the balance condition by α·β.",
    )


CHAPTER02_WHY_ROUNDING = {
    "a": "A and B agree in both sets to four significant figures; the sets differ in their exponents.",
    "b": (
        "log N_opt contains a·log(C/k) with log(C/k) ≈ 53 at Gopher's budget, so a change of 0.005 in an "
        "exponent is multiplied by about 53/(α+β) in log N_opt."
    ),
    "c": "the library and SymPy agree to 1e-10 for every law (section 7); the difference is in the constants.",
    "d": "both use k = 6; the factor k enters both sets the same way.",
}


def check_why_rounding_matters(answer: Any) -> Feedback:
    """Chapter 02: why two roundings of the same fit disagree by a quarter at Gopher's budget (a choice).

    Parameters
    ----------
    answer : Any
        The letter of your choice as a string ("a", "b", "c", "d"); case, spaces, brackets and a full stop are ignored.

    Returns
    -------
    Feedback
        ✅ or ❌ with the chosen letter and why that option is right or wrong; ❌ for an answer that is not one of the
        letters; ⏳ while the answer is None.

    Examples
    --------
    >>> [letter for letter in CHAPTER02_WHY_ROUNDING if check_why_rounding_matters(letter).correct]
    ['b']
    >>> check_why_rounding_matters("a")
    ❌ Not quite (a): A and B agree in both sets to four significant figures; the sets differ in their exponents.
    """
    return check_choice(answer, correct="b", options=CHAPTER02_WHY_ROUNDING, what="why rounding matters")


# --- chapter 03: tokens for a given model ---------------------------------------------------------------------------


@numeric_question(
    what="D*(7e9) under hoffmann2022",
    unit="tokens",
    sig_figs=3,
    hint="D* = γ·N^φ: the law has a method that turns a model size into tokens.",
)
def check_tokens_for_seven_billion() -> tuple[float, Mistakes]:
    """Chapter 03: D*(7e9) under hoffmann2022 [tokens].

    D* = γ·N^φ is the number of tokens that is compute-optimal for a model of N = 7e9 parameters.

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming 20 tokens per parameter or γ·N, a count given in billions or the
        like, or else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_tokens_for_seven_billion.question.expected()
    >>> check_tokens_for_seven_billion(round_sig(right, 3)).correct
    True
    >>> check_tokens_for_seven_billion(20 * 7e9)
    ❌ Not quite: 20 tokens per parameter is the rule of thumb from Approach 1, not γ·N^φ.
    """
    law = PUBLISHED_LAWS["hoffmann2022"]
    return float(law.optimal_tokens(7e9)), [
        (20 * 7e9, "20 tokens per parameter is the rule of thumb from Approach 1, not γ·N^φ."),
        (law.gamma * 7e9, "N^φ, not N: D* = γ·N^φ with φ ≈ 1.214."),
    ]


@numeric_question(
    what="A100-hours at 40% MFU",
    unit="GPU-hours",
    sig_figs=3,
    hint="C = 6·N·D FLOPs; an A100 does 312e12 FLOP/s at peak, of which you get 40%.",
)
def check_gpu_hours_for_seven_billion() -> tuple[float, Mistakes]:
    """Chapter 03: A100-hours at 40% MFU to train 7e9 parameters on 140e9 tokens (C = 6·N·D).

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming 100% MFU, a 100 TFLOP/s peak, k = 2, GPU-seconds or GPU-days, or else
        how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_gpu_hours_for_seven_billion.question.expected()
    >>> check_gpu_hours_for_seven_billion(round_sig(right, 3)).correct
    True
    >>> check_gpu_hours_for_seven_billion(right * 0.4)
    ❌ Not quite: that assumes 100% MFU; use mfu=0.4.
    """
    flops = training_flops(7e9, 140e9)
    expected = float(flops_to_gpu_hours(flops, gpu="A100", mfu=0.4))
    return expected, [
        (float(flops_to_gpu_hours(flops, gpu="A100", mfu=1.0)), "that assumes 100% MFU; use mfu=0.4."),
        (
            float(flops_to_gpu_hours(flops, peak_flops=100e12, mfu=0.4)),
            "that uses a 100 TFLOP/s peak; the A100's dense BF16 peak is 312 TFLOP/s.",
        ),
        (
            float(flops_to_gpu_hours(training_flops(7e9, 140e9, 2.0), gpu="A100", mfu=0.4)),
            "that counts the forward pass only (k = 2); training is C = 6·N·D.",
        ),
    ]


CHAPTER03_SMALL_MODEL = {
    "a": (
        "the 20 tokens per parameter of Approach 1 is a rule of thumb near Chinchilla's scale, not a law; "
        "D* = γ·N^φ grows faster than N."
    ),
    "b": (
        "D* is the compute-optimal number of tokens for this size; training longer still lowers the loss, "
        "just less per FLOP than a bigger model would."
    ),
    "c": (
        "if the model will serve many tokens, a smaller model trained beyond D* reaches the same loss at "
        "less total compute (chapter 06)."
    ),
    "d": "the law predicts a lower loss for more tokens at any size: B/D^β keeps falling.",
}


def check_why_train_longer(answer: Any) -> Feedback:
    """Chapter 03: why LLaMA-style models are trained on many more tokens than D*(N) (a choice).

    Parameters
    ----------
    answer : Any
        The letter of your choice as a string ("a", "b", "c", "d"); case, spaces, brackets and a full stop are ignored.

    Returns
    -------
    Feedback
        ✅ or ❌ with the chosen letter and why that option is right or wrong; ❌ for an answer that is not one of the
        letters; ⏳ while the answer is None.

    Examples
    --------
    >>> [letter for letter in CHAPTER03_SMALL_MODEL if check_why_train_longer(letter).correct]
    ['c']
    >>> check_why_train_longer("a")  # doctest: +ELLIPSIS
    ❌ Not quite (a): the 20 tokens per parameter of Approach 1 is a rule of thumb near Chinchilla's scale, not a ...
    """
    return check_choice(answer, correct="c", options=CHAPTER03_SMALL_MODEL, what="why train past D*")


# --- chapter 04: the budget explorer --------------------------------------------------------------------------------


def _gopher_under_tex() -> tuple[float, float]:
    law = PUBLISHED_LAWS["hoffmann2022_tex"]
    gopher_loss = float(law.loss_at_budget(GOPHER[0], GOPHER_BUDGET))
    return gopher_loss, float(law.compute_optimal(GOPHER_BUDGET).loss)


@numeric_question(
    what="the loss a Gopher-sized model gives up at Gopher's budget",
    unit="nats/token",
    sig_figs=2,
    hint="the explorer shows it under 'my model [params]': the loss of a 280e9-parameter model trained on this "
    "budget (C/(6N) tokens) minus the loss at the optimum.",
)
def check_gopher_loss_given_up() -> tuple[float, Mistakes]:
    """Chapter 04: the loss a 280e9-parameter model gives up at Gopher's budget under hoffmann2022_tex [nats/token].

    The answer is the loss of a 280e9-parameter model trained on Gopher's budget, 5.76e23 FLOP (so on C/(6N) tokens,
    not the 300e9 Gopher was trained on), minus the loss of the compute-optimal model at that budget, both under
    hoffmann2022_tex.

    Returns
    -------
    Feedback
        ✅ at 2 significant figures; ❌ naming a reversed sign, the rounded constants' answer or the loss in bits, or
        else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_gopher_loss_given_up.question.expected()
    >>> check_gopher_loss_given_up(round_sig(right, 2)).correct
    True
    >>> check_gopher_loss_given_up(-right)
    ❌ Not quite: the sign is reversed: Gopher's loss is above the optimum's.
    """
    gopher, best = _gopher_under_tex()
    law = PUBLISHED_LAWS["hoffmann2022"]
    rounded = float(law.loss_at_budget(GOPHER[0], GOPHER_BUDGET) - law.compute_optimal(GOPHER_BUDGET).loss)
    return gopher - best, [
        (best - gopher, "the sign is reversed: Gopher's loss is above the optimum's."),
        (rounded, "that is under the rounded constants; the explorer starts with hoffmann2022_tex."),
    ]


@numeric_question(
    what="the share of Gopher's budget a compute-optimal model needs for Gopher's loss",
    unit="fraction",
    sig_figs=2,
    hint="the explorer shows the compute a compute-optimal model needs to match it; divide by the budget.",
)
def check_gopher_budget_share() -> tuple[float, Mistakes]:
    """Chapter 04: the fraction of 5.76e23 FLOP a compute-optimal model (hoffmann2022_tex) needs for Gopher's loss.

    Returns
    -------
    Feedback
        ✅ at 2 significant figures; ❌ naming the share saved instead, a percentage, or else how far off the answer
        is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_gopher_budget_share.question.expected()
    >>> check_gopher_budget_share(round_sig(right, 2)).correct
    True
    >>> check_gopher_budget_share(100 * right)
    ❌ Not quite: that is a percentage; give a fraction (0.25, not 25).
    """
    gopher, _ = _gopher_under_tex()
    share = float(PUBLISHED_LAWS["hoffmann2022_tex"].compute_for_loss(gopher).flops) / GOPHER_BUDGET
    return share, [(1 - share, "that is the share it saves; the question asks for the share it needs.")]


@numeric_question(
    what="days on 1,000 A100s at 40% MFU",
    unit="days",
    sig_figs=2,
    hint="the budget in GPU-hours, shared by 1,000 GPUs, in days.",
)
def check_days_on_cluster() -> tuple[float, Mistakes]:
    """Chapter 04: days to spend Gopher's budget on 1,000 A100s at 40% MFU.

    Returns
    -------
    Feedback
        ✅ at 2 significant figures; ❌ naming 100% MFU, one GPU, hours or seconds, or else how far off the answer
        is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_days_on_cluster.question.expected()
    >>> check_days_on_cluster(round_sig(right, 2)).correct
    True
    >>> check_days_on_cluster(24 * right)
    ❌ Not quite: that is hours; the answer is in days (divide by 24).
    """
    days = float(flops_to_gpu_hours(GOPHER_BUDGET, gpu="A100", mfu=0.4)) / 1000 / 24
    return days, [
        (days * 0.4, "that assumes 100% MFU; at 40% it takes 2.5 times longer."),
        (days * 1000, "that is for one GPU; the 1,000 share the work."),
    ]


@numeric_question(
    what="N_opt(β=0.2849) / N_opt(β=0.28)",
    unit="factor",
    sig_figs=2,
    hint="read the model size before and after the change at Gopher's budget: new over old.",
)
def check_beta_sensitivity() -> tuple[float, Mistakes]:
    """Chapter 04: the factor by which the custom law's N_opt(5.76e23) moves when beta goes from 0.28 to 0.2849.

    The custom law starts as hoffmann2022; the factor is N_opt(β=0.2849) / N_opt(β=0.28).

    Returns
    -------
    Feedback
        ✅ at 2 significant figures; ❌ naming the inverted ratio or the change given in percent, or else how far off
        the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_beta_sensitivity.question.expected()
    >>> check_beta_sensitivity(round_sig(right, 2)).correct
    True
    >>> check_beta_sensitivity(1 / right)
    ❌ Not quite: you divided the other way round: new over old.
    """
    law = PUBLISHED_LAWS["hoffmann2022"]
    ratio = float(
        law.replace(beta=0.2849).compute_optimal(GOPHER_BUDGET).params / law.compute_optimal(GOPHER_BUDGET).params
    )
    return ratio, [(1 / ratio, "you divided the other way round: new over old.")]


CHAPTER04_FAN_OUT = {
    "a": "at small budgets the lines lie close together; they spread apart as the budget grows.",
    "b": (
        "log N_opt = log G + a·log(C/k), so two laws whose exponents a differ drift apart in proportion to "
        "log C: they disagree most at the largest budgets."
    ),
    "c": "E does not enter N_opt at all; only A, B, α and β do.",
    "d": "the same k = 6 serves every law; changing k shifts all the lines together.",
}


def check_why_laws_fan_out(answer: Any) -> Feedback:
    """Chapter 04: where and why the published laws disagree most about the model size (a choice).

    Parameters
    ----------
    answer : Any
        The letter of your choice as a string ("a", "b", "c", "d"); case, spaces, brackets and a full stop are ignored.

    Returns
    -------
    Feedback
        ✅ or ❌ with the chosen letter and why that option is right or wrong; ❌ for an answer that is not one of the
        letters; ⏳ while the answer is None.

    Examples
    --------
    >>> [letter for letter in CHAPTER04_FAN_OUT if check_why_laws_fan_out(letter).correct]
    ['b']
    >>> check_why_laws_fan_out("c")
    ❌ Not quite (c): E does not enter N_opt at all; only A, B, α and β do.
    """
    return check_choice(answer, correct="b", options=CHAPTER04_FAN_OUT, what="why the lines fan out")


# --- chapter 05: fitting the law ------------------------------------------------------------------------------------


@numeric_question(
    what="the fitted α",
    sig_figs=3,
    hint="generate the runs with exactly these arguments, fit them with fit_parametric, and read α "
    "from the fitted law.",
)
def check_fitted_alpha() -> tuple[float, Mistakes]:
    """Chapter 05: alpha fitted by Approach 3 to isoflop_runs(besiroglu2024, noise=0.02, seed=1).

    The expected value is what :func:`~chinchilla_lib.fitting.fit_parametric` finds on those runs, which differs
    from besiroglu2024's own α because of the noise.

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming the true α of besiroglu2024 or the fitted β, or else how far off the
        answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_fitted_alpha.question.expected()
    >>> check_fitted_alpha(round_sig(right, 3)).correct
    True
    >>> check_fitted_alpha(PUBLISHED_LAWS["besiroglu2024"].alpha)  # doctest: +ELLIPSIS
    ❌ Not quite: that is the true α of the law the runs came from; fit the noisy runs (seed=1, noise=0.02) and ...
    """
    runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], noise=0.02, seed=1)
    fitted = fit_parametric(runs.params, runs.tokens, runs.loss).law
    return fitted.alpha, [
        (
            PUBLISHED_LAWS["besiroglu2024"].alpha,
            "that is the true α of the law the runs came from; fit the noisy "
            "runs (seed=1, noise=0.02) and report the fitted value.",
        ),
        (fitted.beta, "that is β, the data exponent; α belongs to the parameter term."),
    ]


@numeric_question(
    what="Approach 2's exponent a",
    sig_figs=4,
    hint="Approach 2 is fit_isoflop_profiles; give it noiseless runs of the law.",
)
def check_isoflop_exponent() -> tuple[float, Mistakes]:
    """Chapter 05: the exponent a that Approach 2 finds on noiseless, centred sweeps of hoffmann2022_tex.

    Returns
    -------
    Feedback
        ✅ at 4 significant figures; ❌ naming the exponent b of D_opt, or else how far off the answer is; ⏳ while
        the answer is None.

    Examples
    --------
    >>> right = check_isoflop_exponent.question.expected()
    >>> check_isoflop_exponent(round_sig(right, 4)).correct
    True
    >>> check_isoflop_exponent(1 - right)  # b = 1 − a, since D_opt = C/(6·N_opt) at every budget
    ❌ Not quite: that is b, the exponent of D_opt; a belongs to N_opt ∝ C^a.
    """
    law = PUBLISHED_LAWS["hoffmann2022_tex"]
    fitted = fit_isoflop_profiles(isoflop_runs(law, noise=0.0))
    return fitted.a, [(fitted.b, "that is b, the exponent of D_opt; a belongs to N_opt ∝ C^a.")]


CHAPTER05_WHY_FITS_DISAGREE = {
    "a": (
        "Besiroglu et al. refitted the paper's own runs, as they read them off its Figure 4: 240 of the more than "
        "400 it fitted, losses read from the colour bar; on those points the printed constants fit worse than the "
        "optimum of the paper's own objective (section 4), so the points alone do not explain the gap."
    ),
    "b": (
        "as Besiroglu et al. argue, the published fit averaged the Huber losses instead of summing them; averaging "
        "shrinks the objective by the number of runs, and L-BFGS, whose stopping tests do not scale with it, "
        "stopped before the optimum."
    ),
    "c": "summed and averaged objectives have the same minimiser; run to convergence they give the same law.",
    "d": "both fits use the Huber loss on log-losses; the difference is where the optimiser stopped.",
}


def check_why_fits_disagree(answer: Any) -> Feedback:
    """Chapter 05: why the paper's Approach 3 constants and Epoch's refit of its Figure 4 points disagree (a choice).

    Parameters
    ----------
    answer : Any
        The letter of your choice as a string ("a", "b", "c", "d"); case, spaces, brackets and a full stop are ignored.

    Returns
    -------
    Feedback
        ✅ or ❌ with the chosen letter and why that option is right or wrong; ❌ for an answer that is not one of the
        letters; ⏳ while the answer is None.

    Examples
    --------
    >>> [letter for letter in CHAPTER05_WHY_FITS_DISAGREE if check_why_fits_disagree(letter).correct]
    ['b']
    >>> check_why_fits_disagree("c")
    ❌ Not quite (c): summed and averaged objectives have the same minimiser; run to convergence they give the same law.
    """
    return check_choice(answer, correct="b", options=CHAPTER05_WHY_FITS_DISAGREE, what="why the fits disagree")


CHAPTER05_WHICH_APPROACH = {
    "a": "Approach 1 needs whole training curves at many sizes, and you only have the final losses.",
    "b": (
        "Approach 2 needs only the final losses of a sweep of sizes at each budget, and assumes no form for "
        "the loss. Its parabolas are biased even without noise (Czech et al. 2026; chapter 05, section 8): centre "
        "each sweep on your best estimate and re-centre after a first fit, and compare with Approach 3 on the same "
        "runs."
    ),
    "c": (
        "it can, but it assumes the loss has the form E + A/N^α + B/D^β; with 5 budgets of 9 runs each it is "
        "the one with the most constants to pin down."
    ),
    "d": (
        "20 tokens per parameter is what the fits found near Chinchilla's scale, not something you can check "
        "with your runs without fitting."
    ),
}


def check_which_approach(answer: Any) -> Feedback:
    """Chapter 05: which approach fits N_opt ∝ C^a from final losses without assuming the loss's form (a choice).

    Parameters
    ----------
    answer : Any
        The letter of your choice as a string ("a", "b", "c", "d"); case, spaces, brackets and a full stop are ignored.

    Returns
    -------
    Feedback
        ✅ or ❌ with the chosen letter and why that option is right or wrong; ❌ for an answer that is not one of the
        letters; ⏳ while the answer is None.

    Examples
    --------
    >>> [letter for letter in CHAPTER05_WHICH_APPROACH if check_which_approach(letter).correct]
    ['b']
    >>> check_which_approach("a")
    ❌ Not quite (a): Approach 1 needs whole training curves at many sizes, and you only have the final losses.
    """
    return check_choice(answer, correct="b", options=CHAPTER05_WHICH_APPROACH, what="which approach")


# --- chapter 06: beyond Chinchilla ---------------------------------------------------------------------------------


@numeric_question(
    what="the inference-aware model size",
    unit="parameters",
    sig_figs=3,
    hint="the target is the loss of the Chinchilla-optimal 70B model under sardana2024; "
    "inference_optimal takes the law, that target and the tokens served.",
)
def check_inference_optimal_params() -> tuple[float, Mistakes]:
    """Chapter 06: parameters of the cheapest 70B-Chinchilla-quality model serving 1e13 tokens (sardana2024).

    The target loss is that of a 70e9-parameter model trained on its compute-optimal tokens under sardana2024; the
    answer is the model size :func:`~chinchilla_lib.beyond.inference_optimal` gives for it and 1e13 tokens served.

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming 70e9, the training tokens, a count given in billions or the like, or
        else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_inference_optimal_params.question.expected()
    >>> check_inference_optimal_params(round_sig(right, 3)).correct, right < 70e9
    (True, True)
    >>> check_inference_optimal_params(70e9)
    ❌ Not quite: 70B is the Chinchilla model of that quality; serving 1e13 tokens favours a smaller one.
    """
    law = PUBLISHED_LAWS["sardana2024"]
    target = float(law.allocation_for_params(70e9).loss)
    plan = inference_optimal(law, target, 1e13)
    return float(plan.params), [
        (70e9, "70B is the Chinchilla model of that quality; serving 1e13 tokens favours a smaller one."),
        (float(plan.tokens), "that is the training tokens; the question asks for parameters."),
    ]


@numeric_question(
    what="D'/D after 4 epochs",
    unit="fraction",
    sig_figs=3,
    hint="effective_tokens gives D' for a number of tokens seen and of unique tokens; compare it with 4·U fresh ones.",
)
def check_value_of_four_epochs() -> tuple[float, Mistakes]:
    """Chapter 06: effective tokens of 4 epochs over U unique tokens, as a fraction of 4·U fresh tokens.

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming D'/U, 1 (repeated tokens worth as much as fresh ones) or a
        percentage, or else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_value_of_four_epochs.question.expected()
    >>> check_value_of_four_epochs(round_sig(right, 3)).correct, right < 1
    (True, True)
    >>> check_value_of_four_epochs(1.0)
    ❌ Not quite: repeated tokens are worth less than fresh ones: use effective_tokens.
    """
    fraction = float(effective_tokens(4.0, 1.0)) / 4.0
    return fraction, [
        (float(effective_tokens(4.0, 1.0)), "that is D'/U; divide by the 4 epochs' worth of tokens."),
        (1.0, "repeated tokens are worth less than fresh ones: use effective_tokens."),
    ]


@numeric_question(
    what="Kaplan's N_opt(5.76e23)",
    unit="parameters",
    sig_figs=2,
    hint="Kaplan et al.'s N_opt = 1.3e9 · C_min^0.73 with C_min in PF-days (C_min = C/2); KAPLAN_2020 knows the "
    "conversion.",
)
def check_kaplan_params_at_gopher() -> tuple[float, Mistakes]:
    """Chapter 06: Kaplan et al. 2020's compute-optimal model size at Gopher's budget [parameters].

    Returns
    -------
    Feedback
        ✅ at 2 significant figures; ❌ naming C in FLOP where PF-days are meant, C_min = C, Chinchilla's answer, a
        count given in billions or the like, or else how far off the answer is (saying so of an answer rounded
        twice); ⏳ while the answer is None.

    Examples
    --------
    >>> right = check_kaplan_params_at_gopher.question.expected()
    >>> check_kaplan_params_at_gopher(round_sig(right, 2)).correct
    True
    >>> chinchilla = PUBLISHED_LAWS["hoffmann2022_tex"].compute_optimal(GOPHER_BUDGET).params
    >>> check_kaplan_params_at_gopher(chinchilla)
    ❌ Not quite: that is Chinchilla's answer; the question asks for Kaplan's.
    """
    return float(KAPLAN_2020.optimal_params(GOPHER_BUDGET)), [
        (1.3e9 * GOPHER_BUDGET**0.73, "Kaplan's formula takes C in PF-days (8.64e19 FLOP each)."),
        (
            float(KaplanLaw(compute_min_fraction=1.0).optimal_params(GOPHER_BUDGET)),
            "that reads C_min = C; the course reads C_min = C/2 (a budget spent at the critical batch size costs "
            "2·C_min, Kaplan et al. eq. 5.5), the reading that reproduces Hoffmann et al.'s 4.68B at 1e21 FLOP.",
        ),
        (
            float(PUBLISHED_LAWS["hoffmann2022_tex"].compute_optimal(GOPHER_BUDGET).params),
            "that is Chinchilla's answer; the question asks for Kaplan's.",
        ),
    ]


CHAPTER06_WHICH_ALLOCATION = {
    "a": (
        "the Chinchilla allocation minimises training compute only; the model's serving cost grows with its "
        "size, and 1e13 tokens of inference outweigh that saving."
    ),
    "b": (
        "with inference counted, a smaller model trained on more tokens reaches the same loss at less total "
        "compute (Sardana et al. 2024)."
    ),
    "c": "a larger model costs more per served token and more to train for the same loss.",
    "d": "Kaplan et al.'s allocation puts even more of the budget into parameters, the wrong way for serving.",
}


def check_which_allocation(answer: Any) -> Feedback:
    """Chapter 06: which allocation to choose for a model that will serve many tokens (a choice).

    Parameters
    ----------
    answer : Any
        The letter of your choice as a string ("a", "b", "c", "d"); case, spaces, brackets and a full stop are ignored.

    Returns
    -------
    Feedback
        ✅ or ❌ with the chosen letter and why that option is right or wrong; ❌ for an answer that is not one of the
        letters; ⏳ while the answer is None.

    Examples
    --------
    >>> [letter for letter in CHAPTER06_WHICH_ALLOCATION if check_which_allocation(letter).correct]
    ['b']
    >>> check_which_allocation("a")  # doctest: +ELLIPSIS
    ❌ Not quite (a): the Chinchilla allocation minimises training compute only; the model's serving cost grows with ...
    """
    return check_choice(answer, correct="b", options=CHAPTER06_WHICH_ALLOCATION, what="which allocation")
