"""Graders for chapter 07, "Which law should I trust?": a wrong answer is told which mistake it looks like.

Expected values come from the registry (:data:`chinchilla_lib.LAWS`), never typed in; the comparison is
:func:`chinchilla_lib.exercises.grade`, at 3 significant figures like chapters 01-03 and 05 (the chapter's questions
state no precision; the graders' messages do).

>>> check_deepseek_tokens_per_param(13.9)
✅ Correct: D/N under deepseek2024 at 1e24 FLOP = 13.9 tokens per parameter.
>>> check_deepseek_tokens_per_param(None)
⏳ Not answered yet: replace None with your value for D/N under deepseek2024 at 1e24 FLOP (3 significant figures).
"""

from __future__ import annotations

import math
from typing import Any

from chinchilla_lib.exercises import Feedback, grade
from chinchilla_lib.frontier import FrontierLaw
from chinchilla_lib.laws import LAWS


def _frontier(key: str) -> FrontierLaw:
    law = LAWS[key]
    assert isinstance(law, FrontierLaw)
    return law


def check_deepseek_tokens_per_param(answer: Any) -> Feedback:
    """Chapter 07: tokens per parameter that deepseek2024 recommends at 1e24 FLOP (M ≈ 6N).

    DeepSeek's law gives the compute-optimal M, non-embedding FLOPs per token, not parameters; the library takes
    M ≈ 6N, so N = M/6 and D = C/(6N), and the answer is D/N.

    Parameters
    ----------
    answer : Any
        Your value of D/N [tokens per parameter], to 3 significant figures; None while not answered yet.

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming M taken as N, N itself or D itself, or else how far off the answer is;
        ⏳ while the answer is None.

    Examples
    --------
    >>> plan = LAWS["deepseek2024"].compute_optimal(1e24)
    >>> check_deepseek_tokens_per_param(float(plan.tokens_per_param)).correct
    True
    >>> check_deepseek_tokens_per_param(float(plan.params))
    ❌ Not quite: that is N, the parameters; the question asks for D/N.
    """
    law = _frontier("deepseek2024")
    plan = law.compute_optimal(1e24)
    as_if_m_were_n = plan.tokens_per_param / law.quantity_per_param**2  # N taken as M itself: N 6x, D/N 36x smaller
    return grade(
        answer,
        float(plan.tokens_per_param),
        what="D/N under deepseek2024 at 1e24 FLOP",
        unit="tokens per parameter",
        sig_figs=3,
        mistakes=[
            (float(as_if_m_were_n), "M_opt = 0.1715·C^0.5243 is FLOPs per token, not parameters: N ≈ M/6."),
            (float(plan.params), "that is N, the parameters; the question asks for D/N."),
            (float(plan.tokens), "that is D, the tokens; divide by N."),
        ],
        hint="DeepSeek's law gives FLOPs per token M, not parameters: turn M into N first, then D = C/(6N).",
    )


def check_porian_extrapolation(answer: Any) -> Feedback:
    """Chapter 07: how many decades of budget porian2024 extrapolates at 1e24 FLOP.

    The answer is log10 of 1e24 FLOP over the largest budget porian2024 was fitted on.

    Parameters
    ----------
    answer : Any
        Your number of decades, to 3 significant figures; None while not answered yet.

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming a count from the smallest fitted budget, the natural logarithm or the
        factor itself, or else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> law = LAWS["porian2024"]
    >>> check_porian_extrapolation(float(law.extrapolation(1e24))).correct
    True
    >>> check_porian_extrapolation(math.log(1e24 / law.fitted_flops[1]))
    ❌ Not quite: decades are powers of ten: use log10, not the natural logarithm.
    """
    law = LAWS["porian2024"]
    decades = law.extrapolation(1e24)
    assert decades is not None
    assert law.fitted_flops is not None
    low, high = law.fitted_flops
    return grade(
        answer,
        float(decades),
        what="decades between 1e24 FLOP and porian2024's fitted budgets",
        unit="decades",
        sig_figs=3,
        mistakes=[
            (math.log10(1e24 / low), "that counts from the smallest fitted budget; count from the largest."),
            (math.log(1e24 / high), "decades are powers of ten: use log10, not the natural logarithm."),
            (1e24 / high, "that is the factor; the number of decades is its log10."),
        ],
        hint="compare 1e24 with the largest budget the law was fitted on; decades are powers of ten.",
    )


def check_kaplan_quote(answer: Any) -> Feedback:
    """Chapter 07: Kaplan et al.'s compute-optimal N at 1e21 FLOP with C_min = C/2 [parameters].

    Parameters
    ----------
    answer : Any
        Your value of N_opt [parameters], to 3 significant figures; None while not answered yet.

    Returns
    -------
    Feedback
        ✅ at 3 significant figures; ❌ naming C_min = C, C_min in FLOP instead of PF-days, a count given in billions
        or the like, or else how far off the answer is; ⏳ while the answer is None.

    Examples
    --------
    >>> law = LAWS["kaplan2020"]
    >>> check_kaplan_quote(float(law.compute_optimal(1e21).params)).correct
    True
    >>> check_kaplan_quote(float(law.replace(flops_fraction=1.0).compute_optimal(1e21).params))  # doctest: +ELLIPSIS
    ❌ Not quite: that takes C_min = C; Hoffmann et al.'s 4.68B needs C_min = C/2 ...
    """
    law = _frontier("kaplan2020")
    c_min_as_c = float(law.replace(flops_fraction=1.0).compute_optimal(1e21).params)
    c_min_in_flop = law.coefficient * (law.flops_fraction * 1e21) ** law.exponent  # not converted to PF-days
    c_min_as_c_message = (
        "that takes C_min = C; Hoffmann et al.'s 4.68B needs C_min = C/2 (a budget spent at the critical batch size, "
        "which costs 2·C_min: Kaplan et al. eq. 5.5)."
    )
    return grade(
        answer,
        float(law.compute_optimal(1e21).params),
        what="Kaplan's N_opt at 1e21 FLOP (C_min = C/2)",
        unit="parameters",
        sig_figs=3,
        mistakes=[
            (c_min_as_c, c_min_as_c_message),
            (c_min_in_flop, "Table 6 takes C_min in PF-days: divide by 8.64e19 FLOP first."),
        ],
        hint="Table 6 takes C_min in PF-days; C_min, the minimum compute to reach the loss, is half of C here.",
    )
