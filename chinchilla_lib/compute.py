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

import dataclasses
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, Self

import numpy as np

from chinchilla_lib._core.frontier import quiet
from chinchilla_lib._validation import (
    ArrayOrFloat,
    FloatArray,
    check_broadcast,
    check_flops_per_param_token,
    check_fraction,
    check_positive,
    output,
    positive_scalar,
    representable,
)

DEFAULT_FLOPS_PER_PARAM_TOKEN = 6.0
"""k in C = k·N·D: forward pass ≈ 2 FLOPs per parameter per token, backward ≈ twice that (Hoffmann et al. App. F)."""
INFERENCE_FLOPS_PER_PARAM_TOKEN = 2.0
"""FLOPs per parameter per token of a forward pass (Kaplan et al. 2020, Table 1)."""
SECONDS_PER_HOUR = 3600.0
_TINY = float(np.finfo(np.float64).tiny)  # the smallest normal float64: below it a quotient keeps only a few digits
_HUGE = float(np.finfo(np.float64).max)


def _scaled(factors: tuple[ArrayOrFloat, ...], divisors: tuple[ArrayOrFloat, ...] = ()) -> FloatArray:
    """∏ factors / ∏ divisors, left to right, on mantissas and exponents (``frexp``) so that no partial product over-
    or underflows where the result does not: each step rounds once, as the plain product would. Factors finite and
    >= 0, divisors finite and > 0; the result is inf, subnormal or 0 only when it is itself (callers check it).
    """
    mantissa: Any = np.float64(1.0)
    exponent: Any = np.intc(0)
    for value, divide in [(x, False) for x in factors] + [(x, True) for x in divisors]:
        m, e = np.frexp(value)
        mantissa, exponent = (mantissa / m, exponent - e) if divide else (mantissa * m, exponent + e)
        mantissa, e = np.frexp(mantissa)
        exponent = exponent + e
    with quiet():
        return np.asarray(np.ldexp(mantissa, exponent), dtype=np.float64)


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


class _AcceleratorFields(NamedTuple):
    name: str
    peak_flops: float
    precision: str
    source: str


class Accelerator(_AcceleratorFields):  # numpydoc ignore=PR02
    """An accelerator's dense peak throughput [FLOP/s] at the stated precision, with its source.

    A named tuple, checked when made (``_make`` and ``_replace`` check too).

    Parameters
    ----------
    name : str
        The key in :data:`ACCELERATORS`.
    peak_flops : float
        Dense peak [FLOP/s] of one accelerator at ``precision``.
    precision : str
        The number format the peak is quoted for.
    source : str
        Where the figure comes from.

    Raises
    ------
    TypeError
        If ``name``, ``precision`` or ``source`` is not a str, or ``peak_flops`` is not a single real number.
    ValueError
        If ``peak_flops`` is not a finite number > 0 [FLOP/s].

    Examples
    --------
    >>> Accelerator("A100", 312e12, "BF16", "datasheet") == ACCELERATORS["A100"][:2] + ("BF16", "datasheet")
    True
    """

    __slots__ = ()

    def __new__(cls, name: str, peak_flops: float, precision: str, source: str) -> Self:
        peak = positive_scalar(peak_flops, "peak_flops", "FLOP/s")
        return super().__new__(cls, _text(name, "name"), peak, _text(precision, "precision"), _text(source, "source"))

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> Self:  # type: ignore[override] # mypy's _make is generic
        return cls(*iterable)  # through __new__, so that _make and _replace check too


_DATASHEET = "vendor datasheet, dense (no sparsity)"

