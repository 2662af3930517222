"""Sphinx configuration of the course website (`make book`): the executed chapters via MyST-NB, no re-execution.

scripts/build_book.py stages the student edition (chapters without solutions, glossary, formula sheet, teacher's
guide) with this folder's index.md and a local copy of MathJax 3, then runs Sphinx with this file. Nothing is
fetched at build or view time: the theme is a Python package, MathJax comes from the npm registry.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

project = "Chinchilla scaling laws: an interactive course"
author = "chinchilla-course contributors"
copyright = "2026, chinchilla-course contributors"

extensions = ["myst_nb"]
root_doc = "index"
include_patterns = ["index.md", "TEACHING.md", "docs/*.md", "notebooks/*.ipynb"]
exclude_patterns = ["**/.ipynb_checkpoints"]
suppress_warnings = ["mystnb.unknown_mime_type"]  # widget views: the static page shows their text fallback

# the committed notebooks are executed and tested by nbval: render their outputs, never run them again
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# MathJax 3 from the npm registry, copied next to the theme's assets by scripts/build_book.py (no CDN)
html_static_path = [os.environ.get("BOOK_STATIC", str(ROOT / "build" / "book-static"))]
mathjax_path = "mathjax/tex-chtml.js"


def _binder_repository() -> tuple[str, str]:
    """owner/name and ref of the Binder badge in README.md (one place to change the repository)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/([\w.-]+)", readme)
    return (match.group(1), match.group(2)) if match else ("chinchilla-course/chinchilla-course", "HEAD")


REPOSITORY, REF = _binder_repository()
LICENCE_FOOTER = (
    "Code: <a href='https://opensource.org/license/mit'>MIT licence</a>. Text and figures: "
    "<a href='https://creativecommons.org/licenses/by/4.0/'>CC BY 4.0</a>, chinchilla-course contributors."
)

html_theme = "sphinx_book_theme"
html_title = "Chinchilla scaling laws"
html_theme_options = {
    "repository_url": f"https://github.com/{REPOSITORY}",
    "repository_branch": REF,
    "path_to_docs": "",
    "use_repository_button": True,
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"},
    "extra_footer": f"<p class='licence'>{LICENCE_FOOTER}</p>",
}
