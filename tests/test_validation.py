"""Bad input fails at once with a message naming the argument and the rule; one bad element fails the call."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import chinchilla_lib as cl

WRONG_KIND = ["1e21", None, True, np.bool_(False), 1 + 2j, np.array(["a"]), b"1", {"C": 1e21}]
WRONG_VALUE = [
    0.0,
    -1e21,
    math.nan,
    math.inf,
    -math.inf,
    [],
    [1e21, math.nan],
    [[1e21, 2e21], [3e21]],
    np.array([1e21, -1.0]),
    10**400,
]


@pytest.mark.parametrize("bad", WRONG_KIND, ids=repr)
def test_wrong_kind_is_a_type_error(hoffmann, bad):
    with pytest.raises(TypeError, match="flops"):
        hoffmann.compute_optimal(bad)


@pytest.mark.parametrize("bad", WRONG_VALUE, ids=lambda v: repr(v)[:30])
def test_wrong_value_is_a_value_error(hoffmann, bad):
    with pytest.raises(ValueError, match="flops"):
        hoffmann.compute_optimal(bad)


def test_message_states_rule_unit_and_culprit(hoffmann):
    with pytest.raises(ValueError, match=r"flops must be a finite number > 0 \[FLOP\], got -1e\+21"):
        hoffmann.compute_optimal(-1e21)
    with pytest.raises(ValueError, match=r"element 2 is nan"):
        hoffmann.compute_optimal([1e20, 1e21, math.nan, 1e23])
    with pytest.raises(ValueError, match=r"element \(1, 0\) is -5.0"):
        hoffmann.compute_optimal([[1e20, 1e21], [-5, 1e23]])


@given(st.lists(st.floats(1e10, 1e30), min_size=1, max_size=20), st.data())
def test_one_bad_element_fails_the_whole_array(values, data):
    hoffmann = cl.PUBLISHED_LAWS["hoffmann2022"]
    index = data.draw(st.integers(0, len(values) - 1))
    values[index] = data.draw(st.sampled_from([0.0, -1.0, math.nan, math.inf, -math.inf]))
    with pytest.raises(ValueError, match=f"element {index} is"):
        hoffmann.compute_optimal(values)


def test_real_number_kinds_are_accepted(hoffmann):
    expected = hoffmann.compute_optimal(1e18).params
    for value in (10**18, np.int64(10**18), np.uint64(10**18), np.float32(1e18), Fraction(10**18), np.array(1e18)):
        assert hoffmann.compute_optimal(value).params == pytest.approx(expected, rel=1e-6)
    assert hoffmann.compute_optimal(np.array([10**18])).params[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    "call",
    [
        lambda law: law.loss(-1, 1e9),
        lambda law: law.loss(1e9, math.nan),
        lambda law: law.optimal_tokens(0),
        lambda law: law.optimal_params(-1),
        lambda law: law.compute_optimal(1e21, flops_per_param_token=0),
        lambda law: law.compute_optimal(1e21, flops_per_param_token=math.inf),
        lambda law: law.loss_at_budget(1e9, -1e21),
        lambda law: law.allocation_for_params([1e9, -1]),
    ],
)
def test_every_entry_point_validates(hoffmann, call):
    with pytest.raises(ValueError, match=r"must be"):
        call(hoffmann)


def test_k_must_be_a_single_number(hoffmann):
    with pytest.raises(TypeError, match="flops_per_param_token must be a single number"):
        hoffmann.compute_optimal(1e21, flops_per_param_token=[6.0, 8.0])


@pytest.mark.parametrize("target", [1.69, 1.0, -2.0, math.nan])
def test_target_loss_must_exceed_the_irreducible_loss(hoffmann, target):
    with pytest.raises(ValueError, match=r"target_loss must be a finite number > 1.69"):
        hoffmann.compute_for_loss(target)


def test_target_loss_too_close_to_e_says_so():
    law = cl.ScalingLaw(E=0.0, A=406.4, B=410.7, alpha=0.34, beta=0.28)
    with pytest.raises(ValueError, match="too close to E"):
        law.compute_for_loss(1e-300)


@pytest.mark.parametrize(
    ("mfu", "error"),
    [
        (0.0, ValueError),
        (1.5, ValueError),
        (-0.4, ValueError),
        (math.nan, ValueError),
        ("0.4", TypeError),
        (None, TypeError),
    ],
)
def test_mfu_must_be_in_zero_one(mfu, error):
    with pytest.raises(error, match="mfu"):
        cl.gpu_hours_to_flops(1000, gpu="A100", mfu=mfu)


def test_gpu_and_peak_are_exclusive_and_required():
    with pytest.raises(ValueError, match="exactly one of gpu"):
        cl.gpu_hours_to_flops(1000, mfu=0.4)
    with pytest.raises(ValueError, match="exactly one of gpu"):
        cl.gpu_hours_to_flops(1000, gpu="A100", peak_flops=312e12, mfu=0.4)
    with pytest.raises(ValueError, match=r"unknown gpu 'B9000'; known: A100, H100-SXM"):
        cl.flops_to_gpu_hours(1e21, gpu="B9000", mfu=0.4)
    with pytest.raises(ValueError, match="peak_flops must be"):
        cl.flops_to_gpu_hours(1e21, peak_flops=-1, mfu=0.4)
    with pytest.raises(TypeError, match="gpu must be a str"):
        cl.flops_to_gpu_hours(1e21, gpu=100, mfu=0.4)
