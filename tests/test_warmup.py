"""The server warms itself at start: `streamlit run app.py` finds the app, and its lifespan loads the data once."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from dashboard import data_access, warmup
from dashboard.data_access import DATA_DIR_ENV
from tests.conftest import ROOT


@pytest.fixture
def counted_loads(monkeypatch, data_copy: Path) -> list[str]:
    """Point the app at a copy of data/, empty the dataset cache, and record every real load."""
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    data_access._load.clear()
    loads: list[str] = []
    real = data_access.load_dataset

    def counting(directory):
        loads.append(str(directory))
        return real(directory)

    monkeypatch.setattr(data_access, "load_dataset", counting)
    yield loads
    data_access._load.clear()


def test_streamlit_run_finds_the_app_in_app_py():
    found = discover_asgi_app(ROOT / "app.py")
    assert found.is_asgi_app and found.app_name == "app"


def test_lifespan_warms_the_cache_the_pages_read(counted_loads, data_copy):
    async def start_and_stop() -> None:
        async with warmup.lifespan(object()):
            pass

    # In a thread of its own: earlier tests (Playwright's sync API) may leave an event loop running in this one.
    starter = threading.Thread(target=asyncio.run, args=(start_and_stop(),))
    starter.start()
    starter.join(timeout=60)  # the lifespan returns at once: the warm-up runs in its own thread
    for thread in threading.enumerate():
        if thread.name == "warm-up":
            thread.join(timeout=120)
    assert counted_loads == [str(data_copy)]
    data_access.get_dataset()  # what the first page asks for: served from the cache
    assert counted_loads == [str(data_copy)]


def test_warm_up_leaves_broken_data_for_the_page_to_report(counted_loads, data_copy):
    (data_copy / "events.csv").write_bytes(b"")
    warmup.warm_up()  # logs, does not raise
    assert counted_loads == [str(data_copy)]
