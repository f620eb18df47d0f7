"""Warm the server process at start, so the first visitor does not wait for imports and the first data load.

app.py hands `lifespan` to st.App; `streamlit run app.py` discovers that app and runs the lifespan once when the
server starts. The warm-up runs in a thread so the server answers at once: the browser fetches Streamlit's bundle
while this process imports pandas, Plotly, pandera and the figure modules, loads data/ into the same cache the pages
use, and builds what every page shares and the range does not change (the coverage grid and each page's outlook,
the range presets, the default range's filtered tables) plus one throwaway figure, so Plotly's property validators
are loaded before a reader's first figure needs them. A page that asks before the warm-up finishes simply waits on
the import lock or the cache, never builds twice. `/_stcore/health?ready` answers ok only once this has run.
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
            dataset = get_dataset()
        except DataValidationError:
            LOGGER.info("data/ does not validate; the pages will say why")
        else:
            warm_views(dataset)
    except Exception:  # a warm-up failure must not take the server down; the first page run meets it again
        LOGGER.exception("warm-up failed")
    finally:
        freeze_heap()
        READY.set()


def freeze_heap() -> None:
    """Move everything the warm-up built (imports, the dataset, shared caches: most of the process's objects) out of
    the collector's reach, so a full collection (Python's own, or Streamlit's forced one after each run if
    runner.postScriptGC is turned back on) walks only what sessions made since, not the whole long-lived heap, which
    cost about 90% of a loaded replica's time. benchmarks/capacity.py soaks the server to check memory stays flat."""
    import gc

    gc.collect()
    gc.freeze()
    LOGGER.info("froze %d objects after the warm-up", gc.get_freeze_count())


def warm_views(dataset) -> None:
    """Build what the pages share before a reader asks: per data version and day, never per session."""
    import plotly.io as pio
    from plotly.subplots import make_subplots

    import dashboard.figures.capability
    import dashboard.figures.capex
    import dashboard.figures.competitors
    import dashboard.figures.gaps
    import dashboard.figures.joined
    import dashboard.figures.metrics
    import dashboard.figures.pledge
    import dashboard.figures.timeline  # noqa: F401  (every page's figure modules)
    from dashboard.coverage_view import cached_outlooks, coverage_frame, coverage_today
    from dashboard.data_access import default_range, filtered_tables, range_presets, release_choices
    from dashboard.theme import apply_theme

    default = default_range(dataset)
    range_presets(dataset)
    release_choices(dataset)
    filtered_tables(dataset, default)
    today = coverage_today()
    coverage_frame(dataset, today)
    pages = {p.strip() for names in dataset["series"]["pages"].dropna().astype(str) for p in names.split(";")}
    for page in sorted(p for p in pages if p):
        cached_outlooks(dataset, page, today)
    apply_theme()
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True)
    figure.add_scatter(x=["2025-01-01"], y=[1], mode="markers+text", text=["a"], customdata=[["a"]], row=1, col=1)
    figure.add_bar(x=["2025-01-01"], y=[1], row=2, col=1)
    figure.add_annotation(x="2025-01-01", y=1, text="a", showarrow=True)
    figure.add_shape(type="line", x0="2025-01-01", x1="2025-01-01", y0=0, y1=1)
    figure.add_vrect(x0="2025-01-01", x1="2025-02-01", row=1, col=1)
    figure.update_layout(legend=dict(orientation="h"), hoverlabel=dict(align="left"))
    pio.to_json(figure)
    from dashboard import overview_charts

    overview_charts.warm(dataset)  # the default page's charts for the first reader's view


@asynccontextmanager
async def lifespan(app: object) -> AsyncIterator[None]:
    from dashboard.sockets import no_delay_on_listeners

    no_delay_on_listeners()  # the server has bound its socket but accepts no reader before this returns
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    yield
