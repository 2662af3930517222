"""FLOPs accounting and accelerator time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import chinchilla_lib as cl


def test_training_and_inference_flops():
    assert cl.training_flops(70e9, 1.4e12) == 6 * 70e9 * 1.4e12
    assert cl.training_flops(70e9, 1.4e12, flops_per_param_token=8) == 8 * 70e9 * 1.4e12
    assert cl.inference_flops(70e9, 1e13) == 2 * 70e9 * 1e13
    np.testing.assert_array_equal(cl.training_flops([1e9, 2e9], 1e10), [6e19, 1.2e20])


@pytest.mark.parametrize(
    ("name", "tflops"),
    [
        ("A100", 312),
        ("H100-SXM", 989),
        ("H100-PCIe", 756),
        ("V100", 125),
        ("TPU-v4", 275),
        ("TPU-v5e", 197),
        ("TPU-v5p", 459),
    ],
)
def test_accelerator_table_matches_datasheets(name, tflops):
    assert cl.ACCELERATORS[name].peak_flops == tflops * 1e12
    assert "datasheet" in cl.ACCELERATORS[name].source


def test_accelerator_names_are_forgiving():
    assert cl.get_accelerator("h100 sxm") is cl.ACCELERATORS["H100-SXM"]
    assert cl.get_accelerator("tpu_v4") is cl.ACCELERATORS["TPU-v4"]


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
