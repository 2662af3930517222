"""The teaching-kit builds, made once per test session and shared by the test modules that need them.

`make student`, `make slides` and `make book` run scripts/build_*.py; the tests run the same scripts, into a
temporary folder removed at exit. The website is staged from the same student edition the student test checks.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from helpers import REPO

SCRIPTS = REPO / "scripts"


@functools.cache
def _workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="chinchilla-teaching-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _run(script: str, *args: str) -> None:
    subprocess.run([sys.executable, str(SCRIPTS / script), *args], check=True)


@functools.cache
def student_edition() -> Path:
    out = _workdir() / "student"
    _run("build_student.py", "--out", str(out))
    return out


@functools.cache
def slides() -> Path:
    out = _workdir() / "slides"
    _run("build_slides.py", "--out", str(out))
    return out


@functools.cache
def book() -> Path:
    out = _workdir() / "book"
    _run("build_book.py", "--out", str(out), "--student", str(student_edition()))
    return out
