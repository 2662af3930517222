"""TEACHING.md against the chapters: every "NN §N" (or "§N–M") names a section the chapter has, every section title
quoted in italics after a reference is that section's heading, and no count of laws is typed in that the library
does not give.

The chapters' sections are the ``## N. Title`` headings of their single sources, ``notebooks/src/NN_*.py``, so a
renumbered or renamed section fails here instead of drifting silently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chinchilla_lib import PUBLISHED_LAWS

ROOT = Path(__file__).resolve().parent.parent
TEACHING = (ROOT / "TEACHING.md").read_text(encoding="utf-8")
HEADING = re.compile(r"^# ## (?:(\d+)\. )?(.+?)\s*$")
# "02 §4", "05 §1–3", and a bare "§6" that continues the chapter named before it ("02 §4 and §6")
REFERENCE = re.compile(r"(?:\b(\d\d)\s+)?§(\d+)(?:\s*[–-]\s*(\d+))?")
NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
}  # fmt: skip


def _chapters() -> dict[str, dict[str, object]]:
    """Per chapter number ("00" ... "07"): its numbered sections {number: title} and every ``##`` title."""
    chapters: dict[str, dict[str, object]] = {}
    for source in sorted((ROOT / "notebooks" / "src").glob("[0-9][0-9]_*.py")):
        numbered: dict[int, str] = {}
        titles: list[str] = []
        for line in source.read_text(encoding="utf-8").splitlines():
            match = HEADING.match(line)
            if match:
                titles.append(match.group(2))
                if match.group(1):
                    numbered[int(match.group(1))] = match.group(2)
        chapters[source.name[:2]] = {"sections": numbered, "titles": titles}
    return chapters


CHAPTERS = _chapters()


def _is_paper_section(line: str, match: re.Match[str]) -> bool:
    """A section of a paper, not of a chapter: "Hoffmann et al. §4.1", "their §2" (a bare § after an author)."""
    if match.group(1):
        return False
    after_author = line[: match.start()].rstrip().endswith(("et al.", "et al.,", "their", "paper's"))
    subsection = re.match(r"\.\d", line[match.end() :]) is not None  # "§4.1": the chapters number only sections
    return after_author or subsection


def _references(text: str) -> list[tuple[str, list[int], str]]:
    """Every chapter-section reference of ``text``, line by line: (chapter, [section numbers], as written).

    A bare "§N" belongs to the chapter last named on the same line; with none, the chapter is "??" (and the test
    fails: say which chapter). Sections of papers ("et al. §4.1", "their §2") are not chapter references.
    """
    found = []
    for line in text.splitlines():
        chapter = "??"
        for match in REFERENCE.finditer(line):
            if _is_paper_section(line, match):
                continue
            chapter = match.group(1) or chapter
            first = int(match.group(2))
            last = int(match.group(3)) if match.group(3) else first
            found.append((chapter, list(range(first, last + 1)), match.group(0)))
    return found


def _session_parts() -> list[str]:
    """The "part" cell (second column) of every row of the session tables."""
    parts = []
    for line in TEACHING.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and re.match(r"^\d+–\d+$", cells[0]):
            parts.append(cells[1])
    return parts


def test_the_chapters_have_numbered_sections():
    assert set(CHAPTERS) >= {f"{n:02d}" for n in range(8)}
    assert CHAPTERS["01"]["sections"][1].startswith("Three terms")
    assert _session_parts(), "no session table found in TEACHING.md"


@pytest.mark.parametrize(("chapter", "sections", "written"), _references(TEACHING))
def test_every_section_reference_names_a_section(chapter, sections, written):
    assert chapter in CHAPTERS, f"{written!r}: no chapter {chapter} (a bare § needs a chapter before it on its line)"
    missing = [n for n in sections if n not in CHAPTERS[chapter]["sections"]]
    assert not missing, (
        f"{written!r}: chapter {chapter} has no section {missing}; it has {CHAPTERS[chapter]['sections']}"
    )


@pytest.mark.parametrize("part", _session_parts())
def test_quoted_titles_are_the_chapters_headings(part):
    titles = re.findall(r"\*([^*]+)\*", part)
    if not titles:
        return
    references = _references(part)
    if references:  # "02 §1–3 *A*, *B*, *C*": one title per section, in order
        wanted = [CHAPTERS[chapter]["sections"].get(n) for chapter, sections, _ in references for n in sections]
        assert titles == wanted, f"{part!r}: the headings are {wanted}"
    else:  # "chapter 00, *A*, *B*": each title is a heading of that chapter
        chapter = re.search(r"chapter (\d\d)", part)
        assert chapter, f"{part!r}: italic titles without a chapter"
        for title in titles:
            assert title in CHAPTERS[chapter.group(1)]["titles"], (part, title, CHAPTERS[chapter.group(1)]["titles"])


def test_counts_of_laws_are_what_the_library_has():
    pattern = r"\b(" + "|".join(NUMBERS) + r"|\d+) (?:published parameter sets|parameter sets|answers|published laws)\b"
    for match in re.finditer(pattern, TEACHING, flags=re.IGNORECASE):
        word = match.group(1).lower()
        count = NUMBERS.get(word) or int(word)
        assert count == len(PUBLISHED_LAWS), (
            f"{match.group(0)!r}: the table of published laws has {len(PUBLISHED_LAWS)}"
        )


def test_discussion_questions_and_misconceptions_exist():
    questions = TEACHING.split("## Discussion questions", 1)[1].split("\n## ", 1)[0]
    asked = {int(n) for n in re.findall(r"^(\d+)\. ", questions, flags=re.MULTILINE)}
    misconceptions = {int(n) for n in re.findall(r"^\*\*(\d+)\. ", TEACHING, flags=re.MULTILINE)}
    for first, last in re.findall(r"[Dd]iscussion questions? (\d+)(?:[–-](\d+))?", TEACHING):
        wanted = set(range(int(first), int(last or first) + 1))
        assert wanted <= asked, (first, last, sorted(asked))
    for number in re.findall(r"misconception (\d+)", TEACHING):
        assert int(number) in misconceptions, (number, sorted(misconceptions))
