"""The budget explorer without a browser: model, renderer and links, then the widgets driven as a user would."""

from __future__ import annotations

import dataclasses
import html
import math
import re
import subprocess
import sys

import numpy as np
import pytest

from chinchilla_lib import PUBLISHED_LAWS, ScalingLaw, cluster_flops, flops_to_gpu_hours
from chinchilla_lib.beyond import data_constrained_optimal, inference_optimal
from chinchilla_lib.explorer import (
    BudgetExplorer,
    ExplorerInputs,
    explore,
    inputs_from_query,
    inputs_to_query,
    parse_number,
    query_fields,
    summary_html,
)
from chinchilla_lib.explorer.render import headline
from chinchilla_lib.formatting import human_count

# --- the model -------------------------------------------------------------------------------------------------------


def test_the_model_imports_no_widget_or_plotting_library():
    code = (
        "import sys; import chinchilla_lib.explorer.model; from chinchilla_lib.explorer import explore; "
        "print(sorted(m for m in ('ipywidgets', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5.76e23", 5.76e23),
        (" 1e22 ", 1e22),
        ("1_000", 1000.0),
        ("1,000", 1000.0),
        ("1,500", 1500.0),
        ("12,000,000", 12e6),
        ("1,000.5", 1000.5),
        ("12_000_000", 12e6),
        ("+2", 2.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1E3", 1000.0),
        (3, 3.0),
    ],
)
def test_parse_number_reads_what_people_type(text, value):
    assert parse_number(text, "budget") == value


ODD_NUMBERS = [
    *("abc", "", " ", "1e", "nan", "inf", "-inf", "infinity", "--1", "1e999", "1e-400", "∞", "0x10", "1 000"),
    *("1.5.3", "1,5", "1,5000", "1,00", ",1", "1,", "1,,000", "1.000,5", "1,000_000", "1,000,00"),
    *("_1", "1_", "1__000", "1_0", "1e5_0", "１２", "١٢", "1'000", "e5", "."),
]


@pytest.mark.parametrize("text", ODD_NUMBERS)
def test_parse_number_explains_nonsense(text):
    with pytest.raises(ValueError, match=r"^budget"):
        parse_number(text, "budget")


@pytest.mark.parametrize("text", ["1,5", "0,25", "1.000,5", "1,5000"])
def test_a_decimal_comma_is_refused_with_a_hint(text):
    with pytest.raises(ValueError, match=r"^unique data \[tokens\]: .*use a point for decimals"):
        parse_number(text, "unique data [tokens]")


def test_budget_mode_matches_the_library():
    result = explore(ExplorerInputs(flops=1e23, law="besiroglu2024", gpu="A100", mfu=0.35, n_gpus=64))
    assert result.plan == PUBLISHED_LAWS["besiroglu2024"].compute_optimal(1e23)
    assert result.gpu_hours == pytest.approx(flops_to_gpu_hours(1e23, gpu="A100", mfu=0.35))
    assert result.days == pytest.approx(result.gpu_hours / 24 / 64)


def test_budget_from_hardware():
    result = explore(ExplorerInputs(budget_as="hardware", gpu="TPU-v5p", n_gpus=512, days=20, mfu=0.45))
    assert result.budget == pytest.approx(cluster_flops(512, 20, gpu="TPU-v5p", mfu=0.45))
    assert result.days == pytest.approx(20)


def test_target_loss_mode_is_the_cheapest_plan():
    law = PUBLISHED_LAWS["hoffmann2022"]
    result = explore(ExplorerInputs(mode="loss", target_loss=2.0, law="hoffmann2022"))
    assert result.plan == law.compute_for_loss(2.0)
    assert result.budget is None
    assert law.loss(result.plan.params, result.plan.tokens) == pytest.approx(2.0, rel=1e-12)


@pytest.mark.parametrize("quality_from", ["budget", "loss"])
def test_inference_mode_is_sardana_sizing(quality_from):
    law = PUBLISHED_LAWS["sardana2024"]
    inputs = ExplorerInputs(
        mode="inference",
        law="sardana2024",
        flops=1e23,
        target_loss=2.1,
        inference_tokens=1e13,
        quality_from=quality_from,
    )
    result = explore(inputs)
    loss = law.compute_optimal(1e23).loss if quality_from == "budget" else 2.1
    expected = inference_optimal(law, loss, 1e13)
    assert result.inference == expected
    assert (result.plan.params, result.plan.tokens) == (expected.params, expected.tokens)
    assert result.plan.flops == expected.training_flops
    assert result.reference == expected.chinchilla
    assert result.plan.params < result.reference.params  # serving makes a smaller model cheaper


