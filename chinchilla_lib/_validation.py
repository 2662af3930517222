"""Input checks shared by every public function.

One rule everywhere: validate once at the public boundary, cheaply, and fail loudly.

* ``TypeError`` for the wrong *kind* of value: ``str``, ``None``, ``bool``, ``complex``, object arrays.
* ``ValueError`` for the wrong *value*: out of range, NaN, ±inf, empty or ragged arrays.

The fast path is one vectorised reduction per array, written so that NaN fails it (``np.all(x > 0)`` is ``False``
for NaN and for -inf; ``+inf`` is caught by the upper bound). The detailed message, which names the first bad
element and its index, is built only after the cheap check has failed.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
ArrayOrFloat = float | FloatArray

_ACCEPTED_KINDS = "a real number or an array of real numbers"


def _describe(value: Any) -> str:
    """A short, safe rendering of a bad value for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_real(value: Any, name: str) -> tuple[ArrayOrFloat, bool]:
    """Convert ``value`` to a float or a float64 array, rejecting kinds that are not real numbers.

    Returns ``(converted, is_scalar)``. Raises ``TypeError`` for str, None, bool, complex and non-numeric arrays,
    ``ValueError`` for empty or ragged sequences.
    """
    # Fast path: plain Python / NumPy real scalars (bool is an int subclass and is refused on purpose).
    if isinstance(value, float | int) and not isinstance(value, bool):
        try:
            return float(value), True
        except OverflowError:
            raise ValueError(f"{name} is too large to represent as a float, got {_describe(value)}") from None
    if isinstance(value, bool | np.bool_) or value is None or isinstance(value, str | bytes | complex):
        raise TypeError(f"{name} must be {_ACCEPTED_KINDS}, got {type(value).__name__} {_describe(value)}")
    if isinstance(value, numbers.Real):  # Fraction, Decimal-like and NumPy real scalars
        return float(value), True
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} must be a rectangular array of real numbers; got a ragged sequence") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be {_ACCEPTED_KINDS}, got an array of dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if array.ndim == 0:
        return float(array), True
    return array.astype(np.float64, copy=False), False


def _first_bad(array: FloatArray, ok: NDArray[np.bool_]) -> str:
    index = tuple(int(i) for i in np.unravel_index(int(np.argmin(ok)), array.shape))
    where = index[0] if len(index) == 1 else index
    return f"element {where} is {float(array[index])!r}"


def check_range(
    value: Any,
    name: str,
    *,
    lower: float = 0.0,
    upper: float = math.inf,
    lower_inclusive: bool = False,
    upper_inclusive: bool = False,
    unit: str = "",
) -> tuple[ArrayOrFloat, bool]:
    """Check that every element of ``value`` is a finite real number in the given interval.

    Returns ``(converted, is_scalar)``; the error names ``name``, the rule and the offending value.
    """
    converted, scalar = as_real(value, name)
    if scalar:
        x = float(converted)
        ok = (x >= lower if lower_inclusive else x > lower) and (x <= upper if upper_inclusive else x < upper)
        if ok and math.isfinite(x):  # NaN fails every comparison; ±inf fails the bounds or isfinite
            return x, True
        detail = f"got {x!r}"
    else:
        array = np.asarray(converted)
        mask = (array >= lower) if lower_inclusive else (array > lower)
        mask &= (array <= upper) if upper_inclusive else (array < upper)
        if bool(np.all(mask)):
            return array, False
        detail = _first_bad(array, mask)
    raise ValueError(f"{name} must be {_rule(lower, upper, lower_inclusive, upper_inclusive)}{_unit(unit)}, {detail}")


def _unit(unit: str) -> str:
    return f" [{unit}]" if unit else ""


def _rule(lower: float, upper: float, lower_inclusive: bool, upper_inclusive: bool) -> str:
    low = f"{'>=' if lower_inclusive else '>'} {lower:g}"
    if math.isinf(upper):
        return f"a finite number {low}"
    return f"a number in {'[' if lower_inclusive else '('}{lower:g}, {upper:g}{']' if upper_inclusive else ')'}"


def check_positive(value: Any, name: str, unit: str = "") -> tuple[ArrayOrFloat, bool]:
    """Every element finite and strictly positive."""
    return check_range(value, name, lower=0.0, unit=unit)


def check_nonnegative(value: Any, name: str, unit: str = "") -> tuple[ArrayOrFloat, bool]:
    """Every element finite and >= 0."""
    return check_range(value, name, lower=0.0, lower_inclusive=True, unit=unit)


def positive_scalar(value: Any, name: str, unit: str = "") -> float:
    """A single finite number > 0 (arrays are refused: this is a setting, not data)."""
    converted, scalar = check_positive(value, name, unit)
    if not scalar:
        raise TypeError(f"{name} must be a single number, got an array of shape {np.shape(converted)}")
    return float(converted)


def check_flops_per_param_token(value: Any) -> float:
    """K in C = k·N·D: a single finite number > 0 [FLOP per parameter per token]."""
    return positive_scalar(value, "flops_per_param_token", "FLOP per parameter per token")


def check_fraction(value: Any, name: str) -> float:
    """A single number in (0, 1], such as a model FLOPs utilisation."""
    converted, scalar = check_range(value, name, lower=0.0, upper=1.0, upper_inclusive=True)
    if not scalar:
        raise TypeError(f"{name} must be a single number, got an array of shape {np.shape(converted)}")
    return float(converted)


def output(value: FloatArray | float, scalar: bool) -> ArrayOrFloat:
    """Scalars in give Python floats out; arrays in give arrays out."""
    if scalar:
        return float(value)
    return np.asarray(value, dtype=np.float64)
