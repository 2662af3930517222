"""Build the course as a static website with Sphinx and MyST-NB (the engine of Jupyter Book 1): ``make book``.

Staging: the student edition (scripts/build_student.py: executed chapters without solution or teacher cells,
glossary, formula sheet) plus the teacher's guide and ``docs/book/index.md``; MathJax 3 from the npm registry is copied
into the site's static files. Sphinx then renders the notebooks' committed outputs (``nb_execution_mode = "off"``)
with sphinx-book-theme: Binder launch buttons, the licence in every page's footer, nothing loaded from a CDN.
Open ``build/book/index.html``.

Usage: ``python scripts/build_book.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import build_student
from sphinx.cmd.build import build_main
from web_assets import copy_mathjax3

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "docs" / "book"
DEFAULT_OUT = ROOT / "build" / "book"


def build(out: Path = DEFAULT_OUT, work: Path | None = None, student: Path | None = None) -> Path:
    """Render the site into ``out`` (staging and Sphinx caches go to ``work``); return the index page.

    ``student``: an already built student edition to stage instead of building one (the tests share theirs).
    """
    work = work or out.parent / f".{out.name}-work"
    staging, static = work / "src", work / "static"
    if student is None:
        build_student.build(staging)
    else:
        if staging.exists():
            shutil.rmtree(staging)
        shutil.copytree(student, staging)
    shutil.copyfile(CONF / "index.md", staging / "index.md")
    # the site is for teachers too: it carries the teacher's guide, which the student edition leaves out
    shutil.copyfile(ROOT / "TEACHING.md", staging / "TEACHING.md")
    static.mkdir(parents=True, exist_ok=True)
    copy_mathjax3(static / "mathjax")
    os.environ["BOOK_STATIC"] = str(static)
    args = ["-b", "html", "-q", "--keep-going", "-W", "-c", str(CONF), "-d", str(work / "doctrees")]
    status = build_main([*args, str(staging), str(out)])
    if status != 0:
        raise SystemExit(f"sphinx-build failed with status {status}")
    return out / "index.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default build/book)")
    parser.add_argument("--student", type=Path, help="stage this student edition instead of building one")
    args = parser.parse_args(argv)
    print(f"site: {build(args.out, student=args.student)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
