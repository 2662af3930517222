r"""FLOPs accounting and hardware: how many FLOPs a run costs and how many accelerator-hours that is.

Training a dense transformer costs :math:`C \approx k N D` FLOPs with :math:`k = 6`: the forward pass does about
2 FLOPs per parameter per token (one multiply, one add) and the backward pass about twice the forward
(Kaplan et al. 2020, Sec. 2.1; Hoffmann et al. 2022, App. F, where the exact count differs from 6·N·D by
-1% … +10%). Activation recomputation re-runs the forward pass, so k ≈ 8. Generating or scoring one token at
inference costs about :math:`2N` FLOPs.

Hardware converts FLOPs to time through the accelerator's peak throughput and the *model FLOPs utilisation*
(MFU), the fraction of peak that the training run actually achieves (30–50% is typical for large runs):

.. math:: \text{GPU-hours} = \frac{C}{3600 \cdot \text{peak} \cdot \text{MFU}}

MFU is always an explicit argument here: hiding it in a constant is how calculators end up 3× apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from chinchilla_lib._validation import (
    ArrayOrFloat,
    check_flops_per_param_token,
    check_fraction,
    check_positive,
    output,
    positive_scalar,
)
from chinchilla_lib.allocation import DEFAULT_FLOPS_PER_PARAM_TOKEN

SECONDS_PER_HOUR = 3600.0
INFERENCE_FLOPS_PER_PARAM_TOKEN = 2.0
"""FLOPs per parameter per token of a forward pass (Kaplan et al. 2020, Table 1)."""


class Accelerator(NamedTuple):
    """An accelerator's dense peak throughput [FLOP/s] at the stated precision, with its source."""

    name: str
    peak_flops: float
    precision: str
    source: str


_DATASHEET = "vendor datasheet, dense (no sparsity)"

ACCELERATORS: Mapping[str, Accelerator] = MappingProxyType(
    {
        acc.name: acc
        for acc in (
            Accelerator("A100", 312e12, "BF16/FP16 tensor", f"NVIDIA A100 {_DATASHEET}"),
            Accelerator("H100-SXM", 989e12, "BF16/FP16 tensor", f"NVIDIA H100 SXM {_DATASHEET}"),
            Accelerator("H100-PCIe", 756e12, "BF16/FP16 tensor", f"NVIDIA H100 PCIe {_DATASHEET}"),
            Accelerator("V100", 125e12, "FP16 tensor", f"NVIDIA V100 SXM2 {_DATASHEET}"),
            Accelerator("TPU-v4", 275e12, "BF16", f"Google Cloud TPU v4 {_DATASHEET}"),
            Accelerator("TPU-v5e", 197e12, "BF16", f"Google Cloud TPU v5e {_DATASHEET}"),
            Accelerator("TPU-v5p", 459e12, "BF16", f"Google Cloud TPU v5p {_DATASHEET}"),
        )
    }
)
"""Accelerators by name (look-ups ignore case, spaces, '-' and '_': ``"tpu v4"`` finds ``"TPU-v4"``)."""


