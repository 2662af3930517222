"""Build the course notebooks from their single sources in ``notebooks/src/`` (jupytext percent format).

Each source ``notebooks/src/NN_title.py`` gives two notebooks:

* ``notebooks/NN_title.ipynb``, the chapter: every cell except those tagged ``solution``;
* ``notebooks/solutions/NN_title_solutions.ipynb``, when the source has solution cells: every cell.

Both are executed top to bottom in one fresh kernel (Restart & Run All) and saved with their outputs, since nbval
compares them; saved widget state and other volatile metadata are removed. ``--check`` only verifies that the
committed notebooks hold the cells their sources give (no execution), which is what the test suite runs.

Usage: ``python scripts/build_notebooks.py [--check] [NAME ...]`` (names are source stems, e.g. ``02_deriving``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOURCES = NOTEBOOKS / "src"
SOLUTIONS = NOTEBOOKS / "solutions"
SOLUTION_TAG = "solution"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
TIMEOUT_SECONDS = 300
APPS = {"chinchilla_app": NOTEBOOKS / "app"}
"""Sources that are apps rather than chapters, and the folder their notebook goes to (Voilà serves it)."""
LANGUAGE_INFO_KEYS = {
    "codemirror_mode",
    "file_extension",
    "mimetype",
    "name",
    "nbconvert_exporter",
    "pygments_lexer",
    "version",
}


def _is_solution(cell: nbformat.NotebookNode) -> bool:
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def _clean_cell_metadata(cell: nbformat.NotebookNode) -> None:
    """Keep only the tags (less ``solution``) and the slide type, which `make slides` reads."""
    metadata = cell.get("metadata", {})
    tags = [tag for tag in metadata.get("tags", []) if tag != SOLUTION_TAG]
    cleaned: dict[str, object] = {"tags": tags} if tags else {}
    if "slideshow" in metadata:
        cleaned["slideshow"] = metadata["slideshow"]
    cell["metadata"] = cleaned


def _banner(stem: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(
        f"> **Solutions** for chapter [{stem}](../{stem}.ipynb): the same notebook with every exercise answered. "
        "Try the exercises first."
    )


def targets(source: Path) -> dict[Path, nbformat.NotebookNode]:
    """The notebooks a source gives, unexecuted: chapter (solutions removed) and, if any, solutions."""
    text = source.read_text(encoding="utf-8")
    full = jupytext.reads(text, fmt="py:percent")
    has_solutions = any(_is_solution(cell) for cell in full.cells)
    built: dict[Path, nbformat.NotebookNode] = {}
    variants = [(APPS.get(source.stem, NOTEBOOKS) / f"{source.stem}.ipynb", False)]
    if has_solutions:
        variants.append((SOLUTIONS / f"{source.stem}_solutions.ipynb", True))
    for path, keep_solutions in variants:
        notebook = jupytext.reads(text, fmt="py:percent")
        notebook.cells = [cell for cell in notebook.cells if keep_solutions or not _is_solution(cell)]
        if keep_solutions:
            notebook.cells.insert(1, _banner(source.stem))
        for index, cell in enumerate(notebook.cells):
            _clean_cell_metadata(cell)
            cell["id"] = f"cell-{index:03d}"  # stable ids: rebuilding a notebook changes only what changed
        notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
        built[path] = notebook
    return built


def execute(path: Path, notebook: nbformat.NotebookNode) -> None:
    """Run every cell in one fresh kernel, in the notebook's own folder, then drop volatile metadata."""
    client = NotebookClient(
        notebook, timeout=TIMEOUT_SECONDS, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    # Keep the language_info the kernel reported (nbclient stores it), all of it: JupyterLab writes the kernel's own
    # into a notebook it opens, and marks the notebook modified unless it is already there, version included.
    language_info = dict(notebook.metadata.get("language_info", {}))
    if not LANGUAGE_INFO_KEYS <= set(language_info):
        raise RuntimeError(f"the kernel reported an incomplete language_info: {language_info}")
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": language_info}  # no widget state
    for cell in notebook.cells:
        _clean_cell_metadata(cell)
        if cell.cell_type == "code":
            for output in cell.outputs:
                output.get("metadata", {}).pop("execution", None)
    nbformat.validate(notebook)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def keep_widget_ids(notebook: nbformat.NotebookNode, path: Path) -> None:
    """Reuse the committed notebook's widget model ids (new at every run) so that a rebuild changes no byte."""
    if not path.exists():
        return
    old = nbformat.read(path, as_version=4)
    if _sources_of(old) != _sources_of(notebook):
        return
    for new_cell, old_cell in zip(notebook.cells, old.cells, strict=True):
        for new_out, old_out in zip(new_cell.get("outputs", []), old_cell.get("outputs", []), strict=False):
            new_view = new_out.get("data", {}).get(WIDGET_VIEW)
            old_view = old_out.get("data", {}).get(WIDGET_VIEW)
            if new_view and old_view:
                new_view["model_id"] = old_view["model_id"]


def _sources_of(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def check(path: Path, expected: nbformat.NotebookNode) -> list[str]:
    """Differences between a committed notebook and what its source gives (cells only, not outputs)."""
    if not path.exists():
        return [f"{path.relative_to(ROOT)} is missing: run `make notebooks`"]
    committed = nbformat.read(path, as_version=4)
    if _sources_of(committed) != _sources_of(expected):
        return [f"{path.relative_to(ROOT)} differs from its source: run `make notebooks`"]
    if "widgets" in committed.metadata:
        return [f"{path.relative_to(ROOT)} stores widget state in its metadata"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check committed notebooks against sources")
    parser.add_argument("names", nargs="*", help="source stems to build (default: all)")
    args = parser.parse_args(argv)
    sources = sorted(SOURCES.glob("[0-9][0-9]_*.py")) + [SOURCES / f"{stem}.py" for stem in APPS]
    if args.names:
        sources = [s for s in sources if s.stem in args.names or any(s.stem.startswith(n) for n in args.names)]
    problems: list[str] = []
    for source in sources:
        for path, notebook in targets(source).items():
            if args.check:
                problems += check(path, notebook)
                continue
            print(f"executing {path.relative_to(ROOT)}", flush=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            execute(path, notebook)
            keep_widget_ids(notebook, path)
            nbformat.write(notebook, path)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
