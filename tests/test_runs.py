"""The CSV loader (BOM, bad bytes, long fields, headers, bounds: errors name file, line and column) and the shipped
Figure 4 data of Hoffmann et al. 2022 as Besiroglu et al. 2024 extracted it."""

from __future__ import annotations

import contextlib
import csv
import io
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from chinchilla_lib import reference
from chinchilla_lib.runs import MAX_CSV_ROWS, MAX_FIELD_CHARS, MAX_LINE_CHARS, load_figure4, load_runs_csv


def write(tmp_path, data: bytes | str, name: str = "runs.csv"):
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_reads_runs_and_flops(tmp_path):
    runs = load_runs_csv(write(tmp_path, "params,tokens,loss\n1e8,2e9,3.1\n4e8,8e9,2.7\n"))
    np.testing.assert_array_equal(runs.params, [1e8, 4e8])
    path = write(tmp_path, "N,C,L\n1e8,1.2e18,3.1\n", "flops.csv")
    from_flops = load_runs_csv(path, params_column="N", tokens_column=None, flops_column="C", loss_column="L")
    assert from_flops.tokens[0] == pytest.approx(2e9)


def test_utf8_bom_from_excel_reads(tmp_path):
    runs = load_runs_csv(write(tmp_path, b"\xef\xbb\xbfparams,tokens,loss\r\n1e8,2e9,3.1\r\n"))
    assert len(runs) == 1
    assert runs.loss[0] == 3.1


def test_blank_lines_and_extra_columns_are_ignored(tmp_path):
    runs = load_runs_csv(write(tmp_path, "name,params,tokens,loss\nsmall,1e8,2e9,3.1\n\n,,,\nbig,4e8,8e9,2.7\n"))
    assert len(runs) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"params,tokens,loss\n1e8,2e9,3.1\n4e8,8\xff9,2.7\n",
            r"runs\.csv, line 3, column 2 \('tokens'\): byte b'\\xff' is not valid UTF-8",
        ),
        (b"params,tok\xe9ns,loss\n1e8,2e9,3.1\n", r"runs\.csv, line 1, column 2: byte b'\\xe9' is not valid UTF-8"),
        (b"\xff\xfep\x00a\x00", "UTF-16 encoded; save it as UTF-8"),
        (
            "params,tokens,loss\n1e8,2e9,3.1\n4e8,lots,2.7\n",
            "runs.csv, line 3, column 'tokens': 'lots' is not a number",
        ),
        ("params,tokens,loss\n1e8,2e9,-3.1\n", "line 2, column 'loss': must be a finite number > 0"),
        ("params,tokens,loss\n1e8,2e9,nan\n", "line 2, column 'loss': must be a finite"),
        ("params,tokens,loss\n1e8,2e9\n", r"line 2, column 'loss': missing \(the row has 2 of 3 fields\)"),
        ("params,tokens,loss\n1e8,2e9,3.1,4\n", "line 2, column 4: 4 fields, but the header names 3 columns"),
        ("params,tokens,params\n1e8,2e9,3\n", "line 1, columns 1 and 3: duplicate column names 'params' and 'params'"),
        ("params,tokens,loss,Loss\n1,2,3,4\n", r"line 1, columns 3 and 4: ambiguous \(same name up to case\)"),
        ("params, tokens ,loss,tokens\n1,2,3,4\n", "line 1, columns 2 and 4: duplicate column names"),
        ("params,,loss\n1,2,3\n", "line 1, column 2: empty column name"),
        ("Params,tokens,Loss\n1,2,3\n", r"column\(s\) \['params', 'loss'\] not found.*case-sensitive"),
        ("params,tokens\n1e8,2e9\n", r"column\(s\) \['loss'\] not found"),
        ("params,tokens,loss\n", "no runs after the header"),
        ("", "the file is empty"),
        ('params,tokens,loss\n1e8,"2e9,3.1\n', "runs.csv, line 2: malformed CSV"),
    ],
)
def test_malformed_csv_names_file_line_and_column(tmp_path, data, message):
    with pytest.raises(ValueError, match=message):
        load_runs_csv(write(tmp_path, data))


