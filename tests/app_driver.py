"""Drive the Voilà app in headless Chromium: shared by tests/test_app_browser.py and benchmarks/bench_app.py.

* :func:`serve_app` starts Voilà with exactly the command ``make app`` runs (read from ``make -n app``), on a free
  port, and waits until it answers.
* :func:`open_browser` launches Debian's Chromium through Playwright (``playwright install`` cannot download
  browsers here) in a context that aborts every request to a host other than 127.0.0.1 and records it, so a test can
  assert that the app asks nothing of the internet (no CDN for MathJax or fonts).
* :func:`time_to_first_answer` and :func:`change_latencies_ms` measure what the user waits for, inside the page
  (``performance.now()``): page request to the first answer on screen, and Enter in a field to the new number in the
  DOM.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 90
PREHEAT_WAIT_S = 10.0
"""How long Voilà takes, on an idle 2-core machine, to fill its pool with a pre-heated kernel (started, the app's
imports done and its defaults drawn, waiting for a visitor's link) after it starts or after a page took the last one.
Timings of the first answer wait this long first: they measure a visitor arriving at a running server."""
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def find_chromium() -> str | None:
    """Chromium's path: $CHROMIUM, ``chromium`` on PATH, or Debian's /usr/bin/chromium."""
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def app_command(port: int) -> tuple[list[str], dict[str, str]]:
    """The command ``make app`` runs (from ``make -n``) and its environment, with this interpreter's Voilà."""
    dry_run = subprocess.run(
        ["make", "-s", "-n", "app", f"PORT={port}"], cwd=REPO, capture_output=True, text=True, check=True
    )
    script = dry_run.stdout.replace("\\\n", " ")
    line = next(line for line in script.splitlines() if "voila" in line and "--port" in line)
    words = shlex.split(line)
    env = dict(os.environ)
    while "=" in words[0] and not words[0].startswith("-"):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return [sys.executable, "-m", "voila", *words[1:]], env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serve_app(log_path: Path) -> Iterator[str]:
    """Voilà serving the app on a free port; yields its URL and stops it afterwards."""
    port = _free_port()
    with log_path.open("w") as log:
        command, env = app_command(port)
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"Voilà exited with {server.returncode}:\n{log_path.read_text()}")
                try:
                    with urllib.request.urlopen(url + "static/", timeout=5):
                        pass
                    break
                except urllib.error.HTTPError:
                    break  # the server answers (a 404 for the static root is an answer)
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"Voilà did not answer within {START_TIMEOUT_S} s") from None
                    time.sleep(0.3)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


class OfflineBrowser:
    """A Playwright Chromium whose pages can reach only 127.0.0.1; ``blocked`` lists what they tried elsewhere."""

    def __init__(self, playwright: Any, chromium: str) -> None:
        self.browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        self.blocked: list[str] = []

    def page(self, width: int, height: int = 900) -> Any:
        context = self.browser.new_context(viewport={"width": width, "height": height})
        context.route("**/*", self._route)
        return context.new_page()

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlparse(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self) -> None:
        self.browser.close()


ANSWER = ".explorer-summary td.params"


def time_to_first_answer(page: Any, url: str, timeout_s: float = START_TIMEOUT_S) -> float:
    """Seconds from the page request to the first answer (the model size) on screen, measured by the page itself."""
    page.goto(url, timeout=timeout_s * 1000, wait_until="commit")
    page.wait_for_selector(ANSWER, state="visible", timeout=timeout_s * 1000)
    # performance.timeOrigin is the navigation start; the answer is visible now, at most a poll interval late
    elapsed_ms = page.evaluate(
        """() => { const e = performance.getEntriesByType('navigation')[0];
                   return performance.now() - (e ? e.startTime : 0); }"""
    )
    return float(elapsed_ms) / 1000.0


_WATCH = """() => {
  window.__latency = {down: null, changed: null};
  document.addEventListener('keydown',
    e => { if (e.key === 'Enter') window.__latency.down = performance.now(); }, true);
  new MutationObserver(() => { if (window.__latency.changed === null) window.__latency.changed = performance.now(); })
    .observe(document.querySelector('.explorer-summary'), {subtree: true, childList: true, characterData: true});
}"""


def change_latencies_ms(
    page: Any, field: str, values: list[str], expected: list[str], timeout_ms: int = 30_000
) -> list[float]:
    """For each value: type it into ``field``, press Enter, wait for ``expected`` in the answer; the ms between."""
    page.evaluate(_WATCH)
    box = page.locator(field)
    latencies = []
    for value, text in zip(values, expected, strict=True):
        box.fill(value)
        page.evaluate("() => { window.__latency.down = null; window.__latency.changed = null; }")
        box.press("Enter")
        page.wait_for_function(
            "t => { const c = document.querySelector('" + ANSWER + "'); return c && c.textContent === t; }",
            arg=text,
            timeout=timeout_ms,
        )
        times = page.evaluate("() => window.__latency")
        latencies.append(float(times["changed"]) - float(times["down"]))
    return latencies


def median(values: list[float]) -> float:
    """The median, for reporting."""
    return float(statistics.median(values))
