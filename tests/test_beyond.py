"""Beyond Chinchilla: inference-aware sizing, data-constrained scaling, Kaplan et al. 2020 (FACTS.md values)."""

from __future__ import annotations

import itertools
import json
import math
import sys

import numpy as np
import pytest
from helpers import laws
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import optimize

from chinchilla_lib import PUBLISHED_LAWS, reference
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
