"""Warm the server process at start, so the first visitor does not wait for imports and the first data load.

app.py hands `lifespan` to st.App; `streamlit run app.py` discovers that app and runs the lifespan once when the
server starts. The warm-up runs in a thread so the server answers at once: the browser fetches Streamlit's bundle
while this process imports pandas, Plotly, Altair and pandera and loads data/ into the same cache the pages use.
A page that asks before the warm-up finishes simply waits on the import lock or the cache, never loads twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

LOGGER = logging.getLogger(__name__)
# Set once the warm-up has run (whatever it found): the ready form of the health check waits for it.
READY = threading.Event()


def warm_up() -> None:
    """Import what every page imports and load data/ into the dataset cache. A data problem is left for the first
    page to report (with file, row and column); nothing here may stop the server."""
    try:
        import dashboard.page  # noqa: F401  (pandas, Plotly, Altair, pandera and the data layer)
        from alibaba_ai_data import DataValidationError
        from dashboard.data_access import get_dataset

        try:
            get_dataset()
        except DataValidationError:
            LOGGER.info("data/ does not validate; the pages will say why")
    except Exception:  # a warm-up failure must not take the server down; the first page run meets it again
        LOGGER.exception("warm-up failed")
    finally:
        READY.set()


@asynccontextmanager
async def lifespan(app: object) -> AsyncIterator[None]:
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    yield
