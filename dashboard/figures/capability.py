"""The capability race: each developer's best leaderboard score over time, one board version at a time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data.periods import as_of_label
from dashboard.figures.common import empty_figure, point_data, source_titles
from dashboard.theme import COMPANY_COLOURS, MUTED, TEXT

ALIBABA = "Alibaba"
# Developers based in China (the China race on /competitors shows these); the others on the boards here are US labs.
# Chinese labs are drawn solid, US labs dotted.
CHINESE_DEVELOPERS = (
    "Alibaba",
    "Alibaba International",
    "DeepSeek",
    "Moonshot AI",
    "Zhipu AI (Z.ai)",
    "MiniMax",
    "Tencent",
    "Baidu",
)
EXTRA_COLOURS = {"Anthropic": "#882255", "xAI": "#000000"}


def race_figure(rows: pd.DataFrame, sources: pd.DataFrame, board: str, version: str) -> go.Figure:
    """One line per developer through its best score at each snapshot of one board version (steps: a score holds
    until the next snapshot), with the board's interval as whiskers and the model named on hover; Alibaba's line
    is the thick one and its points are labelled with the model."""
    title = f"Best {board} score per developer ({version})"
    shown = rows[(rows["board"].astype(str) == board) & (rows["board_version"] == version)]
    if shown.empty:
        return empty_figure(title, "No scores for this board version in the selected range")
    fig = go.Figure()
    order = shown.groupby("developer")["value"].max().sort_values(ascending=False).index
    for developer in order:
        part = shown[shown["developer"] == developer].sort_values("as_of")
        own = developer == ALIBABA
        colour = COMPANY_COLOURS.get(developer, EXTRA_COLOURS.get(developer, MUTED))
        points = point_data(
            "capability",
            part["capability_id"],
            model=part["model"],
            when=[as_of_label(d, str(p)) for d, p in zip(part["as_of"], part["as_of_precision"])],
            interval=[
                "" if pd.isna(lo) else f"95% interval {lo:,.0f}-{hi:,.0f}"
                for lo, hi in zip(part["interval_low"], part["interval_high"])
            ],
            source=source_titles(part, sources),
        )
        fig.add_trace(
            go.Scatter(
                x=part["as_of"],
                y=part["value"].astype(float),
                mode="lines+markers+text" if own else "lines+markers",
                line=dict(
                    color=colour, width=4 if own else 2, shape="hv", dash="solid" if developer in CHINESE_DEVELOPERS else "dot"
                ),
                marker=dict(size=10 if own else 7, color=colour, line=dict(color="white", width=1)),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=(part["interval_high"] - part["value"]).fillna(0).to_numpy(),
                    arrayminus=(part["value"] - part["interval_low"]).fillna(0).to_numpy(),
                    color=colour,
                    thickness=1,
                    width=3,
                ),
                # A Qwen model is named where it first appears, not at every snapshot it holds.
                text=part["model"].astype(str).where(part["model"].astype(str) != part["model"].astype(str).shift(), "")
                if own
                else None,
                textposition="top right",  # away from the y axis, where the first snapshot sits
                textfont=dict(size=11, color=TEXT),
                name=developer + ("" if developer in CHINESE_DEVELOPERS else " (US)"),
                **points.trace_args(
                    "<b>"
                    + developer
                    + "</b>: {model}<br>%{y:,.1f} ({when})<br>{interval}<br><i>source: {source}</i><extra></extra>"
                ),
            )
        )
    _snapshot_gaps(fig, sorted(shown["as_of"].unique()))
    fig.update_layout(
        title=title,
        title_subtitle_text="Solid lines: Chinese labs; dotted: US labs. Whiskers: the board's 95% interval. "
        "Each point is the developer's best-rated model in that snapshot. Snapshots: "
        + ", ".join(f"{d:%Y-%m-%d}" for d in sorted(shown["as_of"].unique())),
        title_subtitle_font=dict(color=MUTED, size=12),
        xaxis=dict(type="date", title="Board snapshot"),
        yaxis=dict(title="Arena score (this version's scale)"),
        height=560,
        margin=dict(t=120),
        legend_title_text="Developer",
    )
    return fig


# Two snapshots further apart than this leave a stretch the board's recorded files say nothing about.
GAP_DAYS = 92


def _snapshot_gaps(fig: go.Figure, snapshots: list) -> None:
    """A grey band over each stretch of more than a quarter with no recorded snapshot: the lines cross it holding
    their last value, and the band says that nothing was recorded there."""
    for before, after in zip(snapshots, snapshots[1:]):
        if (pd.Timestamp(after) - pd.Timestamp(before)).days > GAP_DAYS:
            fig.add_vrect(
                x0=before,
                x1=after,
                fillcolor=MUTED,
                opacity=0.12,
                line_width=0,
                annotation_text="no snapshot recorded",
                annotation_position="top left",
                annotation_font=dict(size=11, color=TEXT),
            )
