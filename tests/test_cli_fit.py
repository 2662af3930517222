"""`chinchilla fit RUNS.csv`: fit your own runs by Approach 3, with bootstrap intervals, and plan budgets."""

from __future__ import annotations

import csv
import json
import math

import pytest

from chinchilla_lib import PUBLISHED_LAWS, RECOMMENDED_LAW
from chinchilla_lib.cli import main
from chinchilla_lib.synthetic import isoflop_runs
from chinchilla_lib.your_runs import EXTRAPOLATION_LIMIT_DECADES, fit_runs, read_runs

TRUTH = PUBLISHED_LAWS["besiroglu2024"]
BUDGETS = (1e18, 1e19, 1e20, 1e21)
RESAMPLES = ["--resamples", "20"]


def _write(path, *, noise=0.0, seed=0, budget_column=True, header=None):
    runs = isoflop_runs(TRUTH, budgets=BUDGETS, per_budget=6, noise=noise, seed=seed)
    columns = [runs.params, runs.tokens, runs.loss] + ([runs.budget] if budget_column else [])
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header or ["params", "tokens", "loss", "budget"][: len(columns)])
        writer.writerows(zip(*(column.tolist() for column in columns), strict=True))
    return path


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _all_finite(value):
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_all_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_all_finite(v) for v in value)
    return True


@pytest.fixture(scope="module")
def noiseless(tmp_path_factory):
    return _write(tmp_path_factory.mktemp("runs") / "noiseless.csv", noise=0.0)


@pytest.fixture(scope="module")
def noisy(tmp_path_factory):
    return _write(tmp_path_factory.mktemp("runs") / "noisy.csv", noise=0.01, seed=3)


def test_noiseless_runs_give_the_law_back(capsys, noiseless):
    status, out, err = run(capsys, "fit", noiseless, "--flops", "1e22", *RESAMPLES, "--json")
    assert status == 0, err
    payload = json.loads(out)
    assert payload["law"]["alpha"] == pytest.approx(TRUTH.alpha, rel=1e-5)
    assert payload["law"]["beta"] == pytest.approx(TRUTH.beta, rel=1e-5)
    for name, (low, high) in payload["intervals"].items():
        truth = getattr(TRUTH, name)
        assert low <= high
        assert low * (1 - 1e-5) <= truth <= high * (1 + 1e-5), name
    assert payload["residuals"]["max"] < 1e-6


def test_json_keys_are_there_and_finite(capsys, noisy):
    # 50 resamples, not 20: a 90% percentile interval of 20 refits is set by their second-lowest and second-highest
    # values, and the full-data optimum can sit just outside it
    argv = ["--flops", "1e22,1e23", "--flops", "1e24", "--resamples", "50", "--json"]
    status, out, _ = run(capsys, "fit", noisy, *argv)
    assert status == 0
    payload = json.loads(out)  # json.loads accepts NaN: check finiteness explicitly
    assert _all_finite(payload)
    assert {"law", "objective", "intervals", "n_runs", "n_dropped", "plan"} <= set(payload)
    assert set(payload["law"]) == set(payload["intervals"]) == {"E", "A", "B", "alpha", "beta"}
    assert payload["n_runs"] == 6 * len(BUDGETS)
    assert payload["n_dropped"] == 0
    assert [plan["flops"] for plan in payload["plan"]] == [1e22, 1e23, 1e24]
    for plan in payload["plan"]:
        assert {"flops", "params", "tokens", "loss", "params_interval", "tokens_interval", "loss_interval"} <= set(plan)
        for quantity in ("params", "tokens", "loss"):
            low, high = plan[f"{quantity}_interval"]
            assert low <= plan[quantity] <= high, quantity
        assert 6 * plan["params"] * plan["tokens"] == pytest.approx(plan["flops"], rel=1e-12)
        assert plan["published"]["law"] == RECOMMENDED_LAW
        assert plan["approach2_params"] > 0  # the runs are IsoFLOP sweeps


def test_noisy_intervals_contain_the_truth(noisy):
    result = fit_runs(read_runs(noisy), n_resamples=20, seed=0)
    for name, (low, high) in result.intervals.items():
        assert low <= getattr(TRUTH, name) <= high, name


def test_text_shows_the_law_the_runs_and_the_plans(capsys, noisy):
    status, out, err = run(capsys, "fit", noisy, "--flops", "1e22", *RESAMPLES)
    assert status == 0
    assert err == ""
    for word in ("alpha", "beta", "Objective", f"all {6 * len(BUDGETS)} used", "median", "max", "90%"):
        assert word in out
    assert "Approach 2 (IsoFLOP):" in out
    assert "vs Approach 3" in out
    assert RECOMMENDED_LAW in out
    assert "warning" not in out  # one decade beyond the runs


def test_approach2_is_absent_without_a_budget_column(capsys, tmp_path):
    path = _write(tmp_path / "runs.csv", noise=0.01, budget_column=False)
    status, out, _ = run(capsys, "fit", path, "--flops", "1e22", *RESAMPLES, "--json")
    assert status == 0
    payload = json.loads(out)
    assert payload["approach2"] is None
    assert "budget column" in payload["approach2_note"]
    assert payload["plan"][0]["approach2_params"] is None
    status, out, _ = run(capsys, "fit", path, "--flops", "1e22", *RESAMPLES)
    assert "Approach 2 (IsoFLOP):" not in out


def test_column_aliases(tmp_path):
    path = _write(tmp_path / "runs.csv", header=["N", "D", "Loss", "Budget"])
    runs = read_runs(path)
    assert len(runs) == 6 * len(BUDGETS)
    assert runs.budget is not None


def test_a_budget_far_beyond_the_runs_is_flagged(capsys, noisy):
    far = max(BUDGETS) * 10 ** (EXTRAPOLATION_LIMIT_DECADES + 1)
    status, out, _ = run(capsys, "fit", noisy, "--flops", far, *RESAMPLES)
    assert status == 0
    assert "warning" in out
    assert "decades beyond the largest run" in out
    status, out, _ = run(capsys, "fit", noisy, "--flops", far, *RESAMPLES, "--json")
    assert json.loads(out)["plan"][0]["extrapolated"] is True


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("params,toks,loss\n1e8,2e9,3.1\n", "column(s) ['tokens'] not found"),
        ("params,tokens,loss\n1e8,2e9,3.1\n4e8,8e9,2.7O\n", "line 3, column 'loss': '2.7O' is not a number"),
    ],
)
def test_bad_files_get_the_loaders_message(capsys, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    status, out, err = run(capsys, "fit", path)
    assert status == 2
    assert out == ""
    assert err.startswith("chinchilla: error: bad.csv")
    assert message in err
    assert err.count("\n") == 1
    status, out, _ = run(capsys, "fit", path, "--json")
    assert status == 2
    assert message in json.loads(out)["error"]


@pytest.mark.parametrize(
    "argv",
    [["--resamples", "5"], ["--flops", "abc"], ["--flops", "-1e24"], ["--seed", "-1"], ["--frobnicate"]],
)
def test_bad_options_are_one_line_errors(capsys, noisy, argv):
    status, _, err = run(capsys, "fit", noisy, *argv)
    assert status == 2
    assert err.startswith("chinchilla: error:")
    assert err.count("\n") == 1


def test_existing_command_lines_still_work(capsys):
    status, out, err = run(capsys, "--flops", "5.76e23")
    assert status == 0
    assert err == ""
    assert RECOMMENDED_LAW in out
