"""compute_optimal on 10^6 budgets against the bare NumPy closed form, run side by side in one process.

Goal (issue 3): at most 1.5x the bare expression, validation included.
"""

from __future__ import annotations

import numpy as np
from _timing import best_seconds  # benchmarks/ is on sys.path when a script here runs

from chinchilla_lib import PUBLISHED_LAWS

GOAL = 1.5
law = PUBLISHED_LAWS["hoffmann2022"]
budgets = np.logspace(10, 35, 1_000_000)
E, A, B, alpha, beta = law.E, law.A, law.B, law.alpha, law.beta
G, a, b = law.G, law.a, law.b
K, c = law.frontier_coefficient, law.frontier_exponent


def bare_textbook() -> tuple[np.ndarray, ...]:
    """Eq. (4) as printed, then the loss at the optimum: no validation, four powers."""
    n = G * (budgets / 6) ** a
    d = (budgets / 6) ** b / G
    return n, d, E + A / n**alpha + B / d**beta


def bare_same_algebra() -> tuple[np.ndarray, ...]:
    """The library's algebra (D = (C/6)/N, L* = E + K (C/6)^-c) with no validation: two powers."""
    x = budgets / 6
    n = G * x**a
    return n, x / n, E + K * x**-c


def library() -> object:
    return law.compute_optimal(budgets)


results = [library(), bare_textbook(), bare_same_algebra()]
lib = results[0]
for other in results[1:]:  # same numbers, or the comparison means nothing
    for mine, theirs in zip((lib.params, lib.tokens, lib.loss), other, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12)

t_lib = best_seconds(library)
t_textbook = best_seconds(bare_textbook)
t_same = best_seconds(bare_same_algebra)
print(f"compute_optimal, {budgets.size:,} budgets (1e10-1e35 FLOP), best of 7:")
print(f"  chinchilla_lib.compute_optimal (validated)   {t_lib * 1e3:8.2f} ms")
print(f"  bare NumPy, eq. (4) as printed (4 powers)     {t_textbook * 1e3:8.2f} ms   ratio {t_lib / t_textbook:.2f}x")
print(f"  bare NumPy, same algebra (2 powers)          {t_same * 1e3:8.2f} ms   ratio {t_lib / t_same:.2f}x")
print(f"  goal: <= {GOAL}x the bare expression -> {'met' if t_lib <= GOAL * t_textbook else 'NOT met'}")
