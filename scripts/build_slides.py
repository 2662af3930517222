"""Build reveal.js slides for the lecture chapters with nbconvert, viewable offline: ``make slides``.

The slides come from the committed, executed chapters (``notebooks/01-03``), whose cells carry the slide types
set in their sources (``# %% [markdown] slideshow={"slide_type": "slide"}``); nbconvert's SlidesExporter turns
them into one HTML deck per chapter. By default that template loads reveal.js, MathJax 2, RequireJS and jQuery from
CDNs; here every URL points to a copy next to the decks, installed from the npm registry at the versions pinned in
``scripts/web/package-lock.json`` (MathJax 2, because the template's slide-change hook calls MathJax 2's API). The
folder ``build/slides/`` is self-contained: copy it to a USB stick and open a deck in any browser, no network.

Usage: ``python scripts/build_slides.py [--out DIR] [NAME ...]`` (names are chapter stems, default 01-03).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from web_assets import node_modules

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "slides"
LECTURE_CHAPTERS = ("01_loss_and_budget", "02_deriving_the_optimum", "03_tokens_for_a_model")
# MathJax 2 files the decks need: the loader, the TeX-AMS_CHTML-full configuration, the TeX input, the CommonHTML
# output and its TeX WOFF fonts; the package's unpacked sources, tests, other font families, other outputs and
# PNG/SVG/OTF/EOT fonts are left out (73 MB and 3,100 files in the npm package).
MATHJAX_UNUSED_FILES = ("unpacked", "test", "png", "otf", "eot", "svg", "*.md")
MATHJAX_UNUSED_FONTS = ("Asana-Math", "Gyre-Pagella", "Gyre-Termes", "Latin-Modern", "Neo-Euler", "STIX", "STIX-Web")
MATHJAX_UNUSED_OUTPUTS = ("SVG", "NativeMML", "PreviewHTML")
MATHJAX_SKIP = shutil.ignore_patterns(*MATHJAX_UNUSED_FILES, *MATHJAX_UNUSED_FONTS, *MATHJAX_UNUSED_OUTPUTS)
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
# The reveal template imports Mermaid on every deck, used or not; the chapters have no Mermaid diagrams, so the
# import gets a local no-op module instead of a 3 MB library from a CDN.
MERMAID_STUB = "export default { initialize() {} };\n"
REMOTE = re.compile(r"""(?:src|href)=["']https?://|(?:from|import\()\s*["']https?://""")


def copy_assets(out: Path) -> None:
    """reveal.js (dist, plugin), MathJax 2, RequireJS and jQuery from build/web/node_modules into ``out``."""
    modules = node_modules()
    for name in ("reveal.js", "mathjax"):
        if (out / name).exists():
            shutil.rmtree(out / name)
    shutil.copytree(modules / "reveal.js" / "dist", out / "reveal.js" / "dist")
    shutil.copytree(modules / "reveal.js" / "plugin", out / "reveal.js" / "plugin")
    shutil.copytree(modules / "mathjax", out / "mathjax", ignore=MATHJAX_SKIP)
    shutil.copyfile(modules / "requirejs" / "require.js", out / "require.js")
    shutil.copyfile(modules / "jquery" / "dist" / "jquery.min.js", out / "jquery.min.js")
    (out / "mermaid-stub.mjs").write_text(MERMAID_STUB, encoding="utf-8")
    for licence in ("LICENSE", "LICENSE-CONTENT"):
        shutil.copyfile(ROOT / licence, out / licence)


def exporter() -> SlidesExporter:
    """nbconvert's SlidesExporter with every asset URL relative to the deck (no CDN)."""
    slides = SlidesExporter()
    slides.reveal_url_prefix = "reveal.js"
    slides.mathjax_url = MATHJAX_URL
    slides.require_js_url = "require.js"
    slides.jquery_url = "jquery.min.js"
    slides.mermaid_js_url = "./mermaid-stub.mjs"
    slides.reveal_theme = "white"  # nbconvert's default, "simple", imports its fonts from Google; white's are local
    slides.reveal_scroll = True  # long derivations scroll instead of being cut off
    slides.exclude_input_prompt = True
    slides.exclude_output_prompt = True
    return slides


def build(out: Path = DEFAULT_OUT, names: tuple[str, ...] = LECTURE_CHAPTERS) -> list[Path]:
    """Write one ``NAME.slides.html`` per chapter into ``out`` with its assets; return the decks' paths."""
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    slides = exporter()
    decks = []
    for name in names:
        notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        if not any("slideshow" in cell.metadata for cell in notebook.cells):
            raise SystemExit(f"{name}: no cell has slideshow metadata; add it in notebooks/src/{name}.py")
        body, _ = slides.from_notebook_node(notebook, resources={"metadata": {"name": name}})
        if REMOTE.search(body):
            raise SystemExit(f"{name}: the deck still loads something from a remote URL")
        deck = out / f"{name}.slides.html"
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
    return decks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default build/slides)")
    parser.add_argument("names", nargs="*", help="chapter stems (default: the lecture chapters 01-03)")
    args = parser.parse_args(argv)
    for deck in build(args.out, tuple(args.names) or LECTURE_CHAPTERS):
        print(f"wrote {deck.relative_to(ROOT) if deck.is_relative_to(ROOT) else deck}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
