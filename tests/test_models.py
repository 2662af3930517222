"""Known trained models: checked when made, then immutable."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chinchilla_lib import KNOWN_MODELS, KnownModel

SOURCE = "by hand"


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        (("m", "7e9", 1e12, SOURCE), TypeError, "params must be a real number"),
        (("m", 7e9, "1e12", SOURCE), TypeError, "tokens must be a real number"),
        (("m", True, 1e12, SOURCE), TypeError, "params"),
        (("m", [7e9], 1e12, SOURCE), TypeError, "params must be a single number"),
        (("m", 0, 1e12, SOURCE), ValueError, r"params must be a finite number > 0 \[parameters\], got 0.0"),
        (("m", 7e9, -1.0, SOURCE), ValueError, r"tokens must be a finite number > 0 \[tokens\]"),
        (("m", math.nan, 1e12, SOURCE), ValueError, "params must be a finite number > 0"),
        (("m", 7e9, math.inf, SOURCE), ValueError, "tokens must be a finite number > 0"),
        (("m", 1e-300, 1e300, SOURCE), ValueError, "tokens / params .* params and tokens"),
        ((None, 7e9, 1e12, SOURCE), TypeError, "name must be a str"),
        (("m", 7e9, 1e12, 2022), TypeError, "source must be a str"),
        (("m", 7e9, 1e12, SOURCE, None), TypeError, "note must be a str"),
    ],
)
def test_a_known_model_checks_its_fields_when_made(fields, error, message):
    with pytest.raises(error, match=message):
        KnownModel(*fields)


@given(params=st.one_of(st.floats(), st.integers(-(10**6), 10**6)), tokens=st.floats(1.0, 1e15))
@example(params=0, tokens=1e12)  # was accepted, then D/N divided by zero
@example(params=0.0, tokens=1e12)
def test_a_known_model_is_made_valid_or_not_at_all(params, tokens):
    if not (0 < params < math.inf and tokens / params < math.inf):  # out of range, or D/N overflows
        with pytest.raises(ValueError, match="params"):
            KnownModel("m", params, tokens, SOURCE)
        return
    model = KnownModel("m", params, tokens, SOURCE)
    assert isinstance(model.params, float)
    assert math.isfinite(model.tokens_per_param)
    assert model.tokens_per_param > 0
    assert model.tokens_per_param * model.params == pytest.approx(tokens, rel=1e-15)


def test_known_models_are_immutable_values_with_the_same_fields():
    chinchilla = KNOWN_MODELS["Chinchilla"]
    assert [field.name for field in dataclasses.fields(KnownModel)] == ["name", "params", "tokens", "source", "note"]
    assert KnownModel("Chinchilla", 70e9, 1.4e12, chinchilla.source) == chinchilla
    assert hash(KnownModel("Chinchilla", 70e9, 1.4e12, chinchilla.source)) == hash(chinchilla)
    with pytest.raises(dataclasses.FrozenInstanceError):
        chinchilla.params = 1.0
    assert all(model.params > 0 and model.tokens > 0 for model in KNOWN_MODELS.values())
