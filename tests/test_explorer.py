"""The budget explorer without a browser: the pure functions, then the widgets driven by setting their values."""

from __future__ import annotations

import math

import pytest

from chinchilla_lib import PUBLISHED_LAWS, cluster_flops, flops_to_gpu_hours
from chinchilla_lib.explorer import BudgetExplorer, ExplorerInputs, explore, parse_number, summary_html
from chinchilla_lib.formatting import human_count

# --- pure functions --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [("5.76e23", 5.76e23), (" 1e22 ", 1e22), ("1_000", 1000.0),
                                             ("1,000", 1000.0), (3, 3.0)])  # fmt: skip
def test_parse_number_reads_what_people_type(text, value):
    assert parse_number(text, "budget") == value


@pytest.mark.parametrize("text", ["abc", "", "1e", "nan", "inf", "--1"])
def test_parse_number_explains_nonsense(text):
    with pytest.raises(ValueError, match="budget"):
        parse_number(text, "budget")


def test_explore_matches_the_library():
    result = explore(ExplorerInputs(flops=1e23, law="besiroglu2024", gpu="A100", mfu=0.35, n_gpus=64))
    plan = PUBLISHED_LAWS["besiroglu2024"].compute_optimal(1e23)
    assert result.plan == plan
    assert result.gpu_hours == pytest.approx(flops_to_gpu_hours(1e23, gpu="A100", mfu=0.35))
    assert result.days == pytest.approx(result.gpu_hours / 24 / 64)


def test_explore_from_hardware():
    result = explore(ExplorerInputs(budget_mode="hardware", gpu="TPU-v5p", n_gpus=512, days=20, mfu=0.45))
    assert result.flops == pytest.approx(cluster_flops(512, 20, gpu="TPU-v5p", mfu=0.45))
    assert result.days == pytest.approx(20)


def test_explore_custom_law_and_k():
    result = explore(ExplorerInputs(law="custom", custom=(1.0, 500.0, 600.0, 0.3, 0.3), flops=1e22,
                                    flops_per_param_token=8))  # fmt: skip
    assert result.law.name == "custom"
    assert result.plan.params * result.plan.tokens * 8 == pytest.approx(1e22)


def test_my_model_costs_loss_and_wastes_compute():
    result = explore(ExplorerInputs(flops=5.76e23, law="hoffmann2022_tex", my_params=280e9))
    mine = result.my_model
    law = PUBLISHED_LAWS["hoffmann2022_tex"]
    assert mine.loss == pytest.approx(law.loss(280e9, 5.76e23 / (6 * 280e9)))
    assert mine.loss_given_up > 0
    assert mine.optimal_flops_for_same_loss < 5.76e23
    assert law.compute_optimal(mine.optimal_flops_for_same_loss).loss == pytest.approx(mine.loss, rel=1e-12)


def test_my_model_at_the_optimum_gives_up_nothing():
    law = PUBLISHED_LAWS["hoffmann2022"]
    best = law.compute_optimal(1e22).params
    mine = explore(ExplorerInputs(flops=1e22, law="hoffmann2022", my_params=best)).my_model
    assert mine.loss_given_up == pytest.approx(0, abs=1e-12)
    assert mine.optimal_flops_for_same_loss == pytest.approx(1e22, rel=1e-6)


def test_compare_all_laws():
    result = explore(ExplorerInputs(compare_all=True))
    assert set(result.others) == set(PUBLISHED_LAWS)
    assert "explorer-compare" in summary_html(result)


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (ExplorerInputs(flops=-1.0), "budget must be a finite number > 0"),
        (ExplorerInputs(law="kaplan"), "law must be one of"),
        (ExplorerInputs(budget_mode="hardware", mfu=0.0), "mfu"),
        (ExplorerInputs(budget_mode="hardware", n_gpus=0), "n_gpus"),
        (ExplorerInputs(law="custom", custom=(1.69, 406.4, 410.7, -0.34, 0.28)), "alpha"),
        (ExplorerInputs(flops_per_param_token=0), "flops_per_param_token"),
        (ExplorerInputs(my_params=-5), "my model size"),
    ],
)
def test_explore_rejects_bad_inputs_with_a_message(inputs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        explore(inputs)


# --- the widgets, driven as a user would ------------------------------------------------------------------------------


@pytest.fixture
def app() -> BudgetExplorer:
    return BudgetExplorer()


def _shown_params(app: BudgetExplorer) -> str:
    return app.summary.value.split('class="params">')[1].split("<")[0]


def test_starts_with_an_answer_and_pictures(app):
    law = PUBLISHED_LAWS[app.law.value]
    assert _shown_params(app) == human_count(law.compute_optimal(5.76e23).params)
    assert bytes(app.valley_image.value).startswith(b"\x89PNG")
    assert bytes(app.frontier_image.value).startswith(b"\x89PNG")
    assert app.message.value == ""


def test_typing_a_budget_updates_numbers_and_pictures(app):
    before = (bytes(app.valley_image.value), bytes(app.frontier_image.value))
    app.flops_text.value = "1e21"
    assert _shown_params(app) == human_count(PUBLISHED_LAWS[app.law.value].compute_optimal(1e21).params)
    assert bytes(app.valley_image.value) != before[0]
    assert bytes(app.frontier_image.value) != before[1]
    assert app.flops_slider.value == pytest.approx(1e21)  # the slider follows the typed value


def test_slider_writes_the_text_field(app):
    app.flops_slider.value = 1e25
    assert parse_number(app.flops_text.value, "budget") == pytest.approx(1e25, rel=1e-3)
    assert app.result.flops == pytest.approx(1e25, rel=1e-3)


def test_nonsense_shows_a_message_and_keeps_the_last_good_result(app):
    app.flops_text.value = "2e22"
    good = app.summary.value
    for nonsense in ("abc", "-3", "0"):
        app.flops_text.value = nonsense
        assert "⚠" in app.message.value
        assert "budget" in app.message.value
        assert app.summary.value == good
    app.flops_text.value = "3e22"
    assert app.message.value == ""
    assert app.summary.value != good


def test_hardware_mode_hides_the_flops_controls(app):
    app.mode.value = "hardware"
    assert app.flops_box.layout.display == "none"
    app.n_gpus.value = "2048"
    expected = cluster_flops(2048, float(app.days.value), gpu=app.gpu.value, mfu=app.mfu.value)
    assert app.result.flops == pytest.approx(expected)
    app.n_gpus.value = "many"
    assert "number of accelerators" in app.message.value


def test_custom_law_fields(app):
    assert app.custom_box.layout.display == "none"
    app.law.value = "custom"
    assert app.custom_box.layout.display == ""
    app.custom[4].value = "0.2849"
    assert app.result.law.beta == 0.2849
    app.custom[3].value = "-1"
    assert "alpha must be" in app.message.value


def test_my_model_and_compare_all_render(app):
    app.my_params.value = "280e9"
    assert "my-gap" in app.summary.value
    app.compare_all.value = True
    assert "explorer-compare" in app.summary.value
    app.my_params.value = ""
    assert app.result.my_model is None


def test_budget_beyond_the_slider_still_draws(app):
    app.flops_text.value = "1e32"
    assert app.message.value == ""
    assert math.isclose(app.result.flops, 1e32)


def test_notebook_display_is_short_and_stable(app):
    bundle = app._repr_mimebundle_()
    assert bundle["text/plain"].startswith("BudgetExplorer")
    assert "application/vnd.jupyter.widget-view+json" in bundle
