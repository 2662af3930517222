"""The graders: right answers at the stated precision pass, every mistake branch is named, nothing crashes them."""

from __future__ import annotations

import decimal
import fractions
import math
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from helpers import graders
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from numpydoc.validate import get_validation_checks, validate

from chinchilla_lib import exercises as ex
from chinchilla_lib import exercises_laws

GRADERS = sorted(ex.NUMERIC_GRADERS)
CHOICES = {
    "check_why_chinchilla_wins": ex.CHAPTER01_WHY_FEWER_PARAMS,
    "check_why_rounding_matters": ex.CHAPTER02_WHY_ROUNDING,
    "check_why_train_longer": ex.CHAPTER03_SMALL_MODEL,
    "check_why_laws_fan_out": ex.CHAPTER04_FAN_OUT,
    "check_why_fits_disagree": ex.CHAPTER05_WHY_FITS_DISAGREE,
    "check_which_approach": ex.CHAPTER05_WHICH_APPROACH,
    "check_which_allocation": ex.CHAPTER06_WHICH_ALLOCATION,
}
EXPRESSIONS = ["check_k_exponent", "check_reducible_ratio"]
CHECKS = graders()  # every grader by name (chapter 07's are in exercises_laws)
EVERY_CHECK = sorted(CHECKS)
LAW_GRADERS = sorted(name for name in CHECKS if CHECKS[name].__module__ == exercises_laws.__name__)
# answers a student might type or compute, grouped by kind: every grader gives feedback on each, never an exception
EXTREME = [10**400, -(10**400), 1e-400, 5e-324, -1e-300, 1e300]
NUMPY = [np.array(3.0), np.array([1.0, 2.0]), np.float32(2.5), np.int64(7)]
BOOLEANS = [True, np.bool_(False), np.array(True)]
NOT_REAL = ["5.88e23", b"1", [1.0], (1.0,), {1.0}, {"a": 1}, 1j, np.complex128(1)]
NOT_FINITE = [float("nan"), float("inf"), -float("inf")]
FRACTIONS_AND_DECIMALS = [fractions.Fraction(1, 10**400), decimal.Decimal("1e500"), decimal.Decimal("NaN")]
SYMPY = [sp.Float(1.5), sp.Symbol("x"), sp.oo, sp.zoo, sp.nan, sp.Matrix([1]), sp.Integer(10) ** 400]
TEXT = ["", "b", "(c)", " D. ", "alpha/beta", "beta/", "import os"]
ODD_ANSWERS = [*EXTREME, *NUMPY, *BOOLEANS, *NOT_REAL, *NOT_FINITE, object(), *FRACTIONS_AND_DECIMALS, *SYMPY, *TEXT]
AWKWARD = re.compile(r"about 1(\.0)?× |about 1e\+|× too (large|small): check|\binf\b|\bnan\b|e\+0\d×")


def _question(name):
    return ex.NUMERIC_GRADERS[name].question


# --- every check, every odd answer: feedback, never a crash -------------------------------------------------------


@pytest.mark.parametrize("name", EVERY_CHECK)
def test_every_check_is_pending_while_unanswered(name):
    for answer in (None, ...):
        feedback = CHECKS[name](answer)
        assert not feedback.correct
        assert feedback.message.startswith("⏳")


@pytest.mark.parametrize("name", EVERY_CHECK)
def test_odd_answers_get_feedback_never_an_exception(name):
    for answer in ODD_ANSWERS:
        feedback = CHECKS[name](answer)
        assert isinstance(feedback, ex.Feedback)
        assert feedback.message.startswith(("✅", "❌"))
        assert not AWKWARD.search(feedback.message), (answer, feedback.message)


@pytest.mark.parametrize("name", GRADERS + LAW_GRADERS)
@settings(max_examples=40)  # per grader: 18 graders share the same code path, so CI's 100 would add little
@given(
    answer=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
        st.text(max_size=20),
        st.booleans(),
        st.lists(st.floats(), max_size=3),
        st.complex_numbers(),
        st.fractions(),
    )
)
@example(answer="inf")  # once told to write inf without quotes
@example(answer="-nan")
def test_any_answer_gets_feedback(name, answer):
    feedback = CHECKS[name](answer)
    assert feedback.message.startswith(("✅", "❌"))
    assert not AWKWARD.search(feedback.message), feedback.message


