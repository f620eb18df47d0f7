"""Browser measurements for benchmarks/run.py: warm page loads, range changes, cold start, concurrent sessions.

Every timing is taken inside the page, from the browser's own clock (performance.now(), whose zero is the
navigation start), by a MutationObserver installed before any of Streamlit's code runs:

- a chart counts as drawn when its Plotly root holds its SVG (or a Vega view its canvas/SVG);
- a page load ends when the last chart is drawn at its final size: the later of the last chart's SVG appearing and
  the last Plotly draw finishing. Streamlit draws each chart once, hidden, before it knows the chart's width, then
  again at that width, so the first SVG is not yet what the reader sees. The page must then stay idle (no script
  running, nothing stale) and unchanged for QUIET_MS, so a late chart or a late redraw cannot be missed;
- a range change starts at the click on the new preset and ends at the last change inside any chart (Plotly
  redraws in place), or at the rerun's last message from the server if that comes later.

Pages are always measured alternately with the one-chart baseline page, in the same server and browser, so
slow moments of the machine hit both.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shlex
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from dashboard.navigation import BENCHMARK_ENV, TIMING_LOG_ENV
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, spawned_streamlit, streamlit_server

QUIET_MS = 1000
VIEWPORT = {"width": 1400, "height": 2200}

OBSERVER = """
(() => {
  const b = window.__bench = {charts: 0, last: 0, drawn: 0, chartChange: 0, idleAt: 0, busy: true, clickAt: 0, armed: false};
  const count = () => {
    let n = 0;
    for (const p of document.querySelectorAll('.js-plotly-plot')) if (p.querySelector('.main-svg')) n++;
    for (const v of document.querySelectorAll('.vega-embed')) if (v.querySelector('canvas, svg')) n++;
    return n;
  };
  const inChart = (node) => {
    const element = node.nodeType === 1 ? node : node.parentElement;
    return !!(element && element.closest && element.closest('.js-plotly-plot, .vega-embed'));
  };
  new MutationObserver((records) => {
    const now = performance.now();
    if (records.some(r => r.type === 'childList')) {
      const n = count();
      if (n > b.charts) { b.charts = n; b.last = now; }
    }
    if (b.clickAt && records.some(r => inChart(r.target))) b.chartChange = now;
    const busy = !!(document.querySelector('[data-testid="stStatusWidget"]') || document.querySelector('[data-stale="true"]'));
    if (b.busy && !busy) b.idleAt = now;
    b.busy = busy;
    b.changedAt = now;
  }).observe(document, {childList: true, subtree: true, attributes: true, characterData: true});
  const Socket = window.WebSocket;  // the time of each message from the server (the last one ends a run)
  window.WebSocket = function (...args) {
    const socket = new Socket(...args);
    socket.addEventListener('message', () => { b.lastMessage = performance.now(); });
    return socket;
  };
  window.WebSocket.prototype = Socket.prototype;
  Object.assign(window.WebSocket, Socket);
  document.addEventListener('click', () => { if (b.armed) { b.clickAt = performance.now(); b.armed = false; } }, true);
  let plotly;  // each Plotly draw, timed when it has finished (Streamlit's bundle sets window.Plotly)
  Object.defineProperty(window, 'Plotly', {configurable: true, get: () => plotly, set(value) {
    plotly = value;
    const react = value.react;
    value.react = function (...args) {
      const done = () => { b.drawn = performance.now(); };
      const result = react.apply(this, args);
      if (result && result.then) result.then(done, done); else done();
      return result;
    };
  }});
})();
"""
# Idle, charted, and nothing has changed for QUIET_MS.
SETTLED = (
    "(quiet) => { const b = window.__bench; return b && !b.busy && b.charts > 0"
    " && document.querySelector('[data-testid=\"stMainBlockContainer\"]')"
    " && performance.now() - Math.max(b.last, b.idleAt, b.changedAt || 0) > quiet; }"
)
# The page's first run has reached the browser and finished: a message came, and nothing is running or stale.
LOADED = (
    "() => { const b = window.__bench; return b && b.lastMessage > 0 && !b.busy"
    ' && document.querySelector(\'[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]\')'
    " && performance.now() - Math.max(b.lastMessage, b.changedAt || 0) > 500; }"
)
IDLE = "() => window.__bench && !window.__bench.busy && performance.now() - (window.__bench.changedAt || 0) > 300"
CHANGE_SETTLED = (
    "(quiet) => { const b = window.__bench; return b.clickAt > 0 && !b.busy && b.lastMessage > b.clickAt"
    " && performance.now() - Math.max(b.chartChange, b.lastMessage, b.changedAt) > quiet; }"
)


def launch(playwright):
    options = {"headless": True, "args": CHROMIUM_ARGS}
    if Path(CHROMIUM).exists():
        options["executable_path"] = CHROMIUM
    return playwright.chromium.launch(**options)


def _settle(page, timeout: float = 120_000) -> None:
    page.wait_for_function(SETTLED, arg=QUIET_MS, timeout=timeout, polling=50)


def load_time(page, url: str) -> tuple[float, int]:
    """Navigate to url and return (ms from navigation start to the last chart drawn at its final size, charts drawn)."""
    page.goto(url)
    _settle(page)
    return page.evaluate("[Math.max(window.__bench.last, window.__bench.drawn), window.__bench.charts]")


def change_range(page, preset: str) -> tuple[float, bool]:
    """Pick a sidebar preset; return (ms from the click to the last chart redrawn, whether any chart changed)."""
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.evaluate("window.__bench.armed = true; window.__bench.clickAt = 0; window.__bench.chartChange = 0")
    page.get_by_role("option", name=preset, exact=True).click()
    page.wait_for_function(CHANGE_SETTLED, arg=QUIET_MS, timeout=120_000, polling=50)
    click, chart, message = page.evaluate("[window.__bench.clickAt, window.__bench.chartChange, window.__bench.lastMessage]")
    return max(chart, message) - click, chart > click


def warm_loads(base: str, urls: list[str], rounds: int) -> dict[str, list[float]]:
    """Full page loads on a warm server and warm browser cache, each page followed by the baseline page."""
    from playwright.sync_api import sync_playwright

    samples: dict[str, list[float]] = {url: [] for url in [*urls, "baseline"]}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(OBSERVER)
        page = context.new_page()
        for url in ["baseline", *urls]:  # warm the browser cache and the server's caches
            load_time(page, f"{base}/{url}")
        for _ in range(rounds):
            for url in urls:
                for target in (url, "baseline"):
                    ms, _charts = load_time(page, f"{base}/{target}")
                    samples[target].append(ms)
        browser.close()
    return samples


def range_changes(base: str, urls: list[str], rounds: int) -> dict[str, list[float]]:
    """The same preset change (2025 <-> All) on each page and on the baseline page, alternately."""
    from playwright.sync_api import sync_playwright

    samples: dict[str, list[float]] = {url: [] for url in [*urls, "baseline"]}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        contexts = {}
        for url in [*urls, "baseline"]:  # one tab per page, so each change starts from a drawn page
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(OBSERVER)
            page = context.new_page()
            page.goto(f"{base}/{url}?start=2025-01-01&end=2025-12-31")
            _settle(page)
            contexts[url] = page
        showing = dict.fromkeys(contexts, "2025")
        for _ in range(rounds):
            for url in urls:
                for target in (url, "baseline"):
                    showing[target] = "All dates" if showing[target] == "2025" else "2025"
                    ms, changed = change_range(contexts[target], showing[target])
                    if not changed and target == "baseline":
                        raise RuntimeError("the baseline chart did not redraw after a range change")
                    samples[target].append(ms)
        browser.close()
    return samples


def _health(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"{base} did not start")


def cold_starts(repeats: int) -> dict[str, list[float]]:
    """`streamlit run app.py` to `/` fully charted, in a browser with an empty cache and one with a warm cache.

    Measured on the wall clock from just before the process is spawned to the browser's timestamp of the
    last chart (performance.timeOrigin + the in-page time): nothing is excluded, not even the server's start.
    """
    from playwright.sync_api import sync_playwright

    port = free_port()  # one port throughout, so the warm-cache browser keeps its cache between servers
    out: dict[str, list[float]] = {
        "empty browser cache": [],
        "warm browser cache": [],
        "server start to health": [],
        "empty browser cache, new tab on the warm server": [],
        "warm browser cache, new tab on the warm server": [],
    }
    with sync_playwright() as playwright:
        browser = launch(playwright)
        warm = browser.new_context(viewport=VIEWPORT)
        warm.add_init_script(OBSERVER)
        with spawned_streamlit(port):  # fill the warm context's cache once
            _health(f"http://127.0.0.1:{port}")
            load_time(warm.new_page(), f"http://127.0.0.1:{port}/")
        for _ in range(repeats):
            for mode in ("empty browser cache", "warm browser cache"):
                context = warm if mode == "warm browser cache" else browser.new_context(viewport=VIEWPORT)
                if context is not warm:
                    context.add_init_script(OBSERVER)
                page = context.new_page()
                spawned = time.time() * 1000
                with spawned_streamlit(port):
                    _health(f"http://127.0.0.1:{port}")
                    healthy = time.time() * 1000
                    page.goto(f"http://127.0.0.1:{port}/")
                    _settle(page)
                    origin, last = page.evaluate("[performance.timeOrigin, Math.max(window.__bench.last, window.__bench.drawn)]")
                    # The same first visit once the server is warm: what the browser alone costs (new tab, same
                    # cache state), so the cold start splits into server start, the first run's share, and this.
                    again = context if context is warm else browser.new_context(viewport=VIEWPORT)
                    if again is not warm:
                        again.add_init_script(OBSERVER)
                    second = again.new_page()
                    out[f"{mode}, new tab on the warm server"].append(load_time(second, f"http://127.0.0.1:{port}/")[0])
                    second.close()
                    if again is not warm:
                        again.close()
                out[mode].append(origin + last - spawned)
                out["server start to health"].append(healthy - spawned)
                page.close()
                if context is not warm:
                    context.close()
        browser.close()
    return out


# Concurrent sessions ---------------------------------------------------------------------------------


def _read_log(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


FAILED_ACTIONS: list[str] = []  # actions that timed out under load (reported in RESULTS.md)
# Client-side time of each range change in the sessions: the click to the last chart redrawn (or the rerun's last
# message, if later), from the page's own clock. Cleared by whoever reads it.
CLIENT_TIMES: list[float] = []
# Where each page keeps a table to download: its drawer open, or the competitors' Tables view.
SESSION_QUERY = {"competitors": "view=Tables"}


async def _session(browser, base: str, url: str, actions: int, think: tuple[float, float], seed: int, arrived: dict) -> int:
    """Open a page with a table shown, wait until every session has its page, then alternate range changes and CSV
    downloads, pausing between actions."""
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1280, "height": 1200}, accept_downloads=True)
    await context.add_init_script(OBSERVER)
    page = await context.new_page()
    await page.goto(f"{base}/{url}?{SESSION_QUERY.get(url, 'table=true')}")
    await page.wait_for_function(LOADED, timeout=180_000, polling=100)
    arrived["count"] += 1
    while arrived["count"] < arrived["of"]:
        await asyncio.sleep(0.05)
    arrived.setdefault("at", time.time())  # the server runs logged after this are the actions' reruns
    downloads = 0
    for i in range(actions):
        await asyncio.sleep(rng.uniform(*think))
        try:
            if i % 2 == 0:
                await page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click(timeout=60_000)
                await page.evaluate("window.__bench.armed = true; window.__bench.clickAt = 0")
                await page.get_by_role("option", name=("2025", "2024", "All dates")[(i // 2) % 3], exact=True).click()
                await page.wait_for_function(CHANGE_SETTLED, arg=100, timeout=180_000, polling=100)
                click, chart, message = await page.evaluate(
                    "[window.__bench.clickAt, window.__bench.chartChange, window.__bench.lastMessage]"
                )
                CLIENT_TIMES.append(max(chart, message) - click)
            else:
                button = page.locator('[data-testid="stDownloadButton"] button').first
                if await button.count():
                    async with page.expect_download(timeout=120_000) as info:
                        await button.click(timeout=60_000)
                    await (await info.value).path()
                    downloads += 1
        except Exception as err:  # noqa: BLE001 - a stuck action is counted and reported, not fatal to the run
            FAILED_ACTIONS.append(f"{url}: action {i}: {type(err).__name__}")
            await page.keyboard.press("Escape")
    await context.close()
    return downloads


async def _sessions(base: str, urls: list[str], actions: int, think: tuple[float, float]) -> tuple[int, float]:
    """Run one session per url at once; return the downloads completed and when every session had its page."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        options = {"headless": True, "args": CHROMIUM_ARGS}
        if Path(CHROMIUM).exists():
            options["executable_path"] = str(_low_priority(CHROMIUM))
        browser = await playwright.chromium.launch(**options)
        arrived = {"count": 0, "of": len(urls)}
        counts = await asyncio.gather(*(_session(browser, base, url, actions, think, n, arrived) for n, url in enumerate(urls)))
        await browser.close()
    return sum(counts), arrived["at"]


