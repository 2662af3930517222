"""Beyond Chinchilla: inference-aware sizing, data-constrained scaling, Kaplan et al. 2020 (FACTS.md values)."""

from __future__ import annotations

import itertools
import json
import math
import re
import sys

import numpy as np
import pytest
from helpers import laws
from hypothesis import assume, example, given
from hypothesis import strategies as st
from scipy import optimize

from chinchilla_lib import PUBLISHED_LAWS, Hardware, reference
from chinchilla_lib.beyond import (
    KAPLAN_2020,
    PF_DAY,
    R_STAR_TOKENS,
    data_constrained_loss,
    data_constrained_optimal,
    dollars_per_flop,
    effective_params,
    effective_tokens,
    inference_optimal,
    inference_optimal_cost,
)
from chinchilla_lib.cli import main
from chinchilla_lib.reference import GOPHER_BUDGET

SARDANA = PUBLISHED_LAWS["sardana2024"]
C4 = PUBLISHED_LAWS["muennighoff2023_c4"]
LOG_TINY, LOG_HUGE = math.log(np.finfo(np.float64).tiny), math.log(np.finfo(np.float64).max)


def log_uniform(low: float, high: float) -> st.SearchStrategy[float]:
    """Positive floats from 10**low to 10**high, log-uniformly."""
    return st.floats(low, high).map(lambda e: 10.0**e)


def prices() -> st.SearchStrategy[float]:
    """$ per GPU-hour over float64's whole range, with its ends."""
    return st.one_of(st.sampled_from([5e-324, 1e-300, 1e300, 1.7976931348623157e308]), log_uniform(-323, 308))


def utilisations() -> st.SearchStrategy[float]:
    return st.one_of(st.sampled_from([5e-324, 1.0]), log_uniform(-323, 0))


# --- inference-aware sizing (Sardana et al. 2024) ---------------------------------------------------------------------


@pytest.mark.parametrize(("quality", "example"), [(30e9, "example_30b"), (70e9, "example_70b")])
def test_sardanas_worked_examples(quality, example):
    def ref(name):
        return reference.get(f"sardana2024.{example}_{name}")

    served = reference.value("sardana2024.inference_tokens")
    plan = inference_optimal(SARDANA, SARDANA.allocation_for_params(quality).loss, served)
    assert ref("params").agrees(plan.params)
    if example == "example_30b":
        assert ref("data_multiple").agrees(plan.tokens_vs_chinchilla)
    else:
        assert ref("tokens").agrees(plan.tokens)
    assert ref("flops_saved").agrees(plan.saving)
    assert plan.chinchilla.params == pytest.approx(quality, rel=1e-9)


def test_the_plan_reaches_the_target_loss():
    target = SARDANA.allocation_for_params(30e9).loss
    plan = inference_optimal(SARDANA, target, 1e13)
    assert SARDANA.loss(plan.params, plan.tokens) == pytest.approx(target, rel=1e-13)
    assert plan.training_flops == pytest.approx(6 * plan.params * plan.tokens)
    assert plan.inference_flops == pytest.approx(2 * plan.params * 1e13)


def test_agrees_with_a_direct_numerical_minimisation():
    target, served = SARDANA.allocation_for_params(70e9).loss, 3e12
    plan = inference_optimal(SARDANA, target, served)
    floor = math.log(SARDANA.A / (target - SARDANA.E)) / SARDANA.alpha

    def total(log_n):
        n = math.exp(log_n)
        d = (SARDANA.B / (target - SARDANA.E - SARDANA.A * n**-SARDANA.alpha)) ** (1 / SARDANA.beta)
        return 6 * n * d + 2 * n * served

    found = optimize.minimize_scalar(
        total, bounds=(floor + 1e-6, floor + 20), method="bounded", options={"xatol": 1e-12}
    )
    assert plan.params == pytest.approx(math.exp(found.x), rel=1e-6)  # the flat minimum limits the direct search
    assert plan.total_flops <= found.fun * (1 + 1e-12)


@given(law=laws(), params=st.floats(1e8, 1e12))
def test_no_inference_gives_the_chinchilla_optimum(law, params):
    target = law.allocation_for_params(params).loss
    assume(target - law.E > 1e-6 * target)
    plan = inference_optimal(law, target, 0.0)
    assert plan.params == pytest.approx(params, rel=1e-8)
    assert plan.saving == pytest.approx(0.0, abs=1e-9)


