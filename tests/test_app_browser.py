"""The explorer as a Voilà app in a real headless Chromium: change the budget, see the library's number.

Needs Debian's `chromium` (`apt-get install chromium`; `.ci/run` installs it). Playwright drives it through
`executable_path`, since `playwright install` cannot download browsers here. Without Chromium the test is skipped
with that advice, except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import REPO
from playwright.sync_api import expect, sync_playwright

from chinchilla_lib import PUBLISHED_LAWS
from chinchilla_lib.explorer import ExplorerInputs
from chinchilla_lib.formatting import human_count

pytestmark = pytest.mark.browser

NOTEBOOK = REPO / "notebooks" / "04_budget_explorer.ipynb"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOT = Path(tempfile.gettempdir()) / "chinchilla-course" / "explorer.png"
START_TIMEOUT_S = 90
UPDATE_TIMEOUT_MS = 30_000


def _find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = _find_chromium()
    if path is None:
        advice = ("Chromium not found: install Debian's package (`apt-get install chromium`) or set CHROMIUM to a "
                  "Chromium binary; .ci/run installs it")  # fmt: skip
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(advice)
        pytest.skip(advice)
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    port = _free_port()
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "voila", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", str(NOTEBOOK)],
            cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if server.poll() is not None:
                    pytest.fail(f"Voilà exited with {server.returncode}:\n{log_path.read_text()}")
                try:
                    with urllib.request.urlopen(url, timeout=5):
                        break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    if time.monotonic() > deadline:
                        pytest.fail(f"Voilà did not answer within {START_TIMEOUT_S} s:\n{log_path.read_text()}")
                    time.sleep(0.5)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def test_budget_change_in_a_real_browser(chromium: str, app_url: str):
    law = PUBLISHED_LAWS[ExplorerInputs().law]
    start = human_count(law.compute_optimal(ExplorerInputs().flops).params)
    new_budget = 3e21
    expected = human_count(law.compute_optimal(new_budget).params)
    assert expected != start

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(app_url, timeout=START_TIMEOUT_S * 1000)
            params = page.locator(".explorer-summary td.params")
            expect(params).to_have_text(start, timeout=START_TIMEOUT_S * 1000)

            budget = page.locator(".explorer-flops input")
            budget.fill(f"{new_budget:g}")
            budget.press("Enter")
            expect(params).to_have_text(expected, timeout=UPDATE_TIMEOUT_MS)
            expect(page.locator(".explorer-message")).to_have_text("", timeout=UPDATE_TIMEOUT_MS)

            budget.fill("lots of FLOPs")
            budget.press("Enter")
            message = page.locator(".explorer-message")
            expect(message).to_contain_text("is not a number", timeout=UPDATE_TIMEOUT_MS)
            expect(params).to_have_text(expected)  # the last good result stays
            expect(page.locator(".explorer-valley")).to_be_visible()
            expect(page.locator(".explorer-frontier")).to_be_visible()

            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    print(f"screenshot: {SCREENSHOT}")