def _low_priority(executable: str) -> Path:
    """A launcher that runs the session browsers at the lowest CPU priority (nice 19). In use, readers' browsers run
    on their own machines; here ten of them share the server's two cores, and at equal priority they would take the
    CPU from the very server whose run times are being measured. Single and concurrent phases both use it."""
    launcher = Path(tempfile.gettempdir()) / "benchmark-chromium-nice.sh"
    launcher.write_text(f'#!/bin/sh\nexec nice -n 19 {shlex.quote(executable)} "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    return launcher


def _rss_mb(pid: int) -> float:
    total = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total = int(line.split()[1]) / 1024
    return total


def concurrency(urls: list[str], sessions: int, actions: int, think: tuple[float, float]) -> dict:
    """Server-side script run times of the reruns that sessions' actions cause: one session alone, then `sessions`
    at once (all arriving together; their first page runs are reported apart); server RSS.

    A warm-up pass does every action on every page first, so neither phase is charged with first imports or with
    filling the caches for a range, and both phases measure the same warm server."""
    log = Path(f"/tmp/bench_runs_{os.getpid()}.jsonl")
    log.unlink(missing_ok=True)
    result: dict = {}
    with streamlit_server(env={BENCHMARK_ENV: "1", TIMING_LOG_ENV: str(log)}) as (base, process):
        asyncio.run(_sessions(base, urls, actions, (0, 0)))
        log.unlink(missing_ok=True)
        single: list[float] = []
        for url in urls:  # one session at a time, every page
            log.unlink(missing_ok=True)
            _downloads, acting = asyncio.run(_sessions(base, [url], actions, think))
            single += [run["ms"] for run in _read_log(log) if run["at"] >= acting]
        log.unlink(missing_ok=True)
        chosen = [urls[i % len(urls)] for i in range(sessions)]
        downloads, acting = asyncio.run(_sessions(base, chosen, actions, think))
        runs = _read_log(log)
        result["single-session runs"] = single
        result["concurrent runs"] = [run["ms"] for run in runs if run["at"] >= acting]
        result["arrival runs"] = [run["ms"] for run in runs if run["at"] < acting]
        result["downloads"] = downloads
        result["failed actions"] = list(FAILED_ACTIONS)
        result["rss after concurrent sessions (MB)"] = _rss_mb(process.pid)
    log.unlink(missing_ok=True)
    return result


# Replicas behind nginx ---------------------------------------------------------------------------------


def _deployment(replicas: int, logs: list[Path]):
    from deploy.local import Deployment

    return Deployment(
        replicas,
        port=free_port(),
        replica_ports=[free_port() for _ in range(replicas)],
        env={BENCHMARK_ENV: "1"},
        replica_env={i: {TIMING_LOG_ENV: str(log)} for i, log in enumerate(logs)},
    )


def replicas_behind_proxy(
    urls: list[str], sessions: int, actions: int, think: tuple[float, float], counts: tuple[int, ...] = (1, 2, 3)
) -> dict:
    """The concurrent-sessions phase through nginx (deploy/local.py) with 1, 2 and 3 replicas: each replica's own
    script run times (its DASHBOARD_TIMING_LOG), the readers' click-to-last-chart times, the sessions each replica
    served, and each replica's RSS. Each replica is warmed directly first (every action on every page), so no
    phase is charged with first imports; with one replica, one session at a time gives the single-session figures."""
    results: dict = {}
    for n in counts:
        logs = [Path(tempfile.gettempdir()) / f"bench_replica_{os.getpid()}_{n}_{i}.jsonl" for i in range(n)]
        for log in logs:
            log.unlink(missing_ok=True)
        with _deployment(n, logs) as live:
            for replica in live.members:
                asyncio.run(_sessions(f"http://127.0.0.1:{replica.port}", urls, actions, (0, 0)))
            entry: dict = {}
            if n == 1:
                single, client = [], []
                for url in urls:
                    for log in logs:
                        log.unlink(missing_ok=True)
                    CLIENT_TIMES.clear()
                    _downloads, acting = asyncio.run(_sessions(live.url, [url], actions, think))
                    single += [run["ms"] for log in logs for run in _read_log(log) if run["at"] >= acting]
                    client += CLIENT_TIMES
                entry["single-session runs"], entry["single-session client"] = single, list(client)
            for log in logs:
                log.unlink(missing_ok=True)
            CLIENT_TIMES.clear()
            FAILED_ACTIONS.clear()
            chosen = [urls[i % len(urls)] for i in range(sessions)]
            downloads, acting = asyncio.run(_sessions(live.url, chosen, actions, think))
            per_replica = [[run for run in _read_log(log) if run["at"] >= acting] for log in logs]
            entry["concurrent runs"] = [run["ms"] for runs in per_replica for run in runs]
            entry["runs per replica"] = [len(runs) for runs in per_replica]
            entry["client"] = list(CLIENT_TIMES)
            entry["downloads"] = downloads
            entry["failed actions"] = list(FAILED_ACTIONS)
            entry["rss per replica (MB)"] = [_rss_mb(r.pid) for r in live.members]
            results[n] = entry
        for log in logs:
            log.unlink(missing_ok=True)
    return results


def fault_recoveries(repeats: int) -> list[float]:
    """Seconds from killing the replica that serves a reader (SIGKILL to its pid) to the page drawn again by the
    other replica from its link, as tests/browser/test_deploy.py checks it; one fresh two-replica deployment each."""
    from playwright.sync_api import sync_playwright

    from tests.browser.helpers import SOCKETS, serving_replica, wait_for_charts, wait_redrawn

    out = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for _ in range(repeats):
            with _deployment(2, []) as live:
                context = browser.new_context(viewport=VIEWPORT)
                context.add_init_script(SOCKETS)
                page = context.new_page()
                page.goto(f"{live.url}/timeline?start=2025-01-01&end=2025-12-31&developer=Alibaba&table=true")
                wait_for_charts(page)
                since = page.evaluate("performance.now()")
                live.kill(serving_replica(page))
                out.append(wait_redrawn(page, since, timeout=30_000))
                context.close()
        browser.close()
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
