"""FLOPs accounting and accelerator time."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import chinchilla_lib as cl


def test_training_and_inference_flops():
    assert cl.training_flops(70e9, 1.4e12) == 6 * 70e9 * 1.4e12
    assert cl.training_flops(70e9, 1.4e12, flops_per_param_token=8) == 8 * 70e9 * 1.4e12
    assert cl.inference_flops(70e9, 1e13) == 2 * 70e9 * 1e13
    np.testing.assert_array_equal(cl.training_flops([1e9, 2e9], 1e10), [6e19, 1.2e20])


ACCELERATOR_SOURCES = [  # name, dense peak [TFLOP/s], a phrase the source string must carry
    ("A100", 312, "datasheet"),
    ("H100-SXM", 989, "datasheet"),
    ("H100-PCIe", 756, "datasheet"),
    ("V100", 125, "datasheet"),
    ("MI300X", 1307.4, "rocm.docs.amd.com"),
    ("TPU-v4", 275, "datasheet"),
    ("TPU-v5e", 197, "datasheet"),
    ("TPU-v5p", 459, "datasheet"),
    ("TPU-v6e", 918, "docs.cloud.google.com/tpu/docs/v6e"),
]


@pytest.mark.parametrize(("name", "tflops", "cited"), ACCELERATOR_SOURCES)
def test_accelerator_table_matches_datasheets(name, tflops, cited):
    assert cl.ACCELERATORS[name].peak_flops == tflops * 1e12
    assert cited in cl.ACCELERATORS[name].source


def test_accelerator_table_is_exactly_the_cited_ones():
    assert list(cl.ACCELERATORS) == [name for name, _, _ in ACCELERATOR_SOURCES]


def test_accelerator_names_are_forgiving():
    assert cl.get_accelerator("h100 sxm") is cl.ACCELERATORS["H100-SXM"]
    assert cl.get_accelerator("tpu_v4") is cl.ACCELERATORS["TPU-v4"]
    assert cl.get_accelerator("TPU v6e") is cl.ACCELERATORS["TPU-v6e"]
    assert cl.get_accelerator("mi-300x") is cl.ACCELERATORS["MI300X"]


def test_gpu_hours_by_hand():
    assert cl.gpu_hours_to_flops(1.0, gpu="A100", mfu=0.5) == 3600 * 312e12 * 0.5
    assert cl.gpu_hours_to_flops(1.0, peak_flops=1e15, mfu=1.0) == 3.6e18
    assert cl.cluster_flops(1024, 30, gpu="H100-SXM", mfu=0.4) == pytest.approx(1024 * 30 * 24 * 3600 * 989e12 * 0.4)
    assert cl.training_days(cl.cluster_flops(64, 10, gpu="A100", mfu=0.35), 64, gpu="A100", mfu=0.35) == pytest.approx(
        10
    )


@given(hours=st.floats(1e-3, 1e9), mfu=st.floats(0.01, 1.0), gpu=st.sampled_from(sorted(cl.ACCELERATORS)))
def test_hours_round_trip(hours, mfu, gpu):
    flops = cl.gpu_hours_to_flops(hours, gpu=gpu, mfu=mfu)
    assert cl.flops_to_gpu_hours(flops, gpu=gpu, mfu=mfu) == pytest.approx(hours, rel=1e-13)


def test_hidden_assumptions_make_calculators_disagree_threefold():
    # Chapter 03's point: the same budget is 3.1x more GPU-hours if the peak is taken as 100 instead of 312 TFLOP/s.
    flops = cl.training_flops(7e9, 140e9)
    ratio = cl.flops_to_gpu_hours(flops, peak_flops=100e12, mfu=0.4) / cl.flops_to_gpu_hours(flops, gpu="A100", mfu=0.4)
    assert ratio == pytest.approx(3.12)


def test_mfu_is_never_assumed_in_descriptions():
    assert cl.Hardware.of("A100", mfu=0.4).describe() == "A100 (312 TFLOP/s peak) at 40% MFU"
    assert cl.Hardware.of("A100", mfu=0.4, price_per_hour=2).describe().endswith("$2/h")
    with pytest.raises(TypeError, match="mfu"):
        cl.Hardware.of("A100")  # type: ignore[call-arg]


def test_hardware_is_checked_when_made_and_prices_flops():
    a100 = cl.Hardware.of("a100", mfu=0.5, price_per_hour=3.6)
    assert a100.name == "A100"
    assert a100.flops_per_hour == 3600 * 312e12 * 0.5
    assert a100.dollars_per_flop == pytest.approx(3.6 / (3600 * 312e12 * 0.5))
    with pytest.raises(ValueError, match="price_per_hour is needed"):
        _ = cl.Hardware.of("A100", mfu=0.5).dollars_per_flop
    with pytest.raises(ValueError, match="price_per_hour must be"):
        cl.Hardware.of("A100", mfu=0.5, price_per_hour=-1)
    with pytest.raises(ValueError, match="exactly one of gpu"):
        cl.Hardware.of(mfu=0.5)


@pytest.mark.parametrize(
    ("call", "culprits"),
    [
        (lambda: cl.gpu_hours_to_flops(1e300, peak_flops=1e15, mfu=1.0), "gpu_hours, peak_flops and mfu"),
        (lambda: cl.cluster_flops(1e200, 1e200, gpu="A100", mfu=0.4), "n_gpus, days"),
        (lambda: cl.training_flops(1e200, 1e200), "params, tokens"),
        (lambda: cl.flops_to_gpu_hours(1e-300, peak_flops=1e300, mfu=1.0), "flops, peak_flops and mfu"),
    ],
)
def test_products_that_overflow_are_named_errors(call, culprits):
    with pytest.raises(ValueError, match=culprits):
        call()


def test_known_models():
    chinchilla = cl.KNOWN_MODELS["Chinchilla"]
    assert (chinchilla.params, chinchilla.tokens) == (70e9, 1.4e12)
    assert chinchilla.tokens_per_param == pytest.approx(20)
    assert chinchilla.training_flops() == pytest.approx(5.88e23)
    assert cl.KNOWN_MODELS["Gopher"].params == 280e9
    assert all("arXiv:" in m.source for m in cl.KNOWN_MODELS.values())
    with pytest.raises(ValueError, match="flops_per_param_token"):
        chinchilla.training_flops(-6.0)


# --- extremes: every answer is a finite, correct float64 or a ValueError naming the argument and its range -----------

TINY, HUGE = float(np.finfo(np.float64).tiny), float(np.finfo(np.float64).max)
LOG_TINY, LOG_HUGE = math.log(TINY), math.log(HUGE)


def anywhere_in_float64() -> st.SearchStrategy[float]:
    """Positive floats log-uniformly over float64's whole range, with its ends (subnormals included)."""
    return st.one_of(st.sampled_from([5e-324, TINY, HUGE]), st.floats(-323.0, 308.0).map(lambda e: 10.0**e))