def test_huge_and_tiny_answers_say_how_far_off():
    assert "far too large: about 10^400" in ex.check_chinchilla_flops(10**400).message
    assert "about -10^400" in ex.check_chinchilla_flops(-(10**400)).message
    assert "10^323 times too small: check the powers of ten" in ex.check_exponent_a(1e-323).message
    assert "zero" in ex.check_exponent_a(0.0).message
    assert "of the wrong sign" in ex.check_exponent_a(-0.452).message
    assert "about 100× too large" in ex.check_chinchilla_flops(5.88e25).message
    assert ex.check_exponent_a(np.array(0.452)).correct
    assert ex.check_exponent_a(np.float32(0.452)).correct
    assert ex.check_exponent_a(decimal.Decimal("0.452")).correct
    assert "not an array of shape (2,)" in ex.check_exponent_a(np.array([0.452, 1])).message
    assert "not text: write 0.452 without quotes" in ex.check_exponent_a(" 0.452 ").message
    assert "not True" in ex.check_exponent_a(np.array(True)).message
    assert "NaN" in ex.check_exponent_a(math.nan).message


# --- precision: what prints as right is right ----------------------------------------------------------------------


@pytest.mark.parametrize("name", GRADERS)
def test_printed_expected_value_is_accepted(name):
    question = _question(name)
    printed = ex.format_sig(question.expected(), question.sig_figs)
    feedback = ex.NUMERIC_GRADERS[name](float(printed))
    assert feedback.correct, feedback
    assert f"= {printed}" in feedback.message
    assert ex.NUMERIC_GRADERS[name](question.expected()).correct


@pytest.mark.parametrize("name", GRADERS)
@settings(max_examples=40)  # per grader: 18 graders share the same code path, so CI's 100 would add little
@given(position=st.floats(-0.5, 0.5))
def test_every_value_that_rounds_to_the_expected_one_is_accepted(name, position):
    question = _question(name)
    expected, figures = question.expected(), question.sig_figs
    printed = ex.round_sig(expected, figures)
    unit_in_last_place = 10.0 ** (math.floor(math.log10(abs(printed))) - figures + 1)
    value = printed + position * unit_in_last_place
    assume(ex.round_sig(value, figures) == printed)
    assert ex.NUMERIC_GRADERS[name](value).correct


@pytest.mark.parametrize("name", GRADERS)
@settings(max_examples=40)  # per grader: 18 graders share the same code path, so CI's 100 would add little
@given(factor=st.floats(0.05, 20.0))
def test_a_wrong_answer_is_rejected_and_never_reads_about_one_times(name, factor):
    question = _question(name)
    value = question.expected() * factor
    assume(ex.round_sig(value, question.sig_figs) != ex.round_sig(question.expected(), question.sig_figs))
    assume(not ex.within_precision(value, question.expected(), question.sig_figs))
    feedback = ex.NUMERIC_GRADERS[name](value)
    assert not feedback.correct
    assert not AWKWARD.search(feedback.message), feedback.message


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("check_sensitivity_to_alpha", 1.03),
        ("check_gopher_loss_given_up", 0.041),
        ("check_exponent_a", 0.452),
        ("check_kaplan_params_at_gopher", 480e9),
        ("check_value_of_four_epochs", 0.931),
    ],
)
def test_the_answers_the_issue_saw_rejected_are_accepted(name, answer):
    assert ex.NUMERIC_GRADERS[name](answer).correct


def test_kaplan_with_c_min_equal_to_c_is_named():
    # 800B is Kaplan's law read with C_min = C; the course reads C_min = C/2 (480B), and says so
    feedback = ex.check_kaplan_params_at_gopher(800e9)
    assert not feedback.correct
    assert "C_min = C/2" in feedback.message


def test_precision_helpers():
    assert ex.within_precision(1.035, 1.0349, 3)  # rounds apart, but within half a unit
    assert not ex.within_precision(1.04, 1.0312, 3)
    assert ex.within_precision(0.0, 0.0, 3)
    assert not ex.within_precision(1e-9, 0.0, 3)
    assert ex.format_sig(1.0, 3) == "1.00"
    assert ex.format_sig(123456.0, 2) == "1.2e+05"