def test_data_mode_repeats_the_unique_tokens():
    law = PUBLISHED_LAWS["muennighoff2023_c4"]
    result = explore(ExplorerInputs(mode="data", law="muennighoff2023_c4", flops=1e23, unique_tokens=1e11))
    expected = data_constrained_optimal(1e23, 1e11, law)
    assert result.data == expected
    assert result.plan.params == expected.params
    assert result.data.epochs > 1
    assert result.plan.loss > result.reference.loss  # repeated data is worth less than fresh data


def test_custom_law_and_k():
    inputs = ExplorerInputs(law="custom", custom=(1.0, 500.0, 600.0, 0.3, 0.3), flops=1e22, flops_per_param_token=8)
    result = explore(inputs)
    assert result.law == ScalingLaw(E=1.0, A=500.0, B=600.0, alpha=0.3, beta=0.3, name="custom")
    assert result.plan.params * result.plan.tokens * 8 == pytest.approx(1e22)


def test_my_model_costs_loss_and_wastes_compute():
    result = explore(ExplorerInputs(flops=5.76e23, law="hoffmann2022_tex", my_params=280e9))
    mine = result.my_model
    law = PUBLISHED_LAWS["hoffmann2022_tex"]
    assert mine.loss == pytest.approx(law.loss(280e9, 5.76e23 / (6 * 280e9)))
    assert mine.loss_given_up > 0
    assert law.compute_optimal(mine.optimal_flops_for_same_loss).loss == pytest.approx(mine.loss, rel=1e-12)
    assert mine.optimal_flops_for_same_loss < 5.76e23


def test_my_model_at_the_optimum_gives_up_nothing():
    best = PUBLISHED_LAWS["hoffmann2022"].compute_optimal(1e22).params
    mine = explore(ExplorerInputs(flops=1e22, law="hoffmann2022", my_params=best)).my_model
    assert mine.loss_given_up == pytest.approx(0, abs=1e-12)
    assert mine.optimal_flops_for_same_loss == pytest.approx(1e22, rel=1e-6)


@pytest.mark.parametrize("mode", ["budget", "loss", "inference", "data"])
def test_every_law_side_by_side_answers_the_same_question(mode):
    result = explore(ExplorerInputs(mode=mode, compare_all=True))
    assert [row.law for row in result.rows] == list(PUBLISHED_LAWS)
    mine = next(row for row in result.rows if row.law == result.law.name)
    assert mine.plan == result.plan  # the table agrees with the answer above it
    assert "explorer-compare" in summary_html(result)


def test_a_law_that_cannot_answer_says_why_in_its_row():
    result = explore(ExplorerInputs(mode="loss", target_loss=1.75, compare_all=True))  # below some laws' E
    notes = {row.law: row.note for row in result.rows if row.plan is None}
    assert notes
    assert all("loss [nats/token]" in note for note in notes.values())  # the field's label, not the argument


def test_the_result_carries_the_curves_it_shows():
    result = explore(ExplorerInputs(flops=1e22, my_params=1e9, compare_all=True))
    assert len(result.valley) == len(PUBLISHED_LAWS) == len(result.frontier)
    law = result.law
    curve = next(c for c in result.valley if c.label == law.name)
    np.testing.assert_allclose(curve.y, law.loss(curve.x, 1e22 / (6 * curve.x)), rtol=1e-12)
    kinds = {p.kind for p in result.valley_points}
    assert {"optimum", "mine"} <= kinds
    plan = next(p for p in result.frontier_points if p.kind == "plan")
    assert (plan.x, plan.y) == (result.plan.flops, result.plan.params)


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (ExplorerInputs(flops=-1.0), r"^budget \[FLOP\]: must be a finite number > 0"),
        (ExplorerInputs(flops="lots"), r"^budget \[FLOP\]"),
        (ExplorerInputs(law="kaplan"), "^law: must be one of"),
        (ExplorerInputs(mode="guess"), "^I have: must be one of"),
        (ExplorerInputs(mfu=0.0), "^MFU"),
        (ExplorerInputs(budget_as="hardware", n_gpus=0), "^how many"),
        (ExplorerInputs(budget_as="hardware", days=-2), "^days"),
        (ExplorerInputs(law="custom", custom=(1.69, 406.4, 410.7, -0.34, 0.28)), "alpha"),
        (ExplorerInputs(flops_per_param_token=0), "^k in C = k·N·D: must be"),
        (ExplorerInputs(my_params=-5), r"^my model \[params\]"),
        (ExplorerInputs(mode="loss", target_loss=1.0), r"^loss \[nats/token\] must be a finite number > 1.69"),
        (ExplorerInputs(mode="inference", inference_tokens=-1), r"^inference \[tokens\]"),
        (ExplorerInputs(mode="data", unique_tokens=0), r"^unique data \[tokens\]"),
        (ExplorerInputs(budget_as="hardware", n_gpus=1e200, days=1e200), "^how many × days is too large"),
        (ExplorerInputs(law="custom", custom=(1.69, 406.4, 410.7, 1e-6, 1e-6)), "custom law|float64"),
    ],
)
def test_bad_inputs_are_a_message_naming_the_field(inputs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        explore(inputs)


def test_unused_fields_are_not_checked():
    explore(ExplorerInputs(mode="loss", flops=-1, days=-1, unique_tokens=0))


def _numbers(result) -> list[float]:
    found: list[float] = []

    def walk(value):
        if isinstance(value, float | int) and not isinstance(value, bool):
            found.append(float(value))
        elif isinstance(value, np.ndarray):
            found.extend(value.ravel().tolist())
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, ScalingLaw):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))

    walk(result)
    return found


