"""The compute-optimal allocation: closed form against numerical optimisation, round trips, extremes, FACTS.md."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import budgets, laws
from hypothesis import assume, example, given
from hypothesis import strategies as st
from scipy import optimize

from chinchilla_lib import PUBLISHED_LAWS, Allocation, ScalingLaw, reference, training_flops
from chinchilla_lib.reference import CHINCHILLA_PARAMS, CHINCHILLA_TOKENS, GOPHER_BUDGET


def _numerical_optimum(law, flops, k=6.0):
    """Solve dL/dlogN = 0 along the iso-FLOP line D = C/(kN) with brentq, knowing nothing of the closed form."""
    scaled = flops / k

    def slope(log_n):  # dL/d(log N) = -alpha*A*N^-alpha + beta*B*D^-beta, with D = scaled/N
        n = math.exp(log_n)
        return -law.alpha * law.A * n**-law.alpha + law.beta * law.B * (scaled / n) ** -law.beta

    log_n = optimize.brentq(slope, -100.0, math.log(scaled) + 100.0, xtol=1e-14, rtol=4 * np.finfo(float).eps)
    return math.exp(log_n)


@given(law=laws(), flops=budgets, k=st.sampled_from([6.0, 8.0, 2.0 + 4.0]))
def test_closed_form_matches_root_of_the_derivative(law, flops, k):
    plan = law.compute_optimal(flops, flops_per_param_token=k)
    assert plan.params == pytest.approx(_numerical_optimum(law, flops, k), rel=1e-9)


@given(law=laws(), flops=st.floats(1e15, 1e30))
def test_closed_form_is_the_minimum_found_by_scipy(law, flops):
    plan = law.compute_optimal(flops)
    result = optimize.minimize_scalar(
        lambda log_n: law.loss_at_budget(math.exp(log_n), flops),
        bounds=(math.log(plan.params) - 20, math.log(plan.params) + 20),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert plan.loss <= result.fun * (1 + 1e-13)
    assert plan.loss == pytest.approx(result.fun, rel=1e-12)


@given(law=laws(), flops=budgets)
def test_round_trips(law, flops):
    params, tokens, c, loss = law.compute_optimal(flops)
    assert c == flops
    assert training_flops(params, tokens) == pytest.approx(flops, rel=1e-13)
    assert law.optimal_tokens(params) == pytest.approx(tokens, rel=1e-10)
    assert law.optimal_params(tokens) == pytest.approx(params, rel=1e-10)
    assert law.loss(params, tokens) == pytest.approx(loss, rel=1e-12)


@given(law=laws(), flops=budgets)
@example(law=ScalingLaw(E=0.0, A=308.0, B=64.0, alpha=0.6953125, beta=0.6943146119995764), flops=9.848861472308073e34)
def test_compute_for_loss_inverts_the_frontier(law, flops):
    loss = law.compute_optimal(flops).loss
    assume(loss > law.E)  # a reducible part below float64's resolution of the loss cannot be inverted
    plan = law.compute_for_loss(loss)
    # conditioning: C ∝ (L − E)^(−1/c), so the loss's rounding (a few eps·L) becomes eps·L/((L − E)·c) in C;
    # and C is exp(log C): log C ≈ 80 at 1e35 FLOP carries an absolute rounding of a few eps·|log C|, which exp
    # turns into that relative error in C (2e-14 at 1e35 FLOP, seen on CI)
    eps = np.finfo(float).eps
    rounding = 8 * eps * loss / ((loss - law.E) * law.frontier_exponent) + 4 * eps * abs(math.log(flops))
    assert plan.flops == pytest.approx(flops, rel=rounding + 1e-14)
    assert plan.loss == pytest.approx(loss, rel=1e-12)


@given(law=laws(), params=st.floats(1e6, 1e14))
def test_allocation_for_params_is_on_the_frontier(law, params):
    plan = law.allocation_for_params(params)
    again = law.compute_optimal(plan.flops)
    assert again.params == pytest.approx(params, rel=1e-10)
    assert again.tokens == pytest.approx(plan.tokens, rel=1e-10)


def test_optimal_tokens_does_not_depend_on_k(hoffmann):
    for k in (2.0, 6.0, 8.0):
        plan = hoffmann.compute_optimal(1e24, flops_per_param_token=k)
        assert hoffmann.optimal_tokens(plan.params) == pytest.approx(plan.tokens, rel=1e-12)


def test_neighbours_on_the_iso_flop_line_are_worse(published_law):
    plan = published_law.compute_optimal(1e23)
    for factor in (0.5, 0.99, 1.01, 2.0):
        assert published_law.loss_at_budget(plan.params * factor, 1e23) > plan.loss


def test_extreme_budgets_keep_full_precision(published_law):
    budgets_ = np.logspace(10, 35, 2001)
    params, tokens, _, loss = published_law.compute_optimal(budgets_)
    for value in (params, tokens, loss):
        assert np.all(np.isfinite(value))
        assert value.dtype == np.float64
    assert np.all(np.diff(params) > 0)
    assert np.all(np.diff(tokens) > 0)
    assert np.all(np.diff(loss) < 0)
    np.testing.assert_allclose(6 * params * tokens, budgets_, rtol=1e-14)
    # the same numbers as the plain expression, evaluated here in extended precision
    law = published_law
    scaled = np.longdouble(budgets_) / 6
    g = (np.longdouble(law.alpha) * law.A / (np.longdouble(law.beta) * law.B)) ** (
        1 / np.longdouble(law.alpha + law.beta)
    )
    np.testing.assert_allclose(params, (g * scaled ** np.longdouble(law.a)).astype(float), rtol=1e-13)


def test_scalars_give_floats_and_arrays_give_arrays(hoffmann):
    plan = hoffmann.compute_optimal(1e24)
    assert isinstance(plan, Allocation)
    assert all(type(x) is float for x in plan)
    assert type(plan.tokens_per_param) is float
    assert type(hoffmann.compute_optimal(np.float64(1e24)).params) is float
    arrays = hoffmann.compute_optimal([1e22, 1e24])
    assert all(isinstance(x, np.ndarray) and x.shape == (2,) for x in arrays)
    assert hoffmann.compute_optimal(np.ones((3, 4)) * 1e22).params.shape == (3, 4)


# --- the numbers FACTS.md quotes (values from chinchilla_lib.reference, with their sources) --------------------------


@pytest.mark.parametrize(
    ("key", "reference_key"),
    [
        ("hoffmann2022", "hoffmann2022.params_at_gopher_budget_rounded"),
        ("hoffmann2022_tex", "hoffmann2022.params_at_gopher_budget_tex"),
        ("besiroglu2024", "besiroglu2024.params_at_gopher_budget"),
    ],
)
def test_optimum_at_gophers_budget(key, reference_key):
    # Fig. 4 caption: ~40B; the rounded constants give 32.2B, the TeX constants 40.4B, Epoch's refit ~72B.
    assert reference.get(reference_key).agrees(PUBLISHED_LAWS[key].compute_optimal(GOPHER_BUDGET).params)


def test_chinchilla_budget():
    assert reference.get("hoffmann2022.chinchilla_6nd").agrees(training_flops(CHINCHILLA_PARAMS, CHINCHILLA_TOKENS))


def test_seventy_billion_parameters_under_the_rounded_constants(hoffmann):
    tokens = hoffmann.optimal_tokens(CHINCHILLA_PARAMS)
    assert reference.get("hoffmann2022.tokens_70b_rounded").agrees(tokens)
    assert reference.get("hoffmann2022.tokens_per_param_70b_rounded").agrees(tokens / CHINCHILLA_PARAMS)


def test_epoch_refit_gives_about_twenty_tokens_per_parameter():
    law = PUBLISHED_LAWS["besiroglu2024"]
    plan = law.compute_optimal(training_flops(CHINCHILLA_PARAMS, CHINCHILLA_TOKENS))
    assert reference.get("besiroglu2024.tokens_per_param_70b").agrees(plan.tokens_per_param)


TABLE_3 = reference.table("hoffmann2022.table3")
TABLE_3_COLUMNS = (TABLE_3.column("params"), TABLE_3.column("flops"), TABLE_3.column("tokens"))
TABLE_3_ROWS = [pytest.param(n, c, d, id=n.printed) for n, c, d in zip(*TABLE_3_COLUMNS, strict=True)]


@pytest.mark.parametrize(("params", "flops", "tokens"), TABLE_3_ROWS)
def test_table_3_rows_are_six_n_d_and_about_twenty_tokens_per_parameter(params, flops, tokens):
    # Table 3 (Approach 1): every row has ≈ 20 tokens per parameter (the rule of thumb comes from here, not from
    # Approach 3), and the FLOPs column is 6·N·D within the rounding of the printed digits, except the 67B row.
    printed_rounding = tokens.tolerance / tokens.value + flops.tolerance / flops.value
    matches = training_flops(params.value, tokens.value) == pytest.approx(flops.value, rel=printed_rounding)
    assert matches == (params.printed != "67e9")
    assert 19 < tokens.value / params.value < 23


def test_table_3_67b_row_is_gophers_budget_not_six_n_d():
    # The 67B row prints Gopher's budget, 5.76e23, beside 1.5T tokens; 6·N·D of those is 6.03e23, 4.7% more,
    # beyond the printed rounding (1.45T would still give 5.83e23). The tokens that fit 5.76e23 are 1.43T.
    params, flops, tokens = (TABLE_3.values(x)[3] for x in ("params", "flops", "tokens"))
    assert flops == GOPHER_BUDGET
    assert training_flops(params, tokens) / flops == pytest.approx(1.047, abs=1e-3)
    assert training_flops(params, tokens - TABLE_3.column("tokens")[3].tolerance) > flops * 1.01
    assert flops / (6 * params) == pytest.approx(1.433e12, rel=1e-3)


def test_table_a3_prints_a_typo():
    # Table A3 prints 1.26e24 FLOPs beside 175B parameters and 12.0T tokens; 6·N·D is ten times that.
    a3 = reference.table("hoffmann2022.table_a3_approach3")
    params, flops, tokens = (a3.values(x)[4] for x in ("params", "flops", "tokens"))
    assert training_flops(params, tokens) == pytest.approx(10 * flops, rel=1e-12)
