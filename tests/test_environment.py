"""One set of pins: constraints.txt (pip), environment.yml (conda) and binder/environment.yml must agree."""

from __future__ import annotations

import os
import re
import sys
from importlib.metadata import version

import yaml
from helpers import REPO

# conda-forge names that differ from PyPI's
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}
# the packages whose versions change what a notebook prints
OUTPUT_DEFINING = {"numpy", "scipy", "sympy", "matplotlib", "ipywidgets"}


def _pins() -> dict[str, str]:
    pins = {}
    for raw in (REPO / "constraints.txt").read_text().splitlines():
        line = raw.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def _conda() -> tuple[str, dict[str, str]]:
    spec = yaml.safe_load((REPO / "environment.yml").read_text())
    python, packages = "", {}
    for entry in spec["dependencies"]:
        if not isinstance(entry, str):
            continue
        name, _, version = entry.partition("=")
        if name == "python":
            python = version
        elif version:
            packages[CONDA_TO_PYPI.get(name, name)] = version
    return python, packages


def test_binder_uses_the_same_environment():
    assert (REPO / "binder" / "environment.yml").read_text() == (REPO / "environment.yml").read_text()


def test_conda_pins_agree_with_constraints():
    pins = _pins()
    _, conda = _conda()
    assert OUTPUT_DEFINING <= set(conda)
    assert {name: pins.get(name) for name in conda} == conda


def test_python_is_pinned_to_the_series_the_outputs_were_made_with():
    python, _ = _conda()
    assert re.fullmatch(r"3\.\d+", python)
    assert python == f"{sys.version_info.major}.{sys.version_info.minor}"


def test_every_pinned_package_that_matters_is_installed_at_its_pin():
    pins = _pins()
    for name in OUTPUT_DEFINING:
        assert version(name) == pins[name], f"{name}: run `make clean test` to rebuild .venv from constraints.txt"


def test_binder_post_build_installs_the_package():
    post_build = REPO / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert "pip install --no-deps -e ." in post_build.read_text()


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text()
    assert "make test" in (REPO / "README.md").read_text()
