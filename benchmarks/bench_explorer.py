"""Explorer update latency: budget change -> numbers and both figures redrawn (Agg), median over many updates.

Side by side with a plain baseline that does what a notebook would do without the explorer's care: build a new
figure with the library's plot functions and savefig it on every change. Goal (issue 5): median <= 50 ms.
"""

from __future__ import annotations

import dataclasses
import io
import statistics
import time

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from chinchilla_lib import PUBLISHED_LAWS
from chinchilla_lib.explorer import BudgetExplorer, explore, summary_html
from chinchilla_lib.plots import plot_frontier, plot_iso_flop

GOAL_MS = 50.0
BUDGETS = np.logspace(18, 27, 120)


def median_ms(update, budgets) -> float:
    times = []
    for budget in budgets:
        start = time.perf_counter()
        update(budget)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def explorer_update(app: BudgetExplorer):
    def update(budget: float) -> None:
        app.flops_text.value = f"{budget:.4g}"
        assert app.message.value == "", app.message.value

    return update


def plain_update(budget: float) -> None:
    result = explore(dataclasses.replace(explorer_app.read_inputs(), flops=float(budget)))
    summary_html(result)
    figure, (left, right) = plt.subplots(1, 2, figsize=(11.2, 4.0), dpi=90)
    plot_iso_flop(result.law, result.flops, ax=left)
    plot_frontier([result.law], budget=result.flops, ax=right)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)


explorer_app = BudgetExplorer()
explorer_update(explorer_app)(1e20)  # warm up caches and fonts
plain_update(1e20)
print(
    f"explorer update (budget change -> numbers + both figures, Agg), {BUDGETS.size} budgets, law "
    f"{explorer_app.law.value}:"
)
one = median_ms(explorer_update(explorer_app), BUDGETS)
plain = median_ms(plain_update, BUDGETS[::4])
explorer_app.compare_all.value = True
every = median_ms(explorer_update(explorer_app), BUDGETS)
print(f"  explorer update median: {one:.1f} ms")
print(f"  explorer update median, all {len(PUBLISHED_LAWS)} laws shown: {every:.1f} ms")
print(f"  plain baseline (new figure + savefig per change): {plain:.1f} ms  -> explorer is {plain / one:.1f}x faster")
print(f"  goal: median <= {GOAL_MS:g} ms -> {'met' if max(one, every) <= GOAL_MS else 'NOT met'}")
