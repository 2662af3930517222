"""The `chinchilla` command: tables, JSON, and one-line errors with exit status 2."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chinchilla_lib import ACCELERATORS, LAWS, PUBLISHED_LAWS, cli, flops_to_gpu_hours, reference
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
    assert all(name in out for name in ACCELERATORS)


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


ASCII_TERMINAL = {"LC_ALL": "C", "PYTHONIOENCODING": "ascii"}


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--list-laws"], "M ~ 6N, so N = M/6 = 0.02858*C^0.5243"),  # the notes use the middle dot and ≈
        (["--list-gpus"], "H100-SXM"),
        (["--flops", str(GOPHER_BUDGET)], "hoffmann2022_tex"),
        (["--help"], "scientific notation"),
    ],
)
def test_an_ascii_terminal_gets_readable_text(argv, expected):
    env = {**os.environ, **ASCII_TERMINAL}
    command = [sys.executable, "-m", "chinchilla_lib", *argv]
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert done.stderr == b""
    text = done.stdout.decode("ascii")  # raises if anything but ASCII was written
    assert expected in text
    assert "\\x" not in text  # readable renderings, not escapes
    assert "\\u" not in text


def test_an_ascii_terminal_gets_errors_and_json_too():
    env = {**os.environ, **ASCII_TERMINAL}
    command = [sys.executable, "-m", "chinchilla_lib"]
    listing = subprocess.run([*command, "--list-laws", "--json"], capture_output=True, env=env, check=False)
    assert listing.returncode == 0
    assert set(json.loads(listing.stdout.decode("ascii"))["laws"]) == set(LAWS)
    refused = subprocess.run([*command, "--list-laws", "--mfu", "0.4"], capture_output=True, env=env, check=False)
    assert refused.returncode == 2
    assert refused.stderr.decode("ascii").startswith("chinchilla: error:")


def test_the_ascii_rendering_of_the_librarys_characters():
    text = "C = 6·N·D, M ≈ 6N, d², α − β ∝ C^a, ±1 §3.2 – …, é"
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    cli._write(text, stream)
    stream.seek(0)
    assert stream.read() == "C = 6*N*D, M ~ 6N, d^2, alpha - beta propto C^a, +/-1 Sec. 3.2 - ..., e"


@pytest.mark.parametrize(
    "argv",
    [
        ["--list-laws", "--mfu", "0.4"],
        ["--list-gpus", "--law", "hoffmann2022"],
        ["--list-laws", "--law", "all"],
        ["--list-gpus", "--gpu", "A100"],
        ["--list-laws", "-k", "6"],
        ["--version", "--days", "3"],
        ["--list-laws", "--inference-tokens", "1e12", "--price-per-hour", "2"],
    ],
)
def test_listings_refuse_flags_that_do_not_apply(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.startswith(f"chinchilla: error: {argv[0]} takes no other flag but --json, got --")
    assert err.count("\n") == 1
    status, out, err = run(capsys, *argv, "--json")
    assert status == 2
    assert err == ""
    assert "takes no other flag" in json.loads(out)["error"]


def test_listings_take_json(capsys):
    status, out, _ = run(capsys, "--list-laws", "--json")
    assert status == 0
    assert set(json.loads(out)["laws"]) == set(LAWS)
    status, out, _ = run(capsys, "--list-gpus", "--json")
    assert status == 0
    assert set(json.loads(out)["gpus"]) == set(ACCELERATORS)


@pytest.mark.parametrize("columns", [40, 60, 80, 120, 200])
def test_help_reads_as_written(capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    status, out, err = run(capsys, "--help")
    assert status == 0
    assert err == ""
    flat = " ".join(out.split())
    assert "Numbers accept scientific notation (5.76e23)" in flat
    assert "30-50% is typical" in flat
    assert "%%" not in out
    assert not re.search(r"(?<![\w-])_\w", out), "a stray underscore before a word"
    assert not re.search(r"\w-\n", out), "a flag or word broken at a hyphen"
    assert "(default 6;" in flat


def test_huge_ratios_and_epochs_print_in_scientific_notation(capsys):
    # a single unique token, repeated: the law gives ~1e16 tokens per parameter and ~1e18 epochs
    status, out, _ = run(capsys, "--flops", "1e22", "--unique-tokens", "1")
    assert status == 0
    assert not re.search(r"\d{8}", out), out  # no run of 8 digits: a million or more prints as 1.23e+16
    assert re.search(r"\d\.\d\de\+1\d", out)
