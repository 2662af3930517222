"""`make slides`: the reveal.js decks that nbconvert builds from chapters 01-03 work offline in a real browser.

The decks are built once per session into a temporary folder (scripts/build_slides.py, the code `make slides`
runs); one deck is opened in headless Chromium with every non-local request blocked: its first slide must show the
chapter's title and math typeset by the local MathJax, and the page must not even try to reach a CDN.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import teaching_builds
from helpers import REPO
from offline_browser import npm_or_skip, offline_page
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LECTURE = ("01_loss_and_budget", "02_deriving_the_optimum", "03_tokens_for_a_model")


@pytest.fixture(scope="session")
def slides_dir() -> Path:
    npm_or_skip()
    return teaching_builds.slides()


def test_every_lecture_chapter_has_a_deck_with_local_assets(slides_dir: Path):
    for name in LECTURE:
        deck = (slides_dir / f"{name}.slides.html").read_text(encoding="utf-8")
        for asset in ('src="require.js"', "reveal.js/dist/reveal.css", "mathjax/MathJax.js"):
            assert asset in deck, f"{name}: {asset} missing"
    for path in ("reveal.js/dist/reveal.js", "mathjax/MathJax.js", "require.js", "jquery.min.js", "LICENSE-CONTENT"):
        assert (slides_dir / path).is_file(), path


def test_lecture_sources_mark_their_slides():
    for name in LECTURE:
        notebook = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
        kinds = [cell.metadata.get("slideshow", {}).get("slide_type") for cell in notebook.cells]
        assert kinds[0] == "slide", f"{name}: the title cell must open a slide"
        assert kinds.count("slide") >= 4, f"{name}: too few slides"


def test_first_slide_shows_title_and_rendered_math_offline(slides_dir: Path):
    blocked: list[str] = []
    with offline_page(blocked) as page:
        page.goto((slides_dir / "01_loss_and_budget.slides.html").as_uri())
        current = page.locator(".reveal .slides section.present").first
        expect(current.locator("h1")).to_contain_text("01 · Read the loss, count the FLOPs", timeout=30_000)
        math = current.locator(".MathJax_CHTML, mjx-container")
        expect(math.first).to_be_visible(timeout=30_000)
        assert page.locator(".MathJax_Error, merror").count() == 0
        # reveal.js is live: the next slide is the first section
        page.keyboard.press("ArrowRight")
        expect(page.locator(".reveal .slides section.present h2").first).to_contain_text("Three terms")
    assert blocked == [], f"the deck tried to load remote resources: {blocked}"
