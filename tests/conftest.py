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
settings.register_profile("ci", max_examples=200, **_ci)
settings.register_profile("ci-quick", max_examples=60, **_ci)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile("stress", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(params=sorted(PUBLISHED_LAWS))
def published_law(request: pytest.FixtureRequest) -> ScalingLaw:
    return PUBLISHED_LAWS[request.param]


@pytest.fixture
def hoffmann() -> ScalingLaw:
    return PUBLISHED_LAWS["hoffmann2022"]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups into the tests' ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group the tests that must share a worker under ``pytest -n N --dist loadgroup`` (``make test``).

    A notebook's cells run in order in one kernel, so each notebook is a group; the student-edition and website tests
    share one build of the student edition (the website is staged from it). Everything else spreads freely.
    """
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(item.path.stem))
        elif item.path.name in {"test_student_edition.py", "test_book_browser.py"}:
            item.add_marker(pytest.mark.xdist_group("teaching"))


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