ACCELERATORS: Mapping[str, Accelerator] = MappingProxyType(
    {
        acc.name: acc
        for acc in (
            Accelerator("A100", 312e12, "BF16/FP16 tensor", f"NVIDIA A100 {_DATASHEET}"),
            Accelerator("H100-SXM", 989e12, "BF16/FP16 tensor", f"NVIDIA H100 SXM {_DATASHEET}"),
            Accelerator("H100-PCIe", 756e12, "BF16/FP16 tensor", f"NVIDIA H100 PCIe {_DATASHEET}"),
            Accelerator("V100", 125e12, "FP16 tensor", f"NVIDIA V100 SXM2 {_DATASHEET}"),
            Accelerator(
                "MI300X",
                1307.4e12,
                "BF16 matrix",
                "AMD ROCm docs, 'AMD Instinct MI300 series microarchitecture' (rocm.docs.amd.com), table "
                "'Peak-performance capabilities of the MI300X': Matrix BF16, 2048 FLOPS/clock/CU, 1307.4 peak TFLOPS "
                "(dense: no sparsity)",
            ),
            Accelerator("TPU-v4", 275e12, "BF16", f"Google Cloud TPU v4 {_DATASHEET}"),
            Accelerator("TPU-v5e", 197e12, "BF16", f"Google Cloud TPU v5e {_DATASHEET}"),
            Accelerator("TPU-v5p", 459e12, "BF16", f"Google Cloud TPU v5p {_DATASHEET}"),
            Accelerator(
                "TPU-v6e",
                918e12,
                "BF16",
                "Google Cloud TPU v6e (Trillium) docs (docs.cloud.google.com/tpu/docs/v6e), spec table: "
                "'Peak compute per chip (bf16) | 918 TFLOPs'",
            ),
        )
    }
)
"""Accelerators by name (look-ups ignore case, spaces, '-' and '_': ``"tpu v4"`` finds ``"TPU-v4"``)."""


