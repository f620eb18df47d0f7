"""Pieces the Plotly builders share: hover text, source titles, date ranges drawn as segments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data.derived import period_label
from dashboard.theme import MUTED, TEXT

EMPTY_MESSAGE = "No rows in the selected date range"


def source_titles(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """Each row's source as 'Publisher: title' (for hover text)."""
    by_id = sources.set_index("source_id")
    label = by_id["publisher"].fillna("").str.cat(by_id["title"], sep=": ").str.lstrip(": ")
    return frame["source_id"].map(label).fillna(frame["source_id"])


def date_labels(frame: pd.DataFrame, date: str, precision: str, end: str | None = None) -> list[str]:
    """Each row's date written to its precision (≈ for approximate dates, 'to' for spans)."""
    ends = frame[end] if end else pd.Series(pd.NaT, index=frame.index)
    return [period_label(d, str(p), e) for d, p, e in zip(frame[date], frame[precision], ends)]


def segments(starts: pd.Series, ends: pd.Series, lanes: pd.Series) -> tuple[list, list]:
    """x and y for one line trace drawing every [start, end] span, split by None gaps."""
    xs, ys = [], []
    for start, end, lane in zip(starts, ends, lanes):
        if pd.notna(end) and end > start:
            xs += [start, end, None]
            ys += [lane, lane, None]
    return xs, ys


def add_spans(fig: go.Figure, starts: pd.Series, ends: pd.Series, lanes: pd.Series, name: str) -> None:
    """Grey bars for rows that cover a span: dates known only to a month or year, or events with an end date."""
    xs, ys = segments(starts, ends, lanes)
    if xs:
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=MUTED, width=7), opacity=0.35, name=name, hoverinfo="skip")
        )


def empty_figure(title: str, message: str = EMPTY_MESSAGE) -> go.Figure:
    """A titled figure that says why it has no data, rather than a blank plot."""
    fig = go.Figure()
    fig.update_layout(title=title, height=260, xaxis_visible=False, yaxis_visible=False)
    fig.add_annotation(text=message, showarrow=False, font=dict(color=MUTED, size=14), x=0.5, y=0.5, xref="paper", yref="paper")
    return fig


# Beyond this many marks a chart stops being readable and slows the browser; it is thinned instead.
MAX_MARKS = 1500


def thin(
    frame: pd.DataFrame, order_column: str, limit: int = MAX_MARKS, order_label: str = "date"
) -> tuple[pd.DataFrame, str | None]:
    """At most `limit` rows, evenly spaced in `order_column` order, and a note saying so (None when nothing was dropped)."""
    if len(frame) <= limit:
        return frame, None
    ordered = frame.sort_values(order_column, kind="stable")
    picks = np.unique(np.linspace(0, len(ordered) - 1, limit).round().astype(int))
    return ordered.iloc[picks], (
        f"Showing {len(picks):,} of {len(frame):,} rows, evenly spaced by {order_label}; the table and its CSV hold every row."
    )


def subtitle(fig: go.Figure, text: str | None) -> None:
    """Say under the title when a chart shows a sample rather than every row."""
    if text:
        fig.update_layout(title_subtitle_text=text, title_subtitle_font=dict(color=MUTED, size=12))


def fit_category_labels(fig: go.Figure, labels) -> None:
    """Reserve room on the left for horizontal-bar labels (Plotly's automargin cuts long ones short)."""
    longest = max((len(line) for label in labels for line in str(label).split("<br>")), default=0)
    fig.update_layout(margin_l=max(70, int(longest * 7.2) + 24))
    fig.update_yaxes(automargin=False)


# Label slots, in pixels from the point: above, higher above, and below only as a last resort (the lane below
# has its own labels above its points). A top lane with nothing above it can stack higher.
LABEL_SLOTS = (-24, -42, 24)
TOP_LANE_SLOTS = (-24, -42, -60, -78, -96, -114)


def add_point_labels(
    fig: go.Figure,
    xs: pd.Series,
    lanes: pd.Series,
    texts: pd.Series,
    days_per_px: float,
    slots: tuple[int, ...] = LABEL_SLOTS,
) -> None:
    """Direct labels with leader lines; in each lane a label takes the first slot where it clears the last label
    placed there (by both labels' estimated widths), so close neighbours stack instead of overprinting."""
    last_in_slot: dict[tuple[str, int], tuple[pd.Timestamp, int]] = {}
    order = pd.DataFrame({"x": pd.to_datetime(xs), "lane": lanes.astype(str), "text": texts}).sort_values("x", kind="stable")

    def clears(key: tuple[str, int], x: pd.Timestamp, text: str) -> bool:
        if key not in last_in_slot:
            return True
        last_x, last_len = last_in_slot[key]
        needed_px = (last_len + len(text)) * CHAR_PX / 2 + 8
        return (x - last_x).days >= needed_px * days_per_px

    for row in order.itertuples():
        slot = next((i for i in range(len(slots)) if clears((row.lane, i), row.x, row.text)), len(slots) - 1)
        last_in_slot[(row.lane, slot)] = (row.x, len(row.text))
        fig.add_annotation(
            x=row.x,
            y=row.lane,
            text=row.text,
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor=MUTED,
            ax=0,
            ay=slots[slot],
            font=dict(size=11, color=TEXT),
            bgcolor="rgba(255,255,255,0.8)",
        )


# Average width of one label character at 11px, and the usual plot width, for estimating label extents.
CHAR_PX = 6.2
PLOT_PX = 760


def days_per_pixel(dates: pd.Series) -> float:
    """Days per pixel on a chart spanning these dates (for estimating how far apart labels must be)."""
    dates = pd.to_datetime(dates).dropna()
    span = (dates.max() - dates.min()).days if len(dates) else 0
    return max(span, 60) / PLOT_PX
