"""Benchmark baseline: only what every page shares (theme, data, sidebar filters) and one Plotly chart, drawn
through the same PageContext.chart as every page's charts."""

from dashboard.figures.timeline import events_timeline
from dashboard.page import setup_page

ctx = setup_page(__file__, "Baseline", "Benchmark baseline: the shared filters and one chart.")


def baseline_figure(ctx):
    return events_timeline(ctx.tables["events"], ctx.sources)


ctx.chart("baseline", baseline_figure)