def _normalise(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


_BY_NORMALISED = {_normalise(name): acc for name, acc in ACCELERATORS.items()}


def get_accelerator(gpu: Any) -> Accelerator:
    """Look up an accelerator by name, forgiving case, spaces, '-' and '_'.

    Parameters
    ----------
    gpu : str
        A name in :data:`ACCELERATORS`, e.g. ``"A100"`` or ``"h100 sxm"``.

    Returns
    -------
    Accelerator
        The accelerator with its peak throughput and source.

    Raises
    ------
    TypeError
        If ``gpu`` is not a str.
    ValueError
        If no accelerator has that name; the message lists the known ones.

    Examples
    --------
    >>> get_accelerator("tpu_v4") is ACCELERATORS["TPU-v4"]
    True
    """
    if not isinstance(gpu, str):
        raise TypeError(f"gpu must be a str naming an accelerator, got {type(gpu).__name__}")
    try:
        return _BY_NORMALISED[_normalise(gpu)]
    except KeyError:
        raise ValueError(f"unknown gpu {gpu!r}; known: {', '.join(ACCELERATORS)} (or pass peak_flops=...)") from None


@dataclasses.dataclass(frozen=True)
class Hardware:  # numpydoc ignore=PR02
    r"""An accelerator as a run uses it: peak throughput, the utilisation achieved and, optionally, its price.

    Validated once when made, then passed down: the functions that convert FLOPs to hours and money take it as it is.

    Parameters
    ----------
    peak_flops : float
        Dense peak throughput of one accelerator [FLOP/s], finite and > 0.
    mfu : float
        Model FLOPs utilisation in (0, 1]: the fraction of peak the run sustains; never assumed.
    name : str
        What to call the accelerator in tables.
    price_per_hour : float or None
        Rental price [$ per accelerator-hour], finite and > 0, or None when money is not asked about.

    Attributes
    ----------
    flops_per_hour : float
        FLOPs one accelerator delivers in an hour at this MFU [FLOP per GPU-hour], 3600·peak_flops·mfu.
    dollars_per_flop : float
        Price of one FLOP [$/FLOP], price_per_hour / flops_per_hour; a ValueError without a price, or if the
        quotient leaves float64.

    Raises
    ------
    TypeError
        If a field has the wrong kind.
    ValueError
        If a number is out of range, or the FLOPs per accelerator-hour, 3600·peak_flops·mfu, are not a normal
        float64 in [2.2e-308, 1.8e308] (the message gives the range of ``peak_flops`` at this ``mfu``).

    See Also
    --------
    Hardware.of : Make one from an accelerator name or a peak.

    Notes
    -----
    One accelerator-hour delivers :math:`3600 \cdot \text{peak} \cdot \text{MFU}` FLOPs. The price is checked
    only where it is used: :attr:`dollars_per_flop` raises when price_per_hour / flops_per_hour leaves float64, while
    :func:`~chinchilla_lib.beyond.inference_optimal_cost` keeps the two apart and so takes any price.

    Examples
    --------
    >>> a100 = Hardware.of("A100", mfu=0.4)
    >>> abs(a100.gpu_hours(a100.flops(1000.0)) - 1000.0) < 1e-9
    True
    """

    peak_flops: float
    mfu: float
    name: str = "accelerator"
    price_per_hour: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "peak_flops", positive_scalar(self.peak_flops, "peak_flops", "FLOP/s"))
        object.__setattr__(self, "mfu", check_fraction(self.mfu, "mfu"))
        _text(self.name, "name")
        per_hour = self.flops_per_hour
        if not _TINY <= per_hour <= _HUGE:  # inf fails the upper bound, an underflow the lower
            low, high = _TINY / (SECONDS_PER_HOUR * self.mfu), min(_HUGE / (SECONDS_PER_HOUR * self.mfu), _HUGE)
            raise ValueError(
                f"peak_flops must be in [{low:.3g}, {high:.3g}] [FLOP/s] at mfu={self.mfu!r}, so that the FLOPs per "
                f"accelerator-hour, 3600·peak_flops·mfu, are a normal float64; got peak_flops={self.peak_flops!r}"
            )
        if self.price_per_hour is not None:
            price = positive_scalar(self.price_per_hour, "price_per_hour", "$ per GPU-hour")
            object.__setattr__(self, "price_per_hour", price)

    @classmethod
    def of(cls, gpu: Any = None, *, mfu: Any, peak_flops: Any = None, price_per_hour: Any = None) -> Hardware:
        """Hardware from exactly one of an accelerator name or an explicit peak.

        Parameters
        ----------
        gpu : str, optional
            A name in :data:`ACCELERATORS`.
        mfu : float
            Model FLOPs utilisation in (0, 1].
        peak_flops : float, optional
            Peak throughput of one accelerator [FLOP/s], instead of ``gpu``.
        price_per_hour : float, optional
            [$ per accelerator-hour].

        Returns
        -------
        Hardware
            The validated description.

        Raises
        ------
        TypeError
            If an argument has the wrong kind.
        ValueError
            If neither or both of gpu and peak_flops are given, the name is unknown, a number is out of range, or
            3600·peak_flops·mfu is not a normal float64 (the message gives the range of peak_flops at this mfu).

        Examples
        --------
        >>> Hardware.of("H100-SXM", mfu=0.4).describe()
        'H100-SXM (989 TFLOP/s peak) at 40% MFU'
        """
        if (gpu is None) == (peak_flops is None):
            raise ValueError("give exactly one of gpu (a name in ACCELERATORS) or peak_flops [FLOP/s]")
        if gpu is not None:
            accelerator = get_accelerator(gpu)
            return cls(accelerator.peak_flops, mfu, accelerator.name, price_per_hour)
        return cls(peak_flops, mfu, "accelerator", price_per_hour)

    @property
    def flops_per_hour(self) -> float:
        """FLOPs one accelerator delivers in an hour at this MFU [FLOP per GPU-hour]."""
        value = SECONDS_PER_HOUR * self.peak_flops * self.mfu
        # 3600·peak overflows only for peak > 5e304, where peak·mfu >= 5e304·5e-324 is a normal float: no underflow
        return value if value < math.inf else SECONDS_PER_HOUR * (self.peak_flops * self.mfu)

    @property
    def dollars_per_flop(self) -> float:
        """Price of one FLOP [$/FLOP]: price_per_hour / flops_per_hour, a normal float64.

        ValueError if no price was given, or if the quotient over- or underflows: the message gives the range of
        price_per_hour that this hardware's FLOPs per hour allow.
        """
        if self.price_per_hour is None:
            raise ValueError("price_per_hour is needed for costs in money; give it to Hardware.of(...)")
        per_hour = self.flops_per_hour
        with quiet():
            value = self.price_per_hour / per_hour
        if not _TINY <= value <= _HUGE:
            low, high = _TINY * per_hour, min(_HUGE * per_hour, _HUGE)
            lower = f"[{low:.3g}" if low > 0 else "(0"  # no lower bound when tiny·per_hour itself underflows
            raise ValueError(
                f"price_per_hour must be in {lower}, {high:.3g}] [$ per GPU-hour] on this hardware "
                f"({per_hour:.3g} FLOP per GPU-hour) for its price per FLOP to be a normal float64; "
                f"got {self.price_per_hour!r}"
            )
        return value

    def flops(self, gpu_hours: Any) -> ArrayOrFloat:
        """FLOPs delivered by a number of accelerator-hours on this hardware.

        Parameters
        ----------
        gpu_hours : float or array_like
            Accelerator-hours [GPU·h], finite and > 0.

        Returns
        -------
        float or numpy.ndarray
            [FLOP]: gpu_hours · 3600 · peak · MFU.

        Raises
        ------
        TypeError
            If ``gpu_hours`` is not a real number or an array of them.
        ValueError
            If an element is out of range or the product overflows float64.

        Examples
        --------
        >>> Hardware.of(peak_flops=1e15, mfu=0.5).flops(2.0)
        3.6e+18
        """
        h, scalar = check_positive(gpu_hours, "gpu_hours", "GPU-hours")
        with quiet():
            value = np.multiply(h, self.flops_per_hour)
        representable("the FLOPs", "gpu_hours, peak_flops and mfu", value)
        return output(value, scalar)

    def gpu_hours(self, flops: Any) -> ArrayOrFloat:
        """Accelerator-hours this hardware needs to deliver a budget.

        Parameters
        ----------
        flops : float or array_like
            C [FLOP], finite and > 0.

        Returns
        -------
        float or numpy.ndarray
            [GPU-hours]: C / (3600 · peak · MFU).

        Raises
        ------
        TypeError
            If ``flops`` is not a real number or an array of them.
        ValueError
            If an element is out of range or the quotient leaves float64.

        Examples
        --------
        >>> Hardware.of(peak_flops=1e15, mfu=0.5).gpu_hours(3.6e18)
        2.0
        """
        c, scalar = check_positive(flops, "flops", "FLOP")
        with quiet():
            value = np.divide(c, self.flops_per_hour)
        representable("the GPU-hours", "flops, peak_flops and mfu", value)
        return output(value, scalar)

    def describe(self) -> str:
        """A one-line description of the hardware for tables and captions.

        Returns
        -------
        str
            Such as ``"A100 (312 TFLOP/s peak) at 40% MFU"``, with the price when there is one.

        Examples
        --------
        >>> Hardware.of("A100", mfu=0.4, price_per_hour=1.8).describe()
        'A100 (312 TFLOP/s peak) at 40% MFU, $1.8/h'
        """
        price = f", ${self.price_per_hour:g}/h" if self.price_per_hour is not None else ""
        return f"{self.name} ({self.peak_flops / 1e12:g} TFLOP/s peak) at {self.mfu * 100:g}% MFU{price}"