EXTREME = [
    ExplorerInputs(flops=3.0),
    ExplorerInputs(flops=1e300, my_params=1.0),
    ExplorerInputs(flops=3.0, compare_all=True, my_params=1e12),
    ExplorerInputs(mode="loss", target_loss=1.6934),
    ExplorerInputs(mode="loss", target_loss=1e6),
    ExplorerInputs(mode="inference", flops=1e300, inference_tokens=1e300),
    ExplorerInputs(mode="inference", flops=3.0, inference_tokens=0),
    ExplorerInputs(mode="data", flops=1e300, unique_tokens=1.0, compare_all=True),
    ExplorerInputs(mode="data", flops=3.0, unique_tokens=1e300),
    ExplorerInputs(law="custom", custom=(0.0, 1e-3, 1e-3, 1e-3, 1e-3), flops=1e300),
    ExplorerInputs(law="custom", custom=(1.69, 406.4, 410.7, 0.01, 0.01), flops=1e24, compare_all=True),
    ExplorerInputs(budget_as="hardware", n_gpus=1e-3, days=1e-3, mfu=0.05, gpu="V100"),
]


@pytest.mark.parametrize("inputs", EXTREME, ids=range(len(EXTREME)))
def test_extreme_valid_inputs_give_finite_numbers_or_a_message(inputs):
    try:
        result = explore(inputs)
    except ValueError as error:
        message = str(error)
    else:
        message = ""
    if message:
        assert re.search(r"budget|loss|law|too large|floating point|float64|tokens", message), message
        return
    assert all(math.isfinite(x) for x in _numbers(result))
    shown = headline(result) + summary_html(result)
    assert not re.search(r"\b(inf|nan)\b", shown, re.IGNORECASE), shown


# --- links -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inputs",
    [
        ExplorerInputs(),
        ExplorerInputs(flops=1.234e24, my_params=7e10, law="besiroglu2024", compare_all=True),
        ExplorerInputs(mode="inference", quality_from="loss", target_loss=1.95, inference_tokens=3e13, gpu="A100"),
        ExplorerInputs(mode="data", budget_as="hardware", n_gpus=1024, days=45.5, mfu=0.37, unique_tokens=5e11),
        ExplorerInputs(law="custom", custom=(1.5, 300.0, 500.0, 0.31, 0.29), flops_per_param_token=8),
    ],
)
def test_a_link_round_trips_the_inputs(inputs):
    assert inputs_from_query(inputs_to_query(inputs)) == inputs


def test_a_link_names_what_it_ignores():
    fields, notes = query_fields("C=2e24&colour=red&alpha=0.3")
    assert fields["flops"] == "2e24"
    assert fields["alpha"] == "0.3"
    assert notes == ["ignored 'colour' in the link"]


# --- the widgets, driven as a user would ------------------------------------------------------------------------------


@pytest.fixture
def app() -> BudgetExplorer:
    return BudgetExplorer()


def _cell(app: BudgetExplorer, css: str) -> str:
    return app.summary.value.split(f'class="{css}">')[1].split("<")[0]


def test_starts_with_an_answer_and_pictures(app):
    law = PUBLISHED_LAWS[app.law.value]
    assert _cell(app, "params") == f"{human_count(law.compute_optimal(5.76e23).params)} parameters"
    assert "GPU-hours" in app.headline.value
    assert bytes(app.valley_image.value).startswith(b"<?xml")
    assert bytes(app.frontier_image.value).startswith(b"\x89PNG")
    assert app.message.value == ""


