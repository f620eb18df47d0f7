"""The data API under load: latency of a filtered CSV request alone and with 50 concurrent clients, and what that
load does to the pages' script reruns in the same process.

Each request opens its own connection, as a notebook's `pd.read_csv(url)` does. Latency is measured by the client,
from sending the request to the last byte. The page reruns are the server-side script times (the timing log of
dashboard/navigation.py) of one browser session changing the range and downloading on /timeline, once with the
API idle and once while the 50 clients run.
"""

from __future__ import annotations

import asyncio
import http.client
import os
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks.browser import _read_log, _sessions
from dashboard.navigation import BENCHMARK_ENV, TIMING_LOG_ENV
from tests.browser.server import streamlit_server

FILTERED_CSV = "/api/v1/tables/releases.csv?start=2025-01-01&end=2026-09-20&developer=Alibaba,DeepSeek&open_weights=yes"
CLIENTS = 50
THINK_SECONDS = (0.5, 1.5)


def request_ms(base: str, path: str) -> float:
    """One GET on a new connection; milliseconds to the last byte (raises unless the answer is 200)."""
    parts = urllib.parse.urlsplit(base)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
    finally:
        connection.close()
    return (time.perf_counter() - started) * 1000


def _clients(base: str, clients: int, per_client: int, stop: threading.Event | None = None) -> list[float]:
    """`clients` threads, each sending `per_client` requests back to back (or until `stop` is set)."""
    samples: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        for _ in range(per_client):
            if stop is not None and stop.is_set():
                return
            took = request_ms(base, FILTERED_CSV)
            with lock:
                samples.append(took)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def api_load(alone: int, per_client: int, actions: int) -> dict:
    """Filtered-CSV latency alone and under `CLIENTS` concurrent clients; page reruns with the API idle and loaded."""
    log = Path(f"/tmp/bench_api_runs_{os.getpid()}.jsonl")
    log.unlink(missing_ok=True)
    result: dict = {"request": FILTERED_CSV, "clients": CLIENTS}
    with streamlit_server(env={BENCHMARK_ENV: "1", TIMING_LOG_ENV: str(log)}) as (base, _process):
        for _ in range(5):  # warm: imports, the dataset and the range's filtered tables
            request_ms(base, FILTERED_CSV)
        asyncio.run(_sessions(base, ["timeline"], actions, (0, 0)))
        result["alone (ms)"] = [request_ms(base, FILTERED_CSV) for _ in range(alone)]
        result["concurrent (ms)"] = _clients(base, CLIENTS, per_client)

        log.unlink(missing_ok=True)
        _downloads, acting = asyncio.run(_sessions(base, ["timeline"], actions, THINK_SECONDS))
        result["page reruns, API idle (ms)"] = [run["ms"] for run in _read_log(log) if run["at"] >= acting]

        log.unlink(missing_ok=True)
        stop = threading.Event()
        load: list[float] = []
        loader = threading.Thread(target=lambda: load.extend(_clients(base, CLIENTS, 10_000, stop)))
        loader.start()
        time.sleep(2)  # the clients are all sending before the session acts
        try:
            _downloads, acting = asyncio.run(_sessions(base, ["timeline"], actions, THINK_SECONDS))
        finally:
            stop.set()
            loader.join()
        result["page reruns, 50 API clients (ms)"] = [run["ms"] for run in _read_log(log) if run["at"] >= acting]
        result["requests served during the loaded session"] = len(load)
    log.unlink(missing_ok=True)
    return result