def training_flops(
    params: Any, tokens: Any, flops_per_param_token: Any = DEFAULT_FLOPS_PER_PARAM_TOKEN
) -> ArrayOrFloat:
    r"""Training compute :math:`C = k N D` [FLOP].

    Parameters
    ----------
    params : float or array_like
        N [parameters], finite and > 0.
    tokens : float or array_like
        D [training tokens], finite and > 0; broadcasts with ``params``.
    flops_per_param_token : float
        k [FLOP per parameter per token], 6 by default (2 forward + 4 backward); about 8 with recomputation.

    Returns
    -------
    float or numpy.ndarray
        C [FLOP].

    Raises
    ------
    TypeError
        If an argument is not a real number (or, for k, not a single one).
    ValueError
        If an element is out of range, the shapes do not broadcast, or C overflows float64.

    References
    ----------
    .. [1] J. Kaplan et al. 2020, arXiv:2001.08361, §2.1.
    .. [2] J. Hoffmann et al. 2022, arXiv:2203.15556, App. F (6·N·D within −1% … +10% of the exact count).

    Examples
    --------
    >>> training_flops(70e9, 1.4e12) == 6 * 70e9 * 1.4e12
    True
    """
    n, n_scalar = check_positive(params, "params", "parameters")
    d, d_scalar = check_positive(tokens, "tokens", "tokens")
    check_broadcast(params=n, tokens=d)
    k = check_flops_per_param_token(flops_per_param_token)
    with quiet():
        value = k * np.multiply(n, d)
    representable("the training FLOPs", "params, tokens and flops_per_param_token", value)
    return output(value, n_scalar and d_scalar)


