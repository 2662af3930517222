"""The Parameters sections of the value classes match their fields.

``numpydoc lint`` (``make lint``) reads the source, where a dataclass or NamedTuple has no ``__init__``: it cannot
compare such a class's Parameters with its constructor, so those class lines carry ``# numpydoc ignore=PR02``.
``numpydoc.validate`` imports the class and reads its real signature; here it checks each of them.
"""

from __future__ import annotations

import re

import pytest
from helpers import REPO
from numpydoc.validate import validate

IGNORED = re.compile(r"^class (\w+)\b.*# numpydoc ignore=PR02", re.MULTILINE)
CLASSES = sorted(
    ".".join(path.relative_to(REPO).with_suffix("").parts) + "." + name
    for path in (REPO / "chinchilla_lib").rglob("*.py")
    for name in IGNORED.findall(path.read_text(encoding="utf-8"))
)


def test_the_classes_are_found():
    assert "chinchilla_lib.fitting.FitResult" in CLASSES
    assert "chinchilla_lib.explorer.model.ExplorerResult" in CLASSES


@pytest.mark.parametrize("qualified", CLASSES)
def test_parameters_name_every_field_in_order(qualified):
    # PR08 (a capital first letter) is off for the whole library: descriptions start with N, D, k as papers write
    errors = [(code, message) for code, message in validate(qualified)["errors"] if code.startswith("PR")]
    errors = [(code, message) for code, message in errors if code != "PR08"]
    assert not errors, errors
