"""Pieces the Plotly builders share: point data, hover text, source titles, date ranges drawn as segments, and
the margins a figure reserves for its labels."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data.periods import approximate_label
from dashboard.figure_wire import meta_of
from dashboard.figures.labels import ASSUMED_WIDTH, axis_keys, axis_type, drawn_range
from dashboard.theme import MUTED, TEXT

EMPTY_MESSAGE = "No rows in the selected date range"

# Point data: every trace whose points stand for rows of data/ carries, as its customdata, one row per point of
# [table, key, *fields]. Column 0 names the table (a name in alibaba_ai_data.schema.TABLES, or a derived frame
# keyed like one), column 1 the row's key in that table. Provenance clicks, the source line and the PNG credit
# (dashboard/citations.py) read the first two columns; hover templates read the named fields. The trace's
# meta carries the column names, so code and tests read a field by name (point_field), never by position.
POINT_META = "point_data"
_FIELD = re.compile(r"(?<!%)\{(\w+)\}")


@dataclass(frozen=True)
class PointData:
    """The customdata of one trace (``values``) with its column names (``columns``: table, key, *fields)."""

    values: np.ndarray
    columns: tuple[str, ...]

    def hover(self, template: str) -> str:
        """A hover template with each ``{field}`` of this point data written for ``%{customdata[i]}``; Plotly's own
        ``%{x}`` and any other braces stay as they are."""

        def ref(match: re.Match) -> str:
            name = match.group(1)
            return f"%{{customdata[{self.columns.index(name)}]}}" if name in self.columns else match.group(0)

        return _FIELD.sub(ref, template)

    def take(self, rows) -> PointData:
        """The point data of a subset of the points (a boolean mask or positions)."""
        return PointData(self.values[rows], self.columns)

    @property
    def meta(self) -> dict:
        """What a trace's ``meta`` carries so that its point data can be read by name."""
        return {POINT_META: list(self.columns)}

    def trace_args(self, template: str) -> dict:
        """customdata, meta and hovertemplate for a trace built from this point data."""
        return dict(customdata=self.values, meta=self.meta, hovertemplate=self.hover(template))


def point_data(table: str | Sequence[str], keys: Sequence, **fields: Sequence) -> PointData:
    """The point data of rows of ``table`` (one name, or one per point for a frame drawn from several tables) with
    these keys, then one column per named field (each as long as ``keys``)."""
    keys = list(keys)
    tables = np.full(len(keys), table, dtype=object) if isinstance(table, str) else np.asarray(list(table), dtype=object)
    if len(tables) != len(keys):
        raise ValueError(f"point data has {len(tables)} table names for {len(keys)} points")
    columns = [tables, np.asarray(keys, dtype=object)]
    for name, values in fields.items():
        values = list(values)
        if len(values) != len(keys):
            raise ValueError(f"point data field {name!r} has {len(values)} values for {len(keys)} points")
        columns.append(np.asarray(values, dtype=object))
    values = np.column_stack(columns) if keys else np.empty((0, 2 + len(fields)), dtype=object)
    return PointData(values, ("table", "key", *fields))


def point_field(trace, name: str) -> list:
    """One named column of a trace's point data (a plotly trace or its JSON dict), one value per point."""
    get = trace.get if isinstance(trace, dict) else lambda attr: getattr(trace, attr, None)
    meta, data = meta_of({"meta": get("meta")}), get("customdata")
    columns = list(meta.get(POINT_META, ()))
    if name not in columns or data is None:
        raise KeyError(f"the trace has no point data field {name!r} (fields: {columns})")
    index = columns.index(name)
    return [row[index] for row in data]


