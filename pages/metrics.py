"""Market and adoption metrics: every observation with its as-of date, adoption over time, stock and cloud."""

import pandas as pd
import streamlit as st

from dashboard.components import lookup, provenance, source_line, table_with_download, vega_chart, vega_spec
from dashboard.figures.metrics import BRUSH, adoption_chart, growth_bars, observation_strip, observations_frame, signed_bars
from dashboard.page import setup_page

ctx = setup_page("Market and adoption metrics", "Every reported figure, each with its as-of date.")
metrics = ctx.tables["metrics"]
observations = ctx.cached("metric-observations-frame", lambda: observations_frame(metrics, ctx.sources))


def spec(name: str, build) -> dict:
    """The page's Altair charts, validated and serialised once per data version and range."""
    return ctx.cached(name, lambda: vega_spec(build()))


def brushed_period(event) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The as-of period dragged out on the strip chart, if any."""
    selection = getattr(event, "selection", None) or {}
    bounds = (selection.get(BRUSH) or {}).get("as_of")
    if not bounds or len(bounds) != 2:
        return None
    unit = "ms" if isinstance(bounds[0], (int, float)) else None
    low, high = sorted(pd.to_datetime(bounds, unit=unit))
    return low.tz_localize(None) if low.tzinfo else low, high.tz_localize(None) if high.tzinfo else high


event = vega_chart(spec("observations", lambda: observation_strip(observations)), key="observation_strip", select=True)
source_line(metrics["source_id"].tolist() + metrics["date_source_id"].dropna().tolist(), ctx.cite_index)
st.caption(
    "Drag across the chart to narrow the table below; double-click to clear. This Altair chart's PNG export (toolbar) "
    "is named by Streamlit with the export time, not the date range; the Plotly charts' exports carry the range."
)
period = brushed_period(event)
table = metrics.sort_values("as_of")
note = "Values carry their qualifier (more than, about, at least), unit and basis; 'As of' is the first day of its period, to the precision shown."
if period is not None:
    table = table[(table["as_of"] >= period[0].normalize()) & (table["as_of"] <= period[1])]
    note = f"Narrowed to as-of dates {period[0]:%Y-%m-%d} to {period[1]:%Y-%m-%d} by the selection on the chart. " + note
st.subheader("Observations")
selected = table_with_download("metrics", table, ctx.span, key="metrics_table", note=note)
provenance(selected, ctx.cite_index, heading="" if selected is None else str(selected.get("metric", "")))

st.subheader("Adoption over time")
picked = ctx.chart(
    ctx.cached("adoption", lambda: adoption_chart(observations)),
    key="adoption",
    name="adoption",
    caveat="Dashed lines only connect reports; nothing was measured in between",
)
st.caption(
    "Points are counts as reported on their as-of dates; the dashed lines only connect reports, nothing was measured in between."
)
adoption = metrics[metrics["metric_group"] == "adoption"]
source_line(adoption["source_id"].tolist(), ctx.cite_index)

# Full width: the bar labels (basis and as-of date) need the room.
picked += ctx.chart(
    ctx.cached(
        "stock-moves",
        lambda: signed_bars(observations, "Alibaba share price change", "Reported share price moves (different bases)"),
    ),
    key="stock",
    name="stock-moves",
)
source_line(metrics.loc[metrics["metric_group"] == "stock", "source_id"].tolist(), ctx.cite_index)
picked += ctx.chart(ctx.cached("growth", lambda: growth_bars(observations)), key="growth", name="growth")
streak = metrics[metrics["metric_id"] == "ai_revenue_streak_q2_2025"]
if len(streak):
    st.caption(
        f"AI-related revenue grew by triple digits for {streak.iloc[0]['value']:g} consecutive quarters "
        "to the June quarter of 2025; 100% is the floor the article implies, not a reported figure."
    )
cloud = metrics[metrics["metric_group"] == "cloud"]
source_line(cloud["source_id"].tolist() + cloud["date_source_id"].dropna().tolist(), ctx.cite_index)
if picked:
    chosen = lookup(ctx.tables, picked[0][0], picked[0][1])
    provenance(chosen, ctx.cite_index, heading="" if chosen is None else str(chosen.get("metric", "")))
