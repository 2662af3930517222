"""Graders for the chapters' exercises: a wrong answer gets a hint, not just "wrong".

Each ``check_*`` function takes the student's answer and returns a :class:`Feedback`, which a notebook shows as one
line of text. Expected values are computed from the library, never typed in. Common mistakes (forgetting k = 6,
swapping N and D, using the rounded constants where the unrounded ones were asked for) are recognised and named.

>>> check_chinchilla_flops(5.88e23)
✅ Correct: C = 6·N·D = 5.88e+23 FLOP.
>>> check_chinchilla_flops(9.8e22)
❌ Not quite: that is N·D without the factor k = 6: C = 6·N·D.
>>> check_chinchilla_flops(None)
⏳ Not answered yet: replace None with your value for C = 6·N·D.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chinchilla_lib._validation import ArrayOrFloat
from chinchilla_lib.approaches import fit_isoflop_profiles
from chinchilla_lib.beyond import KAPLAN_2020, effective_tokens, inference_optimal
from chinchilla_lib.compute import flops_to_gpu_hours, training_flops
from chinchilla_lib.fitting import fit_parametric
from chinchilla_lib.laws import PUBLISHED_LAWS
from chinchilla_lib.synthetic import isoflop_runs

GOPHER_BUDGET = 5.76e23
"""Gopher's training budget [FLOP] (Hoffmann et al. 2022, Table 3 and Fig. 4)."""


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer; shown in a notebook as its message."""

    correct: bool
    message: str

    def __repr__(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.message


def _close(answer: float, expected: float, rtol: float) -> bool:
    return math.isclose(answer, expected, rel_tol=rtol)


def unanswered(answer: Any, what: str) -> Feedback | None:
    """The "not answered yet" feedback while ``answer`` is still None (or ...), else None."""
    if answer is None or answer is Ellipsis:
        return Feedback(False, f"⏳ Not answered yet: replace None with your value for {what}.")
    return None


def grade(
    answer: Any,
    expected: ArrayOrFloat,
    *,
    what: str,
    unit: str = "",
    rtol: float = 0.02,
    mistakes: Sequence[tuple[ArrayOrFloat, str]] = (),
    hint: str = "",
    digits: int = 3,
) -> Feedback:
    """Compare a numeric ``answer`` with ``expected`` to relative tolerance ``rtol``.

    ``mistakes`` lists (value a typical mistake gives, what that mistake is); an answer near one of them is told
    which mistake it is. Otherwise the feedback says whether the answer is too large or too small and gives ``hint``.
    """
    if (pending := unanswered(answer, what)) is not None:
        return pending
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or not math.isfinite(float(answer)):
        return Feedback(False, f"❌ {what} should be a finite number, got {answer!r}.")
    value, expected = float(answer), float(expected)
    units = f" {unit}" if unit else ""
    if _close(value, expected, rtol):
        return Feedback(True, f"✅ Correct: {what} = {expected:.{digits}g}{units}.")
    for mistaken, explanation in mistakes:
        if _close(value, float(mistaken), rtol):
            return Feedback(False, f"❌ Not quite: {explanation}")
    if expected != 0 and value != 0 and (value > 0) == (expected > 0):
        ratio = value / expected
        size = f"about {ratio:.2g}× too large" if ratio > 1 else f"about {1 / ratio:.2g}× too small"
    else:
        size = "of the wrong sign" if value * expected < 0 else "off"
    return Feedback(False, f"❌ Not quite: your {what} is {size}." + (f" Hint: {hint}" if hint else ""))


# --- chapter 01: the loss and the budget ----------------------------------------------------------------------------


def check_chinchilla_flops(answer: Any) -> Feedback:
    """Chapter 01: training compute of Chinchilla (70B parameters, 1.4T tokens) with C = 6·N·D [FLOP]."""
    return grade(
        answer, training_flops(70e9, 1.4e12), what="C = 6·N·D", unit="FLOP", rtol=0.01,
        mistakes=[(70e9 * 1.4e12, "that is N·D without the factor k = 6: C = 6·N·D."),
                  (2 * 70e9 * 1.4e12, "2·N·D is the forward pass only; the backward pass costs twice that."),
                  (8 * 70e9 * 1.4e12, "k = 8 is for activation recomputation; Chinchilla's budget uses k = 6.")],
        hint="multiply 6 by N = 70e9 parameters and D = 1.4e12 tokens.",
    )  # fmt: skip


def check_chinchilla_perplexity(answer: Any) -> Feedback:
    """Chapter 01: the perplexity exp(L) that hoffmann2022 predicts for Chinchilla (70B, 1.4T)."""
    loss = PUBLISHED_LAWS["hoffmann2022"].loss(70e9, 1.4e12)
    return grade(
        answer, math.exp(loss), what="the perplexity exp(L(70e9, 1.4e12))", rtol=0.005,
        mistakes=[(loss, "that is the loss L itself; perplexity is exp(L)."),
                  (2**loss, "the loss is in nats, so perplexity is e^L, not 2^L.")],
        hint="compute law.loss(70e9, 1.4e12) and take its exponential.",
    )  # fmt: skip


def check_loss_gap_at_same_budget(answer: Any) -> Feedback:
    """Chapter 01: how much lower hoffmann2022 predicts Chinchilla's loss than Gopher's (280B, 300B tokens)."""
    law = PUBLISHED_LAWS["hoffmann2022"]
    gap = law.loss(280e9, 300e9) - law.loss(70e9, 1.4e12)
    return grade(
        answer, gap, what="L(Gopher) − L(Chinchilla)", unit="nats/token", rtol=0.02,
        mistakes=[(-gap, "the sign is reversed: Gopher's loss is the higher one.")],
        hint="evaluate law.loss for each model and subtract.",
    )  # fmt: skip


# --- chapter 02: deriving the optimum -------------------------------------------------------------------------------


def check_exponent_a(answer: Any) -> Feedback:
    """Chapter 02: the exponent a of N_opt ∝ C^a for the rounded constants (alpha=0.34, beta=0.28)."""
    law = PUBLISHED_LAWS["hoffmann2022"]
    return grade(
        answer, law.a, what="a = β/(α+β)", rtol=1e-3,
        mistakes=[(law.b, "that is b = α/(α+β), the exponent of D_opt; N_opt's exponent has β on top."),
                  (law.beta / law.alpha, "β/α is not it: divide by the sum α+β.")],
        hint="a = β/(α+β).",
    )  # fmt: skip


def check_optimum_at_gopher_budget_tex(answer: Any) -> Feedback:
    """Chapter 02: N_opt at Gopher's budget under the unrounded (TeX) constants [parameters]."""
    tex, rounded = PUBLISHED_LAWS["hoffmann2022_tex"], PUBLISHED_LAWS["hoffmann2022"]
    return grade(
        answer, tex.compute_optimal(GOPHER_BUDGET).params, what="N_opt(5.76e23) under hoffmann2022_tex",
        unit="parameters", rtol=0.01,
        mistakes=[(rounded.compute_optimal(GOPHER_BUDGET).params,
                   "that is the answer for the rounded constants (hoffmann2022); use hoffmann2022_tex."),
                  (tex.compute_optimal(GOPHER_BUDGET).tokens, "that is D_opt, the tokens; the question asks for N.")],
        hint="PUBLISHED_LAWS['hoffmann2022_tex'].compute_optimal(5.76e23).",
    )  # fmt: skip