# --- mistakes: every branch named -----------------------------------------------------------------------------------

MISTAKES = [(name, index) for name in GRADERS for index in range(len(_question(name).mistakes()))]


@pytest.mark.parametrize(("name", "index"), MISTAKES)
def test_every_named_mistake_is_recognised(name, index):
    question = _question(name)
    value, explanation = question.mistakes()[index]
    assert not ex.within_precision(value, question.expected(), question.sig_figs), "mistake = right answer"
    feedback = ex.NUMERIC_GRADERS[name](value)
    assert not feedback.correct
    assert feedback.message == f"❌ Not quite: {explanation}"
    printed = float(ex.format_sig(value, question.sig_figs))  # the mistake as the student would print it
    assert ex.NUMERIC_GRADERS[name](printed).message == feedback.message


SLIPS = [(name, index) for name in GRADERS for index in range(len(ex.unit_slips(1.0, _question(name).unit)))]


@pytest.mark.parametrize(("name", "index"), SLIPS)
def test_every_unit_slip_is_named(name, index):
    question = _question(name)
    value, explanation = ex.unit_slips(question.expected(), question.unit)[index]
    feedback = ex.NUMERIC_GRADERS[name](value)
    assert feedback.message == f"❌ Not quite: {explanation}"
    assert ex.NUMERIC_GRADERS[name](value * 1.04).message == feedback.message  # named even with the digits off


def test_unit_slips_read_as_the_issue_asks():
    n_opt = _question("check_optimum_at_gopher_budget_tex").expected()
    assert (
        "you gave billions; the answer is a count of parameters"
        in ex.check_optimum_at_gopher_budget_tex(n_opt / 1e9).message
    )
    assert "that is a percentage; give a fraction" in ex.check_value_of_four_epochs(93.1).message
    assert "GPU-seconds" in ex.check_gpu_hours_for_seven_billion(1.31e4 * 3600).message
    assert "GPU-days" in ex.check_gpu_hours_for_seven_billion(1.31e4 / 24).message
    days = _question("check_days_on_cluster").expected()
    assert "that is hours" in ex.check_days_on_cluster(days * 24).message
    assert "that is seconds" in ex.check_days_on_cluster(days * 86400).message
    assert ex.unit_slips(2.0, "%") == [(0.02, "that is a fraction; the answer is a percentage (multiply by 100).")]
    assert ex.unit_slips(2.0, "nats/token") == []


def test_other_wrong_answers_say_how_far_off_and_give_the_hint():
    feedback = ex.check_sensitivity_to_alpha(1.05)
    assert feedback.message.startswith("❌ Not quite: your answer is 2.2% too large.")
    assert "Hint: " in feedback.message
    fewer = ex.check_sensitivity_to_alpha(1.0)
    assert "You gave 2 significant figures; the question asks for 3." in fewer.message
    assert "about 2.5× too small" in ex.check_chinchilla_flops(5.88e23 / 2.5).message


def test_hints_do_not_give_the_one_liner_away():
    for grader in ex.NUMERIC_GRADERS.values():
        hint = grader.question.hint
        assert hint
        assert not re.search(r"\w+\(.*\)\.\w+|\w+\([^)]*\d[^)]*\)", hint), hint  # no call with its arguments


# --- the grade() API kept for other chapters ------------------------------------------------------------------------


def test_grade_api():
    assert ex.grade(1.0, 1.0004, what="x", sig_figs=4).correct
    assert not ex.grade(1.0, 1.004, what="x", sig_figs=4).correct
    assert ex.grade(1.0, 1.004, what="x", sig_figs=4, rtol=0.01).correct  # rtol widens
    assert ex.grade(1.0, 1.004, what="x", digits=2).correct  # the old name of sig_figs
    assert ex.grade(2.0, 1.0, what="x", mistakes=[(2.0, "doubled.")]).message == "❌ Not quite: doubled."
    assert ex.grade(2.0, 1.0, what="x", mistakes=[(math.inf, "never matches.")]).message.endswith("2× too large.")
    assert ex.grade(1.0, 0.0, what="x").message == "❌ Not quite: your answer is not zero."
    assert ex.grade(0.0, 0.0, what="x").correct
    assert ex.grade(None, 1.0, what="x", sig_figs=2).message.endswith("(2 significant figures).")
    assert ex.unanswered(1.0, "x") is None
    assert ex.Feedback(True, "✅ y").__str__() == "✅ y"


