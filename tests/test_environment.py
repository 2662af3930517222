"""One set of pins: constraints.txt (pip), environment.yml (conda) and binder/environment.yml must agree.

Also the promises around them: the supported Pythons (pyproject.toml's classifiers) are the ones requires-python,
environment.yml, the README and CI name; the committed notebooks carry the kernel's full language_info; README's Binder
badges come from the one repository address in pyproject.toml; repo2docker builds Binder's image from binder/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from helpers import REPO

# conda-forge names that differ from PyPI's
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}
# the packages whose versions change what a notebook prints
OUTPUT_DEFINING = {"numpy", "scipy", "sympy", "matplotlib", "ipywidgets"}


PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
SUPPORTED = [
    classifier.rpartition(" :: ")[2]
    for classifier in PYPROJECT["project"]["classifiers"]
    if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", classifier)
]
"""The supported Python series ("3.11", ...), as the classifiers list them."""


def _series(text: str) -> tuple[int, int]:
    major, minor = text.split(".")[:2]
    return int(major), int(minor)


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


def test_conda_environment_holds_everything_the_course_needs():
    """Binder and conda users install from environment.yml alone (postBuild adds the library with --no-deps)."""
    _, conda = _conda()
    project = PYPROJECT["project"]
    needed = {re.split(r"[<>=!~\[ ]", spec, maxsplit=1)[0].lower() for spec in project["dependencies"]}
    needed |= {
        re.split(r"[<>=!~\[ ]", spec, maxsplit=1)[0].lower()
        for spec in project["optional-dependencies"]["course"]
        if not spec.startswith("chinchilla-course")
    }
    assert needed <= set(conda), f"missing from environment.yml: {sorted(needed - set(conda))}"


def test_supported_pythons_are_consecutive_series_from_requires_python():
    series = sorted(_series(text) for text in SUPPORTED)
    assert len(series) >= 2, SUPPORTED
    assert series == [(3, minor) for minor in range(series[0][1], series[-1][1] + 1)], "a supported series is missing"
    oldest = f"{series[0][0]}.{series[0][1]}"
    assert PYPROJECT["project"]["requires-python"] == f">={oldest}"
    assert PYPROJECT["tool"]["ruff"]["target-version"] == f"py{oldest.replace('.', '')}"
    assert PYPROJECT["tool"]["mypy"]["python_version"] == oldest


def test_conda_python_is_a_supported_series():
    python, _ = _conda()
    assert re.fullmatch(r"3\.\d+(\.\d+)?", python), python
    assert ".".join(python.split(".")[:2]) in SUPPORTED


def test_readme_and_ci_name_every_supported_python():
    readme = (REPO / "README.md").read_text()
    assert f"Python {', '.join(SUPPORTED[:-1])} or {SUPPORTED[-1]}" in readme
    ci = (REPO / ".ci" / "run").read_text()
    others = re.search(r'^OTHER_PYTHONS="([\d. ]*)"', ci, flags=re.MULTILINE)
    assert others, ".ci/run lists the Pythons it tests besides the default in OTHER_PYTHONS"
    python, _ = _conda()
    assert set(SUPPORTED) <= {".".join(python.split(".")[:2]), *others[1].split()}


def test_the_course_extra_holds_no_test_tools():
    course = " ".join(PYPROJECT["project"]["optional-dependencies"]["course"])
    for tool in ("pytest", "nbval", "ruff", "mypy", "playwright", "hypothesis"):
        assert tool not in course, f"`make lab` installs only the course extra: {tool} belongs in the test extra"


def _kernel_language_info() -> dict[str, object]:
    ipkernel = pytest.importorskip("ipykernel.ipkernel")
    return dict(ipkernel.IPythonKernel.language_info)


NOTEBOOKS = sorted((REPO / "notebooks").rglob("*.ipynb"))


def test_notebooks_carry_the_kernels_full_language_info():
    """JupyterLab writes the kernel's language_info into a notebook it opens: the same one keeps it unmodified.

    The version is the interpreter the notebooks were executed with, the one environment.yml (Binder) pins; under
    another Python the outputs are the same (nbval ignores metadata) and only that field would differ.
    """
    kernel = _kernel_language_info()
    python, _ = _conda()
    for path in NOTEBOOKS:
        info = json.loads(path.read_text())["metadata"].get("language_info", {})
        assert set(info) >= set(kernel), f"{path.name}: incomplete language_info, run `make notebooks`"
        assert {key: info[key] for key in kernel if key != "version"} == {
            key: value for key, value in kernel.items() if key != "version"
        }, f"{path.name}: ipykernel reports another language_info now, run `make notebooks`"
        assert info["version"] == python, f"{path.name} was executed with Python {info['version']}, not {python}"


def _normalised(url: str) -> str:
    """``git@github.com:o/r.git``, ``https://github.com/o/r.git``, ``https://github.com/o/r/`` -> one form."""
    url = re.sub(r"^(?:ssh://)?git@([^:/]+)[:/]", r"https://\1/", url.strip())
    return re.sub(r"(\.git)?/?$", "", url).lower()