def inference_flops(params: Any, tokens: Any) -> ArrayOrFloat:
    r"""Inference compute :math:`2 N D_{inf}` [FLOP] for processing D_inf tokens with an N-parameter model.

    Parameters
    ----------
    params : float or array_like
        N [parameters], finite and > 0.
    tokens : float or array_like
        D_inf [tokens] processed in service (prompt and generated), finite and > 0.

    Returns
    -------
    float or numpy.ndarray
        [FLOP].

    Raises
    ------
    TypeError
        If an argument is not a real number or an array of them.
    ValueError
        If an element is out of range, the shapes do not broadcast, or the product overflows.

    References
    ----------
    .. [1] J. Kaplan et al. 2020, arXiv:2001.08361, Table 1 (a forward pass costs ≈ 2N FLOPs per token).
    .. [2] N. Sardana et al. 2024, arXiv:2401.00448, §2.

    Examples
    --------
    >>> inference_flops(70e9, 1e12) == training_flops(70e9, 1e12) / 3
    True
    """
    n, n_scalar = check_positive(params, "params", "parameters")
    d, d_scalar = check_positive(tokens, "tokens", "tokens")
    check_broadcast(params=n, tokens=d)
    value = _scaled((INFERENCE_FLOPS_PER_PARAM_TOKEN, n, d))  # 2·N·D rounded once, even where it is subnormal
    representable("the inference FLOPs", "params and tokens", value)
    return output(value, n_scalar and d_scalar)


