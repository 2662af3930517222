"""Input checks shared by every public function.

One rule everywhere: validate once at the public boundary, cheaply, and fail loudly.

* ``TypeError`` for the wrong *kind* of value: ``str``, ``None``, ``bool``, ``complex``, object arrays.
* ``ValueError`` for the wrong *value*: out of range, NaN, ±inf, empty or ragged arrays.

The fast path is one vectorised reduction per array, written so that NaN fails it (``np.all(x > 0)`` is ``False``
for NaN and for -inf; ``+inf`` is caught by the upper bound). The detailed message, which names the first bad
element and its index, is built only after the cheap check has failed.
"""

from __future__ import annotations

import contextlib
import math
import numbers
from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
ArrayOrFloat = float | FloatArray

_ACCEPTED_KINDS = "a real number or an array of real numbers"
_BYTES_LIKE = (str, bytes, bytearray, memoryview, complex)

# Names of the arguments checked so far, while a test records them (see `recording`); None otherwise.
_recorder: list[str] | None = None


@contextlib.contextmanager
def recording() -> Iterator[list[str]]:
    """Record the name of every argument checked inside the block: how tests prove that a call checks once."""
    global _recorder  # noqa: PLW0603 - a test-only switch, off (None) in normal use
    previous, _recorder = _recorder, []
    try:
        yield _recorder
    finally:
        _recorder = previous


def _note(name: str) -> None:
    if _recorder is not None:
        _recorder.append(name)


def _describe(value: Any) -> str:
    """A short, safe rendering of a bad value for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_real(value: Any, name: str) -> tuple[ArrayOrFloat, bool]:
    """Convert ``value`` to a float or a float64 array, rejecting kinds that are not real numbers.

    Returns ``(converted, is_scalar)``. Raises ``TypeError`` for str, bytes-like, None, bool, complex and
    non-numeric arrays, ``ValueError`` for empty or ragged sequences.
    """
    _note(name)
    # Fast path: plain Python / NumPy real scalars (bool is an int subclass and is refused on purpose).
    if isinstance(value, float | int) and not isinstance(value, bool):
        try:
            return float(value), True
        except OverflowError:
            raise ValueError(f"{name} is too large to represent as a float, got {_describe(value)}") from None
    if isinstance(value, bool | np.bool_) or value is None or isinstance(value, _BYTES_LIKE):
        raise TypeError(f"{name} must be {_ACCEPTED_KINDS}, got {type(value).__name__} {_describe(value)}")
    if isinstance(value, numbers.Real):  # Fraction and NumPy real scalars
        try:
            return float(value), True
        except OverflowError:
            raise ValueError(f"{name} is too large to represent as a float, got {_describe(value)}") from None
    try:
        array = np.asarray(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{name} must be a rectangular array of finite real numbers, got {_describe(value)}") from None
    if array.dtype == object:  # e.g. a list holding 10**400, or numbers of several kinds
        try:
            array = np.asarray(value, dtype=np.float64)
        except OverflowError:
            raise ValueError(f"{name} holds a number too large to represent as a float") from None
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be {_ACCEPTED_KINDS}, got {_describe(value)}") from None
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
    if math.isinf(lower) and math.isinf(upper):
        return "a finite number"
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


def check_count(value: Any, name: str, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole number in [minimum, maximum] (a count, a seed): Python or NumPy integers; bool and floats are refused.

    ``maximum`` bounds counts that size arrays or loops, so that a valid but absurd count is an error naming it
    rather than an allocation that exhausts memory.
    """
    _note(name)
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a whole number (int), got {type(value).__name__} {_describe(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        allowed = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum:,}]"
        raise ValueError(f"{name} must be a whole number {allowed}, got {_describe(int(value))}")
    return int(value)


def check_flag(value: Any, name: str) -> bool:
    """``value`` as a bool: True or False (Python's or NumPy's), never a truthy number or text."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    return bool(value)


def check_choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    """One of a few strings, such as a reduction or a mode."""
    _note(name)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {', '.join(map(repr, choices))}, got {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_broadcast(**arrays: ArrayOrFloat) -> None:
    """Array arguments must broadcast together; the error names them and their shapes."""
    shaped = {name: np.shape(value) for name, value in arrays.items() if np.ndim(value)}
    if len(shaped) > 1:
        try:
            np.broadcast_shapes(*shaped.values())
        except ValueError:
            described = ", ".join(f"{name} {shape}" for name, shape in shaped.items())
            raise ValueError(f"array arguments must broadcast together, got shapes {described}") from None


def representable(what: str, culprits: str, *values: ArrayOrFloat, positive: bool = True) -> None:
    """Raise ``ValueError`` unless every value is finite (and > 0 with ``positive``): the result of valid but extreme
    inputs that float64 cannot hold (overflow or underflow). ``culprits`` names the arguments responsible.
    """
    for value in values:
        ok = np.isfinite(value) & (np.greater(value, 0) if positive else True)
        if not bool(np.all(ok)):
            raise ValueError(
                f"{what} is outside the range of float64 (overflow or underflow) for these {culprits}; "
                f"choose less extreme values"
            )


def check_interval(value: Any, name: str, unit: str = "", *, strict: bool = True) -> tuple[float, float]:
    """A pair (low, high) of finite numbers > 0 with low < high (low <= high unless ``strict``), such as an axis
    range or a fitted range; returned as two floats.
    """
    converted, scalar = check_positive(value, name, unit)
    if scalar:
        raise TypeError(f"{name} must be a pair (low, high) of finite numbers > 0{_unit(unit)}, got {_describe(value)}")
    if np.shape(converted) != (2,):
        raise ValueError(
            f"{name} must be a pair (low, high) of finite numbers > 0{_unit(unit)}, got shape {np.shape(converted)}"
        )
    low, high = (float(x) for x in np.asarray(converted))
    if not (low < high if strict else low <= high):
        raise ValueError(
            f"{name} must be a pair (low, high) with low {'<' if strict else '<='} high, got {(low, high)}"
        )
    return low, high
