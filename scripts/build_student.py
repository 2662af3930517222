"""Build the student edition of the course: ``make student`` writes ``build/student/``.

The edition holds what a student needs and nothing a teacher keeps back: the executed chapters
(``notebooks/NN_*.ipynb``) passed through nbconvert's ``TagRemovePreprocessor``, which drops every cell tagged
``solution`` (answers) or ``teacher`` (notes for the teacher, links to the solutions); the ``chinchilla_lib`` package
with ``pyproject.toml`` and the pinned ``constraints.txt``, ``environment.yml`` and ``binder/`` so that it installs
(or runs on Binder) as the course does; the glossary and formula sheet (``docs/*.md``); both licences; and a README
for students. Teacher material is never copied: not ``TEACHING.md`` (discussion answers, misconceptions, the ideas of
the solutions), ``notebooks/src/`` or ``notebooks/solutions/``.

The README is ``scripts/student_README.md`` with two values filled in from what the project declares, so that neither
can drift: the Python it needs (``requires-python`` in ``pyproject.toml``) and the chapters in the edition, each
linked by the title of its first markdown heading.

Outputs are kept: the chapters are handed out executed, as committed and tested by nbval, so that a student who
opens one on GitHub or in a browser sees the figures and tables before running anything. The graders' stored
output is "not answered yet", which gives nothing away. Copy the folder into a class repository and push it.

Usage: ``python scripts/build_student.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import string
import sys
import tomllib
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import TagRemovePreprocessor

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "student"
REMOVED_TAGS = frozenset({"solution", "teacher"})
# what the edition copies from the repository besides the chapters (relative paths)
# (never TEACHING.md: the teacher's guide holds answers)
FILES = ("pyproject.toml", "constraints.txt", "environment.yml", "LICENSE", "LICENSE-CONTENT")
FOLDERS = ("chinchilla_lib", "binder")
DOCS = ("docs/glossary.md", "docs/formulas.md")
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


def title(notebook: nbformat.NotebookNode) -> str:
    """A chapter's title: the text of its first markdown heading."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if match := re.fullmatch(r"#{1,6}\s+(.+?)\s*#*\s*", line):
                    return match.group(1)
    raise ValueError("a chapter without a markdown heading")


def python_requirement(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The Python the edition needs, in words, from ``requires-python``: ``>=3.11`` gives "Python 3.11 or newer"."""
    with pyproject.open("rb") as file:
        requires = tomllib.load(file)["project"]["requires-python"].strip()
    if match := re.fullmatch(r">=\s*(\d+\.\d+)", requires):
        return f"Python {match.group(1)} or newer"
    return f"Python `{requires}`"


def escape_cell(text: str) -> str:
    """``text`` as a cell of a Markdown table."""
    return text.replace("|", r"\|")


def readme(titles: dict[str, str]) -> str:
    """The students' README: the template with the Python requirement and the table of chapters (``titles``: file
    name to title, in order)."""
    rows = [f"| [`{name}`](notebooks/{name}) | {escape_cell(text)} |" for name, text in titles.items()]
    table = "\n".join(["| notebook | chapter |", "|---|---|", *rows])
    template = re.sub(r"\A<!--.*?-->\n", "", README.read_text(encoding="utf-8"), flags=re.DOTALL)
    return string.Template(template).substitute(python=python_requirement(), chapters=table)


def build(out: Path = DEFAULT_OUT) -> Path:
    """Write the student edition into ``out`` (replacing what was there) and return ``out``."""
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    titles = {}
    for chapter in chapters():
        notebook = student_notebook(nbformat.read(chapter, as_version=4))
        nbformat.write(notebook, out / "notebooks" / chapter.name)
        titles[chapter.name] = title(notebook)
    for name in FILES:
        shutil.copyfile(ROOT / name, out / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in FOLDERS:
        shutil.copytree(ROOT / name, out / name, ignore=ignore)
    for name in DOCS:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, out / name)
    shutil.copymode(ROOT / "binder" / "postBuild", out / "binder" / "postBuild")
    (out / "README.md").write_text(readme(titles), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default build/student)")
    args = parser.parse_args(argv)
    out = build(args.out)
    print(f"student edition in {out}: {len(chapters())} chapters, no solutions, no teacher's guide")
    return 0


if __name__ == "__main__":
    sys.exit(main())
