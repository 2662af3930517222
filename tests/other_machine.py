"""The arithmetic of another machine, for the notebooks' kernels.

A stored notebook output must be the same on every machine a reader may have. What differs between machines is the
last bits of floating-point results: OpenBLAS picks its kernels for the CPU at run time (FMA or not, AVX-512 or
not), and NumPy dispatches its loops to the widest SIMD instructions the CPU has. Both can be overridden in a
process's environment, so one machine can also compute as another would:

* ``OPENBLAS_CORETYPE``: Sandybridge's kernels (AVX without FMA) on an x86-64 CPU that has FMA, which every x86 CPU
  since 2013 does and whose default kernels (Haswell, Zen, SkylakeX, ...) use it; Prescott's (SSE3) on an older one;
  the generic ARMV8 kernels on ARM (an Apple or Graviton CPU picks its own).
* ``NPY_DISABLE_CPU_FEATURES``: every SIMD target NumPy would dispatch to on this CPU (AVX2, AVX-512, ...), so that
  NumPy runs its baseline loops.

``make test`` runs the solution notebooks, which hold every cell of the chapters, in kernels with this environment
(tests/conftest.py) and the chapters in the machine's own, so each stored output is checked under both; then the
notebooks that have no solutions copy once more under this environment (``NOTEBOOKS_AS_OTHER_MACHINE=all``). The
repository's conftest.py loads this module as a pytest plugin, so that its hook sees every notebook wherever pytest is
pointed. ``python tests/other_machine.py`` prints the environment as ``NAME=value`` words for ``env``.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Generator
from pathlib import Path

import pytest

SOLUTIONS = Path(__file__).resolve().parents[1] / "notebooks" / "solutions"


def environment() -> dict[str, str]:
    """The variables that make a new process compute as another machine would (see the module's docstring)."""
    from numpy._core._multiarray_umath import (  # noqa: PLC0415 - NumPy's own record of its CPU dispatch (numpy >= 2)
        __cpu_dispatch__,
        __cpu_features__,
    )

    variables = {}
    machine = platform.machine().lower()
    if machine in {"x86_64", "amd64"}:
        variables["OPENBLAS_CORETYPE"] = "Sandybridge" if __cpu_features__.get("FMA3") else "Prescott"
    elif machine in {"aarch64", "arm64"}:
        variables["OPENBLAS_CORETYPE"] = "ARMV8"
    enabled = [target for target in __cpu_dispatch__ if __cpu_features__.get(target)]
    if enabled:
        variables["NPY_DISABLE_CPU_FEATURES"] = ",".join(enabled)  # NumPy reads commas; no quoting needed for env
    return variables


def _as_other_machine(item: pytest.Item) -> bool:
    if item.path.suffix != ".ipynb":
        return False
    return os.environ.get("NOTEBOOKS_AS_OTHER_MACHINE") == "all" or SOLUTIONS in item.path.resolve().parents


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    """Start a notebook's kernel (nbval does, in the setup of its first cell) in the other machine's environment."""
    if not _as_other_machine(item):
        return (yield)
    variables = environment()
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        return (yield)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


if __name__ == "__main__":
    print(" ".join(f"{name}={value}" for name, value in environment().items()))
