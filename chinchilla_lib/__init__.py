"""chinchilla_lib: the Chinchilla scaling laws as a small, typed, vectorised NumPy library.

>>> from chinchilla_lib import PUBLISHED_LAWS
>>> law = PUBLISHED_LAWS["hoffmann2022"]
>>> params, tokens, flops, loss = law.compute_optimal(5.76e23)
"""

from chinchilla_lib.allocation import DEFAULT_FLOPS_PER_PARAM_TOKEN, Allocation
from chinchilla_lib.compute import (
    ACCELERATORS,
    Accelerator,
    cluster_flops,
    flops_to_gpu_hours,
    get_accelerator,
    gpu_hours_to_flops,
    inference_flops,
    training_days,
    training_flops,
)
from chinchilla_lib.fitting import FitResult, bootstrap, fit_parametric
from chinchilla_lib.frontier import FrontierAllocation, FrontierLaw
from chinchilla_lib.laws import LAWS, PUBLISHED_LAWS, RECOMMENDATION, RECOMMENDED_LAW, ScalingLaw
from chinchilla_lib.models import FEATURED_MODELS, KNOWN_MODELS, KnownModel
from chinchilla_lib.provenance import ExtrapolationWarning, Provenance, Recommendation

__version__ = "0.1.0"

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
