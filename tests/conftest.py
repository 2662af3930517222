"""Shared fixtures and the hypothesis profiles (CI runs more examples)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from chinchilla_lib import PUBLISHED_LAWS, ScalingLaw

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(params=sorted(PUBLISHED_LAWS))
def published_law(request: pytest.FixtureRequest) -> ScalingLaw:
    return PUBLISHED_LAWS[request.param]


@pytest.fixture
def hoffmann() -> ScalingLaw:
    return PUBLISHED_LAWS["hoffmann2022"]
