"""Competitor views: the open-weights × own-cloud positioning, the China race, and response gaps."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data.derived import open_weight_positions
from dashboard.figures.common import (
    add_point_labels,
    date_labels,
    days_per_pixel,
    empty_figure,
    point_data,
    source_titles,
    subtitle,
    thin,
)
from dashboard.theme import COMPANY_COLOURS, MUTED, PALETTE

LEVELS = ["no", "not stated", "yes"]


def _wrap(text: str, width: int = 22) -> str:
    """Break a long axis label over lines so it is not cut off."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def _cell_offsets(count: int) -> list[tuple[float, float]]:
    """Stack a cell's companies vertically (labels sit to their right) so no two labels overlap."""
    step = min(0.17, 0.8 / max(count, 1))
    return [(-0.3, ((count - 1) / 2 - i) * step) for i in range(count)]


def positioning_matrix(competitors: pd.DataFrame, sources: pd.DataFrame, releases: pd.DataFrame | None = None) -> go.Figure:
    """Each company placed by whether it has open-weight models and its own cloud. Open weights follow the releases
    table when it records an open-weight release of the company's (the newest named on hover), else the articles;
    own cloud is the articles' word."""
    title = "Open-weight models × own cloud"
    if competitors.empty:
        return empty_figure(title)
    competitors, thinned = thin(competitors, "company", limit=40, order_label="name")
    if releases is None:
        competitors = competitors.assign(
            open_weights_shown=competitors["open_weight_models"].astype(str), open_weights_basis="the articles"
        )
    else:
        competitors = open_weight_positions(competitors, releases)
    placed = competitors.assign(
        gx=competitors["open_weights_shown"].astype(str).map(LEVELS.index),
        gy=competitors["own_cloud"].astype(str).map(LEVELS.index),
    )
    xs, ys = np.zeros(len(placed)), np.zeros(len(placed))
    for _, cell in placed.groupby(["gx", "gy"]):
        for (dx, dy), index in zip(_cell_offsets(len(cell)), cell.index):
            pos = placed.index.get_loc(index)
            xs[pos], ys[pos] = cell.at[index, "gx"] + dx, cell.at[index, "gy"] + dy
    points = point_data(
        "competitors",
        placed["company_id"],
        company=placed["company"],
        positioning=placed["positioning"],
        open_basis=placed["open_weights_basis"],
        flagship=placed["flagship_model"],
        cloud=placed["cloud_rank_note"].fillna(""),
        source=source_titles(placed, sources),
    )
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers+text",
            text=placed["company"],
            textposition="middle right",
            marker=dict(
                size=16,
                color=[COMPANY_COLOURS.get(c.split(" /")[0], PALETTE[4]) for c in placed["company"]],
                line=dict(width=1, color="white"),
            ),
            **points.trace_args(
                "<b>{company}</b><br>{positioning}<br>open weights: {open_basis}<br>flagship: {flagship}<br>{cloud}"
                "<br><i>source: {source}</i><extra></extra>"
            ),
        )
    )
    axis = dict(tickvals=[0, 1, 2], ticktext=LEVELS, range=[-0.6, 2.6], showgrid=False, zeroline=False)
    fig.update_layout(
        title=title,
        # Room for a label per company in the fullest cell (the label step drops a label it cannot fit).
        height=max(520, 230 + 110 * int(placed.groupby(["gx", "gy"]).size().max())),
        showlegend=False,
        xaxis=dict(axis, title="Open-weight models? (a recorded open-weight release, else the articles)"),
        yaxis=dict(axis, title="Own cloud? (the articles)"),
    )
    for boundary in (0.5, 1.5):
        fig.add_vline(x=boundary, line=dict(color=MUTED, width=1, dash="dot"))
        fig.add_hline(y=boundary, line=dict(color=MUTED, width=1, dash="dot"))
    subtitle(fig, thinned)
    return fig


def response_gaps_chart(gaps: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """Days from a rival's move to Alibaba's response, one bar per pair the articles draw."""
    title = "Days from a rival's move to Alibaba's response"
    if gaps.empty:
        return empty_figure(title)
    rows = gaps.sort_values("gap_days")
    labels = [f"{_wrap(t)} →<br>{_wrap(r)}" for t, r in zip(rows["trigger_name"], rows["response_name"])]
    text = [f"{d} days" + ("" if exact else " (approx.)") for d, exact in zip(rows["gap_days"], rows["exact"])]
    points = point_data(
        "responses",
        rows["pair_id"],
        pair=labels,
        dates=[f"{t:%Y-%m-%d} → {r:%Y-%m-%d}" for t, r in zip(rows["trigger_date"], rows["response_date"])],
        gap=text,
        source=source_titles(rows, sources),
    )
    fig = go.Figure(
        go.Bar(
            x=rows["gap_days"],
            y=labels,
            orientation="h",
            marker_color=np.where(rows["exact"], PALETTE[0], MUTED),
            text=text,
            textposition="outside",
            cliponaxis=False,
            **points.trace_args("<b>{pair}</b><br>{dates}: {gap}<br><i>pairing from: {source}</i><extra></extra>"),
        )
    )
    fig.update_layout(
        title=title,
        xaxis_title="Days between the two dates",
        yaxis_title=None,
        showlegend=False,
        height=140 + 44 * len(rows),
        xaxis=dict(range=[0, float(rows["gap_days"].max()) * 1.25]),
    )
    return fig


def china_race(
    releases: pd.DataFrame, sources: pd.DataFrame, developers: list[str], labelled: set[str] = frozenset()
) -> go.Figure:
    """Dated releases by Chinese developers, one lane each; releases in `labelled` carry direct labels."""
    title = "Release race among Chinese developers"
    rows = releases[releases["developer"].isin(developers)].sort_values("release_date")
    if rows.empty:
        return empty_figure(title)
    rows, thinned = thin(rows, "release_date")
    points = point_data(
        "releases",
        rows["release_id"],
        model=rows["model"],
        released=date_labels(rows, "release_date", "date_precision"),
        source=source_titles(rows, sources),
    )
    fig = go.Figure()
    for developer, group in rows.groupby("developer", sort=False):
        idx = rows.index.get_indexer(group.index)
        fig.add_trace(
            go.Scatter(
                x=group["release_date"],
                y=group["developer"],
                mode="markers",
                name=developer,
                marker=dict(
                    size=13,
                    color=COMPANY_COLOURS.get(developer, MUTED),
                    line=dict(width=1, color="white"),
                    symbol=np.where(group["open_weights"].fillna(False), "circle", "diamond-open"),
                ),
                **points.take(idx).trace_args("<b>{model}</b><br>{released}<br><i>source: {source}</i><extra></extra>"),
            )
        )
    named = rows[rows["release_id"].isin(labelled)]
    add_point_labels(fig, named["release_date"], named["developer"], named["model"], days_per_pixel(rows["release_date"]))
    fig.update_layout(
        title=title, xaxis_title="Release date", yaxis_title="Developer", height=max(320, 70 * rows["developer"].nunique() + 140)
    )
    subtitle(fig, thinned)
    return fig
