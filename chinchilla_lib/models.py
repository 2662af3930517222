"""Known trained language models (parameters and training tokens as their papers report), for overlays.

Parameter counts are the total reported in each paper; token counts are the number of training tokens seen
(not unique tokens). Where a paper gives a range ("over 15T"), the stated lower figure is used and the note says so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from chinchilla_lib._core.frontier import quiet
from chinchilla_lib._validation import positive_scalar, representable
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN, training_flops


@dataclasses.dataclass(frozen=True)
class KnownModel:  # numpydoc ignore=PR02
    """A trained model: N [parameters], D [training tokens] and the paper that reports them.

    Checked when made, then immutable.

    Parameters
    ----------
    name : str
        The model's name, the key in :data:`KNOWN_MODELS`.
    params : float
        N [parameters], finite and > 0.
    tokens : float
        D [training tokens seen, not unique tokens], finite and > 0.
    source : str
        The paper (with its arXiv id) that reports N and D.
    note : str
        How a range in the paper was read, if it gives one.

    Attributes
    ----------
    tokens_per_param : float
        D/N [tokens per parameter].

    Raises
    ------
    TypeError
        If ``name``, ``source`` or ``note`` is not a str, or ``params`` or ``tokens`` is not a single real number.
    ValueError
        If ``params`` or ``tokens`` is not a finite number > 0, or D/N leaves float64.

    Examples
    --------
    >>> chinchilla = KNOWN_MODELS["Chinchilla"]
    >>> chinchilla.params, chinchilla.tokens, round(chinchilla.tokens_per_param, 9)
    (70000000000.0, 1400000000000.0, 20.0)
    >>> model = KnownModel("tiny", 1e6, 2e7, "by hand")
    >>> model.tokens_per_param * model.params == model.tokens
    True
    """

    name: str
    params: float
    tokens: float
    source: str
    note: str = ""

    def __post_init__(self) -> None:
        for field in ("name", "source", "note"):
            if not isinstance(getattr(self, field), str):
                raise TypeError(f"{field} must be a str, got {type(getattr(self, field)).__name__}")
        object.__setattr__(self, "params", positive_scalar(self.params, "params", "parameters"))
        object.__setattr__(self, "tokens", positive_scalar(self.tokens, "tokens", "tokens"))
        with quiet():
            ratio = self.tokens / self.params
        representable("tokens / params (tokens per parameter)", "params and tokens", ratio)

    @property
    def tokens_per_param(self) -> float:
        """D/N [tokens per parameter]."""
        return self.tokens / self.params

    def training_flops(self, flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN) -> float:
        """Training compute C ≈ k·N·D [FLOP], the standard estimate (not the paper's own count where it reports one).

        Parameters
        ----------
        flops_per_param_token : float
            k [FLOP per parameter per training token], 6 by default (forward and backward pass).

        Returns
        -------
        float
            C = k·N·D [FLOP], finite.

        Raises
        ------
        ValueError, TypeError
            If ``flops_per_param_token`` is not a finite number > 0.

        References
        ----------
        Hoffmann et al. 2022, arXiv:2203.15556, eq. (4) (FLOPs ≈ 6·N·D) and App. F (the exact count differs by
        -1% to +10%).

        Examples
        --------
        >>> chinchilla = KNOWN_MODELS["Chinchilla"]
        >>> f"{chinchilla.training_flops():.3g}"
        '5.88e+23'
        >>> chinchilla.training_flops(2) * 3 == chinchilla.training_flops(6)
        True
        """
        return float(training_flops(self.params, self.tokens, flops_per_param_token))


_GPT3 = 'Brown et al. 2020, "Language Models are Few-Shot Learners", arXiv:2005.14165, Table D.1'
_LLAMA = 'Touvron et al. 2023, "LLaMA: Open and Efficient Foundation Language Models", arXiv:2302.13971, Table 2'
_LLAMA2 = 'Touvron et al. 2023, "Llama 2: Open Foundation and Fine-Tuned Chat Models", arXiv:2307.09288, Table 1'
_LLAMA3 = 'Llama Team 2024, "The Llama 3 Herd of Models", arXiv:2407.21783, Sec. 3'

KNOWN_MODELS: Mapping[str, KnownModel] = MappingProxyType(
    {
        m.name: m
        for m in (
            KnownModel("GPT-3", 175e9, 300e9, _GPT3),
            KnownModel(
                "Gopher",
                280e9,
                300e9,
                'Rae et al. 2021, "Scaling Language Models: Methods, Analysis & '
                'Insights from Training Gopher", arXiv:2112.11446, Table 1',
            ),
            KnownModel("Chinchilla", 70e9, 1.4e12, "Hoffmann et al. 2022, arXiv:2203.15556, Table 1"),
            KnownModel(
                "MT-NLG",
                530e9,
                270e9,
                'Smith et al. 2022, "Using DeepSpeed and Megatron to Train Megatron-Turing NLG 530B", arXiv:2201.11990',
            ),
            KnownModel(
                "PaLM",
                540e9,
                780e9,
                'Chowdhery et al. 2022, "PaLM: Scaling Language Modeling with Pathways", arXiv:2204.02311, Table 1',
            ),
            KnownModel("LLaMA-7B", 6.7e9, 1.0e12, _LLAMA),
            KnownModel("LLaMA-13B", 13.0e9, 1.0e12, _LLAMA),
            KnownModel("LLaMA-33B", 32.5e9, 1.4e12, _LLAMA),
            KnownModel("LLaMA-65B", 65.2e9, 1.4e12, _LLAMA),
            KnownModel("Llama-2-7B", 7e9, 2.0e12, _LLAMA2),
            KnownModel("Llama-2-70B", 70e9, 2.0e12, _LLAMA2),
            KnownModel("Llama-3-8B", 8e9, 15e12, _LLAMA3, "'over 15T tokens'; 15T used"),
            KnownModel("Llama-3.1-405B", 405e9, 15.6e12, _LLAMA3),
        )
    }
)
"""Known models by name, in order of publication."""

FEATURED_MODELS: tuple[KnownModel, ...] = tuple(
    KNOWN_MODELS[name] for name in ("GPT-3", "Gopher", "Chinchilla", "PaLM", "LLaMA-7B", "Llama-3-8B", "Llama-3.1-405B")
)
"""A subset whose labels do not collide on the course's log-log figures (pass ``KNOWN_MODELS.values()`` for all)."""
