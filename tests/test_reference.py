"""The reference values: parsing, tolerances from printed rounding, errors, and every course-computed value
reproduced by the library (so that a value marked "computed" is computed, not typed)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from chinchilla_lib import PUBLISHED_LAWS, reference, training_flops
from chinchilla_lib.beyond import KAPLAN_2020, KaplanLaw

HOFFMANN = PUBLISHED_LAWS["hoffmann2022"]
TEX = PUBLISHED_LAWS["hoffmann2022_tex"]
EPOCH = PUBLISHED_LAWS["besiroglu2024"]
R = reference.value

# Every "computed" entry and the library call that reproduces it. The Figure 4 objectives are checked in
# tests/test_fitting.py, where the data are loaded once.
COMPUTED = {
    "hoffmann2022.chinchilla_6nd": lambda: training_flops(
        R("hoffmann2022.chinchilla_params"), R("hoffmann2022.chinchilla_tokens")
    ),
    "hoffmann2022.gopher_6nd": lambda: training_flops(R("hoffmann2022.gopher_params"), R("hoffmann2022.gopher_tokens")),
    "hoffmann2022.params_at_gopher_budget_rounded": lambda: HOFFMANN.compute_optimal(reference.GOPHER_BUDGET).params,
    "hoffmann2022.params_at_gopher_budget_tex": lambda: TEX.compute_optimal(reference.GOPHER_BUDGET).params,
    "besiroglu2024.params_at_gopher_budget": lambda: EPOCH.compute_optimal(reference.GOPHER_BUDGET).params,
    "hoffmann2022.tokens_per_param_70b_rounded": lambda: HOFFMANN.optimal_tokens(70e9) / 70e9,
    "hoffmann2022.tokens_70b_rounded": lambda: HOFFMANN.optimal_tokens(70e9),
    "hoffmann2022.gamma_rounded": lambda: HOFFMANN.gamma,
    "hoffmann2022.phi_rounded": lambda: HOFFMANN.phi,
    "hoffmann2022.tokens_per_param_70b_tex": lambda: TEX.optimal_tokens(70e9) / 70e9,
    "besiroglu2024.tokens_per_param_70b": lambda: (
        EPOCH.compute_optimal(R("hoffmann2022.chinchilla_6nd")).tokens_per_param
    ),
    "kaplan2020.params_at_1e21_cmin_equal_c": lambda: KaplanLaw(compute_min_fraction=1.0).optimal_params(1e21),
}
COVERED_ELSEWHERE = {
    "besiroglu2024.objective_hoffmann_rounded",
    "besiroglu2024.objective_hoffmann_tex",
    "besiroglu2024.objective_epoch",
    "besiroglu2024.objective_summed_huber_optimum",
}


@pytest.mark.parametrize("key", sorted(COMPUTED))
def test_computed_values_are_what_the_library_computes(key):
    assert reference.get(key).kind == "computed"
    assert reference.get(key).agrees(float(COMPUTED[key]()))


def test_every_computed_value_is_checked():
    computed = {item.key for item in reference.all_values() if item.kind == "computed"}
    assert computed == set(COMPUTED) | COVERED_ELSEWHERE


def test_published_quotes_reproduced():
    # Hoffmann's "Kaplan predicts 4.68B at 1e21 FLOPs" is Kaplan's Table 6 with C_min = C/2
    assert reference.get("hoffmann2022.kaplan_params_at_1e21").agrees(KAPLAN_2020.optimal_params(1e21))  # C_min = C/2
    # Fig. 4 caption "near 40B": the TeX constants, not the rounded ones
    near = reference.get("hoffmann2022.gopher_budget_near_params")
    assert near.agrees(TEX.compute_optimal(reference.GOPHER_BUDGET).params)
    assert not near.agrees(HOFFMANN.compute_optimal(reference.GOPHER_BUDGET).params)


@pytest.mark.parametrize(
    ("printed", "tolerance"), [("5.76e23", 0.005e23), ("8.0e9", 0.05e9), ("109.4", 0.05), ("70e9", 0.5e9), ("240", 0.5)]
)
def test_tolerance_is_half_the_last_printed_digit(printed, tolerance):
    assert reference._tolerance(printed) == pytest.approx(tolerance, rel=1e-12)


def test_agrees():
    budget = reference.get("hoffmann2022.gopher_budget")
    assert budget.agrees(5.76e23)
    assert budget.agrees(5.765e23)
    assert not budget.agrees(5.7651e23)
    assert not budget.agrees(float("nan"))
    assert float(budget) == 5.76e23


def test_tables_have_their_printed_shape():
    table3 = reference.table("hoffmann2022.table3")
    assert len(table3) == 9
    assert set(table3.columns) == {"params", "flops", "tokens"}
    assert table3.values("flops")[3] == reference.GOPHER_BUDGET
    assert table3.column("tokens")[0].printed == "8.0e9"
    assert table3.column("tokens")[0].unit == "tokens"
    a3 = reference.table("hoffmann2022.table_a3_approach3")
    assert a3.column("flops")[4].printed == "1.26e24"  # the printed typo, kept as printed
    with pytest.raises(ValueError, match="name must be one of params, flops, tokens"):
        table3.column("loss")


def test_series():
    low, high = reference.series("hoffmann2022.table2_approach3_a_interval")
    assert (low.value, high.value) == (0.454, 0.455)
    assert len(reference.series("hoffmann2022.table_a4_flops_ratio")) == 6


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: reference.get("nope"), ValueError, "key must name a reference value; known: "),
        (lambda: reference.get("hoffmann2022.table3"), ValueError, r"is a table \(use table\(\)\)"),
        (lambda: reference.get("hoffmann2022.table2_a"), ValueError, r"is a series \(use series\(\)\)"),
        (lambda: reference.table("hoffmann2022.gopher_budget"), ValueError, r"is a single value \(use get\(\)\)"),
        (lambda: reference.series(3), TypeError, "key must be a str"),
    ],
)
def test_bad_keys(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_listing_names_every_value_with_its_source():
    text = reference.listing()
    values = reference.all_values()
    assert len(text.splitlines()) == len(values)
    assert all(item.source for item in values)
    assert "hoffmann2022.gopher_budget " in text
    done = subprocess.run(
        [sys.executable, "-m", "chinchilla_lib.reference"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == text


KINDS = {"published", "repository", "secondary", "computed"}


def test_every_kind_is_documented_and_shown():
    header = reference.resources.files("chinchilla_lib").joinpath("data", reference.DATA_FILE).read_text("utf-8")
    header = header.split("\n[", 1)[0]
    for kind in KINDS:
        assert f'"{kind}"' in header, kind  # the data file's header says what each kind means
    values = reference.all_values()
    assert {item.kind for item in values} <= KINDS
    text = reference.listing()
    for item in values:
        assert f"[{item.kind}]" in next(line for line in text.splitlines() if line.startswith(item.key + " "))


def test_repository_values_name_their_code():
    repository = [item for item in reference.all_values() if item.kind == "repository"]
    assert repository  # Muennighoff et al.'s reference value comes from the authors' code
    assert all("code" in item.source or "repository" in item.source for item in repository)