@given(law=laws(), params=st.floats(1e8, 1e12), served=st.floats(1e6, 1e16))
def test_never_costs_more_than_the_chinchilla_model(law, params, served):
    target = law.allocation_for_params(params).loss
    assume(target - law.E > 1e-6 * target)
    plan = inference_optimal(law, target, served)
    assert plan.total_flops <= plan.chinchilla_total_flops * (1 + 1e-12)
    assert plan.params <= plan.chinchilla.params * (1 + 1e-9)  # serving pushes towards smaller models


def test_more_inference_means_smaller_models_trained_longer():
    target = SARDANA.allocation_for_params(30e9).loss
    plans = [inference_optimal(SARDANA, target, served) for served in (1e11, 1e12, 1e13, 1e14)]
    assert all(a.params > b.params for a, b in itertools.pairwise(plans))
    assert all(a.tokens < b.tokens for a, b in itertools.pairwise(plans))


def test_cost_version():
    target = SARDANA.allocation_for_params(30e9).loss
    same = {"gpu": "H100-SXM", "mfu": 0.4, "price_per_hour": 2.0}
    in_flops = inference_optimal(SARDANA, target, 1e13)
    in_money = inference_optimal_cost(SARDANA, target, 1e13, training=same, inference=same)
    assert in_money.params == pytest.approx(in_flops.params, rel=1e-9)
    assert in_money.cost == pytest.approx(in_flops.total_flops * dollars_per_flop(**same))
    slow_serving = inference_optimal_cost(SARDANA, target, 1e13, training=same, inference={**same, "mfu": 0.1})
    assert slow_serving.params < in_flops.params  # inference at a quarter of the MFU is 4x dearer per FLOP
    assert dollars_per_flop(3600.0, peak_flops=1e15, mfu=1.0) == pytest.approx(1e-15)


@given(law=laws(), params=st.floats(1e8, 1e12), served=log_uniform(-300, 8))
@example(law=PUBLISHED_LAWS["hoffmann2022"], params=11150298626.945477, served=5.5311886163917335e-08)  # was -4e-15
def test_the_saving_is_never_negative(law, params, served):
    target = law.allocation_for_params(params).loss
    assume(target - law.E > 1e-6 * target)
    plan = inference_optimal(law, target, served)
    assert plan.saving >= 0.0
    assert plan.total_flops <= plan.chinchilla_total_flops  # exactly: the Chinchilla model is a candidate
    assert law.loss(plan.params, plan.tokens) == pytest.approx(target, rel=1e-12)


@given(
    training_price=prices(),
    inference_price=prices(),
    training_mfu=utilisations(),
    inference_mfu=utilisations(),
    served=log_uniform(-300, 300),
)
@example(training_price=1e-300, inference_price=1e-300, training_mfu=0.4, inference_mfu=0.4, served=1e13)
@example(training_price=5e-324, inference_price=2.0, training_mfu=0.4, inference_mfu=0.4, served=1e13)  # log(0)
@example(training_price=2.0, inference_price=1e300, training_mfu=0.4, inference_mfu=5e-324, served=1e13)  # inf
@example(training_price=4.6e273, inference_price=1.6e261, training_mfu=2.2e-137, inference_mfu=2.3e-72, served=2.5e30)
def test_any_prices_give_the_plan_of_their_ratio_or_an_error_naming_them(
    training_price, inference_price, training_mfu, inference_mfu, served
):
    training = Hardware.of("H100-SXM", mfu=training_mfu, price_per_hour=training_price)
    inference = Hardware.of("H100-SXM", mfu=inference_mfu, price_per_hour=inference_price)
    target = SARDANA.allocation_for_params(30e9).loss
    try:
        plan = inference_optimal_cost(SARDANA, target, served, training=training, inference=inference)
    except ValueError as error:
        assert re.search("price_per_hour|mfu|inference_tokens", str(error)), str(error)  # noqa: PT017
        return
    log_prices = [math.log(hw.price_per_hour) - math.log(hw.flops_per_hour) for hw in (training, inference)]
    fields = (plan.params, plan.tokens, plan.cost, plan.chinchilla_cost, plan.training_flops)
    assert all(math.isfinite(x) and x > 0 for x in fields)
    assert 0.0 <= plan.saving < 1.0
    assert SARDANA.loss(plan.params, plan.tokens) == pytest.approx(target, rel=1e-12)
    # the cost is the FLOPs of each phase at its price, computed without a price per FLOP that could underflow
    expected = np.logaddexp(
        math.log(plan.training_flops) + log_prices[0], math.log(plan.inference_flops) + log_prices[1]
    )
    assert math.log(plan.cost) == pytest.approx(expected, abs=1e-12)
    # only the ratio of the prices matters: the plan in FLOPs with the served tokens weighed by it
    log_weighted = math.log(served) + log_prices[1] - log_prices[0]
    if LOG_TINY < log_weighted < math.log(1e200):
        in_flops = inference_optimal(SARDANA, target, math.exp(log_weighted))
        assert plan.params == pytest.approx(in_flops.params, rel=1e-9)


