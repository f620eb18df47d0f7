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
    "ByteDance",
)
EXTRA_COLOURS = {"Anthropic": "#882255", "xAI": "#000000"}


GROUPINGS = {"Developer": "developer", "Country": "country", "Open or closed": "openness"}
COUNTRY_COLOURS = {"China": "#D55E00", "US": "#0072B2"}
OPENNESS_COLOURS = {"open weights": "#009E73", "closed": "#882255", "not stated": MUTED}


def race_lanes(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """The rows a race draws, with a ``lane`` per line: each developer (every row), or per country or per open or
    closed weights the best-rated row of each snapshot (a row of the data, never a combined score)."""
    lanes = rows.copy()
    if by == "developer":
        lanes["lane"] = lanes["developer"].astype(str)
        return lanes
    if by == "country":
        lanes["lane"] = lanes["developer"].isin(CHINESE_DEVELOPERS).map({True: "China", False: "US"})
    elif by == "openness":
        flag = lanes["open_weights"].astype("boolean")
        lanes["lane"] = flag.map({True: "open weights", False: "closed"}).astype(object).where(flag.notna(), "not stated")
    else:
        raise ValueError(f"unknown grouping {by!r}")
    keys = ["board", "board_version", "as_of", "lane"]
    best = lanes.sort_values("value", ascending=False).drop_duplicates(keys)
    return best.sort_values(["as_of", "lane"])


def _lane_style(by: str, lane: str) -> tuple[str, str, bool]:
    """Colour, dash and emphasis of one line."""
    if by == "country":
        return COUNTRY_COLOURS.get(lane, MUTED), "solid" if lane == "China" else "dot", lane == "China"
    if by == "openness":
        return OPENNESS_COLOURS.get(lane, MUTED), "solid" if lane == "open weights" else "dot", lane == "open weights"
    colour = COMPANY_COLOURS.get(lane, EXTRA_COLOURS.get(lane, MUTED))
    return colour, "solid" if lane in CHINESE_DEVELOPERS else "dot", lane == ALIBABA


def _lane_name(by: str, lane: str) -> str:
    if by == "developer":
        return lane + ("" if lane in CHINESE_DEVELOPERS else " (US)")
    return {"China": "Chinese labs", "US": "US labs"}.get(lane, lane)


LEGENDS = {
    "developer": "Solid lines: Chinese labs; dotted: US labs.",
    "country": "Each line is the best-rated model of that country's labs tracked here, in each snapshot.",
    "openness": "Each line is the best-rated model with or without published weights in each snapshot.",
}


def race_figure(
    rows: pd.DataFrame,
    sources: pd.DataFrame,
    board: str,
    version: str,
    by: str = "developer",
    claims: pd.DataFrame | None = None,
) -> go.Figure:
    """One line per developer, country or open/closed group through its best score at each snapshot of one board
    version (steps: a score holds until the next snapshot), with the board's interval as whiskers and the model on
    hover; Alibaba's (or China's, or the open models') line is the thick one, and Qwen's models are named where they
    first lead their line. ``claims``, the articles' own leaderboard statements (ranks, not scores), are marked on
    the time axis at their dates."""
    group = {v: k for k, v in GROUPINGS.items()}.get(by, by).lower()
    title = f"Best {board} score per {group} ({version})"
    shown = rows[(rows["board"].astype(str) == board) & (rows["board_version"] == version)]
    if shown.empty:
        return empty_figure(title, "No scores for this board version in the selected range")
    shown = race_lanes(shown, by)
    fig = go.Figure()
    order = shown.groupby("lane")["value"].max().sort_values(ascending=False).index
    for lane in order:
        part = shown[shown["lane"] == lane].sort_values("as_of")
        colour, dash, thick = _lane_style(by, lane)
        qwen = part["developer"].astype(str) == ALIBABA
        models = part["model"].astype(str)
        points = point_data(
            "capability",
            part["capability_id"],
            developer=part["developer"],
            model=part["model"],
            when=[as_of_label(d, str(p)) for d, p in zip(part["as_of"], part["as_of_precision"])],
            interval=[
                "" if pd.isna(lo) else f"95% interval {lo:,.0f}-{hi:,.0f}"
                for lo, hi in zip(part["interval_low"], part["interval_high"])
            ],
            source=source_titles(part, sources),
        )
        # A Qwen model is named where it first appears on its line, not at every snapshot it holds.
        labels = models.where(qwen & (models != models.shift()), "")
        fig.add_trace(
            go.Scatter(
                x=part["as_of"],
                y=part["value"].astype(float),
                mode="lines+markers+text" if labels.any() else "lines+markers",
                line=dict(color=colour, width=4 if thick else 2, shape="hv", dash=dash),
                marker=dict(size=10 if thick else 7, color=colour, line=dict(color="white", width=1)),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=(part["interval_high"] - part["value"]).fillna(0).to_numpy(),
                    arrayminus=(part["value"] - part["interval_low"]).fillna(0).to_numpy(),
                    color=colour,
                    thickness=1,
                    width=3,
                ),
                text=labels if labels.any() else None,
                textposition="top right",  # away from the y axis, where the first snapshot sits
                textfont=dict(size=11, color=TEXT),
                name=_lane_name(by, lane),
                **points.trace_args(
                    "<b>{developer}</b>: {model}<br>%{y:,.1f} ({when})<br>{interval}<br><i>source: {source}</i><extra></extra>"
                ),
            )
        )
    _snapshot_gaps(fig, sorted(shown["as_of"].unique()))
    if claims is not None and not claims.empty:
        # Only claims near this version's snapshots: an older claim would stretch the axis over empty months.
        first, last = shown["as_of"].min(), shown["as_of"].max()
        near = claims[claims["as_of"].between(first - pd.Timedelta(days=GAP_DAYS), last)]
        if not near.empty:
            _article_claims(fig, near, sources)
    fig.update_layout(
        title=title,
        title_subtitle_text=LEGENDS[by]
        + " Whiskers: the board's 95% interval. Snapshots: "
        + ", ".join(f"{d:%Y-%m-%d}" for d in sorted(shown["as_of"].unique())),
        title_subtitle_font=dict(color=MUTED, size=12),
        xaxis=dict(type="date", title="Board snapshot"),
        yaxis=dict(
            title=("Arena score" if (shown["metric"].astype(str) == "arena score").all() else "Score") + " (this version's scale)"
        ),
        yaxis2=dict(overlaying="y", range=[0, 1], visible=False, fixedrange=True),
        height=560,
        margin=dict(t=120),
        legend_title_text=group.capitalize(),
    )
    return fig


def _article_claims(fig: go.Figure, claims: pd.DataFrame, sources: pd.DataFrame) -> None:
    """The articles' leaderboard statements as marks along the foot of the chart, at their dates (on an axis of
    their own: a rank is not an arena score)."""
    claims = claims.sort_values("as_of")
    text = [f"{e}: {m.lower()} {v:g}" for e, m, v in zip(claims["entity"], claims["metric"], claims["value"])]
    points = point_data(
        "metrics",
        claims["metric_id"],
        claim=text,
        when=[as_of_label(d, str(p)) for d, p in zip(claims["as_of"], claims["as_of_precision"])],
        source=source_titles(claims, sources),
    )
    fig.add_trace(
        go.Scatter(
            x=claims["as_of"],
            y=[0.04 + 0.07 * i for i in range(len(claims))],
            yaxis="y2",
            mode="markers+text",
            marker=dict(symbol="star", size=13, color=TEXT),
            text=text,
            textposition="middle right",
            textfont=dict(size=11, color=TEXT),
            name="Article claims (ranks)",
            **points.trace_args("<b>Article</b>: {claim} ({when})<br><i>source: {source}</i><extra></extra>"),
        )
    )


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
