"""Execution time of every notebook, against an empty notebook's in the same kind of kernel, side by side.

Goal (issue 17): each chapter executes in 10 s or less on a 2-core machine, so that `make test` and a student's
Restart & Run All stay quick. Timed as nbclient runs a notebook (what `make notebooks` and nbval do): from a started
kernel, every code cell in order; best of 3. The baseline is an empty notebook's cell (`pass`), the floor of any
cell's round trip; the kernel's start is left out of both. The slowest cells of each notebook are named.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [*sorted((ROOT / "notebooks").glob("*.ipynb")), *sorted((ROOT / "notebooks" / "app").glob("*.ipynb"))]
GOAL_SECONDS = 10.0
REPEAT = 3


def run_seconds(notebook: nbformat.NotebookNode, cwd: Path) -> tuple[float, list[tuple[float, str]]]:
    """Seconds to run every code cell of ``notebook`` in a fresh kernel, and each cell's seconds with its first line."""
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    cells = []
    with client.setup_kernel(stderr=subprocess.DEVNULL):  # the kernel's start-up chatter is not a result
        start = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                began = time.perf_counter()
                client.execute_cell(cell, index)
                cells.append((time.perf_counter() - began, cell.source.splitlines()[0] if cell.source else ""))
        return time.perf_counter() - start, cells


empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
baseline = min(run_seconds(empty, ROOT)[0] for _ in range(REPEAT))
print(f"{'notebook':45s}{'seconds':>9s}{'x empty':>9s}   slowest cells")
worst = 0.0
for path in NOTEBOOKS:
    runs = [run_seconds(nbformat.read(path, as_version=4), path.parent) for _ in range(REPEAT)]
    seconds, cells = min(runs, key=lambda run: run[0])
    worst = max(worst, seconds)
    slowest = ", ".join(f"{s:.1f} s {line[:28]!r}" for s, line in sorted(cells, reverse=True)[:2])
    print(f"{path.relative_to(ROOT / 'notebooks')!s:45s}{seconds:9.2f}{seconds / baseline:9.0f}   {slowest}")
print(f"empty notebook: {baseline * 1e3:.1f} ms; slowest notebook {worst:.2f} s (goal <= {GOAL_SECONDS:g} s)")
sys.exit(0 if worst <= GOAL_SECONDS else 1)