# --- symbolic questions ----------------------------------------------------------------------------------------------

N, D, C, k, A, B, alpha, beta = sp.symbols("N D C k A B alpha beta", positive=True)
N_OPT = (alpha * A / (beta * B)) ** (1 / (alpha + beta)) * (C / k) ** (beta / (alpha + beta))
D_OPT = C / (k * N_OPT)


@pytest.mark.parametrize(
    "answer",
    [-beta / (alpha + beta), sp.simplify(k * sp.diff(sp.log(N_OPT), k)), "-beta/(alpha+beta)", -1 / (1 + alpha / beta)],
)
def test_k_exponent_accepts_equivalent_forms(answer):
    assert ex.check_k_exponent(answer).correct


@pytest.mark.parametrize(
    "answer", [beta / alpha, (A / N_OPT**alpha) / (B / D_OPT**beta), 1 / (alpha / beta), "beta/alpha"]
)
def test_reducible_ratio_accepts_equivalent_forms(answer):
    assert ex.check_reducible_ratio(answer).correct


@pytest.mark.parametrize(
    ("name", "answer", "says"),
    [
        ("check_k_exponent", beta / (alpha + beta), "exponent of C"),
        ("check_k_exponent", -alpha / (alpha + beta), "D_opt"),
        ("check_k_exponent", -1, "N_opt does not scale as 1/k"),
        ("check_k_exponent", 0.45, "not a number"),
        ("check_k_exponent", sp.diff(sp.log(N_OPT), k), "still depends on k"),
        ("check_k_exponent", alpha * beta, "is not the exponent of k"),
        ("check_reducible_ratio", alpha / beta, "upside down"),
        ("check_reducible_ratio", alpha / alpha, "the terms are not equal at the optimum"),
        ("check_reducible_ratio", (A / N**alpha) / (B / D**beta), "still depends on A, B, D, N"),
        ("check_reducible_ratio", 0.82, "not a number"),
        ("check_reducible_ratio", "beta/", "could not read"),
        ("check_reducible_ratio", [beta], "one SymPy expression"),
        ("check_reducible_ratio", sp.Matrix([beta]), "one SymPy expression"),
        ("check_reducible_ratio", True, "not True"),
        ("check_reducible_ratio", sp.log(-alpha) + beta, "is not"),
    ],
)
def test_expression_mistakes_are_named(name, answer, says):
    feedback = getattr(ex, name)(answer)
    assert not feedback.correct
    assert says in feedback.message, feedback.message


def test_grade_expression_names_a_wrong_form():
    x = sp.Symbol("x", positive=True)
    assert ex.grade_expression(2 * x, x + x, what="2x", symbols=["x"]).correct
    feedback = ex.grade_expression(x**2, 2 * x, what="2x", symbols=["x"], mistakes=[(x**2, "squared.")])
    assert feedback.message == "❌ Not quite: squared."
    assert ex.grade_expression(x**3, 2 * x, what="2x", symbols=["x"], hint="h.").message.endswith("Hint: h.")


# --- multiple choice -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "letter"), [(name, letter) for name, options in CHOICES.items() for letter in options]
)
def test_every_option_has_its_own_feedback(name, letter):
    options = CHOICES[name]
    feedback = getattr(ex, name)(letter)
    assert feedback.message.endswith(options[letter])
    right = [option for option in options if getattr(ex, name)(option).correct]
    assert len(right) == 1
    assert feedback.correct == (letter == right[0])
    assert getattr(ex, name)(f" ({letter.upper()}). ").message == feedback.message


def test_choice_refuses_what_is_not_an_option():
    options = {"a": "no.", "b": "yes."}
    assert "not one of the options 'a', 'b'" in ex.check_choice("z", correct="b", options=options, what="q").message
    assert "as a string" in ex.check_choice(1, correct="b", options=options, what="q").message
    assert ex.check_choice(None, correct="b", options=options, what="q").message.startswith("⏳")


# --- what help() shows ----------------------------------------------------------------------------------------------


