"""Replicas behind nginx (deploy/local.py): a replica killed mid-session, a download in flight, a replica whose data/
does not validate. Each test starts its own replicas and proxy on free localhost ports and stops them by pid."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path

import pytest

from deploy.local import NGINX, Deployment, ready_status
from tests.browser.helpers import (
    SOCKETS,
    exceptions,
    plotted_dates,
    serving_replica,
    wait_for_charts,
    wait_redrawn,
)
from tests.browser.server import ROOT, free_port

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (apt-get install nginx)")
ARTIFACTS = ROOT / "artifacts"
LINK = "timeline?start=2025-01-01&end=2025-12-31&developer=Alibaba&table=true"


def deployment(replicas: int = 2, **options) -> Deployment:
    return Deployment(replicas, port=free_port(), replica_ports=[free_port() for _ in range(replicas)], **options)


def open_reader(browser, live: Deployment):
    """A reader on LINK through the proxy, its sockets watched, its charts drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
    context.add_init_script(SOCKETS)
    page = context.new_page()
    page.goto(f"{live.url}/{LINK}")
    wait_for_charts(page)
    return context, page


def record(name: str, value: object) -> None:
    """Keep a measured figure for benchmarks/RESULTS.md (artifacts/deploy_faults.json)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "deploy_faults.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = value
    path.write_text(json.dumps(data, indent=2))


def test_a_reader_whose_replica_dies_is_redrawn_by_another_from_the_link(browser):
    with deployment() as live:
        context, page = open_reader(browser, live)
        first = serving_replica(page)
        before = page.url
        since = page.evaluate("performance.now()")
        killed = live.kill(first)
        recovered = wait_redrawn(page, since)
        wait_for_charts(page)
        assert serving_replica(page) != first and live.replica_on(first).process.poll() is not None
        # The same view, drawn by the other replica from the link: range, release filter and open drawer.
        assert page.url == before and exceptions(page) == 0
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Showing 2025-01-01 to 2025-12-31" in main and "Release filters: developer Alibaba" in main
        assert page.locator('[data-testid="stDownloadButton"]').count() >= 1  # the table drawer is open
        dates = plotted_dates(page)
        assert dates and all("2025-01-01" <= d <= "2025-12-31" for d in dates)
        record("killed pid", killed)
        record("recovery seconds (kill to the page redrawn by the other replica)", round(recovered, 2))
        assert recovered < 10
        context.close()


def test_a_download_in_flight_when_its_replica_dies_completes_or_fails_visibly(browser):
    with deployment() as live:
        context, page = open_reader(browser, live)
        first = serving_replica(page)
        button = page.locator('[data-testid="stDownloadButton"] button').first
        since = page.evaluate("performance.now()")
        with page.expect_download(timeout=15_000) as info:
            button.click()
            live.kill(first)
        download = info.value
        failure = download.failure()
        if failure is None:  # it completed: the whole file, not a cut one
            rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
            assert rows and {"release_id", "release_date", "source_id"} <= set(rows[0])
            assert all(r["developer"] == "Alibaba" and "2025-01-01" <= r["release_date"] <= "2025-12-31" for r in rows)
        else:  # the browser marks it failed: visible in its downloads, never a silently short file
            assert failure
        record("download in flight", "completed" if failure is None else f"failed visibly: {failure}")
        # The reader can download again from the replica that took over.
        wait_redrawn(page, since)
        wait_for_charts(page)
        with page.expect_download(timeout=15_000) as again:
            page.locator('[data-testid="stDownloadButton"] button').first.click()
        assert again.value.failure() is None
        context.close()


def test_a_replica_started_with_invalid_data_is_not_ok_and_gets_no_readers(browser, tmp_path):
    broken = tmp_path / "data"
    shutil.copytree(ROOT / "data", broken)
    releases = broken / "releases.csv"
    releases.write_text(releases.read_text(encoding="utf-8").replace(",day,", ",sometime,", 1), encoding="utf-8")
    with deployment(replica_env={1: {"ALIBABA_AI_DATA_DIR": str(broken)}}) as live:
        good, bad = (r.port for r in live.members)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and ready_status(bad)[1] == "warming up":
            time.sleep(0.2)
        ok, said = ready_status(bad)
        assert not ok and said.startswith("data/ does not validate")
        assert ready_status(good) == (True, "ok")
        time.sleep(live.poll_seconds * 2)  # the watcher has seen both
        assert live.in_rotation() == [good]
        served = []
        for _ in range(6):  # fresh readers, each with its own cookie
            context = browser.new_context(viewport={"width": 1400, "height": 2200})
            page = context.new_page()
            page.goto(f"{live.url}/")
            wait_for_charts(page)
            served.append(serving_replica(page))
            assert exceptions(page) == 0
            context.close()
        assert set(served) == {good}
