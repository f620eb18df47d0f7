"""Alibaba's business: cloud and AI revenue quarter by quarter, growth, the share price, and every reported figure."""

import streamlit as st

from alibaba_ai_data.publish import export_table
from dashboard.answer_texts import business_text
from dashboard.citations import provenance
from dashboard.figures.metrics import growth_bars, observations_frame, revenue_figure, signed_bars
from dashboard.page import setup_page

ctx = setup_page(
    __file__,
    "Alibaba's business",
    "What the cloud and AI business reports quarter by quarter, and how the market has moved.",
)
metrics = ctx.tables["metrics"]


def metric_observations(ctx):
    return observations_frame(ctx.tables["metrics"], ctx.sources)


def observations_figure(ctx, figure, *args):
    """One of the metric figures, drawn from the range's observations."""
    return figure(ctx.cached(metric_observations), *args)


ctx.answer("How is the cloud and AI business growing?", ctx.cached(business_text))

view = ctx.views()
if (tab := view["Revenue"]) is not None:
    with tab:
        ctx.chart("revenue", observations_figure, revenue_figure)
        ctx.coverage_note("metrics")
        streak = metrics[metrics["metric"] == "Consecutive quarters of triple-digit AI revenue growth"]
        ctx.chart(
            "growth",
            observations_figure,
            growth_bars,
            note="100% marks a floor where a source says only 'triple digits', not a reported figure.",
            extra_sources=[*streak["source_id"], *streak["date_source_id"].dropna()],
        )

if (tab := view["Share price"]) is not None:
    with tab:
        ctx.chart(
            "stock-moves",
            observations_figure,
            signed_bars,
            "Alibaba share price change",
            "Reported share price moves (different bases)",
        )

if (tab := view["All figures"]) is not None:
    with tab:
        st.caption(
            "Every reported figure in the range, each with its as-of date, basis and source. "
            "Adoption counts are on the Competitors page (Adoption race)."
        )
        selected = ctx.table(
            "metrics",
            export_table(ctx.tables, "metrics"),
            key="metrics_table",
            note="Values carry their qualifier (more than, about, at least), unit and basis; "
            "'As of' is the first day of its period, to the precision shown.",
            api_table="metrics",
        )
        provenance(selected, ctx.cite_index, heading="" if selected is None else str(selected.get("metric", "")))
