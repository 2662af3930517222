"""`make book`: the course website, built from the committed notebooks without executing them, works offline.

Built once per session into a temporary folder by scripts/build_book.py (Sphinx + MyST-NB, the code `make book`
runs). Headless Chromium, with every non-local request blocked, starts at the index, follows every internal link,
and checks that each chapter page shows its figures and math typeset by the local MathJax, that every page carries
the licence, and that chapters have a Binder launch button.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag, urlparse

import nbformat
import pytest
import teaching_builds
from helpers import REPO
from offline_browser import npm_or_skip, offline_page
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

NOTEBOOKS = {
    path.stem: nbformat.read(path, as_version=4) for path in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
}
CHAPTERS = sorted(NOTEBOOKS)
# the pages that must show typeset math (markdown with $...$) and figures (stored PNG outputs): 02 has no figure,
# 04's pictures live in its widget, so neither is exempted by hand
MATH = [name for name, nb in NOTEBOOKS.items() if any(c.cell_type == "markdown" and "$" in c.source for c in nb.cells)]
FIGURES = [
    name
    for name, nb in NOTEBOOKS.items()
    if any("image/png" in out.get("data", {}) for c in nb.cells for out in c.get("outputs", []))
]


@pytest.fixture(scope="session")
def site() -> Path:
    npm_or_skip()
    return teaching_builds.book()


def _local_links(page: Page, root: Path) -> set[Path]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = set()
    for href in hrefs:
        url = urlparse(urldefrag(href)[0])
        if url.scheme == "file" and url.path.endswith(".html"):
            found.add(Path(url.path))
    assert all(path.is_relative_to(root) for path in found), "a link leaves the site"
    return found


def test_the_checks_cover_most_chapters():
    assert len(MATH) >= 5
    assert len(FIGURES) >= 4


def test_site_has_every_chapter_and_the_reference_pages(site: Path):
    for name in CHAPTERS:
        assert (site / "notebooks" / f"{name}.html").is_file(), name
    for page in ("index.html", "TEACHING.html", "docs/glossary.html", "docs/formulas.html"):
        assert (site / page).is_file(), page
    assert not (site / "notebooks" / "solutions").exists()
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()


def test_every_page_offline_with_figures_math_licence_and_binder(site: Path):
    blocked: list[str] = []
    with offline_page(blocked) as page:
        todo, seen, missing = [site / "index.html"], set(), []
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen.add(path)
            if not path.is_file():
                missing.append(path)
                continue
            page.goto(path.as_uri())
            footer = page.locator("footer.bd-footer-content").inner_text()
            assert "CC BY 4.0" in footer, f"{path}: no licence in the footer"
            assert "MIT" in footer, f"{path}: no licence in the footer"
            relative = path.relative_to(site).with_suffix("").as_posix()
            name = relative.removeprefix("notebooks/")
            if name in MATH:
                page.locator("article mjx-container").first.wait_for(state="visible", timeout=30_000)
                assert page.locator("mjx-merror, .MathJax_Error").count() == 0, f"{path}: MathJax error"
            if name in FIGURES:
                images = page.locator("article img")
                assert images.count() > 0, f"{path}: no figure"
                widths = images.evaluate_all("imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
                assert all(width > 0 for width in widths), f"{path}: a figure did not load"
            if name in CHAPTERS:
                assert page.locator("a[href*='mybinder.org/v2/gh/']").count() > 0, f"{path}: no Binder button"
            todo.extend(_local_links(page, site) - seen)
    assert not missing, f"broken internal links: {missing}"
    for name in CHAPTERS:
        assert site / "notebooks" / f"{name}.html" in seen, f"{name} is not reachable from the index"
    for page_name in ("TEACHING.html", "docs/glossary.html", "docs/formulas.html"):
        assert site / page_name in seen, f"{page_name} is not reachable from the index"
    assert blocked == [], f"the site tried to load remote resources: {sorted(set(blocked))}"
