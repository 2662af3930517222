"""Helpers shared by the test modules: repository paths and hypothesis strategies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from chinchilla_lib import ScalingLaw

REPO = Path(__file__).resolve().parents[1]


@st.composite
def laws(draw: st.DrawFn) -> ScalingLaw:
    """Plausible laws: exponents 0.1-0.7, coefficients 10-1e4, E 0-3, spanning every published set."""
    return ScalingLaw(
        E=draw(st.floats(0.0, 3.0)),
        A=draw(st.floats(10.0, 1e4)),
        B=draw(st.floats(10.0, 1e4)),
        alpha=draw(st.floats(0.1, 0.7)),
        beta=draw(st.floats(0.1, 0.7)),
    )


budgets = st.floats(1e10, 1e35)
"""Training budgets [FLOP] across the whole range the library promises."""


def graders() -> dict[str, Callable[[Any], Any]]:
    """Every grader of the chapters by name: the ``check_*`` functions of the exercises modules (chapter 07's are in
    exercises_laws), which test_exercises.py gives odd answers and test_promise.py counts as covered.
    """
    from chinchilla_lib import exercises, exercises_laws  # noqa: PLC0415 - only the tests of the course need them

    return {
        name: getattr(module, name)
        for module in (exercises, exercises_laws)
        for name in dir(module)
        if name.startswith("check_") and name != "check_choice" and getattr(module, name).__module__ == module.__name__
    }
