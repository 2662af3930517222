"""The `chinchilla` command: tables, JSON, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chinchilla_lib import PUBLISHED_LAWS, flops_to_gpu_hours, reference
from chinchilla_lib.cli import main
from chinchilla_lib.reference import CHINCHILLA_PARAMS, GOPHER_BUDGET


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_every_published_law_side_by_side(capsys):
    status, out, err = run(capsys, "--flops", str(GOPHER_BUDGET))
    assert status == 0
    assert err == ""
    for key in PUBLISHED_LAWS:
        assert key in out
    for key in (
        "hoffmann2022.params_at_gopher_budget_rounded",  # 32.2B
        "hoffmann2022.params_at_gopher_budget_tex",  # 40.4B
        "besiroglu2024.params_at_gopher_budget",  # 72.2B
    ):
        assert f"{reference.value(key) / 1e9:.1f}B" in out


def test_json_matches_the_library(capsys):
    status, out, _ = run(capsys, "--flops", "1e24", "--law", "hoffmann2022_tex", "--json")
    assert status == 0
    payload = json.loads(out)
    (row,) = payload["results"]
    plan = PUBLISHED_LAWS["hoffmann2022_tex"].compute_optimal(1e24)
    assert row["params"] == pytest.approx(plan.params, rel=1e-15)
    assert row["tokens"] == pytest.approx(plan.tokens, rel=1e-15)
    assert row["loss"] == pytest.approx(plan.loss, rel=1e-15)


def test_budget_from_a_cluster(capsys):
    status, out, _ = run(capsys, "--gpus", "1024", "--days", "30", "--gpu", "H100-SXM", "--mfu", "0.4", "--json")
    assert status == 0
    payload = json.loads(out)
    assert payload["flops"] == pytest.approx(1024 * 30 * 86400 * 989e12 * 0.4)
    assert payload["gpu_hours"] == pytest.approx(1024 * 30 * 24)


def test_budget_from_gpu_hours_with_explicit_peak(capsys):
    status, out, _ = run(capsys, "--gpu-hours", "1e5", "--peak-flops", "5e14", "--mfu", "0.5", "--law", "hoffmann2022")
    assert status == 0
    assert "9.00e+22 FLOP" in out
    assert "GPU-hours" in out


def test_params_mode_prints_d_star(capsys):
    status, out, _ = run(capsys, "--params", str(CHINCHILLA_PARAMS), "--law", "hoffmann2022", "--json")
    assert status == 0
    (row,) = json.loads(out)["results"]
    assert row["tokens"] == pytest.approx(PUBLISHED_LAWS["hoffmann2022"].optimal_tokens(CHINCHILLA_PARAMS))
    assert row["flops"] == pytest.approx(6 * CHINCHILLA_PARAMS * row["tokens"])


def test_other_k(capsys):
    _, out, _ = run(capsys, "--flops", "8e23", "-k", "8", "--law", "hoffmann2022", "--json")
    (row,) = json.loads(out)["results"]
    assert row["params"] == pytest.approx(PUBLISHED_LAWS["hoffmann2022"].compute_optimal(1e23, 1.0).params)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--flops", "-1"], "flops must be a finite number > 0"),
        (["--flops", "nan"], "flops must be"),
        (["--flops", "abc"], "invalid float value"),
        ([], "one of the arguments"),
        (["--gpu-hours", "1e6", "--gpu", "A100"], "give --mfu"),
        (["--gpu-hours", "1e6", "--mfu", "0.4"], "give --gpu"),
        (["--gpu-hours", "1e6", "--gpu", "A100", "--mfu", "1.5"], "mfu must be a number in (0, 1]"),
        (["--gpu-hours", "1e6", "--gpu", "B9000", "--mfu", "0.4"], "unknown gpu 'B9000'"),
        (["--gpus", "8", "--gpu", "A100", "--mfu", "0.4"], "--gpus needs --days"),
        (["--flops", "1e24", "--law", "kaplan"], "invalid choice"),
        (["--flops", "1e24", "-k", "0"], "flops_per_param_token must be"),
        (["--flops", "1e24", "--mfu", "0.4"], "--mfu needs --gpu"),
    ],
)
def test_bad_input_is_one_line_and_status_2(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        sys.exit(main(argv))
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_lists(capsys):
    _, out, _ = run(capsys, "--list-laws")
    assert all(key in out for key in PUBLISHED_LAWS)
    _, out, _ = run(capsys, "--list-gpus")
    assert "H100-SXM" in out


def test_console_script_and_module_entry_points():
    script = Path(sys.executable).with_name("chinchilla")  # the venv's bin/, not whatever PATH says
    for command in ([str(script)], [sys.executable, "-m", "chinchilla_lib"]):
        done = subprocess.run([*command, "--flops", str(GOPHER_BUDGET)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "hoffmann2022_tex" in done.stdout
        bad = subprocess.run([*command, "--flops", "-5"], capture_output=True, text=True, check=False)
        assert bad.returncode == 2
        assert bad.stderr.startswith("chinchilla: error:")


def test_gpu_hours_column_agrees_with_library(capsys):
    _, out, _ = run(capsys, "--flops", "1e23", "--gpu", "A100", "--mfu", "0.4", "--law", "hoffmann2022", "--json")
    (row,) = json.loads(out)["results"]
    assert row["gpu_hours"] == pytest.approx(flops_to_gpu_hours(1e23, gpu="A100", mfu=0.4))