def test_numeric_graders_help_passes_numpydoc_validation():
    """A numeric grader's docstring is its question's, plus a Parameters section for ``answer`` made when it is
    registered: `numpydoc lint` reads the source, where that section is absent, so the result is validated here,
    against the grader's own signature and with the rules of pyproject.toml."""
    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["tool"]["numpydoc_validation"]
    checks = get_validation_checks(set(config["checks"]))
    for name in GRADERS:
        errors = [error for error in validate(f"chinchilla_lib.exercises.{name}")["errors"] if error[0] in checks]
        assert not errors, (name, errors)
        assert "answer : Any" in getattr(ex, name).__doc__


# --- the lecturer's misjudgments, one test per kind ---------------------------------------------------------------

LN2 = math.log(2)


def test_a_rounding_by_either_tie_rule_or_within_half_a_unit_is_accepted():
    # 0.485 is stored as 0.48499999...: binary rounding gives 0.48, rounding half up 0.49; both are right
    assert ex.within_precision(0.49, 0.485, 2)
    assert ex.within_precision(0.48, 0.485, 2)
    assert ex.grade(0.49, 0.485, what="x", sig_figs=2).correct
    assert ex.grade(4.9e11, 4.85e11, what="N", unit="parameters", sig_figs=2).correct
    assert ex.within_precision(1.03, 1.025, 3)
    assert ex.within_precision(1.02, 1.025, 3)
    assert not ex.within_precision(0.5, 0.485, 2)
    assert not ex.within_precision(0.47, 0.485, 2)
    # Kaplan's 4.8489e11 is 4.8e11 at 2 figures; 4.9e11 rounds its 3-figure 4.85e11 again: named, not accepted
    feedback = ex.check_kaplan_params_at_gopher(4.9e11)
    assert not feedback.correct
    assert "rounding of a rounded value" in feedback.message
    assert ex.check_kaplan_params_at_gopher(4.85e11).correct


def test_an_answer_with_fewer_figures_is_told_to_use_the_unrounded_value():
    feedback = ex.check_optimum_at_gopher_budget_tex(4.0e10)  # 40B read off a table printed to 2 figures
    assert "You gave 2 significant figures; the question asks for 3." in feedback.message
    assert "unrounded value" in feedback.message
    half_up = ex.grade(0.5, 0.45, what="x", sig_figs=3)  # 0.45 rounded half up to 1 figure
    assert "You gave 1 significant figure; the question asks for 3." in half_up.message
    assert "You gave 1 significant figure;" in ex.check_kaplan_params_at_gopher(5e11).message


@pytest.mark.parametrize(
    ("name", "answers"),
    [
        ("check_sensitivity_to_alpha", [2.78, 0.0278, 2.8]),
        ("check_k_eight_factor", [-12.2, 12.2, -0.122, 0.122]),
        ("check_beta_sensitivity", [22, 0.22, 21.8]),
    ],
)
def test_a_change_given_for_a_factor_is_told_to_give_the_ratio(name, answers):
    for answer in answers:
        feedback = ex.NUMERIC_GRADERS[name](answer)
        assert not feedback.correct
        assert "give the ratio (new/old), not the change in percent" in feedback.message, (answer, feedback)
        assert "too large" not in feedback.message


def test_a_count_with_a_suffix_is_read_as_the_number_it_names():
    for text in ("40.4B", "40.4 B", "40.4 billion", "40.4bn", " 40.4 Billion "):
        assert ex.check_optimum_at_gopher_budget_tex(text).correct, text
    assert ex.check_tokens_for_seven_billion("468 billion").correct
    assert ex.check_gpu_hours_for_seven_billion("13.1K").correct
    assert ex.as_number("1.5k", "x") == 1500.0
    assert ex.as_number("2 trillion", "x") == 2e12
    assert "should be a number such as" in ex.check_chinchilla_flops("0.588 million billion billion").message
    assert "write 40.4 without quotes" in ex.check_optimum_at_gopher_budget_tex("40.4").message
    assert "write 0.452 without quotes" in ex.check_exponent_a("0.452").message  # a plain number: drop the quotes


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("check_k_exponent", "-β/(α+β)"),
        ("check_k_exponent", "−β/(α+β)"),
        ("check_k_exponent", "−1/(1 + α/β)"),
        ("check_reducible_ratio", "β·(α+β)/(α·(α+β))"),
        ("check_reducible_ratio", "β×(α+β)/(α×(α+β))"),
        ("check_reducible_ratio", "β/α"),
    ],
)
def test_greek_letters_and_unicode_operators_are_read(name, answer):
    assert getattr(ex, name)(answer).correct, getattr(ex, name)(answer)