def source_titles(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """Each row's source as 'Publisher: title' (for hover text)."""
    by_id = sources.set_index("source_id")
    label = by_id["publisher"].fillna("").str.cat(by_id["title"], sep=": ").str.lstrip(": ")
    return frame["source_id"].map(label).fillna(frame["source_id"])


def date_labels(frame: pd.DataFrame, date: str, precision: str, end: str | None = None) -> list[str]:
    """Each row's date written to its precision (≈ for approximate dates, 'to' for spans)."""
    ends = frame[end] if end else pd.Series(pd.NaT, index=frame.index)
    return [approximate_label(d, str(p), e) for d, p, e in zip(frame[date], frame[precision], ends)]


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


# Average character widths of the theme's font in pixels (13 px tick labels, 12 px legend entries), rounded up:
# an estimate too small costs one extra draw (Plotly's automargin widens the margin), never a clipped label.
TICK_CHAR_PX = 7.2
LEGEND_CHAR_PX = 6.8
# Room per character given to each entry of a legend under the chart. Plotly sizes an entry from a text width it
# measures ahead of drawing, which came out about 8% under the drawn width (13 px text, up to 7.8 px a character),
# so the last entry of the widest row was clipped by the legend's own box by a few pixels; a width set per entry
# from this generous figure is what Plotly uses instead.
LEGEND_ENTRY_CHAR_PX = 8.2
# Plotly's gap between an entry's left edge and its text (the symbol), and between entries.
LEGEND_SYMBOL_PX, LEGEND_GAP_PX = 40, 5
# A row of a horizontal legend, and the gap Plotly leaves between rows of grouped entries (legend.tracegroupgap).
LEGEND_ROW_PX, LEGEND_GROUP_GAP_PX = 22, 10


def longest_line(texts) -> int:
    """Characters in the longest line of any text (lines split at <br>)."""
    return max((len(line) for text in texts if isinstance(text, str) for line in text.split("<br>")), default=0)


def reserve_margins(fig: go.Figure) -> None:
    """Margins wide enough for tick labels, axis titles and a side legend, set before the browser draws: the one
    margin mechanism of every chart (the export copy runs it, dashboard/charts.py).

    Plotly's automargin stays on as a safety net, but when a margin has to grow it redraws the whole chart, which
    about doubles the time to draw it (benchmarks/RESULTS.md); reserving the room up front avoids that.
    """
    layout = fig.layout
    margin = layout.margin
    left, right, bottom = margin.l if margin.l is not None else 70, margin.r or 20, margin.b or 20
    yaxis = layout.yaxis
    if yaxis.visible is not False:
        categories = _tick_texts(fig, "y")
        labels_px = int(longest_line(categories) * TICK_CHAR_PX) + 12 if categories else 48
        left = max(left, labels_px + (26 if yaxis.title.text else 0) + 8)
    x_axes = [layout[key] for key in axis_keys(fig, "x") if layout[key].visible is not False]
    ticks = TICK_LINE_PX * (2 if any(_two_line_dates(fig, key) for key in axis_keys(fig, "x")) else 1)
    under_plot = ticks + 16 + (24 if any(axis.title.text for axis in x_axes) else 0)  # tick labels and axis title
    if x_axes:
        bottom = max(bottom, under_plot)
        if any(_is_date_axis(fig, key) for key in axis_keys(fig, "x")):
            right = max(right, DATE_TICK_OVERHANG_PX)  # the last tick's label, centred on the plot's right edge
    shown = list(dict.fromkeys(trace.name for trace in fig.data if trace.showlegend is not False and trace.name))
    legend = layout.legend
    if layout.showlegend is not False and shown and legend.orientation != "h":
        title = legend.title.text or ""
        right = max(right, int(max(longest_line(shown), len(title)) * LEGEND_CHAR_PX) + 60)
    elif layout.showlegend is not False and shown and (legend.y is None or legend.y < 0):
        # A legend under the plot sits at the foot of the figure, below the x axis title, in a margin made for it.
        _size_legend_entries(fig)
        bottom = max(bottom, under_plot) + _legend_height(fig, legend, (layout.width or ASSUMED_WIDTH) - left - right) + 10
        fig.update_layout(legend=dict(yref="container", y=0, yanchor="bottom", x=0, xanchor="left"))
    fig.update_layout(margin=dict(l=left, r=right, b=bottom))


# Height of one line of 13 px tick labels, and the room kept right of a date axis for the label of a tick on the
# plot's right edge, centred on it (half of "Sep 2026" is about 29 px; up to 37 px was measured, with its standoff).
TICK_LINE_PX = 20
DATE_TICK_OVERHANG_PX = 40
# Plotly writes day ticks as "Mar 15" with the year on a second line; it ticks by day or week when an axis spans
# less than about this many days at the widths the pages draw (about one tick per 80 px).
TWO_LINE_DAYS = 200


def _tick_texts(fig: go.Figure, letter: str) -> list:
    """The text of the main axis' ticks where the figure decides it: its tick text, categories or text values."""
    axis = fig.layout[f"{letter}axis"]
    if axis.ticktext is not None:
        return list(axis.ticktext)
    if axis.categoryarray is not None:
        return list(axis.categoryarray)
    values = (getattr(trace, letter, None) for trace in fig.data)
    return [value for series in values if series is not None for value in series if isinstance(value, str)]


def _is_date_axis(fig: go.Figure, key: str) -> bool:
    return fig.layout[key].visible is not False and axis_type(fig, key[0] + key[5:]) == "date"


def _two_line_dates(fig: go.Figure, key: str) -> bool:
    """Whether a date axis spans so few days that Plotly ticks it by day or week (two-line labels), without a
    tick format of the figure's own."""
    if not _is_date_axis(fig, key) or fig.layout[key].tickformat:
        return False
    span = drawn_range(fig, key[0] + key[5:])
    return span is not None and abs(span[1] - span[0]) < TWO_LINE_DAYS * 86_400_000


def legend_entry_px(name: str) -> int:
    """The text width given to one entry of a horizontal legend (see LEGEND_ENTRY_CHAR_PX)."""
    return int(longest_line([name]) * LEGEND_ENTRY_CHAR_PX) + 4


def _size_legend_entries(fig: go.Figure) -> None:
    """Give each entry of a horizontal legend its own width, from its name, unless entries take a set fraction."""
    legend = fig.layout.legend
    if legend.entrywidthmode == "fraction" and legend.entrywidth:
        return
    for trace in fig.data:
        if trace.showlegend is not False and trace.name and getattr(trace, "legendwidth", None) is None:
            trace.legendwidth = legend_entry_px(trace.name)


def _legend_height(fig: go.Figure, legend, width: float) -> int:
    """The height in pixels of a horizontal legend at this width. Entries that fill more than one row Plotly sets in
    columns as wide as the widest entry. A legend with groups it lays out in blocks instead, one per group (a trace
    with no group is a block of its own), each block's entries stacked and the blocks side by side, a row of blocks as
    tall as its tallest block, rows a group gap apart."""
    blocks: dict[str, list[str]] = {}
    for index, trace in enumerate(fig.data):
        if trace.showlegend is False or not trace.name:
            continue
        entries = blocks.setdefault(trace.legendgroup or f"~{index}", [])
        if trace.name not in entries and not any(trace.name in other for other in blocks.values()):
            entries.append(trace.name)
    blocks = {key: entries for key, entries in blocks.items() if entries}
    grouped = any(len(entries) > 1 for entries in blocks.values())
    if legend.entrywidthmode == "fraction" and legend.entrywidth:
        per_row = max(1, int(1 / legend.entrywidth))
        widths = [width / per_row] * len(blocks)
    else:
        widths = [
            max(legend_entry_px(name) for name in entries) + LEGEND_SYMBOL_PX + LEGEND_GAP_PX for entries in blocks.values()
        ]
    if not grouped and sum(widths) > width:
        # Entries that do not fit on one row are set in columns as wide as the widest entry.
        per_row = max(1, int(width // max(widths)))
        return -(-len(widths) // per_row) * LEGEND_ROW_PX
    rows: list[int] = [0]
    used = 0.0
    for entries, block in zip(blocks.values(), widths):
        if used and used + block > width:
            rows.append(0)
            used = 0.0
        used += block
        rows[-1] = max(rows[-1], len(entries))
    gap = LEGEND_GROUP_GAP_PX if grouped else 0
    return sum(lines * LEGEND_ROW_PX for lines in rows) + gap * (len(rows) - 1)


def pad_single_date(fig: go.Figure, days: int = 45) -> None:
    """A time axis whose traces hold a single date is drawn as that day on a padded date axis with date ticks, not
    a millisecond axis around one instant. Only the main x axis is touched, and only when no range is set."""
    xaxis = fig.layout.xaxis
    if xaxis.range is not None or xaxis.type not in (None, "date"):
        return
    declared_date = xaxis.type == "date"
    dates: set[pd.Timestamp] = set()
    for trace in fig.data:
        if getattr(trace, "xaxis", None) not in (None, "x"):
            continue
        values = getattr(trace, "x", None)
        if values is None or len(values) == 0:
            continue
        array = np.asarray(values)
        timelike = np.issubdtype(array.dtype, np.datetime64) or all(
            isinstance(v, (pd.Timestamp, np.datetime64, datetime)) for v in array.tolist() if v is not None
        )
        if not (declared_date or timelike):
            return  # categories or numbers: not a time axis
        stamps = _stamps(array, getattr(trace, "base", None))
        if stamps.isna().all():
            continue
        dates |= set(stamps.dropna().dt.normalize())
        if len(dates) > 1:
            return
    if len(dates) == 1:
        (day,) = dates
        pad = pd.Timedelta(days=days)
        fig.update_layout(xaxis=dict(type="date", range=[day - pad, day + pad], tickformat="%d %b %Y", nticks=4))


def _stamps(values: np.ndarray, base) -> pd.Series:
    """The dates a trace draws on a date axis: its x values, where numbers are milliseconds since 1970 as Plotly reads
    them, or for bars drawn from a ``base`` date, each bar's start and end."""
    numeric = np.issubdtype(values.dtype, np.number)
    if base is not None and not isinstance(base, (int, float)):
        starts = pd.to_datetime(pd.Series(np.asarray(base)), errors="coerce")
        ends = starts + pd.to_timedelta(pd.Series(values, dtype=float), unit="ms") if numeric else starts
        return pd.concat([starts, ends], ignore_index=True)
    if numeric:
        return pd.to_datetime(pd.Series(values, dtype=float), unit="ms", errors="coerce")
    return pd.to_datetime(pd.Series(values), errors="coerce")


def plotted_extent(fig: go.Figure) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The earliest and latest date any trace draws on a date x axis (None, None when none does)."""
    stamps = []
    for trace in fig.data:
        values = getattr(trace, "x", None)
        if values is None or len(values) == 0:
            continue
        array = np.asarray(values)
        if np.issubdtype(array.dtype, np.datetime64) or all(
            isinstance(v, (pd.Timestamp, datetime)) for v in array.tolist() if v is not None
        ):
            found = pd.to_datetime(pd.Series(array), errors="coerce").dropna()
            stamps += [found.min(), found.max()] if len(found) else []
    return (min(stamps), max(stamps)) if stamps else (None, None)