def check_sensitivity_to_alpha(answer: Any) -> Feedback:
    """Chapter 02: the factor by which N_opt(5.76e23) changes when alpha goes from 0.34 to 0.3392 (others fixed)."""
    law = PUBLISHED_LAWS["hoffmann2022"]
    ratio = law.replace(alpha=0.3392).compute_optimal(GOPHER_BUDGET).params / law.compute_optimal(GOPHER_BUDGET).params
    return grade(
        answer, ratio, what="N_opt(α=0.3392) / N_opt(α=0.34)", rtol=0.002,
        mistakes=[(1 / ratio, "you divided the other way round: new over old.")],
        hint="law.replace(alpha=0.3392) gives the modified law; compare the two compute_optimal(...).params.",
    )  # fmt: skip


# --- chapter 05: fitting the law ------------------------------------------------------------------------------------


def check_fitted_alpha(answer: Any) -> Feedback:
    """Chapter 05: alpha fitted by Approach 3 to isoflop_runs(besiroglu2024, noise=0.02, seed=1)."""
    if (pending := unanswered(answer, "the fitted α")) is not None:
        return pending  # no need to fit anything yet
    runs = isoflop_runs(PUBLISHED_LAWS["besiroglu2024"], noise=0.02, seed=1)
    fitted = fit_parametric(runs.params, runs.tokens, runs.loss).law
    return grade(
        answer, fitted.alpha, what="the fitted α", rtol=1e-3,
        mistakes=[(PUBLISHED_LAWS["besiroglu2024"].alpha, "that is the true α of the law the runs came from; fit "
                   "the noisy runs (seed=1, noise=0.02) and report the fitted value."),
                  (fitted.beta, "that is β, the data exponent; α belongs to the parameter term.")],
        hint="runs = isoflop_runs(PUBLISHED_LAWS['besiroglu2024'], noise=0.02, seed=1); fit_parametric(...).law.alpha",
    )  # fmt: skip


