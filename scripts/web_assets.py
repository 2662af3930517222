"""Offline web assets for `make slides` and `make book`: reveal.js, MathJax, RequireJS and jQuery from npm.

nbconvert's slides and Sphinx load these from CDNs by default; the course must build and display with only the
package registries reachable, so they come from the npm registry at build time, at the versions pinned in
``scripts/web/package-lock.json`` (``npm ci``), into ``build/web/node_modules``. A second call reuses them.

Usage: ``python scripts/web_assets.py`` prints the ``node_modules`` folder.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "scripts" / "web"
TARGET = ROOT / "build" / "web"
FILES = ("package.json", "package-lock.json")


def node_modules() -> Path:
    """Install the pinned assets unless ``build/web`` already holds this exact lock file; return node_modules."""
    modules = TARGET / "node_modules"
    current = all((TARGET / name).exists() and filecmp.cmp(MANIFEST / name, TARGET / name) for name in FILES)
    if current and (modules / ".package-lock.json").exists():
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm not found: install Node.js (Debian: apt-get install nodejs npm) to build slides/book")
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(MANIFEST / name, TARGET / name)
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TARGET, check=True, stdout=sys.stderr
    )
    return modules


def copy_mathjax3(destination: Path) -> Path:
    """Copy MathJax 3's browser bundle (``es5/``: the TeX input, the CHTML output and its fonts) to ``destination``."""
    source = node_modules() / "mathjax3" / "es5"
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(source, destination)
    return destination


if __name__ == "__main__":
    print(node_modules())