def test_typing_a_budget_updates_numbers_and_pictures(app):
    before = (bytes(app.valley_image.value), bytes(app.frontier_image.value))
    app.flops_text.value = "1e21"
    expected = human_count(PUBLISHED_LAWS[app.law.value].compute_optimal(1e21).params)
    assert _cell(app, "params") == f"{expected} parameters"
    assert bytes(app.valley_image.value) != before[0]
    assert bytes(app.frontier_image.value) != before[1]
    assert app.flops_slider.value == pytest.approx(1e21)  # the slider follows the typed value


def test_slider_writes_the_text_field(app):
    app.flops_slider.value = 1e25
    assert parse_number(app.flops_text.value, "budget") == pytest.approx(1e25, rel=1e-3)
    assert app.result.plan.flops == pytest.approx(1e25, rel=1e-3)


def test_nonsense_shows_a_message_and_blanks_the_numbers(app):
    for nonsense in ("abc", "-3", "0"):
        app.flops_text.value = nonsense
        assert "⚠" in app.message.value
        assert "budget" in app.message.value
        assert app.summary.value == ""
        assert "no answer" in app.headline.value
        assert app.valley_image.layout.visibility == "hidden"
    app.flops_text.value = "3e22"
    assert app.message.value == ""
    assert "3e22 FLOP" in app.summary.value
    assert app.valley_image.layout.visibility == "visible"


def test_any_exception_while_updating_is_a_message(app, monkeypatch):
    def broken(_result):
        raise RuntimeError("the renderer fell over")

    monkeypatch.setattr(app.figure, "update", broken)
    app.flops_text.value = "1e22"
    assert "RuntimeError" in app.message.value
    assert app.summary.value == ""


def _visible(widget) -> bool:
    return widget.layout.display != "none"


def test_only_the_controls_a_question_uses_are_shown(app):
    assert _visible(app.flops_box)
    assert not _visible(app.days)
    assert not _visible(app.target_loss)
    app.budget_as.value = "hardware"
    assert not _visible(app.flops_box)
    assert _visible(app.days)
    app.mode.value = "loss"
    assert not _visible(app.budget_box)
    assert _visible(app.target_loss)
    assert not _visible(app.my_params)
    app.mode.value = "inference"
    assert _visible(app.inference_tokens)
    assert _visible(app.budget_box)
    assert not _visible(app.target_loss)
    app.quality_from.value = "loss"
    assert not _visible(app.budget_box)
    assert _visible(app.target_loss)
    app.mode.value = "data"
    assert _visible(app.unique_tokens)
    assert not _visible(app.inference_tokens)
    assert app.message.value == ""


def test_hardware_mode(app):
    app.budget_as.value = "hardware"
    app.n_gpus.value = "2048"
    expected = cluster_flops(2048, float(app.days.value), gpu=app.gpu.value, mfu=app.mfu.value)
    assert app.result.budget == pytest.approx(expected)
    app.n_gpus.value = "many"
    assert "how many" in app.message.value


def test_a_bad_value_in_a_hidden_field_does_not_block_an_answer(app):
    app.days.value = "soon"  # days are an output in FLOPs mode
    assert app.message.value == ""
    assert app.result is not None


def test_custom_law_fields(app):
    assert not _visible(app.custom_box)
    app.law.value = "custom"
    assert _visible(app.custom_box)
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
    app.flops_text.value = "1e300"
    assert app.message.value == ""
    assert app.result.plan.flops == 1e300


def test_a_shared_link_sets_the_controls():
    app = BudgetExplorer.from_query("mode=data&C=2e24&U=3e11&law=besiroglu2024&all=1&colour=red")
    assert (app.mode.value, app.law.value, app.compare_all.value) == ("data", "besiroglu2024", True)
    assert app.result.inputs.unique_tokens == 3e11
    assert app.result.plan.flops == 2e24
    assert "colour" in app.message.value
    assert inputs_from_query(app.result.query) == app.result.inputs


def test_a_link_with_a_bad_value_shows_it_and_a_message():
    app = BudgetExplorer.from_query("C=lots&law=nope")
    assert app.flops_text.value == "lots"
    assert "is not a number" in app.message.value
    assert app.result is None
    app.flops_text.value = "1e23"
    assert "nope" in app.message.value
    assert app.result is not None


def test_notebook_display_is_short_and_stable(app):
    bundle = app._repr_mimebundle_()
    assert bundle["text/plain"].startswith("BudgetExplorer")
    assert "application/vnd.jupyter.widget-view+json" in bundle


