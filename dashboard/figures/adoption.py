"""The adoption race: cumulative downloads and derivative models over time, sources kept apart, the articles' figures on the same axes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data.periods import as_of_label
from dashboard.figures.common import empty_figure, point_data, source_titles
from dashboard.formatting import metric_value
from dashboard.theme import COMPANY_COLOURS, MUTED, PALETTE, TEXT

ENTITY_COLOURS = {
    "Qwen": COMPANY_COLOURS["Alibaba"],
    "Llama": COMPANY_COLOURS["Meta"],
    "DeepSeek": COMPANY_COLOURS["DeepSeek"],
    "Chinese open models": PALETTE[5],
    "US open models": PALETTE[4],
    "Chinese models": PALETTE[5],
    "US models": PALETTE[4],
}
MEASURE_TITLES = {
    "downloads": ("Cumulative downloads by model family", "downloads"),
    "derivatives": ("Derivative models built on each family", "derivative models"),
    "derivative_share": ("Share of new derivative models", "% of new derivatives"),
    "weekly_tokens": ("Weekly tokens on OpenRouter, Chinese against US models", "tokens per week"),
}


def adoption_figure(series: pd.DataFrame, milestones: pd.DataFrame, sources: pd.DataFrame, measure: str) -> go.Figure:
    """Observations as points by as-of date (one colour per family; articles' figures as open squares), with the
    dates sources give for Qwen passing Llama drawn as dated lines."""
    title, axis = MEASURE_TITLES[measure]
    if series.empty:
        return empty_figure(title)
    fig = go.Figure()
    for (entity, origin), part in series.groupby(["entity", "origin"], sort=False):
        colour = ENTITY_COLOURS.get(entity, MUTED)
        from_article = origin == "article"
        shown = [metric_value(v, u, str(q)) for v, u, q in zip(part["value"], part["unit"], part["qualifier"])]
        fig.add_trace(
            go.Scatter(
                x=part["as_of"],
                y=part["value"].astype(float),
                mode="markers+text",
                marker=dict(
                    size=13 if from_article else 11,
                    color="white" if from_article else colour,
                    symbol="square" if from_article else "circle",
                    line=dict(color=colour, width=2.5),
                ),
                text=shown,
                textposition="top left" if from_article else "bottom right",
                textfont=dict(size=11, color=TEXT),
                name=f"{entity} (the articles' figure)" if from_article else entity,
                **point_data(
                    part["table"],
                    part["key"],
                    value=shown,
                    scope=part["scope"].fillna(""),
                    as_of=[as_of_label(d, str(p)) for d, p in zip(part["as_of"], part["as_of_precision"])],
                    confidence=part["confidence"].fillna("article").astype(str),
                    source=source_titles(part, sources),
                ).trace_args(
                    "<b>" + entity + "</b>: {value}<br>{scope}<br>as of {as_of}"
                    "<br>confidence: {confidence}<br><i>source: {source}</i><extra></extra>"
                ),
            )
        )
    _milestones(fig, milestones)
    # The axis spans the points, with room on the right for the last point's label (labels sit right of points).
    first, last = pd.Timestamp(series["as_of"].min()), pd.Timestamp(series["as_of"].max())
    span = max((last - first).days, 60)
    x_range = [first - pd.Timedelta(days=span * 0.08), last + pd.Timedelta(days=span * 0.25)]
    fig.update_layout(
        title=title,
        title_subtitle_text="Each point keeps its own source and scope (Hugging Face only, all channels, a tracked subset), "
        "so points are not joined across sources",
        title_subtitle_font=dict(color=MUTED, size=12),
        xaxis=dict(type="date", title="As of", range=x_range),
        yaxis=dict(title=axis, range=[0, float(series["value"].max()) * 1.3]),
        height=480,
        margin=dict(t=110),
        legend=dict(orientation="h", y=-0.18, x=0),
    )
    return fig


def _milestones(fig: go.Figure, milestones: pd.DataFrame) -> None:
    """A dated line for each source's claim of when Qwen passed Llama; when they differ, the label says so."""
    if milestones.empty:
        return
    disagree = milestones["date"].nunique() > 1
    for i, row in enumerate(milestones.sort_values("date").itertuples()):
        fig.add_vline(x=row.date, line=dict(color=MUTED, width=1.5, dash="dash"))
        fig.add_annotation(
            x=row.date,
            y=1.0 - 0.09 * i,
            yref="paper",
            text=row.title + (" (sources disagree)" if disagree else ""),
            showarrow=False,
            xanchor="left",
            font=dict(size=11, color=TEXT),
            bgcolor="rgba(255,255,255,0.85)",
        )
