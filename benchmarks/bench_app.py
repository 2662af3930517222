"""The app as its user waits for it, in headless Chromium (offline) against Voilà started as `make app` starts it.

Prints the time from the page request to the first answer on screen (goal <= 3 s on an idle 2-core machine) and from
Enter in the budget field to the new number on screen (goal <= 200 ms median), with the machine's load, since both
depend on it. The browser test (tests/test_app_browser.py) prints the same figures. Skipped without Chromium.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from app_driver import (
    PREHEAT_WAIT_S,
    OfflineBrowser,
    change_latencies_ms,
    find_chromium,
    median,
    serve_app,
    time_to_first_answer,
)
from playwright.sync_api import sync_playwright

from chinchilla_lib.explorer import ExplorerInputs, explore
from chinchilla_lib.explorer.render import count_text

FIRST_GOAL_S, CHANGE_GOAL_MS = 3.0, 200.0
LOADS = 3
BUDGETS = ["3e21", "1e22", "4e22", "1e23", "3e23", "1e24", "5e24", "2e25", "7e20", "2e21", "6e22"]


def main() -> None:
    chromium = find_chromium()
    if chromium is None:
        print("app timings skipped: no Chromium (apt-get install chromium)")
        return
    expected = [count_text(explore(ExplorerInputs(flops=float(b))).plan.params, "parameters") for b in BUDGETS]
    with tempfile.TemporaryDirectory() as tmp, serve_app(Path(tmp) / "voila.log") as url, sync_playwright() as pw:
        browser = OfflineBrowser(pw, chromium)
        try:
            firsts = []
            for _ in range(LOADS):
                time.sleep(PREHEAT_WAIT_S)  # a visitor arriving at an idle server finds a pre-heated kernel
                page = browser.page(1280, 900)
                firsts.append(time_to_first_answer(page, url))
                page.context.close()
            page = browser.page(1280, 900)
            time_to_first_answer(page, url)
            latencies = change_latencies_ms(page, ".explorer-flops input", BUDGETS, expected)
        finally:
            browser.close()
    load = os.getloadavg()[0]
    first = median(firsts)
    change = median(latencies)
    print(f"app in Chromium (Voilà as `make app`, offline), load {load:.1f} on {os.cpu_count()} cores:")
    print(
        f"  page request -> first answer: median {first:.2f} s over {LOADS} loads "
        f"(each {', '.join(f'{t:.2f}' for t in firsts)}); goal <= {FIRST_GOAL_S:g} s idle -> "
        f"{'met' if first <= FIRST_GOAL_S else 'NOT met'}"
    )
    print(
        f"  budget change -> new number on screen: median {change:.0f} ms over {len(latencies)} "
        f"(min {min(latencies):.0f}, max {max(latencies):.0f}); goal <= {CHANGE_GOAL_MS:g} ms -> "
        f"{'met' if change <= CHANGE_GOAL_MS else 'NOT met'}"
    )
    if browser.blocked:
        print(f"  WARNING: the app asked the internet for {browser.blocked}")


if __name__ == "__main__":
    main()
