"""The overview's two charts, as definitions both the page and the warm-up use: the page draws them, the warm-up
(dashboard/warmup.py) builds them for the first reader's view (the whole range, no filter) before anyone asks, so
the first visit after a start draws from the cache like every later one."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data import Dataset
from alibaba_ai_data.derived import labelled_events, labelled_releases
from alibaba_ai_data.tracker import adoption_series
from dashboard.figures.joined import adoption_measure, joined_timeline
from dashboard.figures.timeline import events_timeline
from dashboard.page import PageContext
from dashboard.shared_cache import cached

# The joined chart's PNG: a 16:9 slide.
SLIDE_SIZE = (1600, 900)

PAGE = "app_pages/overview.py"


def _labelled_events(dataset: Dataset) -> set[str]:
    return labelled_events(dataset["events"], dataset["responses"])


def labelled(ctx: PageContext) -> set[str]:
    """Which events carry a label: a matter of the data alone, not the range."""
    return cached(_labelled_events, ctx.dataset)


def adoption_observations(ctx: PageContext, measure: str) -> pd.DataFrame:
    """One adoption measure in the range, every family: the adoption table's rows and the articles' own figures."""
    return adoption_series(ctx.tables["adoption"], ctx.tables["metrics"], ctx.sources, measure)


def adoption_by_measure(ctx: PageContext) -> dict[str, pd.DataFrame]:
    return {m: ctx.cached(adoption_observations, m) for m in ("downloads", "derivatives")}


def key_events_figure(ctx: PageContext) -> go.Figure:
    return events_timeline(ctx.tables["events"], ctx.sources, labelled(ctx))


def key_events_chart(ctx: PageContext) -> dict:
    return dict(name="key-events", build=key_events_figure)


def joined_figure(ctx: PageContext) -> go.Figure:
    """Money, models, adoption and capability on the range's axis; quarters with no figure are judged on the
    context's coverage day."""
    adoption = adoption_by_measure(ctx)
    measure = adoption_measure(adoption)
    events = ctx.tables["events"]
    return joined_timeline(
        ctx.tables["capex_quarters"],
        ctx.tables["releases"],
        labelled_releases(ctx.dataset["releases"], ctx.dataset["responses"]),
        adoption.get(measure, adoption["downloads"]),
        measure,
        ctx.tables["capability"],
        events[events["event_id"].isin(labelled(ctx))],
        ctx.sources,
        (pd.Timestamp(ctx.span.start), pd.Timestamp(ctx.span.end)),
        ctx.coverage_today,
    )


def joined_chart(ctx: PageContext) -> dict:
    return dict(
        name="money-models-adoption-capability",
        build=joined_figure,
        # Slide-ready: the camera button saves the chart relaid out at 16:9.
        image_size=SLIDE_SIZE,
        caveat="Capex scopes differ by quarter; adoption counts differ in scope; each LMArena scale is drawn apart",
        note="Four panels on the page's range: Alibaba's quarterly capex as reported (a quarter with no figure stays empty "
        "and says so; colours tell company total from AI and cloud infrastructure), every Qwen release (firsts of each "
        "family and the moves the articles pair are named), the Qwen adoption measure with the most observations, and "
        "Qwen's best LMArena text score against the best other developer's at each snapshot, one pair of lines per scale. "
        "The key events run along the top, their dotted lines through every panel. "
        "Each panel names its sources in the image; the PNG carries all four. The camera button above the chart saves it "
        "as a 16:9 slide, 1600 by 900 pixels.",
    )


def warm(dataset) -> None:
    """Build both charts for the first reader's view."""
    from dashboard.page import default_context

    ctx = default_context(PAGE, dataset)
    for spec in (key_events_chart(ctx), joined_chart(ctx)):
        ctx.prepared_chart(spec["build"], caveat=spec.get("caveat", ""))