def utilisations() -> st.SearchStrategy[float]:
    """MFUs in (0, 1], down to the smallest positive float64."""
    return st.one_of(st.sampled_from([5e-324, TINY, 1.0]), st.floats(-323.0, 0.0).map(lambda e: 10.0**e))


def agrees_in_logs(value, expected_log, tolerance=1e-11):
    return value > 0 and abs(math.log(value) - expected_log) < tolerance


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: cl.Accelerator("X", "1e12", "BF16", "by hand"), TypeError, "peak_flops must be a real number"),
        (lambda: cl.Accelerator("X", 0.0, "BF16", "by hand"), ValueError, r"peak_flops must be a finite number > 0"),
        (lambda: cl.Accelerator(None, 1e12, "BF16", "by hand"), TypeError, "name must be a str"),
        (lambda: cl.Accelerator("X", 1e12, 16, "by hand"), TypeError, "precision must be a str"),
        (lambda: cl.ACCELERATORS["A100"]._replace(peak_flops=-1.0), ValueError, "peak_flops must be a finite"),
        (lambda: cl.Accelerator._make(["X", math.nan, "BF16", "by hand"]), ValueError, "peak_flops"),
        (lambda: cl.Hardware.of(peak_flops=5e-324, mfu=5e-324), ValueError, r"peak_flops must be in \[1.25e\+12, "),
        (lambda: cl.Hardware.of(peak_flops=1e306, mfu=1.0), ValueError, r"peak_flops must be in \[.*, 4.99e\+304\]"),
        (lambda: cl.Hardware.of("A100", mfu=0.4, price_per_hour=5e-324).dollars_per_flop, ValueError, "price_per_hour"),
        (lambda: cl.Hardware.of("A100", mfu=0.4, price_per_hour=1e-300).dollars_per_flop, ValueError, r"\[1e-290, "),
        (lambda: cl.Hardware.of("A100", mfu=5e-324, price_per_hour=1e300).dollars_per_flop, ValueError, r"\(0, 998\]"),
    ],
)
def test_value_classes_check_their_fields_and_money_stays_in_float64(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_accelerators_stay_named_tuples():
    a100 = cl.ACCELERATORS["A100"]
    assert a100._asdict()["peak_flops"] == 312e12  # the command line's --list-gpus
    assert tuple(a100)[:2] == ("A100", 312e12)
    assert a100._replace(peak_flops=1e15).peak_flops == 1e15
    assert cl.Accelerator("A100", 312e12, a100.precision, a100.source) == a100


@given(peak=anywhere_in_float64(), mfu=utilisations())
@example(peak=5e-324, mfu=5e-324)  # 3600·peak·mfu underflowed to 0, and a price per FLOP divided by it
@example(peak=1e306, mfu=1.0)  # ... or overflowed to inf
def test_hardware_is_made_only_when_its_flops_per_hour_are_a_normal_float(peak, mfu):
    expected = math.log(3600.0) + math.log(peak) + math.log(mfu)
    if LOG_TINY + 1e-9 < expected < LOG_HUGE - 1e-9:
        assert agrees_in_logs(cl.Hardware.of(peak_flops=peak, mfu=mfu).flops_per_hour, expected)
    elif not LOG_TINY - 1e-9 < expected < LOG_HUGE + 1e-9:
        with pytest.raises(ValueError, match=r"peak_flops must be in \[.*\] \[FLOP/s\] at mfu="):
            cl.Hardware.of(peak_flops=peak, mfu=mfu)


@given(price=anywhere_in_float64(), mfu=utilisations(), gpu=st.sampled_from(sorted(cl.ACCELERATORS)))
@example(price=5e-324, mfu=0.4, gpu="A100")  # underflowed to 0.0
@example(price=1e-300, mfu=0.4, gpu="A100")  # a subnormal with five digits
@example(price=1e300, mfu=5e-324, gpu="A100")  # overflowed to inf
def test_a_price_per_flop_is_a_normal_float_or_an_error_naming_price_per_hour(price, mfu, gpu):
    hardware = cl.Hardware.of(gpu, mfu=mfu, price_per_hour=price)
    expected = math.log(price) - math.log(3600.0 * cl.ACCELERATORS[gpu].peak_flops) - math.log(mfu)
    if LOG_TINY + 1e-9 < expected < LOG_HUGE - 1e-9:
        assert agrees_in_logs(hardware.dollars_per_flop, expected)
    elif not LOG_TINY - 1e-9 < expected < LOG_HUGE + 1e-9:
        with pytest.raises(ValueError, match=r"price_per_hour must be in [\[(].*\] \[\$ per GPU-hour\]"):
            _ = hardware.dollars_per_flop


@given(n_gpus=anywhere_in_float64(), days=anywhere_in_float64(), peak=anywhere_in_float64(), mfu=utilisations())
@example(n_gpus=1e200, days=1e200, peak=1e-100, mfu=1e-200)  # n·days overflowed though the FLOPs are 8.6e104
def test_cluster_flops_are_found_when_only_a_partial_product_overflows(n_gpus, days, peak, mfu):
    per_hour = math.log(3600.0) + math.log(peak) + math.log(mfu)
    assume(LOG_TINY + 1e-9 < per_hour < LOG_HUGE - 1e-9)
    expected = math.log(n_gpus) + math.log(days) + math.log(24.0) + per_hour
    if LOG_TINY + 1e-9 < expected < LOG_HUGE - 1e-9:
        assert agrees_in_logs(cl.cluster_flops(n_gpus, days, peak_flops=peak, mfu=mfu), expected)
    elif expected > LOG_HUGE + 1e-9:
        with pytest.raises(ValueError, match="n_gpus, days, peak_flops and mfu"):
            cl.cluster_flops(n_gpus, days, peak_flops=peak, mfu=mfu)


@given(flops=anywhere_in_float64(), n_gpus=anywhere_in_float64(), peak=anywhere_in_float64(), mfu=utilisations())
@example(flops=1e300, n_gpus=1e300, peak=1e15, mfu=1.0)  # 24·n·(FLOPs per hour) overflowed: 0 days, an error
def test_training_days_are_found_when_only_a_partial_product_overflows(flops, n_gpus, peak, mfu):
    per_hour = math.log(3600.0) + math.log(peak) + math.log(mfu)
    assume(LOG_TINY + 1e-9 < per_hour < LOG_HUGE - 1e-9)
    expected = math.log(flops) - per_hour - math.log(24.0) - math.log(n_gpus)
    if LOG_TINY + 1e-9 < expected < LOG_HUGE - 1e-9:
        assert agrees_in_logs(cl.training_days(flops, n_gpus, peak_flops=peak, mfu=mfu), expected)
    elif expected > LOG_HUGE + 1e-9:
        with pytest.raises(ValueError, match="flops, n_gpus, peak_flops and mfu"):
            cl.training_days(flops, n_gpus, peak_flops=peak, mfu=mfu)


def test_cluster_flops_by_hand_at_the_extremes():
    assert cl.cluster_flops(1e200, 1e200, peak_flops=1e-100, mfu=1e-200) == pytest.approx(8.64e104, rel=1e-12)
    np.testing.assert_allclose(
        cl.cluster_flops([1e200, 1.0], 1e200, peak_flops=1e-100, mfu=1e-200), [8.64e104, 8.64e-96], rtol=1e-12
    )
    assert cl.training_days(1e300, 1e300, peak_flops=1e15, mfu=1.0) == pytest.approx(1 / 8.64e19, rel=1e-12)
    assert cl.inference_flops(1.6e-162, 1.6e-162) == 5e-324  # 2·N·D = 5.1e-324 rounded once (not 2·round(N·D))
    assert cl.inference_flops(70e9, 1e13) == 2 * 70e9 * 1e13
