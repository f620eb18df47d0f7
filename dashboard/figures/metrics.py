"""Metric views: every observation on one time axis (select points to narrow the table); adoption, stock and cloud growth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

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


def adoption_chart(observations: pd.DataFrame) -> go.Figure:
    """Derivative-model and download counts over time, each on its own axis; dashed lines only join reports."""
    title = "Qwen adoption as reported (cumulative)"
    series = [("Qwen derivative models", "derivative models"), ("Qwen downloads", "downloads")]
    panels = [(metric, axis, *thin(observations[observations["metric"] == metric], "as_of")) for metric, axis in series]
    panels = [panel for panel in panels if not panel[2].empty]
    if not panels:
        return empty_figure(title, "No adoption counts in the selected date range")
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[metric for metric, *_ in panels], horizontal_spacing=0.12)
    for column, (metric, axis, rows, _thinned) in enumerate(panels, start=1):
        rows = rows.sort_values("as_of")
        fig.add_trace(
            go.Scatter(
                x=rows["as_of"],
                y=rows["value"],
                mode="lines+markers",
                name=metric,
                line=dict(color=PALETTE[0], dash="dash"),
                marker=dict(size=10, color=PALETTE[0]),
                **metric_points(rows),
            ),
            row=1,
            col=column,
        )
        fig.update_yaxes(title_text=axis, rangemode="tozero", row=1, col=column)
        fig.update_xaxes(title_text="As-of date", row=1, col=column)
    fig.update_layout(title=title, height=340, showlegend=False)
    subtitle(fig, " ".join(note for *_, note in panels if note) or None)
    return fig


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


def observation_strip(observations: pd.DataFrame) -> go.Figure:
    """Every observation as a point on its as-of date, one lane per metric group; box- or lasso-select to narrow."""
    title = "Every observation by as-of date"
    if observations.empty:
        return empty_figure(title)
    observations, thinned = thin(observations, "as_of")
    fig = go.Figure()
    for colour, (group, rows) in zip(PALETTE * 3, observations.groupby("group", sort=True)):
        fig.add_trace(
            go.Scatter(
                x=rows["as_of"],
                y=rows["group"],
                mode="markers",
                name=group,
                marker=dict(size=13, color=colour, opacity=0.85, line=dict(width=1, color="white")),
                **metric_points(rows),
                showlegend=False,
            )
        )
    fig.update_layout(
        title=title,
        xaxis_title="As-of date",
        yaxis_title="Metric group",
        height=max(300, 48 * observations["group"].nunique() + 150),
        dragmode="select",
    )
    subtitle(fig, " ".join(n for n in ("Drag a box (or lasso) over points to narrow the table below", thinned) if n))
    return fig
