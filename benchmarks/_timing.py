"""Timing helper shared by the benchmark scripts: best of several repeats, as `timeit` recommends."""

from __future__ import annotations

import timeit
from collections.abc import Callable


def best_seconds(func: Callable[[], object], repeat: int = 7, number: int = 1) -> float:
    """The fastest of ``repeat`` runs of ``number`` calls, per call [s]: the least disturbed by the machine."""
    return min(timeit.repeat(func, repeat=repeat, number=number)) / number