def check_isoflop_exponent(answer: Any) -> Feedback:
    """Chapter 05: the exponent a that Approach 2 finds on noiseless, centred sweeps of hoffmann2022_tex."""
    law = PUBLISHED_LAWS["hoffmann2022_tex"]
    fitted = fit_isoflop_profiles(isoflop_runs(law, noise=0.0))
    return grade(
        answer, fitted.a, what="Approach 2's exponent a", rtol=1e-4,
        mistakes=[(fitted.b, "that is b, the exponent of D_opt; a belongs to N_opt ∝ C^a.")],
        hint="fit_isoflop_profiles(isoflop_runs(law, noise=0.0)).a; compare it with law.a.",
    )  # fmt: skip


# --- chapter 06: beyond Chinchilla ---------------------------------------------------------------------------------


def check_inference_optimal_params(answer: Any) -> Feedback:
    """Chapter 06: parameters of the cheapest 70B-Chinchilla-quality model serving 1e13 tokens (sardana2024)."""
    law = PUBLISHED_LAWS["sardana2024"]
    target = law.allocation_for_params(70e9).loss
    plan = inference_optimal(law, target, 1e13)
    return grade(
        answer, plan.params, what="the inference-aware model size", unit="parameters", rtol=0.005,
        mistakes=[(70e9, "70B is the Chinchilla model of that quality; serving 1e13 tokens favours a smaller one."),
                  (plan.tokens, "that is the training tokens; the question asks for parameters.")],
        hint="target = law.allocation_for_params(70e9).loss; inference_optimal(law, target, 1e13).params",
    )  # fmt: skip


def check_value_of_four_epochs(answer: Any) -> Feedback:
    """Chapter 06: effective tokens of 4 epochs over U unique tokens, as a fraction of 4·U fresh tokens."""
    fraction = float(effective_tokens(4.0, 1.0)) / 4.0
    return grade(
        answer, fraction, what="D'/D after 4 epochs", rtol=0.002,
        mistakes=[(float(effective_tokens(4.0, 1.0)), "that is D'/U; divide by the 4 epochs' worth of tokens."),
                  (1.0, "repeated tokens are worth less than fresh ones: use effective_tokens.")],
        hint="effective_tokens(4 * U, U) / (4 * U) for any U.",
    )  # fmt: skip


def check_kaplan_params_at_gopher(answer: Any) -> Feedback:
    """Chapter 06: Kaplan et al. 2020's compute-optimal model size at Gopher's budget [parameters]."""
    expected = KAPLAN_2020.optimal_params(GOPHER_BUDGET)
    return grade(
        answer, expected, what="Kaplan's N_opt(5.76e23)", unit="parameters", rtol=0.005,
        mistakes=[(1.3e9 * GOPHER_BUDGET**0.73, "Kaplan's formula takes C in PF-days (8.64e19 FLOP each)."),
                  (PUBLISHED_LAWS["hoffmann2022_tex"].compute_optimal(GOPHER_BUDGET).params,
                   "that is Chinchilla's answer; the question asks for Kaplan's.")],
        hint="KAPLAN_2020.optimal_params(5.76e23), i.e. 1.3e9 · (C / 8.64e19)^0.73.",
    )  # fmt: skip


# --- chapter 03: tokens for a given model ---------------------------------------------------------------------------


def check_tokens_for_seven_billion(answer: Any) -> Feedback:
    """Chapter 03: D*(7e9) under hoffmann2022 [tokens]."""
    law = PUBLISHED_LAWS["hoffmann2022"]
    return grade(
        answer, law.optimal_tokens(7e9), what="D*(7e9) under hoffmann2022", unit="tokens", rtol=0.01,
        mistakes=[(20 * 7e9, "20 tokens per parameter is the rule of thumb from Approach 1, not γ·N^φ."),
                  (law.gamma * 7e9, "N^φ, not N: D* = γ·N^φ with φ ≈ 1.214.")],
        hint="law.optimal_tokens(7e9), or γ·N^φ by hand.",
    )  # fmt: skip


def check_gpu_hours_for_seven_billion(answer: Any) -> Feedback:
    """Chapter 03: A100-hours at 40% MFU to train 7e9 parameters on 140e9 tokens (C = 6·N·D)."""
    flops = training_flops(7e9, 140e9)
    expected = flops_to_gpu_hours(flops, gpu="A100", mfu=0.4)
    return grade(
        answer, float(expected), what="A100-hours at 40% MFU", unit="GPU-hours", rtol=0.01,
        mistakes=[(float(flops_to_gpu_hours(flops, gpu="A100", mfu=1.0)), "that assumes 100% MFU; use mfu=0.4."),
                  (float(flops_to_gpu_hours(flops, peak_flops=100e12, mfu=0.4)),
                   "that uses a 100 TFLOP/s peak; the A100's dense BF16 peak is 312 TFLOP/s."),
                  (float(expected) * 3600, "that is GPU-seconds; divide by 3600.")],
        hint="C = 6·N·D, then C / (3600 s/h × 312e12 FLOP/s × 0.4).",
    )  # fmt: skip