def test_repository_address_is_this_repositorys_remote():
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    command = ["git", "-C", str(REPO), "remote", "get-url", "origin"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    remote = done.stdout.strip()
    if done.returncode != 0 or not re.match(r"(https?://|ssh://|git@)", remote):
        pytest.skip(f"no hosted remote called origin ({remote or 'none'}): nothing to compare the address with")
    assert _normalised(PYPROJECT["project"]["urls"]["Repository"]) == _normalised(remote), (
        "pyproject.toml's [project.urls] Repository is the one line to change when publishing; then run "
        "`python scripts/badges.py`"
    )


def _badges():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import badges  # noqa: PLC0415  (scripts/ is not a package)
    finally:
        sys.path.remove(str(REPO / "scripts"))
    return badges


def test_readme_badges_are_generated_from_pyproject():
    badges = _badges()
    readme = (REPO / "README.md").read_text()
    assert badges.render(readme) == readme, "run `python scripts/badges.py`"
    repository, start, app = badges.settings()
    assert (REPO / start).is_file()
    assert (REPO / app).is_file()
    owner_name = repository.removeprefix("https://github.com/")
    assert f"https://mybinder.org/v2/gh/{owner_name}/HEAD?labpath=" in readme
    assert "?urlpath=voila%2Frender%2F" + app.replace("/", "%2F") in readme


def test_binder_address_for_other_hosts():
    badges = _badges()
    assert badges.binder_base("https://github.com/o/r.git") == "https://mybinder.org/v2/gh/o/r/HEAD"
    assert badges.binder_base("https://git.example.org/o/r") == (
        "https://mybinder.org/v2/git/https%3A%2F%2Fgit.example.org%2Fo%2Fr/HEAD"
    )


def test_readme_sends_nobody_to_a_local_address_for_binder():
    assert "127.0.0.1:8866" not in (REPO / "README.md").read_text()


def test_repo2docker_builds_binder_from_binder_folder():
    """repo2docker (what Binder runs) prints the Dockerfile it would build; no Docker engine needed for that."""
    repo2docker = Path(sys.executable).parent / "jupyter-repo2docker"
    if not repo2docker.exists():
        pytest.skip("jupyter-repo2docker is not installed (it comes with the test extra)")
    command = [str(repo2docker), "--no-build", "--no-run", "--debug", "--user-id", "1000", "--user-name", "jovyan"]
    done = subprocess.run([*command, str(REPO)], capture_output=True, text=True, timeout=120, check=False)
    dockerfile = done.stdout + done.stderr
    assert done.returncode == 0, dockerfile[-2000:]
    python, _ = _conda()
    assert f"Building conda environment for python={'.'.join(python.split('.')[:2])}" in dockerfile
    assert '--file "binder/environment.yml"' in dockerfile
    assert "RUN ./binder/postBuild" in dockerfile


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


def test_make_lab_opens_the_start_notebook_without_asking_about_news():
    dry_run = subprocess.run(["make", "-s", "-n", "lab"], cwd=REPO, capture_output=True, text=True, check=True)
    command = next(line for line in dry_run.stdout.splitlines() if "jupyter lab" in line)
    assert "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb" in command
    settings_dir = Path(re.search(r'--LabApp\.app_settings_dir="?([^" ]+)', command).group(1))
    overrides = json.loads((settings_dir / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"checkForUpdates": False, "fetchNews": "false"}
    assert "overrides.json" in (REPO / "binder" / "postBuild").read_text()  # Binder's JupyterLab gets them too
