"""Release timeline: Qwen families by date, competitor releases and key events as overlays."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data.periods import period_end
from dashboard.figures.common import (
    TOP_LANE_SLOTS,
    PointData,
    add_point_labels,
    add_spans,
    date_labels,
    days_per_pixel,
    empty_figure,
    point_data,
    source_titles,
    subtitle,
    thin,
)
from dashboard.theme import EXTRA_COLOUR, MUTED, PALETTE

MODALITY_COLOURS = dict(
    zip(
        ["text", "code", "math", "reasoning", "vision", "audio", "omni", "image-generation", "video-generation"],
        [*PALETTE, EXTRA_COLOUR],
    )
)
EVENT_LANE = "Key events"
MIN_SIZE, MAX_SIZE, UNKNOWN_SIZE = 9, 42, 11
ALIBABA = "Alibaba"


def marker_sizes(params_b: pd.Series) -> np.ndarray:
    """Marker diameter grows with the square root of parameter count; unknown sizes get a small fixed marker."""
    values = pd.to_numeric(params_b, errors="coerce").astype(float).to_numpy()
    known = ~np.isnan(values)
    sizes = np.full(len(values), float(UNKNOWN_SIZE))
    if known.any():
        roots = np.sqrt(values[known])
        span = roots.max() - roots.min()
        scaled = (roots - roots.min()) / span if span > 0 else np.zeros_like(roots)
        sizes[known] = MIN_SIZE + scaled * (MAX_SIZE - MIN_SIZE)
    return sizes


def release_lanes(releases: pd.DataFrame) -> pd.Series:
    """Qwen releases sit in their family's lane; everyone else's in the developer's lane."""
    own = releases["developer"] == ALIBABA
    return releases["family"].where(own, releases["developer"] + " (other)")


def release_points(releases: pd.DataFrame, sources: pd.DataFrame) -> PointData:
    """Point data of release rows, with what their hover shows (RELEASE_HOVER)."""
    return point_data(
        "releases",
        releases["release_id"],
        model=releases["model"],
        released=date_labels(releases, "release_date", "date_precision"),
        sizes=releases["sizes_b"].fillna("not published").str.replace(";", ", "),
        weights=np.where(releases["open_weights"].fillna(False), "open weights", "API / product only"),
        licence=releases["licence"].fillna("not stated"),
        source=source_titles(releases, sources),
    )


RELEASE_HOVER = (
    "<b>{model}</b><br>{released}<br>sizes (bn parameters): {sizes}<br>"
    "{weights} · licence: {licence}<br><i>source: {source}</i><extra></extra>"
)