@pytest.mark.parametrize("price", [5e-324, 1e-300, 1e300])
def test_extreme_prices_by_hand(price):
    target = SARDANA.allocation_for_params(30e9).loss
    same = {"gpu": "H100-SXM", "mfu": 0.4, "price_per_hour": 2.0}
    reference_plan = inference_optimal_cost(SARDANA, target, 1e13, training=same, inference=same)
    extreme = {**same, "price_per_hour": price}
    if price < 1e-310:  # every cost is below float64's normal range: an error naming the prices
        with pytest.raises(ValueError, match="price_per_hour or mfu"):
            inference_optimal_cost(SARDANA, target, 1e13, training=extreme, inference=extreme)
    else:  # the same model, the cost in proportion (a price per FLOP of 1e-300/(3600·989e12·0.4) is subnormal)
        plan = inference_optimal_cost(SARDANA, target, 1e13, training=extreme, inference=extreme)
        assert plan.params == pytest.approx(reference_plan.params, rel=1e-12)
        assert plan.cost == pytest.approx(reference_plan.cost * price / 2.0, rel=1e-12)
    # one phase extreme: the other decides, never a NaN, a log(0) or an infinite cost
    cheap_training = inference_optimal_cost(SARDANA, target, 1e13, training=extreme, inference=same)
    assert math.isfinite(cheap_training.cost)
    assert cheap_training.saving >= 0.0
    with pytest.raises(ValueError, match=r"price_per_hour must be in \[3.17e-290, "):
        dollars_per_flop(1e-300, gpu="H100-SXM", mfu=0.4)  # the price per FLOP itself is a normal float or an error


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: inference_optimal(SARDANA, 1.69, 1e12), ValueError, "target_loss must be a finite number > 1.69"),
        (lambda: inference_optimal(SARDANA, 2.0, -1.0), ValueError, "inference_tokens must be"),
        (lambda: inference_optimal(SARDANA, 2.0, [1e12, 1e13]), TypeError, "inference_tokens must be a single number"),
        (lambda: inference_optimal(SARDANA, 2.0, "1e12"), TypeError, "inference_tokens"),
        (lambda: dollars_per_flop(-2.0, gpu="A100", mfu=0.4), ValueError, "price_per_hour"),
        (lambda: effective_tokens(1e9, 0.0), ValueError, "unique_tokens"),
        (lambda: effective_tokens(-1e9, 1e9), ValueError, "tokens must be"),
        (lambda: effective_tokens(1e9, 1e9, r_star=0), ValueError, "r_star"),
        (lambda: data_constrained_optimal(1e22, -5.0), ValueError, "unique_tokens"),
        (lambda: KAPLAN_2020.optimal_params(0.0), ValueError, "flops"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- data-constrained scaling (Muennighoff et al. 2023) ---------------------------------------------------------------


def test_the_authors_reference_value():
    n, d, u = (reference.value(f"muennighoff2023.reference_{x}") for x in ("params", "tokens", "unique_tokens"))
    assert reference.get("muennighoff2023.reference_loss").agrees(data_constrained_loss(n, d, u))


def test_effective_tokens():
    assert effective_tokens(5e9, 1e10) == 5e9  # no repetition: fresh data counts fully
    assert effective_tokens(1e9, 1e9) == pytest.approx(1e9)
    fractions = [effective_tokens(epochs * 1e9, 1e9) / (epochs * 1e9) for epochs in (2, 4, 16, 40)]
    assert all(a > b for a, b in itertools.pairwise(fractions))
    assert fractions[0] > 0.98  # a second epoch is almost as good as fresh data
    assert effective_tokens(1e15, 1e9) == pytest.approx(1e9 * (1 + R_STAR_TOKENS), rel=1e-9)  # the ceiling
    np.testing.assert_allclose(
        effective_tokens([2e9, 4e9], 1e9), [effective_tokens(2e9, 1e9), effective_tokens(4e9, 1e9)]
    )


def test_effective_params_only_discounts_oversized_models():
    c4 = PUBLISHED_LAWS["muennighoff2023_c4"]
    supported = c4.optimal_params(1e10)
    assert effective_params(supported / 2, 1e10) == pytest.approx(supported / 2)
    assert supported < effective_params(supported * 10, 1e10) < supported * 10


def test_data_constrained_optimum():
    c4 = PUBLISHED_LAWS["muennighoff2023_c4"]
    plentiful = data_constrained_optimal(1e21, 1e15)
    assert plentiful.params == pytest.approx(float(c4.compute_optimal(1e21).params), rel=1e-4)
    assert plentiful.loss == pytest.approx(float(c4.compute_optimal(1e21).loss), rel=1e-9)
    scarce = data_constrained_optimal(1e22, 1e10)
    assert scarce.epochs > 1
    assert scarce.loss > float(scarce.unconstrained.loss)
    assert 6 * scarce.params * scarce.tokens == pytest.approx(1e22)


def test_a_run_shorter_than_its_unique_data_with_an_oversized_model():
    params, tokens, unique = 1e12, 1e9, 1e11  # reads 1e9 of 1e11 unique tokens, with a model far too big for them
    assert tokens < unique
    assert params > C4.optimal_params(tokens)
    loss = data_constrained_loss(params, tokens, unique)
    # U_D = min(U, D) = D in both terms: no repetition, but parameters beyond N*(D) are discounted
    assert loss == pytest.approx(C4.loss(effective_params(params, tokens), tokens), rel=1e-14)
    assert loss > C4.loss(params, tokens)
    assert data_constrained_loss(params, tokens, 10 * unique) == loss  # unique data it never reads changes nothing


@given(params=log_uniform(6, 14), tokens=log_uniform(8, 13), more=st.floats(1.0, 1e6))
def test_unique_data_beyond_what_a_run_reads_changes_nothing(params, tokens, more):
    assert data_constrained_loss(params, tokens, tokens * more) == data_constrained_loss(params, tokens, tokens)


def _loss_at(flops, unique):
    return lambda n: data_constrained_loss(n, flops / (6 * n), unique)


@pytest.mark.parametrize(("flops", "unique"), [(1e26, 1.0), (1e22, 0.12), (1e24, 1e-3), (1e22, 1e-100)])
def test_scarce_data_gives_the_start_of_the_plateau_not_the_search_bound(flops, unique):
    plan = data_constrained_optimal(flops, unique)
    loss_at = _loss_at(flops, unique)
    assert plan.plateau
    assert loss_at(plan.params / 10**0.01) > plan.loss  # a smaller model is worse: the plateau starts here
    assert loss_at(plan.params * 10) == pytest.approx(plan.loss, rel=1e-12)  # and a bigger one no better
    # with the data this scarce the plateau starts at a size in proportion to U, whatever the budget
    assert plan.params / unique == pytest.approx(data_constrained_optimal(1e20, 1e4).params / 1e4, rel=0.03)


@pytest.mark.parametrize("unique", [1e-300, 1e-200, 5e-324])
def test_too_little_unique_data_is_an_error_naming_the_range_that_works(unique):
    with pytest.raises(ValueError, match=r"unique_tokens=.* is too little .* unique_tokens >= about") as info:
        data_constrained_optimal(1e22, unique)
    least = float(re.search(r">= about (\S+) ", str(info.value)).group(1))
    plan = data_constrained_optimal(1e22, least)  # the range it names works
    assert math.isfinite(plan.epochs)
    assert plan.plateau


@given(flops=log_uniform(12, 30), unique=st.one_of(st.just(5e-324), log_uniform(-320, 16)))
@example(flops=1e26, unique=1.0)
@example(flops=1e22, unique=1e-300)
def test_the_data_constrained_optimum_is_never_an_end_of_the_search(flops, unique):
    try:
        plan = data_constrained_optimal(flops, unique)
    except ValueError as error:
        assert "unique_tokens" in str(error)  # noqa: PT017
        return
    assert all(math.isfinite(x) and x > 0 for x in (plan.params, plan.tokens, plan.loss, plan.epochs))
    assert 6 * plan.params * plan.tokens == pytest.approx(flops, rel=1e-12)
    loss_at = _loss_at(flops, unique)
    smaller, larger = loss_at(plan.params / 10**0.01), loss_at(plan.params * 10**0.01)
    if plan.plateau:
        assert smaller > plan.loss
    else:
        assert min(smaller, larger) >= plan.loss * (1 - 1e-12)
    assert plan.loss <= loss_at(float(plan.unconstrained.params)) * (1 + 1e-12)


# --- Kaplan et al. 2020 -----------------------------------------------------------------------------------------------


def test_kaplan_laws():
    assert KAPLAN_2020.loss_params(KAPLAN_2020.n_c) == 1.0
    assert KAPLAN_2020.loss_tokens(KAPLAN_2020.d_c) == 1.0
    assert KAPLAN_2020.optimal_params(2 * PF_DAY) == pytest.approx(1.3e9)  # C_min = C/2 = one PF-day
    assert KAPLAN_2020.optimal_params(1e21) / 1e9 == pytest.approx(4.68, abs=0.005)  # Hoffmann et al.'s reading
    ratio = KAPLAN_2020.optimal_params(1e24) / KAPLAN_2020.optimal_params(1e23)
    assert math.log10(ratio) == pytest.approx(0.73)
    # at Gopher's budget Kaplan recommends a model several times larger than Chinchilla's laws do
    kaplan = KAPLAN_2020.optimal_params(GOPHER_BUDGET)
    assert kaplan > 5 * PUBLISHED_LAWS["besiroglu2024"].compute_optimal(GOPHER_BUDGET).params


# --- the command line -------------------------------------------------------------------------------------------------


def test_cli_inference_tokens(capsys):
    assert main(["--params", "30e9", "--inference-tokens", "1e13", "--law", "sardana2024", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["results"]
    assert reference.get("sardana2024.example_30b_params").agrees(row["params"])
    assert reference.get("sardana2024.example_30b_flops_saved").agrees(row["saving"])


def test_cli_beyond_tables_keep_the_gpu_hours(capsys):
    for extra in (["--inference-tokens", "1e12"], ["--unique-tokens", "1e10"]):
        assert (
            main(["--flops", "1e22", "--gpu", "A100", "--mfu", "0.4", "--law", "hoffmann2022", *extra, "--json"]) == 0
        )
        (row,) = json.loads(capsys.readouterr().out)["results"]
        assert row["gpu_hours"] == pytest.approx(row["flops"] / (3600 * 312e12 * 0.4))


def test_cli_unique_tokens(capsys):
    assert main(["--flops", "1e22", "--unique-tokens", "1e10", "--law", "muennighoff2023_c4", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["results"]
    expected = data_constrained_optimal(1e22, 1e10)
    assert row["params"] == pytest.approx(expected.params)
    assert row["epochs"] == pytest.approx(expected.epochs)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--flops", "1e22", "--unique-tokens", "1e10", "--inference-tokens", "1e12"], "not allowed with"),
        (["--params", "7e9", "--unique-tokens", "1e9"], "--unique-tokens needs a budget"),
        (["--flops", "1e22", "--unique-tokens", "0"], "unique_tokens must be"),
    ],
)
def test_cli_beyond_errors(capsys, argv, message):
    with pytest.raises(SystemExit) as info:  # argparse exits itself; library errors come back as status 2
        sys.exit(main(argv))
    assert info.value.code == 2
    assert message in capsys.readouterr().err
