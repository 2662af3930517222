r"""Beyond the Chinchilla optimum: serving cost, finite data, and the earlier Kaplan et al. (2020) laws.

* :mod:`~chinchilla_lib.beyond.inference`: the cheapest model for a target loss once its inference is counted, in
  FLOPs or in money (Sardana et al. 2024, arXiv:2401.00448).
* :mod:`~chinchilla_lib.beyond.repeated_data`: how much repeated data is worth, and the best plan when unique
  tokens are limited (Muennighoff et al. 2023, arXiv:2305.16264).
* :mod:`~chinchilla_lib.beyond.kaplan`: the laws of Kaplan et al. 2020 (arXiv:2001.08361), whose compute-optimal
  model grows as :math:`C^{0.73}`.
"""

from chinchilla_lib.beyond.inference import (
    InferenceOptimal,
    dollars_per_flop,
    inference_optimal,
    inference_optimal_cost,
)
from chinchilla_lib.beyond.kaplan import KAPLAN_2020, PF_DAY, KaplanLaw
from chinchilla_lib.beyond.repeated_data import (
    R_STAR_PARAMS,
    R_STAR_TOKENS,
    DataConstrained,
    data_constrained_loss,
    data_constrained_optimal,
    effective_params,
    effective_tokens,
)

__all__ = [
    "KAPLAN_2020",
    "PF_DAY",
    "R_STAR_PARAMS",
    "R_STAR_TOKENS",
    "DataConstrained",
    "InferenceOptimal",
    "KaplanLaw",
    "data_constrained_loss",
    "data_constrained_optimal",
    "dollars_per_flop",
    "effective_params",
    "effective_tokens",
    "inference_optimal",
    "inference_optimal_cost",
]
