"""Browser fixtures: one app server and one headless Chromium for the module; screenshots kept on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server

SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    return sync_playwright


@pytest.fixture(scope="session")
def browser():
    sync_playwright = _playwright()
    required = os.environ.get("REQUIRE_BROWSER") == "1"
    if sync_playwright is None:
        if required:
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed")
    manager = sync_playwright().start()
    options = {"headless": True, "args": CHROMIUM_ARGS}
    if Path(CHROMIUM).exists():
        options["executable_path"] = CHROMIUM
    try:
        launched = manager.chromium.launch(**options)
    except Exception as err:  # no browser on this machine
        manager.stop()
        if required:
            pytest.fail(f"could not start Chromium: {err}")
        pytest.skip(f"no Chromium (install Debian's chromium or run `playwright install chromium`): {err}")
    yield launched
    launched.close()
    manager.stop()


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server() as (base_url, _process):
        yield base_url


class PageWatch:
    """Console errors and failed responses seen by one page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" and "Failed to load resource" not in m.text else None,
        )
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "response",
            lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.watch = PageWatch(page)
    return page


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
