"""Human-readable numbers for tables, widgets and the command line: ``32.2B`` parameters, ``5.76e+23`` FLOP."""

from __future__ import annotations

import math

_SUFFIXES = ((1e15, "Q"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def human_count(value: float, digits: int = 3) -> str:
    """A count with a short-scale suffix and ``digits`` significant figures: 32189859151 -> ``'32.2B'``.

    >>> human_count(32189859151.0), human_count(1.4e12), human_count(950.0)
    ('32.2B', '1.4T', '950')
    """
    if not math.isfinite(value):
        return str(value)
    for scale, suffix in _SUFFIXES:
        if abs(value) >= scale:
            if abs(value) >= 1000 * _SUFFIXES[0][0]:
                return f"{value:.{digits - 1}e}"
            return f"{value / scale:.{digits}g}{suffix}"
    return f"{value:.{digits}g}"


def scientific(value: float, digits: int = 3) -> str:
    """``5.76e+23`` style, ``digits`` significant figures."""
    return f"{value:.{digits - 1}e}"


def duration(hours: float) -> str:
    """GPU-hours or wall-clock hours as a readable span: ``'3.2 h'``, ``'12.5 days'``, ``'2.1 years'``."""
    if hours < 48:
        return f"{hours:.3g} h"
    days = hours / 24
    if days < 730:
        return f"{days:.3g} days"
    return f"{days / 365.25:.3g} years"
