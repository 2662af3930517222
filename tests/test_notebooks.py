"""The notebooks as files: in sync with their single sources, clean metadata, solutions that grade as correct.

nbval (run by `make test` over notebooks/) re-executes every notebook and compares the outputs; these tests check
what nbval does not: that nobody edited a generated notebook by hand, and that every solution earns a ✅.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import other_machine
import pytest
from helpers import REPO

NOTEBOOKS = sorted((REPO / "notebooks").rglob("*.ipynb"))
SOLUTIONS = sorted((REPO / "notebooks" / "solutions").glob("*.ipynb"))


def _outputs(path):
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            yield "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))


def test_committed_notebooks_match_their_sources():
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_notebooks.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_executed_in_order_without_widget_state_or_errors(path):
    notebook = json.loads(path.read_text())
    assert "widgets" not in notebook["metadata"]
    counts = [cell["execution_count"] for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "re-run with `make notebooks`"
    for cell in notebook["cells"]:
        assert all(output["output_type"] != "error" for output in cell.get("outputs", []))


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_every_solution_is_graded_correct(path):
    verdicts = [text for text in _outputs(path) if text.startswith(("✅", "❌", "⏳"))]
    assert verdicts, "a solutions notebook should grade at least one answer"
    assert all(text.startswith("✅") for text in verdicts), verdicts


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parent.name == "notebooks"], ids=lambda p: p.name)
def test_chapter_exercises_start_unanswered(path):
    verdicts = [text for text in _outputs(path) if text.startswith(("✅", "❌", "⏳"))]
    assert all(text.startswith("⏳") for text in verdicts), verdicts


def test_every_chapter_is_on_the_course_map():
    readme = (REPO / "README.md").read_text()
    start = (REPO / "notebooks" / "00_start_here.ipynb").read_text()
    for path in NOTEBOOKS:
        if path.parent.name == "notebooks":
            assert f"notebooks/{path.name}" in readme, f"README course map lacks {path.name}"
            assert path.name in start, f"00_start_here course map lacks {path.name}"


def test_the_other_machine_computes_otherwise():
    """The solutions' kernels (tests/other_machine.py) really get another BLAS kernel and NumPy's baseline loops."""
    variables = other_machine.environment()
    probe = (
        "import numpy, scipy.linalg\n"
        "from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__\n"
        "print([target for target in __cpu_dispatch__ if __cpu_features__[target]])"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, **variables, "OPENBLAS_VERBOSE": "2"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"  # no SIMD target left to dispatch to
    if "OPENBLAS_CORETYPE" in variables:  # OpenBLAS says which kernels it loaded, once for NumPy's and SciPy's copy
        cores = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Core:")]
        assert cores, done.stderr
        assert all(line == f"Core: {variables['OPENBLAS_CORETYPE']}" for line in cores), cores
