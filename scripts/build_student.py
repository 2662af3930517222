"""Build the student edition of the course: ``make student`` writes ``build/student/``.

The edition holds what a student needs and nothing a teacher keeps back: the executed chapters
(``notebooks/NN_*.ipynb``) passed through nbconvert's ``TagRemovePreprocessor``, which drops every cell tagged
``solution`` (answers) or ``teacher`` (notes for the teacher, links to the solutions); the ``chinchilla_lib`` package
with ``pyproject.toml`` and the pinned ``constraints.txt``, ``environment.yml`` and ``binder/`` so that it installs
(or runs on Binder) as the course does; the glossary, formula sheet and teacher's guide that the chapters link to;
both licences; and a README for students. ``notebooks/src/`` and ``notebooks/solutions/`` are never copied.

Outputs are kept: the chapters are handed out executed, as committed and tested by nbval, so that a student who
opens one on GitHub or in a browser sees the figures and tables before running anything. The graders' stored
output is "not answered yet", which gives nothing away. Copy the folder into a class repository and push it.

Usage: ``python scripts/build_student.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import TagRemovePreprocessor

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "student"
REMOVED_TAGS = frozenset({"solution", "teacher"})
# what the edition copies from the repository besides the chapters (relative paths)
FILES = ("pyproject.toml", "constraints.txt", "environment.yml", "LICENSE", "LICENSE-CONTENT", "TEACHING.md")
FOLDERS = ("chinchilla_lib", "binder", "docs")
README = ROOT / "scripts" / "student_README.md"


def exporter() -> NotebookExporter:
    """nbconvert's notebook-to-notebook exporter that removes cells tagged ``solution`` or ``teacher``."""
    notebooks = NotebookExporter()
    notebooks.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(REMOVED_TAGS)), enabled=True)
    return notebooks


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student version of one notebook: tagged cells removed, validated."""
    body, _ = exporter().from_notebook_node(notebook)
    result = nbformat.reads(body, as_version=4)
    nbformat.validate(result)
    return result


def chapters() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def build(out: Path = DEFAULT_OUT) -> Path:
    """Write the student edition into ``out`` (replacing what was there) and return ``out``."""
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    for chapter in chapters():
        notebook = student_notebook(nbformat.read(chapter, as_version=4))
        nbformat.write(notebook, out / "notebooks" / chapter.name)
    for name in FILES:
        shutil.copyfile(ROOT / name, out / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "book")
    for name in FOLDERS:
        shutil.copytree(ROOT / name, out / name, ignore=ignore)
    shutil.copymode(ROOT / "binder" / "postBuild", out / "binder" / "postBuild")
    shutil.copyfile(README, out / "README.md")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default build/student)")
    args = parser.parse_args(argv)
    out = build(args.out)
    print(f"student edition in {out}: {len(chapters())} chapters, no solutions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
