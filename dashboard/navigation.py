"""The app's navigation: the registry's pages (dashboard/registry.py) served through st.navigation.

Pages live in app_pages/, not pages/: a folder named pages/ beside the main script would put a fresh server's
first run in Streamlit's legacy multipage mode, where a deep link runs the page file without app.py.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import streamlit as st

from dashboard.references import prune_now_and_then
from dashboard.registry import BASELINE, CURATOR, PAGES, PageSpec

# No page icons: a Material icon becomes a favicon fetched from Google's font servers, and emoji need a font
# the viewer may lack.
PAGE_TITLE = "Alibaba open-source AI tracker"
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The benchmark (benchmarks/run.py) adds its baseline page, measured beside the real ones in one server.
BENCHMARK_ENV = "DASHBOARD_BENCHMARK"
# With this set to a file path, every script run appends its duration there (benchmarks/run.py reads it).
TIMING_LOG_ENV = "DASHBOARD_TIMING_LOG"


def served_pages() -> list[PageSpec]:
    """Every page this server serves: the baseline only under the benchmark, the curator page only with a secret."""
    from dashboard.curator import curator_enabled

    specs = [*PAGES, BASELINE] if os.environ.get(BENCHMARK_ENV) == "1" else list(PAGES)
    if curator_enabled():
        specs.append(CURATOR)
    return specs


def app_pages() -> list[st.Page]:
    """The dashboard's pages; the first is the default, served at /."""
    # Absolute paths, so the pages resolve whichever script runs first (app.py, or a page file under test).
    return [
        st.Page(PROJECT_ROOT / spec.path, title=spec.title, url_path=spec.url, default=spec.url is None)
        for spec in served_pages()
    ]


def run_app() -> None:
    """Configure the page and run the navigation (what app.py does); the page links head the sidebar."""
    st.set_page_config(page_title=PAGE_TITLE, page_icon="📈", layout="wide")
    log = os.environ.get(TIMING_LOG_ENV)
    started = time.perf_counter()
    page = st.navigation(app_pages(), position="sidebar")
    try:
        page.run()
        share_link()
    finally:
        prune_now_and_then()  # pandas' bookkeeping on the long-lived frames (dashboard/references.py)
        if log:
            _log_run(Path(log), page.url_path or "/", started)


def share_link() -> None:
    """The link to exactly this view (page, range, filters, open view), with a copy button, at the sidebar's foot:
    written after the page has run, so it carries every parameter the page's own controls put in the link."""
    from urllib.parse import urlencode, urlsplit

    address = urlsplit(st.context.url or "")
    if not address.scheme:
        return
    # Every value of a parameter given more than once (two developers, say), in the order the link holds them.
    query = urlencode({key: st.query_params.get_all(key) for key in st.query_params}, doseq=True)
    link = f"{address.scheme}://{address.netloc}{address.path}" + (f"?{query}" if query else "")
    with st.sidebar, st.popover("Link to this view", icon=":material/link:", key="share_link"):
        st.code(link, language=None, wrap_lines=True)
        st.caption("Copy it with the button beside the link; it opens this page with the same range, filters and view.")


def _log_run(log: Path, page: str, started: float) -> None:
    """Append one script run's duration, measured in this server process, as a JSON line (benchmark only)."""
    line = json.dumps({"page": page, "ms": round((time.perf_counter() - started) * 1000, 2), "at": time.time()})
    with log.open("a", encoding="utf-8") as handle:  # one short append per run: lines never interleave
        handle.write(line + "\n")
