"""Headless Chromium with the network cut off, for the tests of the built slides and site (`make slides`, `make book`).

Every request that is not for a local file (or 127.0.0.1) is aborted and recorded, so a test can assert that a page
renders with nothing from a CDN and that it did not even try. Chromium is Debian's (`/usr/bin/chromium`, installed
by `.ci/run`); `playwright install` cannot download browsers here. Without it the tests skip, except under CI=true.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from app_driver import CHROMIUM_ARGS, find_chromium
from playwright.sync_api import Page, Route, sync_playwright

LOCAL_PREFIXES = ("file://", "http://127.0.0.1", "data:", "blob:", "about:")


def chromium_or_skip() -> str:
    found = find_chromium()
    if found is not None:
        return found
    advice = "Chromium not found: `apt-get install chromium` or set CHROMIUM (.ci/run installs it)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(advice)
    pytest.skip(advice)


def npm_or_skip() -> None:
    """The slides and the site fetch reveal.js and MathJax with npm at build time (scripts/web_assets.py)."""
    if shutil.which("npm") is None:
        advice = "npm not found: install Node.js (`apt-get install nodejs npm`) to build the slides and the site"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(advice)
        pytest.skip(advice)


@contextmanager
def offline_page(blocked: list[str]) -> Iterator[Page]:
    """A fresh page whose non-local requests are aborted and appended to ``blocked``; page errors fail the test."""
    executable = chromium_or_skip()
    errors: list[str] = []

    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", route)
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page
        finally:
            browser.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