def _normalise(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


_BY_NORMALISED = {_normalise(name): acc for name, acc in ACCELERATORS.items()}


def get_accelerator(name: Any) -> Accelerator:
    """Look up an accelerator by name; ``ValueError`` listing the known names if there is none."""
    if not isinstance(name, str):
        raise TypeError(f"gpu must be a str naming an accelerator, got {type(name).__name__}")
    try:
        return _BY_NORMALISED[_normalise(name)]
    except KeyError:
        raise ValueError(f"unknown gpu {name!r}; known: {', '.join(ACCELERATORS)} (or pass peak_flops=...)") from None


def peak_flops_of(gpu: Any = None, peak_flops: Any = None) -> float:
    """Peak FLOP/s from exactly one of an accelerator name or an explicit peak [FLOP/s]."""
    if (gpu is None) == (peak_flops is None):
        raise ValueError("give exactly one of gpu (a name in ACCELERATORS) or peak_flops [FLOP/s]")
    if gpu is not None:
        return get_accelerator(gpu).peak_flops
    return positive_scalar(peak_flops, "peak_flops", "FLOP/s")


def training_flops(
    params: Any, tokens: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
) -> ArrayOrFloat:
    r"""Training compute :math:`C = k N D` [FLOP] (Kaplan et al. 2020 Sec. 2.1; Hoffmann et al. 2022 App. F).

    Parameters: N [parameters] > 0, D [tokens] > 0, k [FLOP per parameter per token] > 0, 6 by default.

    Examples
    --------
    >>> f"{training_flops(70e9, 1.4e12):.3g}"  # Chinchilla
    '5.88e+23'
    """
    k = check_flops_per_param_token(flops_per_param_token)
    n, n_scalar = check_positive(params, "params", "parameters")
    d, d_scalar = check_positive(tokens, "tokens", "tokens")
    return output(k * np.multiply(n, d), n_scalar and d_scalar)


def inference_flops(params: Any, tokens: Any) -> ArrayOrFloat:
    r"""Inference compute :math:`2 N D_{inf}` [FLOP] for processing D_inf tokens with an N-parameter model.

    Source: Kaplan et al. 2020, Table 1 (forward pass ≈ 2N FLOPs per token); used by Sardana et al. 2024.
    """
    n, n_scalar = check_positive(params, "params", "parameters")
    d, d_scalar = check_positive(tokens, "tokens", "tokens")
    return output(INFERENCE_FLOPS_PER_PARAM_TOKEN * np.multiply(n, d), n_scalar and d_scalar)


def _effective_rate(gpu: Any, peak_flops: Any, mfu: Any) -> float:
    """Sustained FLOP/s of one accelerator: peak × MFU."""
    return peak_flops_of(gpu, peak_flops) * check_fraction(mfu, "mfu")


def gpu_hours_to_flops(hours: Any, *, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> ArrayOrFloat:
    r"""FLOPs delivered by ``hours`` accelerator-hours: :math:`C = 3600 \cdot h \cdot \text{peak} \cdot \text{MFU}`.

    Parameters
    ----------
    hours : float or array_like
        Accelerator-hours [GPU·h] > 0.
    mfu : float
        Model FLOPs utilisation in (0, 1]; required, there is no hidden default.
    gpu : str, optional
        A name in :data:`ACCELERATORS`. Give this or ``peak_flops``.
    peak_flops : float, optional
        Peak throughput [FLOP/s] of one accelerator.

    Examples
    --------
    >>> f"{gpu_hours_to_flops(1e6, gpu='A100', mfu=0.4):.4g}"
    '4.493e+23'
    """
    rate = _effective_rate(gpu, peak_flops, mfu)
    h, scalar = check_positive(hours, "hours", "GPU-hours")
    return output(np.multiply(h, SECONDS_PER_HOUR * rate), scalar)


def flops_to_gpu_hours(flops: Any, *, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> ArrayOrFloat:
    r"""Accelerator-hours [GPU·h] to deliver ``flops`` [FLOP]: :math:`C / (3600 \cdot \text{peak} \cdot \text{MFU})`.

    The inverse of :func:`gpu_hours_to_flops`; same arguments.
    """
    rate = _effective_rate(gpu, peak_flops, mfu)
    c, scalar = check_positive(flops, "flops", "FLOP")
    return output(np.divide(c, SECONDS_PER_HOUR * rate), scalar)


def cluster_flops(n_gpus: Any, days: Any, *, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> ArrayOrFloat:
    r"""FLOPs [FLOP] from ``n_gpus`` accelerators over ``days`` days: :math:`24 \cdot n \cdot days` GPU-hours."""
    n, n_scalar = check_positive(n_gpus, "n_gpus", "accelerators")
    d, d_scalar = check_positive(days, "days", "days")
    return gpu_hours_to_flops(
        output(np.multiply(n, d) * 24.0, n_scalar and d_scalar), mfu=mfu, gpu=gpu, peak_flops=peak_flops
    )


def training_days(flops: Any, n_gpus: Any, *, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> ArrayOrFloat:
    r"""Wall-clock days for ``n_gpus`` accelerators to deliver ``flops`` [FLOP]: GPU-hours / (24 · n)."""
    n = positive_scalar(n_gpus, "n_gpus", "accelerators")
    hours = flops_to_gpu_hours(flops, mfu=mfu, gpu=gpu, peak_flops=peak_flops)
    return output(np.divide(hours, 24.0 * n), np.ndim(hours) == 0)


def describe_rate(*, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> str:
    """A one-line description such as ``"A100 (312 TFLOP/s peak) at 40% MFU"`` for tables and captions."""
    peak = peak_flops_of(gpu, peak_flops)
    label = get_accelerator(gpu).name if gpu is not None else "accelerator"
    return f"{label} ({peak / 1e12:g} TFLOP/s peak) at {check_fraction(mfu, 'mfu') * 100:g}% MFU"