def gpu_hours_to_flops(hours: Any, *, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> ArrayOrFloat:
    r"""FLOPs delivered by accelerator-hours: :math:`C = 3600 \cdot h \cdot \text{peak} \cdot \text{MFU}`.

    Parameters
    ----------
    hours : float or array_like
        Accelerator-hours [GPU·h], finite and > 0.
    mfu : float
        Model FLOPs utilisation in (0, 1]; required, there is no hidden default.
    gpu : str, optional
        A name in :data:`ACCELERATORS`. Give this or ``peak_flops``.
    peak_flops : float, optional
        Peak throughput [FLOP/s] of one accelerator.

    Returns
    -------
    float or numpy.ndarray
        C [FLOP].

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range, neither or both of gpu and peak_flops are given, or C overflows.

    See Also
    --------
    Hardware : The same conversion on a description made once.

    Examples
    --------
    >>> hours = gpu_hours_to_flops(1e6, gpu="A100", mfu=0.4) / (3600 * 312e12 * 0.4)
    >>> abs(hours - 1e6) < 1e-6
    True
    """
    return Hardware.of(gpu, mfu=mfu, peak_flops=peak_flops).flops(hours)


def flops_to_gpu_hours(flops: Any, *, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> ArrayOrFloat:
    r"""Accelerator-hours to deliver a budget: :math:`C / (3600 \cdot \text{peak} \cdot \text{MFU})` [GPU·h].

    Parameters
    ----------
    flops : float or array_like
        C [FLOP], finite and > 0.
    mfu : float
        Model FLOPs utilisation in (0, 1].
    gpu : str, optional
        A name in :data:`ACCELERATORS`. Give this or ``peak_flops``.
    peak_flops : float, optional
        Peak throughput [FLOP/s] of one accelerator.

    Returns
    -------
    float or numpy.ndarray
        [GPU-hours].

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range, neither or both of gpu and peak_flops are given, or the hours leave float64.

    Examples
    --------
    >>> flops_to_gpu_hours(gpu_hours_to_flops(500.0, gpu="V100", mfu=0.3), gpu="V100", mfu=0.3)
    500.0
    """
    return Hardware.of(gpu, mfu=mfu, peak_flops=peak_flops).gpu_hours(flops)


def cluster_flops(n_gpus: Any, days: Any, *, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> ArrayOrFloat:
    r"""FLOPs from a cluster: ``n_gpus`` accelerators for ``days`` days, :math:`24 \cdot n \cdot days` GPU-hours.

    Parameters
    ----------
    n_gpus : float or array_like
        Number of accelerators, finite and > 0.
    days : float or array_like
        Wall-clock days, finite and > 0.
    mfu : float
        Model FLOPs utilisation in (0, 1].
    gpu : str, optional
        A name in :data:`ACCELERATORS`. Give this or ``peak_flops``.
    peak_flops : float, optional
        Peak throughput [FLOP/s] of one accelerator.

    Returns
    -------
    float or numpy.ndarray
        C [FLOP].

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range, the shapes do not broadcast, or C overflows float64.

    Examples
    --------
    >>> cluster_flops(8, 1, gpu="A100", mfu=0.5) == gpu_hours_to_flops(8 * 24, gpu="A100", mfu=0.5)
    True
    """
    hardware = Hardware.of(gpu, mfu=mfu, peak_flops=peak_flops)
    n, n_scalar = check_positive(n_gpus, "n_gpus", "accelerators")
    d, d_scalar = check_positive(days, "days", "days")
    check_broadcast(n_gpus=n, days=d)
    value = _scaled((n, d, 24.0, hardware.flops_per_hour))  # n·d may overflow where the FLOPs do not
    representable("the cluster's FLOPs", "n_gpus, days, peak_flops and mfu", value)
    return output(value, n_scalar and d_scalar)


def training_days(flops: Any, n_gpus: Any, *, mfu: Any, gpu: Any = None, peak_flops: Any = None) -> ArrayOrFloat:
    r"""Wall-clock days for ``n_gpus`` accelerators to deliver a budget: GPU-hours / (24 · n).

    Parameters
    ----------
    flops : float or array_like
        C [FLOP], finite and > 0.
    n_gpus : float
        Number of accelerators, a single finite number > 0.
    mfu : float
        Model FLOPs utilisation in (0, 1].
    gpu : str, optional
        A name in :data:`ACCELERATORS`. Give this or ``peak_flops``.
    peak_flops : float, optional
        Peak throughput [FLOP/s] of one accelerator.

    Returns
    -------
    float or numpy.ndarray
        [days].

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range, or the result leaves float64.

    Examples
    --------
    >>> budget = cluster_flops(64, 10, gpu="A100", mfu=0.35)
    >>> abs(training_days(budget, 64, gpu="A100", mfu=0.35) - 10) < 1e-12
    True
    """
    hardware = Hardware.of(gpu, mfu=mfu, peak_flops=peak_flops)
    c, scalar = check_positive(flops, "flops", "FLOP")
    n = positive_scalar(n_gpus, "n_gpus", "accelerators")
    value = _scaled((c,), (hardware.flops_per_hour, 24.0, n))  # 24·n·(FLOPs per hour) may overflow, the days not
    representable("the training days", "flops, n_gpus, peak_flops and mfu", value)
    return output(value, scalar)
