"""Market and adoption metrics: every observation with its as-of date, adoption over time, stock and cloud."""

import streamlit as st

from dashboard.components import lookup, provenance, source_line, table_with_download
from dashboard.figures.metrics import adoption_chart, growth_bars, observation_strip, observations_frame, signed_bars
from dashboard.page import setup_page
from dashboard.sections import drawer, views

ctx = setup_page("Market and adoption metrics", "Every reported figure, each with its as-of date.")
metrics = ctx.tables["metrics"]
observations = ctx.cached("metric-observations-frame", lambda: observations_frame(metrics, ctx.sources))
picked, selected = [], None

view = views("pages/metrics.py")
if (tab := view["Observations"]) is not None:
    with tab:
        picked_points = ctx.chart(
            ctx.cached("observations", lambda: observation_strip(observations)),
            key="observation_strip",
            name="metric-observations",
            selection_mode=("points", "box", "lasso"),
        )
        ctx.coverage_note("metrics")
        source_line(metrics["source_id"].tolist() + metrics["date_source_id"].dropna().tolist(), ctx.cite_index)
        st.caption(
            "Drag a box or lasso over points, or click one, to narrow the table below (it opens); "
            "double-click the chart to clear."
        )
        table = metrics.sort_values("as_of")
        note = (
            "Values carry their qualifier (more than, about, at least), unit and basis; "
            "'As of' is the first day of its period, to the precision shown."
        )
        chosen_ids = {point[1] for point in picked_points if point[0] == "metrics"}
        if chosen_ids:
            table = table[table["metric_id"].isin(chosen_ids)]
            note = f"Narrowed to the {len(table)} observations selected on the chart. " + note
            st.session_state["table"] = True  # a selection on the chart opens the table it narrows
        if (box := drawer("Observations: table and CSV", "table")) is not None:
            with box:
                selected = table_with_download("metrics", table, ctx.span, key="metrics_table", note=note)
        provenance(selected, ctx.cite_index, heading="" if selected is None else str(selected.get("metric", "")))

if (tab := view["Adoption"]) is not None:
    with tab:
        picked = ctx.chart(
            ctx.cached("adoption", lambda: adoption_chart(observations)),
            key="adoption",
            name="adoption",
            caveat="Dashed lines only connect reports; nothing was measured in between",
        )
        st.caption(
            "Points are counts as reported on their as-of dates; the dashed lines only connect reports, nothing was "
            "measured in between."
        )
        adoption = metrics[metrics["metric_group"] == "adoption"]
        source_line(adoption["source_id"].tolist(), ctx.cite_index)

if (tab := view["Stock and cloud"]) is not None:
    with tab:
        # Full width: the bar labels (basis and as-of date) need the room.
        picked = ctx.chart(
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