def release_timeline(
    releases: pd.DataFrame,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    show_others: bool = True,
    show_events: bool = True,
    labelled: set[str] = frozenset(),
    labelled_event_ids: set[str] = frozenset(),
) -> go.Figure:
    """Scatter of releases over time: colour = modality, size = parameters, filled = open weights; the releases
    and events in `labelled` / `labelled_event_ids` carry direct labels."""
    title = "Qwen model releases over time"
    shown = releases if show_others else releases[releases["developer"] == ALIBABA]
    if shown.empty and (not show_events or events.empty):
        return empty_figure(title)
    shown, thinned = thin(shown, "release_date")
    events, thinned_events = thin(events, "date", limit=300) if show_events else (events, None)
    shown = shown.assign(lane=release_lanes(shown), size=marker_sizes(shown["max_params_b"]))
    fig = go.Figure()
    approximate = shown[shown["date_precision"].astype(str) != "day"]
    if len(approximate):
        add_spans(
            fig,
            approximate["release_date"],
            period_end(approximate["release_date"], approximate["date_precision"]),
            approximate["lane"],
            "≈ month/year date",
        )
    for modality, group in shown.groupby(shown["modality"].astype(str), sort=False):
        open_weights = group["open_weights"].fillna(False).to_numpy(dtype=bool)
        fig.add_trace(
            go.Scatter(
                x=group["release_date"],
                y=group["lane"],
                mode="markers",
                name=modality,
                marker=dict(
                    size=group["size"],
                    color=MODALITY_COLOURS.get(modality, MUTED),
                    symbol=np.where(open_weights, "circle", "diamond-open"),
                    line=dict(
                        width=np.where(open_weights, 1, 3),
                        color=np.where(open_weights, "white", MODALITY_COLOURS.get(modality, MUTED)),
                    ),
                    opacity=0.9,
                ),
                **release_points(group, sources).trace_args(RELEASE_HOVER),
            )
        )
    for label, symbol in (("open weights", "circle"), ("API / product only", "diamond-open")):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=label,
                marker=dict(symbol=symbol, color=MUTED, size=10, line=dict(width=2, color=MUTED)),
            )
        )
    if show_events and len(events):
        add_event_lane(fig, events, sources)
    gap = days_per_pixel(pd.concat([shown["release_date"], events["date"]]) if show_events else shown["release_date"])
    named = shown[shown["release_id"].isin(labelled)]
    add_point_labels(fig, named["release_date"], named["lane"], named["model"], gap)
    if show_events and len(events):
        named_events = events[events["event_id"].isin(labelled_event_ids)]
        add_point_labels(
            fig, named_events["date"], pd.Series(EVENT_LANE, index=named_events.index), named_events["title"], gap, TOP_LANE_SLOTS
        )
    lanes = _lane_order(shown, show_events and len(events) > 0)
    fig.update_layout(
        title=title,
        height=max(420, 64 * len(lanes) + 180),
        xaxis_title="Release date",
        yaxis=dict(title=None, categoryorder="array", categoryarray=lanes[::-1]),
        legend_title_text="Modality",
    )
    subtitle(fig, " ".join(n for n in (thinned, thinned_events and f"Events: {thinned_events}") if n))
    return fig


def _lane_order(shown: pd.DataFrame, with_events: bool) -> list[str]:
    firsts = shown.groupby("lane")["release_date"].min()
    own = shown.groupby("lane")["developer"].first() == ALIBABA
    ordered = [*firsts[own].sort_values().index, *firsts[~own].sort_values().index]
    return ([EVENT_LANE] if with_events else []) + ordered


def add_event_lane(fig: go.Figure, events: pd.DataFrame, sources: pd.DataFrame, lane: str | pd.Series = EVENT_LANE) -> None:
    """Events as markers at their start, with spans (and month/year precision) drawn as bars."""
    lanes = pd.Series(lane, index=events.index) if isinstance(lane, str) else lane
    ends = events["end_date"].where(events["end_date"].notna(), period_end(events["date"], events["date_precision"]))
    add_spans(fig, events["date"], ends, lanes, "≈ date or span")
    points = point_data(
        "events",
        events["event_id"],
        title=events["title"],
        when=date_labels(events, "date", "date_precision", "end_date"),
        actor=events["actor"],
        category=events["category"].astype(str),
        source=source_titles(events, sources),
    )
    fig.add_trace(
        go.Scatter(
            x=events["date"],
            y=lanes,
            mode="markers",
            name="key event",
            marker=dict(symbol="triangle-up", size=13, color="#000000", line=dict(width=1, color="white")),
            **points.trace_args("<b>{title}</b><br>{when}<br>{actor} · {category}<br><i>source: {source}</i><extra></extra>"),
        )
    )


def events_timeline(events: pd.DataFrame, sources: pd.DataFrame, labelled: set[str] = frozenset()) -> go.Figure:
    """Compact timeline of events, one lane per category; the events in `labelled` carry direct labels."""
    title = "Key events"
    if events.empty:
        return empty_figure(title)
    events, thinned = thin(events, "date", limit=300)
    fig = go.Figure()
    add_event_lane(fig, events, sources, lane=events["category"].astype(str))
    named = events[events["event_id"].isin(labelled)]
    add_point_labels(fig, named["date"], named["category"].astype(str), named["title"], days_per_pixel(events["date"]))
    lanes = events["category"].astype(str).nunique()
    fig.update_layout(title=title, height=max(360, 70 * lanes + 140), xaxis_title="Date", yaxis_title="Category", showlegend=True)
    subtitle(fig, thinned)
    return fig
