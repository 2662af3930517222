"""Explorer update latency in the kernel: a control change -> numbers and both figures redrawn, median.

For each question (budget, target loss, inference, repeated data), with one law and with every law side by side;
beside a plain baseline that does what a notebook would do without the explorer's care: a new figure with the
library's plot functions and savefig on every change. Goal (issue 14): the kernel-side update median <= 50 ms.
The model alone (:func:`explore`, no drawing) is timed too.
"""

from __future__ import annotations

import dataclasses
import io
import os
import statistics
import time
from collections.abc import Callable

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from chinchilla_lib import PUBLISHED_LAWS
from chinchilla_lib.explorer import BudgetExplorer, ExplorerInputs, explore
from chinchilla_lib.plots import plot_frontier, plot_iso_flop

GOAL_MS = 50.0
BUDGETS = np.logspace(18, 27, 60)


def median_ms(update: Callable[[float], None], budgets: np.ndarray) -> float:
    times = []
    for budget in budgets:
        start = time.perf_counter()
        update(float(budget))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def explorer_update(app: BudgetExplorer) -> Callable[[float], None]:
    def update(budget: float) -> None:
        app.flops_text.value = f"{budget:.4g}"
        assert app.error is None, app.error

    return update


def plain_update(budget: float) -> None:
    result = explore(ExplorerInputs(flops=budget))
    figure, (left, right) = plt.subplots(1, 2, figsize=(12.8, 4.4), dpi=100)
    plot_iso_flop(result.law, result.plan.flops, ax=left)
    plot_frontier([result.law], budget=result.plan.flops, ax=right)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)


def main() -> None:
    print(
        f"explorer update in the kernel (budget change -> numbers + both figures: valley SVG, frontier PNG), "
        f"{BUDGETS.size} budgets; "
        f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    worst = 0.0
    for mode in ("budget", "loss", "inference", "data"):
        app = BudgetExplorer(ExplorerInputs(mode=mode, quality_from="budget"))
        update = explorer_update(app)
        if mode == "loss":  # the target loss is what changes in this mode

            def update(budget: float, app: BudgetExplorer = app) -> None:
                app.target_loss.value = f"{1.9 + 1e-3 * (np.log10(budget) - 18):.4f}"
                assert app.error is None, app.error

        update(1e20)  # warm up caches and fonts
        one = median_ms(update, BUDGETS)
        app.compare_all.value = True
        every = median_ms(update, BUDGETS)
        inputs = dataclasses.replace(app.read_inputs(), compare_all=False)
        model = (
            median_ms(lambda b, i=inputs: explore(dataclasses.replace(i, flops=b)), BUDGETS) if mode != "loss" else 0
        )
        worst = max(worst, one, every)
        print(
            f"  {mode:9s}: update median {one:5.1f} ms; all {len(PUBLISHED_LAWS)} laws {every:5.1f} ms"
            + (f"; model alone {model:.2f} ms" if model else "")
        )
    plain_update(1e20)
    plain = median_ms(plain_update, BUDGETS[::4])
    print(f"  plain baseline (new figure + savefig per change): {plain:.1f} ms")
    print(
        f"  goal: kernel-side update median <= {GOAL_MS:g} ms -> {'met' if worst <= GOAL_MS else 'NOT met'} "
        f"(worst {worst:.1f} ms)"
    )


if __name__ == "__main__":
    main()