def test_over_long_field_names_its_cell(tmp_path):
    long_value = "1" * (MAX_FIELD_CHARS + 1)
    with pytest.raises(ValueError, match=r"runs\.csv, line 2, column 2 \('tokens'\): field longer than 1,000"):
        load_runs_csv(write(tmp_path, f"params,tokens,loss\n1e8,{long_value},3.1\n"))
    # longer than the csv module's own limit too: still our message, and the global limit is left alone
    limit = csv.field_size_limit()
    huge = "9" * (limit + 10)
    with pytest.raises(ValueError, match=r"line 2, column 1 .*field longer than"):
        load_runs_csv(write(tmp_path, f"params,tokens,loss\n{huge},2e9,3.1\n"), max_bytes=10 * limit)
    assert csv.field_size_limit() == limit


def test_reading_is_bounded(tmp_path):
    path = write(tmp_path, "params,tokens,loss\n" + "1e8,2e9,3.1\n" * 50)
    assert len(load_runs_csv(path)) == 50
    with pytest.raises(ValueError, match=r"runs\.csv: larger than max_bytes=100 bytes"):
        load_runs_csv(path, max_bytes=100)
    with pytest.raises(ValueError, match=r"runs\.csv: more than max_rows=10 rows"):
        load_runs_csv(path, max_rows=10)


def test_max_bytes_none_reads_without_a_byte_limit(tmp_path):
    path = write(tmp_path, "params,tokens,loss\n" + "1e8,2e9,3.1\n" * 50)
    assert len(load_runs_csv(path, max_bytes=None)) == 50
    assert MAX_CSV_ROWS == 100_000_000  # documented: 2.4 GB of runs, far above any training log


def test_old_mac_line_endings_and_quoted_line_breaks_read(tmp_path):
    assert len(load_runs_csv(write(tmp_path, "params,tokens,loss\r1e8,2e9,3.1\r4e8,8e9,2.7\r"))) == 2
    runs = load_runs_csv(write(tmp_path, 'params,tokens,loss,note\n1e8,2e9,3.1,"two\nlines"\n4e8,8e9,2.7,x\n'))
    np.testing.assert_array_equal(runs.loss, [3.1, 2.7])


@contextlib.contextmanager
def traced():
    """Trace allocations in the block; the dict it yields gets the peak [bytes] and the time [s] on leaving it."""
    figures: dict[str, float] = {}
    tracemalloc.start()
    try:
        start = time.perf_counter()
        yield figures
        figures["seconds"] = time.perf_counter() - start
        figures["peak"] = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _big_csv(tmp_path, copies: int) -> tuple[Path, np.ndarray]:
    """10,000 distinct runs written ``copies`` times (42 bytes a run), and the array they hold."""
    rng = np.random.default_rng(0)
    block = np.column_stack(
        [10 ** rng.uniform(7, 10, 10_000), 10 ** rng.uniform(9, 12, 10_000), rng.uniform(2, 4, 10_000)]
    )
    text = io.StringIO()
    np.savetxt(text, block, fmt="%.7e", delimiter=",")
    path = write(tmp_path, "params,tokens,loss\n" + text.getvalue() * copies)
    return path, np.tile(np.loadtxt(io.StringIO(text.getvalue()), delimiter=","), (copies, 1))


@pytest.mark.large_file
def test_a_million_runs_load(tmp_path, record_property):
    path, expected = _big_csv(tmp_path, 100)  # 1,000,000 runs, 42 MB: a training log of a normal size
    assert path.stat().st_size > 40e6
    start = time.perf_counter()
    runs = load_runs_csv(path)
    seconds = time.perf_counter() - start
    np.testing.assert_array_equal(np.column_stack([runs.params, runs.tokens, runs.loss]), expected)
    record_property("timing", f"load_runs_csv, 1,000,000 runs ({path.stat().st_size / 1e6:.0f} MB): {seconds:.1f} s")


@pytest.mark.large_file
def test_runs_load_streamed_in_bounded_memory(tmp_path):
    path, expected = _big_csv(tmp_path, 20)  # 200,000 runs, 8.4 MB (tracemalloc slows reading tenfold)
    with traced() as figures:
        runs = load_runs_csv(path)
    np.testing.assert_array_equal(np.column_stack([runs.params, runs.tokens, runs.loss]), expected)
    # tracemalloc counts the bytes Python and NumPy allocate (not the process's RSS), so the bound is the same on
    # every machine: the runs themselves need 24 bytes each (three float64 columns, plus at most 1/16 of growth
    # slack), and a streamed read adds one line and the runs' checks (1 byte per run). 1.5x that is below the file's
    # own size, which reading the file whole (as the loader did before) would already take, twice over.
    assert figures["peak"] < 1.5 * 24 * len(runs) < path.stat().st_size