def test_sympy_expressions_in_greek_named_symbols_are_read():
    a, b = sp.symbols("α β", positive=True)
    assert ex.check_k_exponent(-b / (a + b)).correct
    assert ex.check_reducible_ratio(b / a).correct
    assert "exponent of C" in ex.check_k_exponent("β/(α+β)").message


def test_a_loss_in_bits_is_named():
    for name in ("check_loss_gap_at_same_budget", "check_gopher_loss_given_up"):
        question = _question(name)
        for answer in (question.expected() / LN2, float(ex.format_sig(question.expected() / LN2, question.sig_figs))):
            feedback = ex.NUMERIC_GRADERS[name](answer)
            assert not feedback.correct
            assert "that is in bits; the course's losses are in nats" in feedback.message, feedback
    loss = float(ex.PUBLISHED_LAWS["hoffmann2022"].loss(*ex.CHINCHILLA))
    assert "bits" in ex.check_chinchilla_perplexity(loss / LN2).message
    assert "bits" in ex.check_chinchilla_perplexity(math.exp(loss / LN2)).message
    assert ex.check_chinchilla_perplexity(2 ** (loss / LN2)).correct  # 2 to the loss in bits is e^L


@pytest.mark.parametrize("name", LAW_GRADERS)
def test_chapter_07_grades_at_the_3_figures_it_states(name):
    grader = CHECKS[name]
    assert "(3 significant figures)" in grader(None).message
    assert "3 significant figures" in grader.__doc__
    expected = {
        "check_deepseek_tokens_per_param": float(
            exercises_laws.LAWS["deepseek2024"].compute_optimal(1e24).tokens_per_param
        ),
        "check_porian_extrapolation": float(exercises_laws.LAWS["porian2024"].extrapolation(1e24)),
        "check_kaplan_quote": float(exercises_laws.LAWS["kaplan2020"].compute_optimal(1e21).params),
    }[name]
    assert grader(expected).correct
    assert grader(ex.round_sig(expected, 3)).correct
    two = grader(ex.round_sig(expected, 2))  # 14, 4.6, 4.7e9: two figures where three are asked
    assert not two.correct
    assert "You gave 2 significant figures; the question asks for 3." in two.message


def test_a_wrong_experiment_is_named_unless_it_rounds_to_the_right_answer():
    # a mistake inside the half-unit window but rounding apart from the right answer takes precedence...
    assert ex.grade(1.0352, 1.0349, what="x", mistakes=[(1.0352, "wrong experiment.")]).message == (
        "❌ Not quite: wrong experiment."
    )
    assert ex.grade(14.0, 13.9067, what="x", rtol=0.01, mistakes=[(14.0, "another law.")]).message == (
        "❌ Not quite: another law."
    )
    # ... but never over a right answer: a rounding of the expected value, or a mistake rounding to the same value
    assert ex.grade(1.03, 1.0349, what="x", mistakes=[(1.0352, "wrong experiment.")]).correct
    assert ex.grade(1.0349, 1.0349, what="x", mistakes=[(1.0352, "wrong experiment.")]).correct
    assert ex.grade(13.8978, 13.9067, what="x", mistakes=[(13.8978, "llama3's law.")]).correct
    # chapter 02, exercise 3: both exponents unrounded is a different answer, and named
    law, tex = ex.PUBLISHED_LAWS["hoffmann2022"], ex.PUBLISHED_LAWS["hoffmann2022_tex"]
    for unrounded in (law.replace(alpha=0.3392, beta=0.2849), tex):
        both = float(unrounded.compute_optimal(ex.GOPHER_BUDGET).params / law.compute_optimal(ex.GOPHER_BUDGET).params)
        feedback = ex.check_sensitivity_to_alpha(both)
        assert not feedback.correct
        assert "keep β = 0.28 and change α only" in feedback.message
