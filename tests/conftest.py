"""Shared fixtures and the hypothesis profiles (CI runs more examples)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from chinchilla_lib import PUBLISHED_LAWS, ScalingLaw

# CI's profiles are derandomized (examples seeded from each test), so a run that passed once passes again and a
# failure reproduces; the "dev" profile draws fresh examples each run, so the search keeps going on developers'
# machines, and "stress" (HYPOTHESIS_PROFILE=stress) is a long random search to run before changing a tolerance.
_ci = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "derandomize": True}
settings.register_profile("ci", max_examples=100, **_ci)
settings.register_profile("ci-quick", max_examples=30, **_ci)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile("stress", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(params=sorted(PUBLISHED_LAWS))
def published_law(request: pytest.FixtureRequest) -> ScalingLaw:
    return PUBLISHED_LAWS[request.param]


@pytest.fixture
def hoffmann() -> ScalingLaw:
    return PUBLISHED_LAWS["hoffmann2022"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures tests measured (their ``timing`` properties) at the end of the run, whoever ran them."""
    timings = [
        value
        for report in terminalreporter.stats.get("passed", [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == "timing"
    ]
    if timings:
        terminalreporter.section("measured")
        for line in timings:
            terminalreporter.write_line(line)
