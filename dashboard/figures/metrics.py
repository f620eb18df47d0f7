"""Alibaba's business as the metrics table records it: quarterly revenue per segment (a new segment never joined to
the old one), growth, and share price moves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data.periods import as_of_label
from dashboard.figures.common import empty_figure, point_data, subtitle, thin
from dashboard.formatting import metric_value
from dashboard.theme import PALETTE


def observations_frame(metrics: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Metric rows with display columns for tooltips: value with unit, as-of label, source."""
    by_id = sources.set_index("source_id")
    source = metrics["source_id"].map(by_id["publisher"].fillna("").str.cat(by_id["title"], sep=": ").str.lstrip(": "))
    return metrics.assign(
        shown_value=[metric_value(v, u, str(q)) for v, u, q in zip(metrics["value"], metrics["unit"], metrics["qualifier"])],
        as_of_label=[as_of_label(d, str(p)) for d, p in zip(metrics["as_of"], metrics["as_of_precision"])],
        source=source,
        group=metrics["metric_group"].astype(str),
        value=metrics["value"].astype(float),
    )[["metric_id", "metric", "group", "entity", "value", "unit", "shown_value", "basis", "as_of", "as_of_label", "source"]]


METRIC_HOVER = "<b>{metric}</b><br>{entity}: {value}<br>{basis}<br>as of {as_of}<br><i>source: {source}</i><extra></extra>"


def metric_points(rows: pd.DataFrame) -> dict:
    """customdata, meta and hover template of observation rows (from observations_frame)."""
    return point_data(
        "metrics",
        rows["metric_id"],
        metric=rows["metric"],
        entity=rows["entity"],
        value=rows["shown_value"],
        basis=rows["basis"],
        as_of=rows["as_of_label"],
        source=rows["source"],
    ).trace_args(METRIC_HOVER)


def signed_bars(observations: pd.DataFrame, metric: str, title: str) -> go.Figure:
    """Percentage observations of one metric as bars labelled by basis and as-of date, coloured by sign."""
    rows, thinned = thin(observations[observations["metric"] == metric], "as_of", limit=60)
    if rows.empty:
        return empty_figure(title, f"No {metric.lower()} in the selected date range")
    rows = rows.sort_values("as_of")
    fig = go.Figure(
        go.Bar(
            x=rows["value"],
            y=rows["basis"] + " (" + rows["as_of_label"] + ")",
            orientation="h",
            marker_color=np.where(rows["value"] >= 0, PALETTE[2], PALETTE[5]),
            text=rows["shown_value"],
            textposition="auto",
            **metric_points(rows),
        )
    )
    fig.update_layout(title=title, xaxis_title="Change, %", yaxis_title=None, height=120 + 48 * len(rows), showlegend=False)
    subtitle(fig, thinned)
    return fig


def growth_bars(observations: pd.DataFrame) -> go.Figure:
    """Year-on-year growth figures (cloud revenue, the AI revenue floor) as labelled bars."""
    title = "Reported year-on-year growth"
    growth = (
        (observations["unit"] == "%") & (observations["group"] == "cloud") & observations["basis"].str.contains("year on year")
    )
    rows, thinned = thin(observations[growth], "as_of", limit=60)
    if rows.empty:
        return empty_figure(title, "No growth figures in the selected date range")
    fig = go.Figure(
        go.Bar(
            x=rows["value"],
            y=rows["metric"] + " (" + rows["as_of_label"] + ")",
            orientation="h",
            marker_color=PALETTE[1],
            text=rows["shown_value"],
            textposition="outside",
            cliponaxis=False,
            **metric_points(rows),
        )
    )
    fig.update_layout(
        title=title, xaxis_title="Year-on-year growth, %", yaxis_title=None, height=120 + 48 * len(rows), showlegend=False
    )
    subtitle(fig, thinned)
    return fig


# Quarterly revenue amounts, one series per reporting basis: the Cloud Intelligence segment ends where AI Cloud and
# Compute Services begins (a new segment that adds T-Head), so the two are drawn as separate series, never joined.
REVENUE_SERIES = ("Alibaba Cloud revenue", "AI Cloud and Compute Services revenue", "Alibaba AI-related product revenue")


def revenue_figure(observations: pd.DataFrame) -> go.Figure:
    """Quarterly revenue per reported series, as bars at each quarter, each labelled with its figure."""
    title = "Quarterly revenue by reported series"
    rows = observations[observations["metric"].isin(REVENUE_SERIES) & observations["unit"].str.endswith("bn")]
    if rows.empty:
        return empty_figure(title, "No quarterly revenue figures in the selected date range")
    units = sorted(rows["unit"].unique())
    fig = go.Figure()
    for colour, metric in zip(PALETTE, REVENUE_SERIES):
        part = rows[rows["metric"] == metric].sort_values("as_of")
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["as_of"] + pd.Timedelta(days=45),
                y=part["value"],
                name=metric,
                marker_color=colour,
                text=part["shown_value"],
                textposition="outside",
                cliponaxis=False,
                **metric_points(part),
            )
        )
    top = float(rows["value"].max())
    # Half a quarter of room either side: a tick at the plot's corner would sit under the y axis's zero.
    first, last = rows["as_of"].min(), rows["as_of"].max()
    fig.update_layout(
        title=title,
        title_subtitle_text="Each bar is one quarter as reported; a new segment starts its own series",
        barmode="group",
        xaxis=dict(type="date", title="Quarter", range=[first - pd.Timedelta(days=30), last + pd.Timedelta(days=120)]),
        yaxis=dict(title=" / ".join(units), range=[0, top * 1.25]),
        height=440,
        margin=dict(t=100),
        legend=dict(orientation="h", y=-0.2, x=0),
    )
    return fig
