"""Human-readable numbers for tables, widgets and the command line: ``32.2B`` parameters, ``5.76e+23`` FLOP."""

from __future__ import annotations

from typing import Any

from chinchilla_lib._validation import check_count, check_nonnegative, check_range

_SUFFIXES = ((1e15, "Q"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))
_MAX_DIGITS = 17  # a float64 holds 17 significant digits at most


def _digits(digits: Any) -> int:
    places = check_count(digits, "digits")
    if places > _MAX_DIGITS:
        raise ValueError(f"digits must be a whole number in [1, {_MAX_DIGITS}], got {places}")
    return places


def _finite(value: Any, name: str) -> float:
    number, scalar = check_range(value, name, lower=-float("inf"))
    if not scalar:
        raise TypeError(f"{name} must be a single number, got an array")
    return float(number)


def human_count(value: Any, digits: Any = 3) -> str:
    """A count with a short-scale suffix and ``digits`` significant figures: 32189859151 -> ``'32.2B'``.

    Parameters
    ----------
    value : float
        A finite number (parameters, tokens, GPU-hours, dollars).
    digits : int
        Significant figures, 1 to 17.

    Returns
    -------
    str
        ``'950'``, ``'32.2B'``, ``'1.4T'``; numbers of 1e18 and more in scientific notation.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If ``value`` is not finite or ``digits`` is out of range.

    Examples
    --------
    >>> human_count(32189859151.0), human_count(1.4e12), human_count(950.0)
    ('32.2B', '1.4T', '950')
    """
    return _human_count(_finite(value, "value"), _digits(digits))


def _human_count(number: float, places: int = 3) -> str:
    """:func:`human_count` of a checked finite number (tables and the command line format many)."""
    for scale, suffix in _SUFFIXES:
        if abs(number) >= scale:
            if abs(number) >= 1000 * _SUFFIXES[0][0]:
                return f"{number:.{places - 1}e}"
            return f"{number / scale:.{places}g}{suffix}"
    return f"{number:.{places}g}"


def scientific(value: Any, digits: Any = 3) -> str:
    """``5.76e+23`` style, ``digits`` significant figures.

    Parameters
    ----------
    value : float
        A finite number.
    digits : int
        Significant figures, 1 to 17.

    Returns
    -------
    str
        The number in scientific notation.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If ``value`` is not finite or ``digits`` is out of range.

    Examples
    --------
    >>> scientific(5.76e23)
    '5.76e+23'
    """
    return _scientific(_finite(value, "value"), _digits(digits))


def _scientific(number: float, places: int = 3) -> str:
    """:func:`scientific` of a checked finite number."""
    return f"{number:.{places - 1}e}"


def duration(hours: Any) -> str:
    """GPU-hours or wall-clock hours as a readable span: ``'3.2 h'``, ``'12.5 days'``, ``'2.1 years'``.

    Parameters
    ----------
    hours : float
        A finite duration >= 0 [hours].

    Returns
    -------
    str
        Hours below two days, days below two years, years beyond.

    Raises
    ------
    TypeError
        If ``hours`` is not a real number.
    ValueError
        If ``hours`` is negative or not finite.

    Examples
    --------
    >>> duration(3.2), duration(300.0), duration(24 * 800.0)
    ('3.2 h', '12.5 days', '2.19 years')
    """
    value, scalar = check_nonnegative(hours, "hours", "hours")
    if not scalar:
        raise TypeError("hours must be a single number, got an array")
    if value < 48:
        return f"{value:.3g} h"
    days = value / 24
    if days < 730:
        return f"{days:.3g} days"
    return f"{days / 365.25:.3g} years"