def test_a_line_without_end_is_refused_after_one_line(tmp_path):
    path = write(tmp_path, b"params,tokens,loss\n" + b"1" * 50_000_000)  # 50 MB and no line break
    message = r"runs\.csv, line 2: a row longer than MAX_LINE_CHARS=1,048,576 characters \(no line breaks"
    with traced() as figures, pytest.raises(ValueError, match=message):
        load_runs_csv(path)
    assert figures["peak"] < 4 * MAX_LINE_CHARS  # read at most about one line's worth, not the 50 MB


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_refused():
    with pytest.raises(ValueError, match=r"zero, line 1: a row longer than MAX_LINE_CHARS"):
        load_runs_csv("/dev/zero")


def test_an_unclosed_quote_is_refused_naming_its_line(tmp_path):
    path = write(tmp_path, 'params,tokens,loss,note\n1e8,2e9,3.1,"' + ("x" * 999 + "\n") * 3000)
    with pytest.raises(ValueError, match=r"runs\.csv, line \d+: field longer than 1,000 characters \(a quoted field"):
        load_runs_csv(path)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"max_rows": 0}, ValueError, "max_rows must be >= 1"),
        ({"max_bytes": 1.5}, TypeError, "max_bytes must be a whole number or None"),
        ({"max_rows": None}, TypeError, "max_rows must be a whole number"),
        ({"max_rows": True}, TypeError, "max_rows must be a whole number"),
        ({"loss_column": 3}, TypeError, r"loss_column must be a column name \(str\)"),
        ({"flops_column": "C"}, ValueError, "exactly one of tokens_column or flops_column"),
        ({"tokens_column": "loss"}, ValueError, "three different columns"),
        ({"tokens_column": None, "flops_column": "C", "flops_per_param_token": 0}, ValueError, "flops_per_param_token"),
    ],
)
def test_bad_arguments(tmp_path, kwargs, error, message):
    path = write(tmp_path, "params,tokens,loss,C\n1e8,2e9,3.1,1e18\n")
    with pytest.raises(error, match=message):
        load_runs_csv(path, **kwargs)


def test_path_must_be_a_path():
    with pytest.raises(TypeError, match="path must be a file path"):
        load_runs_csv(b"runs.csv")  # type: ignore[arg-type]


# --- the shipped Figure 4 data ----------------------------------------------------------------------------------------


def test_figure4_ships_with_the_package():
    runs = load_figure4()
    assert len(runs) == reference.value("besiroglu2024.figure4_runs")
    everything = load_figure4(drop_highest=0)
    assert len(everything) == 245
    assert runs.loss.max() < np.sort(everything.loss)[-5]
    # tokens are C/(6N), and the runs span Hoffmann's range of sizes and budgets
    assert 1e18 < everything.flops().min() < everything.flops().max() < 2e22
    assert 5e7 < everything.params.min() < everything.params.max() < 2e10


@pytest.mark.parametrize(("value", "error"), [(-1, ValueError), (245, ValueError), (1.0, TypeError), (True, TypeError)])
def test_figure4_bad_drop(value, error):
    with pytest.raises(error, match="drop_highest"):
        load_figure4(drop_highest=value)


def test_an_array_for_k_is_refused_naming_it(tmp_path):
    path = write(tmp_path, "params,flops,loss\n1e8,1e18,3.0\n")
    with pytest.raises((TypeError, ValueError), match="flops_per_param_token"):
        load_runs_csv(path, tokens_column=None, flops_column="flops", flops_per_param_token=(1e21,))


def test_a_budget_column_is_read_in_the_same_pass(tmp_path):
    path = write(tmp_path, "params,tokens,loss,budget\n1e8,2e9,3.1,1.2e18\n4e8,8e9,2.7,1.92e19\n")
    runs = load_runs_csv(path, budget_column="budget")
    assert runs.budget.tolist() == [1.2e18, 1.92e19]
    assert load_runs_csv(path).budget is None
    bad = write(tmp_path, "params,tokens,loss,budget\n1e8,2e9,3.1,1.2e18\n4e8,8e9,2.7,-1\n", "bad.csv")
    with pytest.raises(ValueError, match=r"bad\.csv, line 3, column 'budget'"):
        load_runs_csv(bad, budget_column="budget")
    with pytest.raises(ValueError, match="must be four different columns"):
        load_runs_csv(path, budget_column="loss")
    with pytest.raises(TypeError, match="budget_column"):
        load_runs_csv(path, budget_column=3)
