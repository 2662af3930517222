"""The Chinchilla scaling laws as a small, typed, vectorised NumPy library: ``chinchilla_lib``.

Importing the package loads NumPy and the closed forms only; the fitting procedures (which need SciPy) load on
first use, so that ``law.compute_optimal`` and the ``chinchilla`` command start fast.

>>> from chinchilla_lib import PUBLISHED_LAWS
>>> law = PUBLISHED_LAWS["hoffmann2022"]
>>> params, tokens, flops, loss = law.compute_optimal(5.76e23)
>>> abs(6 * params * tokens / flops - 1) < 1e-14
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from chinchilla_lib.allocation import Allocation
from chinchilla_lib.compute import (
    ACCELERATORS,
    DEFAULT_FLOPS_PER_PARAM_TOKEN,
    Accelerator,
    Hardware,
    cluster_flops,
    flops_to_gpu_hours,
    get_accelerator,
    gpu_hours_to_flops,
    inference_flops,
    training_days,
    training_flops,
)
from chinchilla_lib.frontier import FrontierAllocation, FrontierLaw
from chinchilla_lib.laws import LAWS, PUBLISHED_LAWS, RECOMMENDATION, RECOMMENDED_LAW, ScalingLaw
from chinchilla_lib.models import FEATURED_MODELS, KNOWN_MODELS, KnownModel
from chinchilla_lib.provenance import ExtrapolationWarning, Provenance, Recommendation

if TYPE_CHECKING:
    from chinchilla_lib.fitting import FitResult, bootstrap, fit_parametric

__version__ = "0.2.0"

# Public names that live in modules needing SciPy: imported on first access (PEP 562).
_LAZY = dict.fromkeys(("FitResult", "bootstrap", "fit_parametric"), "chinchilla_lib.fitting")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'chinchilla_lib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ACCELERATORS",
    "DEFAULT_FLOPS_PER_PARAM_TOKEN",
    "FEATURED_MODELS",
    "KNOWN_MODELS",
    "LAWS",
    "PUBLISHED_LAWS",
    "RECOMMENDATION",
    "RECOMMENDED_LAW",
    "Accelerator",
    "Allocation",
    "ExtrapolationWarning",
    "FitResult",
    "FrontierAllocation",
    "FrontierLaw",
    "Hardware",
    "KnownModel",
    "Provenance",
    "Recommendation",
    "ScalingLaw",
    "__version__",
    "bootstrap",
    "cluster_flops",
    "fit_parametric",
    "flops_to_gpu_hours",
    "get_accelerator",
    "gpu_hours_to_flops",
    "inference_flops",
    "training_days",
    "training_flops",
]
