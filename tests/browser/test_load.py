"""A bounded load test on localhost: concurrent browser sessions, each with its own range, filtering and downloading.

All LOAD_SESSIONS sessions (default 10) arrive at once through shared links, then each keeps changing its range in
the sidebar and downloading for LOAD_SECONDS (default 15 in the suite; `LOAD_SECONDS=60` by hand). Every download
is checked against that session's own range. Writes artifacts/load_report.json (errors, latency percentiles).
On a 2-core machine the ten headless Chromium renderers, not the app server, use most of the CPU.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import random
import re
import statistics
import threading
import time
from datetime import date
from pathlib import Path

import pandas as pd

from alibaba_ai_data import filter_table, load_dataset
from alibaba_ai_data.publish import export_table
from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import CHARTS_DRAWN
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import FIXTURE_DATA_DIR

SECONDS = float(os.environ.get("LOAD_SECONDS", "15"))
SESSIONS = int(os.environ.get("LOAD_SESSIONS", "10"))
PRESETS = {
    "2023": (date(2023, 1, 1), date(2023, 12, 31)),
    "2024": (date(2024, 1, 1), date(2024, 12, 31)),
    "2025": (date(2025, 1, 1), date(2025, 12, 31)),
}
CUSTOM = [(date(2023, 6, 1), date(2024, 6, 30)), (date(2024, 9, 1), date(2025, 3, 31)), (date(2025, 1, 20), date(2025, 9, 30))]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


async def session(number: int, browser, base: str, releases: pd.DataFrame, log: dict) -> None:
    rng = random.Random(number)
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = await context.new_page()
    iteration = 0
    deadline = float("inf")  # each session works for SECONDS after its first page has drawn
    try:
        while time.monotonic() < deadline:
            iteration += 1
            began = time.perf_counter()
            try:
                if iteration == 1:  # arrive through a shared link with this session's own range
                    start, end = CUSTOM[number % len(CUSTOM)]
                    await page.goto(f"{base}/timeline?start={start}&end={end}&table=true")
                else:  # then work in the sidebar, as an analyst does
                    name = rng.choice([n for n in PRESETS if PRESETS[n] != (start, end)])
                    start, end = PRESETS[name]
                    await page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
                    await page.get_by_role("option", name=name, exact=True).click()
                    await page.wait_for_url(re.compile(f"start={start}"), timeout=60_000)
                await page.wait_for_function(CHARTS_DRAWN, arg=1, timeout=60_000, polling=100)
                (log["arrival"] if iteration == 1 else log["view"]).append((time.perf_counter() - began) * 1000)
                if iteration == 1:
                    deadline = time.monotonic() + SECONDS
                expected = export_table({"releases": filter_table("releases", releases, start, end)}, "releases")
                began = time.perf_counter()
                button = page.get_by_role("button", name=f"Download CSV ({len(expected)} rows)").first
                await button.wait_for(state="visible", timeout=60_000)
                await page.wait_for_function(CHARTS_DRAWN, arg=1, timeout=60_000, polling=100)
                async with page.expect_download(timeout=60_000) as info:
                    await button.click()
                download = await info.value
                data = Path(await download.path()).read_bytes()
                log["download"].append((time.perf_counter() - began) * 1000)
                got = pd.read_csv(io.BytesIO(data))["release_id"].tolist()
                if got != expected["release_id"].tolist():
                    log["errors"].append(f"session {number}: download for {start}..{end} held other rows")
                if await page.locator('[data-testid="stException"]').count():
                    log["errors"].append(f"session {number}: exception on the page")
            except Exception as err:  # a timeout or a failed step is an error of the run, not of the test code
                log["errors"].append(f"session {number}, iteration {iteration}: {type(err).__name__}: {str(err)[:200]}")
        log["iterations"].append(iteration)
    finally:
        await context.close()


async def run_load(base: str) -> dict:
    from playwright.async_api import async_playwright

    releases = load_dataset(FIXTURE_DATA_DIR)["releases"]
    log: dict = {"arrival": [], "view": [], "download": [], "errors": [], "iterations": []}
    async with async_playwright() as playwright:
        options = {"headless": True, "args": CHROMIUM_ARGS}
        if Path(CHROMIUM).exists():
            options["executable_path"] = CHROMIUM
        browser = await playwright.chromium.launch(**options)
        await asyncio.gather(*(session(i, browser, base, releases, log) for i in range(SESSIONS)))
        await browser.close()
    return log


def test_concurrent_sessions_keep_their_own_ranges(app_url, browser):
    # `browser` makes the suite fail (or skip) on a machine without Chromium, as the other browser tests do
    result: dict = {}

    def target() -> None:
        result["log"] = asyncio.run(run_load(app_url))

    thread = threading.Thread(target=target)  # the async API runs on its own thread, apart from the sync fixtures
    thread.start()
    thread.join(timeout=SECONDS + 300)
    log = result["log"]
    report = {
        "sessions": SESSIONS,
        "seconds": SECONDS,
        "iterations_per_session": log["iterations"],
        "arrivals": len(log["arrival"]),
        "arrival_ms": {q: round(percentile(log["arrival"], q)) for q in (50, 90, 99)},
        "views": len(log["view"]),
        "downloads": len(log["download"]),
        "errors": len(log["errors"]),
        "error_samples": log["errors"][:5],
        "view_ms": {q: round(percentile(log["view"], q)) for q in (50, 90, 99)},
        "download_ms": {q: round(percentile(log["download"], q)) for q in (50, 90, 99)},
        "view_ms_mean": round(statistics.fmean(log["view"])) if log["view"] else None,
    }
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "load_report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    assert report["errors"] == 0, report["error_samples"]
    assert len(log["iterations"]) == SESSIONS and min(log["iterations"]) >= 1
    assert report["downloads"] >= SESSIONS
