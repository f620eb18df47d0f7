"""Market and adoption metrics: every observation with its as-of date, adoption over time, stock and cloud."""

import streamlit as st

from alibaba_ai_data.publish import export_table
from dashboard.citations import lookup, provenance
from dashboard.figures.metrics import adoption_chart, growth_bars, observation_strip, observations_frame, signed_bars
from dashboard.page import setup_page

ctx = setup_page(__file__, "Market and adoption metrics", "Every reported figure, each with its as-of date.")
metrics = ctx.tables["metrics"]


def metric_observations(ctx):
    return observations_frame(ctx.tables["metrics"], ctx.sources)


def observations_figure(ctx, figure, *args):
    """One of the metric figures, drawn from the range's observations."""
    return figure(ctx.cached(metric_observations), *args)


picked, selected = [], None

view = ctx.views()
if (tab := view["Observations"]) is not None:
    with tab:
        picked_points = ctx.chart(
            "metric-observations",
            observations_figure,
            observation_strip,
            note="Drag a box or lasso over points, or click one, to narrow the table below (it opens); "
            "double-click the chart to clear.",
            selection_mode=("points", "box", "lasso"),
        )
        ctx.coverage_note("metrics")
        table = export_table(ctx.tables, "metrics")
        note = (
            "Values carry their qualifier (more than, about, at least), unit and basis; "
            "'As of' is the first day of its period, to the precision shown."
        )
        chosen_ids = {point[1] for point in picked_points if point[0] == "metrics"}
        if chosen_ids:
            table = table[table["metric_id"].isin(chosen_ids)]
            note = f"Narrowed to the {len(table)} observations selected on the chart. " + note
            st.session_state["table"] = True  # a selection on the chart opens the table it narrows
        if (box := ctx.drawer("Observations: table and CSV", "table")) is not None:
            with box:
                selected = ctx.table(
                    "metrics",
                    table,
                    key="metrics_table",
                    note=note,
                    api_table="metrics",
                    api_note="every observation in the range; a selection on the chart narrows only this table"
                    if chosen_ids
                    else "",
                )
        provenance(selected, ctx.cite_index, heading="" if selected is None else str(selected.get("metric", "")))

if (tab := view["Adoption"]) is not None:
    with tab:
        picked = ctx.chart(
            "adoption",
            observations_figure,
            adoption_chart,
            caveat="Dashed lines only connect reports; nothing was measured in between",
            note="Points are counts as reported on their as-of dates; the dashed lines only connect reports, nothing was "
            "measured in between.",
        )

if (tab := view["Stock and cloud"]) is not None:
    with tab:
        # Full width: the bar labels (basis and as-of date) need the room.
        picked = ctx.chart(
            "stock-moves",
            observations_figure,
            signed_bars,
            "Alibaba share price change",
            "Reported share price moves (different bases)",
        )
        streak = metrics[metrics["metric_id"] == "ai_revenue_streak_q2_2025"]
        picked += ctx.chart(
            "growth",
            observations_figure,
            growth_bars,
            note=""
            if streak.empty
            else f"AI-related revenue grew by triple digits for {streak.iloc[0]['value']:g} consecutive quarters "
            "to the June quarter of 2025; 100% is the floor the article implies, not a reported figure.",
            # The streak is written in the note, not plotted: its source is named with the chart's.
            extra_sources=[*streak["source_id"], *streak["date_source_id"].dropna()],
        )

if picked:
    chosen = lookup(ctx.tables, picked[0][0], picked[0][1])
    provenance(chosen, ctx.cite_index, heading="" if chosen is None else str(chosen.get("metric", "")))