# --- every message names the field as the user sees it ----------------------------------------------------------------

TEXT_FIELDS = {
    # control: (the question that uses it, other controls to set first, bad values)
    "flops_text": ("budget", {}, ("abc", "1,5", "-1", "1e400")),
    "n_gpus": ("budget", {"budget_as": "hardware"}, ("abc", "1,5", "0", "1e300")),
    "days": ("budget", {"budget_as": "hardware"}, ("abc", "1,5", "-1", "1e300")),
    "target_loss": ("loss", {}, ("abc", "1,5", "1.0", "1e300")),
    "inference_tokens": ("inference", {}, ("abc", "1,5", "-1")),
    "unique_tokens": ("data", {}, ("abc", "1,5", "0", "1e-300")),
    "k": ("budget", {}, ("abc", "1,5", "0", "1e300")),
    "my_params": ("budget", {}, ("abc", "1,5", "-1", "1e-300", "1e300")),
}


def _label(app: BudgetExplorer, control: str) -> str:
    """The label the control shows; the budget's text field sits under the slider that names it."""
    return app.flops_slider.description if control == "flops_text" else getattr(app, control).description


@pytest.mark.parametrize(
    ("control", "bad"), [(control, bad) for control, (_, _, values) in TEXT_FIELDS.items() for bad in values]
)
def test_a_bad_value_in_a_text_field_names_its_label(control, bad):
    mode, first, _ = TEXT_FIELDS[control]
    app = BudgetExplorer(ExplorerInputs(mode=mode, **first))
    assert app.error is None
    getattr(app, control).value = bad
    assert app.error is not None
    assert _label(app, control) in app.error, app.error


@pytest.mark.parametrize("index", range(5))
@pytest.mark.parametrize("bad", ["abc", "1,5", "-1"])
def test_a_bad_custom_constant_names_it(index, bad):
    app = BudgetExplorer(ExplorerInputs(law="custom"))
    app.custom[index].value = bad
    assert app.custom[index].description in app.error


@pytest.mark.parametrize(
    ("control", "inputs"),
    [
        ("mode", ExplorerInputs(mode="guess")),
        ("budget_as", ExplorerInputs(budget_as="GPUs")),
        ("gpu", ExplorerInputs(gpu="B9000")),
        ("mfu", ExplorerInputs(mfu=1.5)),
        ("quality_from", ExplorerInputs(mode="inference", quality_from="vibes")),
        ("law", ExplorerInputs(law="kaplan")),
        ("compare_all", ExplorerInputs(compare_all=3)),
    ],
)
def test_a_bad_choice_names_the_control_by_its_label(app, control, inputs):
    """Dropdowns, toggles and sliders cannot hold a bad value; a link or a program can pass one."""
    with pytest.raises((ValueError, TypeError)) as error:
        explore(inputs)
    assert str(error.value).startswith(getattr(app, control).description + ":"), str(error.value)


def test_my_model_beyond_floating_point_names_the_field_not_tokens():
    for params in (1e-300, 1e300):
        with pytest.raises(ValueError, match=r"^my model \[params\]: ") as error:
            explore(ExplorerInputs(my_params=params))
        assert "tokens must" not in str(error.value)


def test_a_budget_whose_optimum_is_e_names_the_budget():
    inputs = ExplorerInputs(mode="inference", flops=1e300, inference_tokens=1e12)
    with pytest.raises(ValueError, match=r"^budget \[FLOP\]: ") as error:
        explore(inputs)
    assert "target_loss" not in str(error.value)


def test_library_messages_name_the_fields_not_the_arguments():
    with pytest.raises(ValueError, match=r"unique data \[tokens\]=1e-300") as error:  # the library's unique_tokens
        explore(ExplorerInputs(mode="data", unique_tokens=1e-300))
    message = str(error.value)
    assert "unique_tokens" not in message
    assert not re.search(r"\bflops\b", message)


def test_a_link_with_a_comma_in_a_constant_shows_a_message():
    app = BudgetExplorer.from_query("law=custom&alpha=1,5")
    assert app.custom[3].value == "1,5"
    assert app.error.startswith("alpha: '1,5' is not a number (use a point for decimals")
    with pytest.raises(ValueError, match=r"^alpha: '1,5' is not a number"):
        inputs_from_query("law=custom&alpha=1,5")


def test_a_link_with_a_bad_choice_names_the_control():
    app = BudgetExplorer.from_query("as=GPUs")
    assert "budget as: the link's 'GPUs' is not one of flops, hardware" in html.unescape(app.message.value)
