"""`make student`: the student edition has every chapter, no solutions, no teacher material, no sources, valid
notebooks, and a README that states what pyproject.toml declares.

Built once per session into a temporary folder by scripts/build_student.py (the code `make student` runs).
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import jupytext
import nbformat
import pytest
import teaching_builds
from helpers import REPO

SCRIPT = REPO / "scripts" / "build_student.py"


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_student", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def student() -> Path:
    return teaching_builds.student_edition()


def _solution_sources() -> set[str]:
    """The source text of every cell tagged `solution` in notebooks/src/."""
    found = set()
    for source in sorted((REPO / "notebooks" / "src").glob("[0-9][0-9]_*.py")):
        for cell in jupytext.read(source).cells:
            if "solution" in cell.metadata.get("tags", []):
                found.add(cell.source.strip())
    return found


def test_every_chapter_is_there_and_valid(student: Path):
    chapters = sorted(path.name for path in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(chapters) >= 7
    assert sorted(path.name for path in (student / "notebooks").glob("*.ipynb")) == chapters
    for name in chapters:
        notebook = nbformat.read(student / "notebooks" / name, as_version=4)
        nbformat.validate(notebook)
        assert notebook.cells, name


def test_no_solutions_no_sources(student: Path):
    assert not (student / "notebooks" / "src").exists()
    assert not (student / "notebooks" / "solutions").exists()
    assert not list(student.rglob("*_solutions.ipynb"))
    solutions = _solution_sources()
    assert len(solutions) >= 5  # the check below means something
    for path in (student / "notebooks").glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            tags = set(cell.metadata.get("tags", []))
            assert not tags & {"solution", "teacher"}, f"{path.name}: tagged cell {tags}"
            assert cell.source.strip() not in solutions, f"{path.name} holds a solution:\n{cell.source}"


def test_what_a_student_needs_to_run_it(student: Path):
    for name in (
        "README.md",
        "pyproject.toml",
        "constraints.txt",
        "LICENSE",
        "LICENSE-CONTENT",
        "chinchilla_lib/__init__.py",
        "binder/postBuild",
        "docs/glossary.md",
        "docs/formulas.md",
    ):
        assert (student / name).is_file(), name
    readme = (student / "README.md").read_text(encoding="utf-8")
    assert 'pip install -c constraints.txt -e ".[course]"' in readme
    assert not list(student.rglob("__pycache__"))


def _text_files(folder: Path) -> dict[Path, str]:
    """Every file under ``folder`` that reads as UTF-8 text, with its text."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            try:
                texts[path] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
    return texts


def test_no_teacher_material(student: Path):
    """The teacher's guide (discussion answers, misconceptions, the ideas of the solutions) is not handed out, under
    its name or any other: no file of the edition holds one of its lines."""
    assert not list(student.rglob("TEACHING*")), "the teacher's guide is in the student edition"
    guide = [line.strip() for line in (REPO / "TEACHING.md").read_text(encoding="utf-8").splitlines()]
    guide = [line for line in guide if len(line) >= 60]
    assert len(guide) >= 20  # the check below means something
    for path, text in _text_files(student).items():
        copied = [line for line in guide if line in text]
        assert not copied, f"{path.relative_to(student)} holds the teacher's guide: {copied[0]}"


def test_no_answer_in_any_notebook(student: Path):
    """No notebook anywhere in the edition has a solution cell or an output that grades as correct."""
    notebooks = sorted(student.rglob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            assert "solution" not in cell.metadata.get("tags", []), f"{path.name}: solution cell"
            for output in cell.get("outputs", []):
                shown = str(output.get("text", "")) + str(output.get("data", ""))
                assert "✅" not in shown, f"{path.name}: an output grades as correct:\n{shown}"


def _title(notebook: Path) -> str:
    """A chapter's title: the text of its first markdown heading."""
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if match := re.fullmatch(r"#{1,6}\s+(.+?)\s*#*\s*", line):
                    return match.group(1)
    raise AssertionError(f"{notebook.name} has no markdown heading")


def test_readme_matches_what_the_project_declares(student: Path):
    """The README's Python version is pyproject's ``requires-python``; it lists every chapter of the edition by its
    title, with a link to it."""
    readme = (student / "README.md").read_text(encoding="utf-8")
    with (REPO / "pyproject.toml").open("rb") as file:
        requires = tomllib.load(file)["project"]["requires-python"]
    stated = re.findall(r"Python (\d+\.\d+) or newer", readme)
    assert stated, "the README states no Python version"
    assert {f">={version}" for version in stated} == {requires}, (stated, requires)
    chapters = sorted((student / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(chapters) >= 8
    for chapter in chapters:
        title = _title(chapter).replace("|", "\\|")
        assert title in readme, f"the README does not list {chapter.name} ({title})"
        assert f"(notebooks/{chapter.name})" in readme, f"the README does not link {chapter.name}"


def test_tag_remove_preprocessor_drops_solution_and_teacher_cells():
    builder = _load_builder()
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("**1.** What is 6ND?"),
            nbformat.v4.new_code_cell("answer = None"),
            nbformat.v4.new_code_cell("answer = 6 * N * D", metadata={"tags": ["solution"]}),
            nbformat.v4.new_markdown_cell("solutions are in solutions/", metadata={"tags": ["teacher"]}),
            nbformat.v4.new_code_cell("check(answer)", metadata={"tags": ["graded"]}),
        ]
    )
    result = builder.student_notebook(notebook)
    assert [cell.source for cell in result.cells] == ["**1.** What is 6ND?", "answer = None", "check(answer)"]
