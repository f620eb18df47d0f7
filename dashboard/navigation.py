"""The app's pages and the guard that keeps Streamlit's legacy pages/ mode from taking over a deep link.

Streamlit decides per process whether a folder named pages/ means "legacy multipage app" until
st.navigation runs once. After a restart, a first request for /timeline would run
pages/timeline.py on its own, with the legacy sidebar. Every page calls ensure_app_navigation(),
which switches to this navigation and reruns, so the URL, layout and sidebar are always the app's.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

# No page icons: a Material icon becomes a favicon fetched from Google's font servers, and emoji need a font
# the viewer may lack.
PAGE_TITLE = "Alibaba open-source AI tracker"
PROJECT_ROOT = Path(__file__).resolve().parent.parent

PAGE_SPECS = [
    ("pages/overview.py", "Overview", None, None),
    ("pages/timeline.py", "Model release timeline", None, "timeline"),
    ("pages/capex.py", "Capex and investments", None, "capex"),
    ("pages/competitors.py", "Competitor comparisons", None, "competitors"),
    ("pages/metrics.py", "Market and adoption metrics", None, "metrics"),
    ("pages/data.py", "Sources and data", None, "data"),
    ("pages/methodology.py", "Methodology", None, "methodology"),
]


# The benchmark (benchmarks/run.py) adds its baseline page, measured beside the real ones in one server.
BENCHMARK_ENV = "DASHBOARD_BENCHMARK"
# With this set to a file path, every script run appends its duration there (benchmarks/run.py reads it).
TIMING_LOG_ENV = "DASHBOARD_TIMING_LOG"
BASELINE_SPEC = ("benchmarks/baseline_page.py", "Benchmark baseline", None, "baseline")
# Present only when the server has a curator secret (dashboard/curator.py); viewers never see it.
CURATOR_SPEC = ("pages/curate.py", "Curate", None, "curate")


def page_specs() -> list[tuple]:
    """(path, title, icon, url path) of every page this server serves: the curator page only with a secret."""
    from dashboard.curator import curator_enabled

    specs = [*PAGE_SPECS, BASELINE_SPEC] if os.environ.get(BENCHMARK_ENV) == "1" else list(PAGE_SPECS)
    if curator_enabled():
        specs.append(CURATOR_SPEC)
    return specs


def app_pages() -> list[st.Page]:
    """The dashboard's pages; the first is the default, served at /."""
    specs = page_specs()
    # Absolute paths, so the pages resolve whichever script runs first (app.py, or a page file under test).
    return [
        st.Page(PROJECT_ROOT / path, title=title, icon=icon, url_path=url_path, default=url_path is None)
        for path, title, icon, url_path in specs
    ]


def run_app() -> None:
    """Configure the page and run the navigation (what app.py does).

    Streamlit's own sidebar list is off (client.showSidebarNavigation in config.toml): on a fresh server it would
    briefly list the files in pages/ before the navigation below is known. Every page draws the dashboard's own
    links instead (sidebar_links), so the first view of any path is the dashboard's.
    """
    st.set_page_config(page_title=PAGE_TITLE, page_icon="📈", layout="wide")
    log = os.environ.get(TIMING_LOG_ENV)
    if not log:
        st.navigation(app_pages(), position="hidden").run()
        return
    started = time.perf_counter()
    page = st.navigation(app_pages(), position="hidden")
    try:
        page.run()
    finally:
        _log_run(Path(log), page.url_path or "/", started)


def _log_run(log: Path, page: str, started: float) -> None:
    """Append one script run's duration, measured in this server process, as a JSON line (benchmark only)."""
    line = json.dumps({"page": page, "ms": round((time.perf_counter() - started) * 1000, 2), "at": time.time()})
    with log.open("a", encoding="utf-8") as handle:  # one short append per run: lines never interleave
        handle.write(line + "\n")


def sidebar_links() -> None:
    """The dashboard's page links at the top of the sidebar."""
    with st.sidebar:
        for page in app_pages():
            st.page_link(page, label=page.title)
        st.divider()


def ensure_app_navigation() -> None:
    """If this run came through the legacy pages/ mode, register the real navigation and rerun through app.py."""
    if PagesManager.uses_pages_directory:
        st.navigation(app_pages(), position="hidden")
        st.rerun()
