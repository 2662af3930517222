"""Start-up of the ``chinchilla`` command against ``python -c "import numpy"``, side by side, best of 7.

Goal (issue 14): ``chinchilla --flops 5.76e23`` within 2x the time of importing NumPy alone, which is the floor for a
NumPy program. Also printed: the modules it imports that it does not need (scipy, matplotlib, ipywidgets).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

GOAL = 2.0
REPEAT = 7
SCRIPT = Path(sys.executable).with_name("chinchilla")


def best_seconds(command: list[str]) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


numpy_only = best_seconds([sys.executable, "-c", "import numpy"])
command = best_seconds([str(SCRIPT), "--flops", "5.76e23"])
module = best_seconds([sys.executable, "-m", "chinchilla_lib", "--flops", "5.76e23"])
loaded = subprocess.run(
    [
        sys.executable,
        "-c",
        "import sys; from chinchilla_lib.cli import main; main(['--flops', '1e23']);"
        "print(*sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'matplotlib', 'ipywidgets', 'sympy'}))",
    ],
    check=True,
    capture_output=True,
    text=True,
).stdout.splitlines()[-1:]
print(f"start-up, best of {REPEAT}:")
print(f"  python -c 'import numpy'              {numpy_only * 1e3:7.1f} ms")
print(f"  chinchilla --flops 5.76e23            {command * 1e3:7.1f} ms   ratio {command / numpy_only:.2f}x")
print(f"  python -m chinchilla_lib --flops ...   {module * 1e3:7.1f} ms   ratio {module / numpy_only:.2f}x")
print(f"  heavy modules imported: {loaded[0] if loaded and loaded[0] else 'none'}")
print(f"  goal: <= {GOAL}x import numpy -> {'met' if command <= GOAL * numpy_only else 'NOT met'}")
