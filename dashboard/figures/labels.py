"""The label layout step every chart goes through (dashboard/charts.py runs it on the export copy): each direct
label (a text point of a trace, or an annotation placed on the data) is given the first position, from its own and
a few alternatives, where its box stays inside the plot and clears every label already placed and every marker but its
own point's; a label with no such position is dropped, and its point keeps its hover text and its row in the table.

Boxes are estimated before the browser draws, from the figure's size, margins and axis ranges and the text's
length: the estimate assumes the width the wide layout gives a chart (ASSUMED_WIDTH) and rounds character widths
up, so a label kept here has room to spare in the page. tests/browser/test_legibility.py measures the result in
the browser.

Once placed, the labels left beside their points are drawn as trace text (labels_as_text), and so are the labels
moved off their points along a leader line, with their lines (leaders_as_text), in the same boxes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# The plot width the wide layout gives a full-width chart at a 1400 px window (narrower windows drop more labels).
ASSUMED_WIDTH = 900
DEFAULT_HEIGHT = 450
# Average width of a character as a share of the font size, rounded up for the theme's font; line height likewise.
CHAR_EM = 0.6
LINE_EM = 1.35
# Room kept between two labels, in pixels.
GAP = 4
_TAGS = re.compile(r"<[^>]+>")
TEXT_POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def clears(self, other: Box, gap: float = GAP) -> bool:
        return (
            self.right + gap <= other.left
            or other.right + gap <= self.left
            or self.bottom + gap <= other.top
            or other.bottom + gap <= self.top
        )

    def holds(self, point: tuple[float, float]) -> bool:
        return self.left <= point[0] <= self.right and self.top <= point[1] <= self.bottom

    def centred_on(self, point: tuple[float, float]) -> bool:
        return abs((self.left + self.right) / 2 - point[0]) < 0.5 and abs((self.top + self.bottom) / 2 - point[1]) < 0.5

    def within(self, area: Box) -> bool:
        return self.left >= area.left and self.right <= area.right and self.top >= area.top and self.bottom <= area.bottom


@dataclass(frozen=True)
class Axis:
    """One axis in pixels: where its domain starts and its length, and its range as numbers."""

    start: float
    length: float
    low: float
    high: float
    categories: tuple | None
    horizontal: bool

    def pixel(self, value) -> float | None:
        number = self.number(value)
        if number is None or self.high == self.low:
            return None
        share = (number - self.low) / (self.high - self.low)
        return self.start + share * self.length if self.horizontal else self.start + (1 - share) * self.length

    def at(self, pixel: float) -> float:
        """The number (lane position, value or milliseconds) drawn at ``pixel``: the inverse of ``pixel``."""
        share = (pixel - self.start) / self.length
        return self.low + (share if self.horizontal else 1 - share) * (self.high - self.low)

    def number(self, value) -> float | None:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return None
        if self.categories is not None:
            return float(self.categories.index(value)) if value in self.categories else None
        if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
            return float(value)
        stamp = pd.to_datetime(value, errors="coerce")
        return None if pd.isna(stamp) else stamp.value / 1e6


def text_size(text: str, font_size: float) -> tuple[float, float]:
    """Width and height in pixels of a label (lines split at <br>, tags dropped)."""
    lines = [_TAGS.sub("", line) for line in str(text).split("<br>")]
    return max(len(line) for line in lines) * font_size * CHAR_EM + 4, len(lines) * font_size * LINE_EM + 2


def _on_axis(trace, name: str) -> bool:
    """Whether ``trace`` draws on axis ``name`` ('x', 'y2'...)."""
    return (getattr(trace, f"{name[0]}axis", None) or name[0]) == name


def _axis_values(fig: go.Figure, name: str, letter: str) -> list:
    values = []
    for trace in fig.data:
        if not _on_axis(trace, name):
            continue
        data = getattr(trace, letter, None)
        if data is None:
            continue
        array = np.asarray(data).ravel()
        if np.issubdtype(array.dtype, np.datetime64):
            values += [v for v in pd.to_datetime(array) if not pd.isna(v)]
        else:
            values += [v for v in array.tolist() if v is not None]
    return values


def _error_ends(fig: go.Figure, name: str, letter: str) -> list[float]:
    """The ends of the error bars drawn along axis ``name`` (data-given arrays on numbers), so a range holds them."""
    ends = []
    for trace in fig.data:
        error = getattr(trace, f"error_{letter}", None)
        if not _on_axis(trace, name) or error is None or error.visible is False:
            continue
        if error.type not in (None, "data") or error.array is None:
            continue
        values = pd.to_numeric(pd.Series(np.asarray(getattr(trace, letter)).ravel()), errors="coerce").to_numpy(float)
        up = np.asarray(error.array, dtype=float).ravel()
        # Plotly's default: symmetric unless arrayminus is given.
        symmetric = error.symmetric if error.symmetric is not None else error.arrayminus is None
        down = up if symmetric or error.arrayminus is None else np.asarray(error.arrayminus, dtype=float).ravel()
        if len(up) != len(values) or len(down) != len(values):
            continue
        ends += [v for v in np.concatenate([values + up, values - down]).tolist() if np.isfinite(v)]
    return ends


def _axis(fig: go.Figure, name: str, width: float, height: float) -> Axis | None:
    """Axis ``name`` ('x', 'y2'...) in pixels, its range read from the layout or estimated as Plotly's autorange
    would draw it; None when it cannot be placed (an axis with no data)."""
    letter = name[0]
    layout_name = f"{letter}axis{name[1:]}"
    spec = fig.layout[layout_name]
    margin = fig.layout.margin
    left, right = margin.l if margin.l is not None else 80, margin.r if margin.r is not None else 80
    top, bottom = margin.t if margin.t is not None else 100, margin.b if margin.b is not None else 80
    domain = list(spec.domain) if spec.domain is not None else [0.0, 1.0]
    horizontal = letter == "x"
    plot = (width - left - right) if horizontal else (height - top - bottom)
    start = (left + domain[0] * plot) if horizontal else (top + (1 - domain[1]) * plot)
    length = (domain[1] - domain[0]) * plot
    values = _axis_values(fig, name, letter)
    categorical = spec.type == "category" or (
        spec.type in (None, "-") and any(isinstance(v, str) and not _datelike(v) for v in values)
    )
    categories = None
    if categorical:
        categories = tuple(spec.categoryarray) if spec.categoryarray is not None else tuple(dict.fromkeys(values))
    if spec.range is not None:
        # A category axis's range is in lane positions (0 for the first category), as numbers.
        low, high = (
            float(v)
            if categories is not None and isinstance(v, (int, float))
            else Axis(0, 1, 0, 1, categories, horizontal).number(v)
            for v in spec.range
        )
        if low is None or high is None:
            return None
    elif categories is not None:
        low, high = -0.5, len(categories) - 0.5
        if spec.autorange == "reversed":
            low, high = high, low
    else:
        numbers = [n for n in (Axis(0, 1, 0, 1, None, horizontal).number(v) for v in values) if n is not None]
        if not numbers:
            return None
        dates = spec.type == "date" or any(isinstance(v, (pd.Timestamp, str)) for v in values)
        if not dates:
            numbers += _error_ends(fig, name, letter)
        low, high = min(numbers), max(numbers)
        mode = None if dates else spec.rangemode  # Plotly's rangemode acts on number axes only
        if mode == "tozero":  # zero inside the range, and no padding beyond it
            low, high = min(low, 0.0), max(high, 0.0)
        pad = (high - low) * 0.06 or 1.0
        floor = mode in ("tozero", "nonnegative") and low >= 0
        low, high = (max(low - pad, 0.0) if floor else low - pad), (high if mode == "tozero" and high == 0 else high + pad)
    return Axis(start, length, low, high, categories, horizontal)


def axis_type(fig: go.Figure, name: str) -> str | None:
    """The type Plotly would give axis ``name`` from its data ('category', 'date' or 'linear'), or None if its
    values mix kinds or it has none."""
    spec = fig.layout[f"{name[0]}axis{name[1:]}"]
    if spec.type not in (None, "-"):
        return spec.type
    values = _axis_values(fig, name, name[0])
    if not values:
        return None
    if any(isinstance(v, str) and not _datelike(v) for v in values):
        return "category"
    if all(isinstance(v, pd.Timestamp) or (isinstance(v, str) and _datelike(v)) for v in values):
        return "date"
    if all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in values):
        return "linear"
    return None


def axis_keys(fig: go.Figure, letter: str) -> list[str]:
    """The layout keys of the figure's axes of one letter ('xaxis', 'xaxis2', ...): those its layout sets and those
    its traces draw on."""
    keys = {key for key in fig.layout.to_plotly_json() if re.fullmatch(rf"{letter}axis\d*", key)}
    keys |= {f"{letter}axis{(getattr(trace, f'{letter}axis', None) or letter)[1:]}" for trace in fig.data}
    return sorted(keys or {f"{letter}axis"})


def drawn_range(fig: go.Figure, name: str) -> tuple[float, float] | None:
    """Axis ``name``'s range as numbers (milliseconds on a date axis): the one it is given, or Plotly's autorange as
    the layout step estimates it; None for an axis without data."""
    axis = _axis(fig, name, ASSUMED_WIDTH, float(fig.layout.height or DEFAULT_HEIGHT))
    return None if axis is None else (axis.low, axis.high)


def settle_axes(fig: go.Figure) -> bool:
    """Give every axis of a chart of markers, lines, text and bars its type and range outright (in place), the range
    being the one the layout step below places labels against: half a lane beyond the first and last categories, 6%
    beyond the data on a number or date axis, and along bars the range Plotly's autorange gives them (bar_range).
    Return whether every axis now has both.

    Plotly writes an autoranged axis's range back into the figure it was handed, as it draws; Streamlit's chart
    element copies that figure at a moment that falls before or after, so a copy only matches the drawing when there
    is nothing left to write back (dashboard/figure_wire.py). A chart with stacked or based bars, bars placed along
    dates or numbers, a log or a linked axis, or an axis without data keeps Plotly's autorange, and this returns
    False."""
    if not fig.data or not all(isinstance(trace, (go.Scatter, go.Bar)) for trace in fig.data):
        return False
    if any(isinstance(trace, go.Bar) and _bar_orientation(trace) is None for trace in fig.data):
        return False  # bars whose positions Plotly implies (x or y not given)
    names = [key[0] + key[5:] for letter in "xy" for key in axis_keys(fig, letter)]
    height = float(fig.layout.height or DEFAULT_HEIGHT)
    settled = {}
    for name in names:
        spec = fig.layout[f"{name[0]}axis{name[1:]}"]
        kind = axis_type(fig, name)
        if kind is None and spec.range is not None:  # an axis of its own range and no data, such as an overlay
            numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec.range)
            kind = "linear" if numeric else "date" if all(isinstance(v, str) and _datelike(v) for v in spec.range) else None
        if kind not in ("category", "date", "linear") or spec.matches or spec.scaleanchor:
            return False
        if spec.range is not None and spec.autorange in (None, False):
            settled[name] = dict(type=kind, range=list(spec.range), autorange=False)
            continue
        if spec.autorange not in (None, True) and not (kind == "category" and spec.autorange == "reversed"):
            return False
        bars = _bars_on(fig, name)
        if bars["size"]:
            bounds = bar_range(fig, name) if kind == "linear" else None
            if bounds is None:
                return False
            low, high = bounds
        elif bars["position"] and kind != "category":
            return False  # Plotly pads a date or number axis by the bars' widths, which it works out as it draws
        else:
            axis = _axis(fig, name, ASSUMED_WIDTH, height)
            if axis is None:
                return False
            low, high = axis.low, axis.high
        if kind == "date":
            low, high = (pd.Timestamp(value, unit="ms").strftime("%Y-%m-%d %H:%M:%S") for value in (low, high))
        settled[name] = dict(type=kind, range=[low, high], autorange=False)
    fig.update_layout({f"{name[0]}axis{name[1:]}": axis for name, axis in settled.items()})
    return True


def _bar_orientation(trace: go.Bar) -> str | None:
    """'h' or 'v' as Plotly reads a bar trace with both x and y given, or None for one whose positions are implied."""
    if trace.x is None or trace.y is None:
        return None
    return trace.orientation or "v"


def _bars_on(fig: go.Figure, name: str) -> dict[str, list[go.Bar]]:
    """The bar traces drawn along axis ``name`` ('x', 'y2'...): those whose lengths it measures ("size") and those it
    places ("position")."""
    found: dict[str, list[go.Bar]] = {"size": [], "position": []}
    for trace in fig.data:
        if not isinstance(trace, go.Bar) or not _on_axis(trace, name):
            continue
        orientation = _bar_orientation(trace)
        sized = "x" if orientation == "h" else "y"
        found["size" if name[0] == sized else "position"].append(trace)
    return found


# Plotly's autorange keeps each padded end of an axis this share of its length clear of the data (plotly.js
# autorange: "padded" is 5% of the axis length); an end held at zero by bars ("tozero") gets none.
_BAR_PAD = 0.05


def bar_range(fig: go.Figure, name: str) -> tuple[float, float] | None:
    """The range Plotly's autorange gives number axis ``name`` along its bars (each with x and y given, on an axis
    settle_axes found autoranged): from zero (or the lowest bar or whisker) to the highest bar or whisker end, each
    end that is not zero padded by 5% of the axis. None where that is not the whole story: another trace on the axis,
    whiskers not given as data arrays, bars stacked or given a base, a non-default range mode, or no bar of any
    length."""
    letter = name[0]
    bars = _bars_on(fig, name)["size"]
    if len(bars) != sum(_on_axis(trace, name) for trace in fig.data):
        return None
    if fig.layout.barmode in ("stack", "relative") and len(bars) > 1:
        return None
    if fig.layout[f"{letter}axis{name[1:]}"].rangemode not in (None, "normal"):
        return None
    lengths = []
    for trace in bars:
        if trace.base is not None:
            return None
        # Whiskers count as Plotly draws them: shown when given (visible defaults to on once an array or value is set).
        error = getattr(trace, f"error_{letter}")
        shown = error.visible is not False and (error.visible or error.array is not None or error.value is not None)
        if shown and (error.type not in (None, "data") or error.array is None):
            return None  # a percentage or constant whisker: not estimated here
        lengths += pd.to_numeric(pd.Series(np.asarray(getattr(trace, letter)).ravel()), errors="coerce").dropna().tolist()
    lengths += _error_ends(fig, name, letter)
    low, high = min([0.0, *lengths]), max([0.0, *lengths])
    if low == high:
        return None
    pads = (low < 0) + (high > 0)
    span = (high - low) / (1 - _BAR_PAD * pads)
    return (low - _BAR_PAD * span if low < 0 else low), (high + _BAR_PAD * span if high > 0 else high)


def _datelike(value: str) -> bool:
    return bool(re.match(r"^\d{4}-\d{2}-\d{2}", value))


def _font_size(font, default: float = 12) -> float:
    size = getattr(font, "size", None) if font is not None else None
    if isinstance(size, (list, tuple, np.ndarray)):
        size = max(size) if len(size) else None
    return float(size) if size else default


def _point_box(x: float, y: float, width: float, height: float, position: str, marker: float) -> Box:
    """The box of a trace's text beside its point, as Plotly places ``textposition``."""
    vertical, _, horizontal = position.partition(" ")
    reach = marker / 1.6 + 1  # plotly.js: the marker's radius / 0.8 + 1
    if horizontal == "right":
        left = x + reach
    elif horizontal == "left":
        left = x - reach - width
    else:
        left = x - width / 2
    if vertical == "top":
        top = y - reach - height
    elif vertical == "bottom":
        top = y + reach
    else:
        top = y - height / 2
    return Box(left, top, left + width, top + height)


def _annotation_box(x: float, y: float, width: float, height: float, note, ay: float, xanchor: str) -> Box:
    """The box of an annotation's text at (x, y): beside its arrow's tail when it has one, else anchored there."""
    if note.showarrow is not False:
        cx, cy = x + (note.ax or 0), y + ay
        anchor = xanchor if xanchor in ("left", "right") else "center"
        left = {"left": cx, "right": cx - width}.get(anchor, cx - width / 2)
        return Box(left, cy - height / 2, left + width, cy + height / 2)
    x, y = x + (note.xshift or 0), y - (note.yshift or 0)
    if note.textangle in (-90, 90, 270):
        width, height = height, width
    anchor = xanchor if xanchor in ("left", "right") else "center"
    left = {"left": x, "right": x - width}.get(anchor, x - width / 2)
    yanchor = note.yanchor if note.yanchor in ("top", "bottom") else "middle"
    top = {"top": y, "bottom": y - height}.get(yanchor, y - height / 2)
    return Box(left, top, left + width, top + height)


class _Layout:
    """Placed boxes and the plot's pixel geometry for one figure."""

    def __init__(self, fig: go.Figure, width: float):
        self.fig = fig
        self.width = width
        self.height = float(fig.layout.height or DEFAULT_HEIGHT)
        self.axes: dict[str, Axis | None] = {}
        self.placed: list[Box] = []
        self.marks: list[Box] = []
        self.lines: list[Box] = []  # leader lines drawn so far, each as its bounding box
        self.dropped = 0

    def axis(self, name: str) -> Axis | None:
        if name not in self.axes:
            self.axes[name] = _axis(self.fig, name, self.width, self.height)
        return self.axes[name]

    def area(self, xname: str, yname: str) -> Box | None:
        x, y = self.axis(xname), self.axis(yname)
        if x is None or y is None:
            return None
        return Box(x.start, y.start, x.start + x.length, y.start + y.length)

    def take(
        self,
        candidates: list[Box],
        area: Box,
        point: tuple[float, float] | None = None,
        over_point: bool = False,
        lines: list[Box | None] | None = None,
    ) -> int | None:
        """The index of the first candidate inside the area that clears every placed box, every marker and every
        leader line (and place it, with its own leader line from ``lines``, which must cross no placed box). A label of
        a ``point`` may touch that point's own markers, but covers the point only ``over_point``."""
        for i, box in enumerate(candidates):
            line = lines[i] if lines is not None else None
            if (
                box.within(area)
                and all(box.clears(other) for other in self.placed)
                and all(box.clears(mark, MARK_GAP) for mark in self.marks if point is None or not mark.centred_on(point))
                and (point is None or over_point or not box.holds(point))
                and all(box.clears(drawn, 0) for drawn in self.lines)
                and (line is None or all(line.clears(other, 0) for other in self.placed))
            ):
                self.placed.append(box)
                if line is not None:
                    self.lines.append(line)
                return i
        return None


# Room kept between a label and a marker, in pixels.
MARK_GAP = 1


def _sequence(value) -> list | None:
    return list(value) if isinstance(value, (list, tuple, np.ndarray)) else None


def _marker_boxes(layout: _Layout, trace) -> list[Box]:
    """The boxes of a scatter trace's drawn markers (none for a trace without markers, hidden or see-through)."""
    marker = getattr(trace, "marker", None)
    if (
        "markers" not in (getattr(trace, "mode", None) or "")
        or trace.visible in (False, "legendonly")
        or marker is None
        or marker.opacity == 0
        or trace.x is None
        or trace.y is None
    ):
        return []
    xaxis, yaxis = layout.axis(trace.xaxis or "x"), layout.axis(trace.yaxis or "y")
    if xaxis is None or yaxis is None:
        return []
    sizes = _sequence(marker.size)
    size = float(marker.size) if isinstance(marker.size, (int, float)) else 6.0
    boxes = []
    for i, (x, y) in enumerate(zip(list(trace.x), list(trace.y))):
        px, py = xaxis.pixel(x), yaxis.pixel(y)
        if px is None or py is None:
            continue
        half = (float(sizes[i]) if sizes is not None and i < len(sizes) else size) / 2
        boxes.append(Box(px - half, py - half, px + half, py + half))
    return boxes


def _trace_labels(layout: _Layout, trace) -> None:
    mode = getattr(trace, "mode", None) or ""
    texts = getattr(trace, "text", None)
    if "text" not in mode or texts is None or isinstance(texts, str):
        return
    xname, yname = getattr(trace, "xaxis", None) or "x", getattr(trace, "yaxis", None) or "y"
    area = layout.area(xname, yname)
    xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
    if area is None or xs is None or ys is None:
        return
    xaxis, yaxis = layout.axis(xname), layout.axis(yname)
    size = _font_size(getattr(trace, "textfont", None))
    marker = getattr(trace.marker, "size", None) if getattr(trace, "marker", None) is not None else None
    markers = _sequence(marker)
    marker = float(marker) if isinstance(marker, (int, float)) else 6.0  # Plotly's default marker size
    given = trace.textposition
    positions = list(given) if isinstance(given, (list, tuple, np.ndarray)) else [given or "middle center"] * len(texts)
    texts = list(texts)
    for i, (text, x, y) in enumerate(zip(texts, list(xs), list(ys))):
        if not isinstance(text, str) or not text.strip():
            continue
        px, py = xaxis.pixel(x), yaxis.pixel(y)
        if px is None or py is None:
            continue
        w, h = text_size(text, size)
        own = positions[i] if i < len(positions) else "middle center"
        order = [own, *(p for p in TEXT_POSITIONS if p != own)]
        size_here = float(markers[i]) if markers is not None and i < len(markers) else marker
        candidates = [_point_box(px, py, w, h, p, size_here) for p in order]
        # Plotly places the text around its own marker; "middle center" puts it over the point, as its builder chose.
        chosen = layout.take(candidates, area, (px, py), over_point=own == "middle center")
        if chosen is None:
            texts[i] = ""
            layout.dropped += 1
        else:
            positions[i] = order[chosen]
    trace.update(text=texts, textposition=positions)
    if trace.textfont.shadow is None:
        # A halo of the background around each glyph, so a label stays readable over a gridline or a line drawn
        # before it (a line drawn by a later trace still crosses it: traces draw in order).
        trace.textfont.shadow = "auto"


def _coordinate(layout: _Layout, ref: str, value, letter: str) -> tuple[float | None, tuple[float, float] | None]:
    """An annotation coordinate in pixels, and the span (start, end) of the plot it belongs to along that axis."""
    if ref == "paper":
        margin = layout.fig.layout.margin
        if letter == "x":
            left, right = margin.l if margin.l is not None else 80, margin.r if margin.r is not None else 80
            start, length = left, layout.width - left - right
            return (start + float(value) * length if value is not None else None), (start, start + length)
        top, bottom = margin.t if margin.t is not None else 100, margin.b if margin.b is not None else 80
        start, length = top, layout.height - top - bottom
        return (start + (1 - float(value)) * length if value is not None else None), (start, start + length)
    name, _, domain = ref.partition(" ")
    axis = layout.axis(name)
    if axis is None:
        return None, None
    span = (axis.start, axis.start + axis.length)
    if domain:
        share = float(value) if value is not None else 0.0
        return (axis.start + share * axis.length if letter == "x" else axis.start + (1 - share) * axis.length), span
    return axis.pixel(value), span


def _pinned(note) -> bool:
    """An annotation that stays where its builder put it: placed on the plot's frame rather than on the data (a
    panel's source line, an empty chart's message), or turned on its side (a band's label)."""
    on_frame = all("paper" in (ref or "") or " domain" in (ref or "") for ref in (note.xref, note.yref))
    return on_frame or note.textangle not in (None, 0)


def _annotation_box_at(layout: _Layout, note) -> tuple[float, float, Box] | None:
    px, xspan = _coordinate(layout, note.xref or "x", note.x, "x")
    py, yspan = _coordinate(layout, note.yref or "y", note.y, "y")
    if px is None or py is None or xspan is None or yspan is None:
        return None
    return px, py, Box(xspan[0], yspan[0], xspan[1], yspan[1])


def _auto_anchor(ref: str, value, given: str | None, letter: str) -> str:
    """The anchor Plotly uses for 'auto' on a frame coordinate: the side nearer the edge the text sits by."""
    if given not in (None, "auto") or not ("paper" in ref or " domain" in ref) or value is None:
        return given or "auto"
    share = float(value)
    low, high = ("left", "right") if letter == "x" else ("bottom", "top")
    return low if share < 1 / 3 else high if share > 2 / 3 else ("center" if letter == "x" else "middle")


def _resolve_anchors(note) -> None:
    if note.showarrow is False:
        note.xanchor = _auto_anchor(note.xref or "x", note.x, note.xanchor, "x")
        note.yanchor = _auto_anchor(note.yref or "y", note.y, note.yanchor, "y")


def _measured(layout: _Layout, note) -> tuple[float, float, Box, float, float] | None:
    """An annotation's anchor in pixels, the plot area it belongs to, and its text's width and height."""
    placed = _annotation_box_at(layout, note)
    if placed is None or not note.text:
        return None
    return (*placed, *text_size(note.text, _font_size(note.font)))


def _pin(layout: _Layout, note) -> None:
    measured = _measured(layout, note)
    if measured is not None:
        px, py, _, w, h = measured
        ay = note.ay if note.ay is not None else -30
        layout.placed.append(_annotation_box(px, py, w, h, note, ay, note.xanchor or "auto"))


def _leader(px: float, py: float, ax: float, ay: float) -> Box:
    """The bounding box of an annotation's leader line, from its point to its text (Plotly stops it at the text's
    edge; the part inside the text's own box crosses nothing else)."""
    tail_x, tail_y = px + ax, py + ay
    return Box(min(px, tail_x) - 0.5, min(py, tail_y), max(px, tail_x) + 0.5, max(py, tail_y))


def _annotation_labels(layout: _Layout, note) -> None:
    measured = _measured(layout, note)
    if measured is None:
        return
    px, py, area, w, h = measured
    step = h + GAP
    arrow = note.showarrow is not False
    ay = note.ay if note.ay is not None else -30
    offsets = [ay, ay - step, ay - 2 * step, ay + step, -ay] if arrow else [0, -step, -2 * step, step, 2 * step]
    own = note.xanchor or "auto"
    candidates, options, lines = [], [], []
    for offset in offsets:
        for anchor in dict.fromkeys((own, "right", "left")):
            if arrow:
                candidates.append(_annotation_box(px, py, w, h, note, offset, anchor))
                # A label left where its builder put it loses its line (below); one moved keeps it, point to label.
                lines.append(None if (offset, anchor) == (ay, own) else _leader(px, py, note.ax or 0, offset))
            else:
                candidates.append(_annotation_box(px, py + offset, w, h, note, ay, anchor))
                lines.append(None)
            options.append((offset, anchor))
    chosen = layout.take(candidates, area, (px, py), lines=lines)
    if chosen is None:
        note.visible = False
        layout.dropped += 1
        return
    offset, anchor = options[chosen]
    if arrow and offset == ay and anchor == own:
        # Kept where its builder put it, next to its point: the same box without the leader line, which costs the
        # browser a forced layout per label on every draw. A label moved away from its point keeps its line.
        note.showarrow = False
        note.xshift = (note.xshift or 0) + (note.ax or 0)
        note.yshift = (note.yshift or 0) - offset
        note.yanchor = "middle"
    elif arrow:
        note.ay = offset
    elif offset:
        note.yshift = (note.yshift or 0) - offset
    if anchor != own:
        note.xanchor = anchor


def settle_labels(fig: go.Figure, width: float = ASSUMED_WIDTH) -> int:
    """Move or drop direct labels so that none overlaps another, covers a marker or leaves its plot (in place); return
    how many were dropped. Labels on the plot's frame or turned on their side stay put and are cleared first; then
    trace text, in trace order (the builder's own priority); then the other annotations."""
    layout = _Layout(fig, float(fig.layout.width or width))
    layout.marks = [box for trace in fig.data if isinstance(trace, go.Scatter) for box in _marker_boxes(layout, trace)]
    notes = [note for note in fig.layout.annotations if note.visible is not False]
    for note in notes:
        _resolve_anchors(note)
    for note in notes:
        if _pinned(note):
            _pin(layout, note)
    for trace in fig.data:
        if isinstance(trace, go.Scatter):
            _trace_labels(layout, trace)
    for note in notes:
        if not _pinned(note):
            _annotation_labels(layout, note)
    return layout.dropped


# Where Plotly draws a trace's text beside its point (plotly.js drawing.textPointPosition): past the marker's radius r
# by r / 0.8 + 1 pixels, its baseline a quarter of the font size further out above the point ("top center") or three
# quarters below it ("bottom center"). The middle of a one-line glyph box sits about 0.3 font sizes above the
# baseline in the theme's font, so it lies this many font sizes beyond r / 0.8 + 1.
_TEXT_MIDDLE = {"top center": 0.55, "bottom center": 0.45}
# What an in-place label may carry to be drawn as trace text: anything else (hover text, a leader line, a rotation,
# its own anchor or horizontal shift) keeps it an annotation.
_PLAIN_LABEL = {
    "x",
    "y",
    "xref",
    "yref",
    "text",
    "font",
    "bgcolor",
    "showarrow",
    "xshift",
    "yshift",
    "yanchor",
    "xanchor",
    "arrowhead",
    "arrowwidth",
    "arrowcolor",
    "ax",
    "ay",
    "visible",
}
LABEL_TRACE = "direct labels"


def _label_trace(x, y, text, textposition, textfont, marker: dict | None, xaxis, yaxis, visible=None) -> go.Scatter:
    """A trace that only draws labels: its text beside invisible markers of the given sizing (Plotly offsets text by
    the marker's size), or on the points themselves without markers; no hover, clicks or legend entry."""
    return go.Scatter(
        x=x,
        y=y,
        text=text,
        textposition=textposition,
        textfont=textfont,
        mode="text" if marker is None else "markers+text",
        marker=None if marker is None else dict(**marker, opacity=0),
        hoverinfo="skip",
        showlegend=False,
        name=LABEL_TRACE,
        xaxis=xaxis,
        yaxis=yaxis,
        visible=visible,
    )


def _plain_one_line(note, spec: dict) -> bool:
    """Whether an annotation could be drawn as trace text at all: a visible label on the data of one x and one y axis,
    one line of text, nothing set but what _PLAIN_LABEL lists, and not pinned to the chart's frame or turned."""
    text = str(note.text or "")
    return (
        set(spec) <= _PLAIN_LABEL
        and spec.get("visible") is not False
        and not _pinned(note)
        and bool(re.fullmatch(r"x\d*", note.xref or "x") and re.fullmatch(r"y\d*", note.yref or "y"))
        and "<br>" not in text
        and bool(text.strip())
    )


def _text_key(note, yref: str) -> tuple:
    """How labels are grouped into one text trace: the same axes and font."""
    font = note.font
    return (note.xref or "x", yref, _font_size(font, 12), getattr(font, "color", None), getattr(font, "family", None))


def _as_text_point(note) -> tuple[str, float] | None:
    """(textposition, invisible marker size) that puts this annotation's text where it is, or None when it cannot be
    drawn as trace text: a label the layout step left beside its point, centred over or under it, on one line."""
    spec = note.to_plotly_json()
    if (
        not _plain_one_line(note, spec)
        or spec.get("showarrow") is not False
        or spec.get("xshift")
        or spec.get("xanchor") not in (None, "auto", "center")
        or spec.get("yanchor") not in (None, "middle")
    ):
        return None
    shift, size = float(note.yshift or 0), _font_size(note.font, 12)
    position = "top center" if shift > 0 else "bottom center"
    reach = abs(shift) - _TEXT_MIDDLE[position] * size  # from the point to the text: the marker's r / 0.8 + 1
    if reach < 1:
        return None
    return position, 2 * 0.8 * (reach - 1)


def labels_as_text(fig: go.Figure) -> int:
    """Draw the labels the layout step left beside their points (settle_labels) as text on one invisible-marker trace
    per axis pair and font, in place; return how many moved. Each lands where its annotation was, with a halo of the
    background instead of a box. A browser lays out every annotation on its own on every draw: in interleaved loads of
    /timeline its 23 labels cost about 0.05 s as annotations, and 0.02-0.03 s less as trace text."""
    keep, groups = [], {}
    for note in fig.layout.annotations:
        placed = _as_text_point(note)
        if placed is None:
            keep.append(note)
            continue
        groups.setdefault(_text_key(note, note.yref or "y"), []).append((note.x, note.y, note.text, *placed))
    if not groups:
        return 0
    fig.layout.annotations = keep
    for (xref, yref, size, color, family), rows in groups.items():
        xs, ys, texts, positions, sizes = (list(column) for column in zip(*rows))
        font = dict(size=size, color=color, family=family, shadow="auto")
        fig.add_trace(_label_trace(xs, ys, texts, positions, font, dict(size=sizes), xref, yref))
    return sum(len(rows) for rows in groups.values())


LEADER_TRACE = "leader lines"


def _as_leader_label(fig: go.Figure, note) -> tuple[str, float, float, float | None, str] | None:
    """(y axis name, the number its text is centred on, the number its leader line runs from, the number the line
    stops at or None when the text sits on its point, textposition) for a label the layout step moved off its point
    along a leader line straight above or below it, on an axis whose range is set; None for any other annotation."""
    spec = note.to_plotly_json()
    yref = note.yref or "y"
    if (
        not _plain_one_line(note, spec)
        or spec.get("showarrow") is False
        or spec.get("ax") not in (None, 0)
        or spec.get("xshift")
        or spec.get("yshift")
        or spec.get("yanchor") not in (None, "auto", "middle")
    ):
        return None
    layout = fig.layout[f"yaxis{yref[1:]}"]
    if layout.range is None or layout.autorange is not False or layout.type not in ("category", "linear"):
        return None
    axis = _axis(fig, yref, ASSUMED_WIDTH, float(fig.layout.height or DEFAULT_HEIGHT))
    point = None if axis is None else axis.number(note.y)
    if point is None or not axis.length:
        return None
    ay = float(note.ay if note.ay is not None else -30)
    py = axis.pixel(note.y)
    half = text_size(note.text, _font_size(note.font, 12))[1] / 2
    edge = None if abs(ay) <= half else axis.at(py + ay + (half if ay < 0 else -half))
    position = {"left": "middle right", "right": "middle left"}.get(note.xanchor, "middle center")
    return yref, axis.at(py + ay), point, edge, position


def _overlay(fig: go.Figure, base: str, xref: str) -> str:
    """A hidden number axis laid over category axis ``base`` with the same range in lane positions, so a label can sit
    between lanes (a category axis takes only its categories); its name ('y3'), made once per base axis. Both axes are
    fixed (the chart zooms and pans by its other axis only): Plotly gives a hidden overlay a drag strip of its own, in
    the plot, that moved the labels off their lanes, and an axis-end drag on the lanes would have moved them alone."""
    keys = axis_keys(fig, "y")
    for key in keys:
        spec = fig.layout[key]
        if spec.overlaying == base and spec.visible is False and spec.type == "linear":
            return "y" + key[5:]
    number = max(int(key[5:] or 1) for key in keys) + 1
    spec = fig.layout[f"yaxis{base[1:]}"]
    spec.fixedrange = True
    fig.layout[f"yaxis{number}"] = dict(
        overlaying=base,
        anchor=xref,
        type="linear",
        range=list(spec.range),
        autorange=False,
        visible=False,
        fixedrange=True,
    )
    return f"y{number}"


def leaders_as_text(fig: go.Figure) -> int:
    """Draw the labels the layout step moved off their points (settle_labels) as trace text with their leader lines
    as one line trace, per axis pair, in place; return how many moved. Each label lands where its annotation was: the
    same lane position or value, the same pixel offset on the axis's set range, its leader line from the point to the
    text's edge. A browser draws every annotation twice on every draw (once to size the axes, once for good): with
    its 5 leader labels as trace text, /timeline's chart drew in 86 ms instead of 109 ms (benchmarks/RESULTS.md).
    Labels on a category axis go on a hidden number axis laid over it; both stay fixed (see _overlay)."""
    keep, texts, lines = [], {}, {}
    for note in fig.layout.annotations:
        placed = _as_leader_label(fig, note)
        if placed is None:
            keep.append(note)
            continue
        yref, centre, point, edge, position = placed
        xref = note.xref or "x"
        kind = fig.layout[f"yaxis{yref[1:]}"].type
        on = _overlay(fig, yref, xref) if kind == "category" else yref
        texts.setdefault(_text_key(note, on), []).append((note.x, centre, note.text, position))
        if edge is not None:
            lines.setdefault((xref, on, note.arrowcolor, note.arrowwidth), []).append((note.x, point, edge))
    moved = sum(len(rows) for rows in texts.values())
    if not moved:
        return 0
    fig.layout.annotations = keep
    for (xref, yref, color, width), rows in lines.items():
        xs = [x for x, _, _ in rows for x in (x, x, None)]
        ys = [y for _, start, end in rows for y in (start, end, None)]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color=color or "#444444", width=width or 1),
                hoverinfo="skip",
                showlegend=False,
                name=LEADER_TRACE,
                xaxis=xref,
                yaxis=yref,
            )
        )
    for (xref, yref, size, color, family), rows in texts.items():
        xs, ys, labels, positions = (list(column) for column in zip(*rows))
        font = dict(size=size, color=color, family=family, shadow="auto")
        fig.add_trace(_label_trace(xs, ys, labels, positions, font, None, xref, yref))
    return moved


def text_on_top(fig: go.Figure) -> int:
    """Draw every scatter trace's text on a copy of the trace added last (in place), so no later trace's line runs
    across it: Plotly draws each trace's lines, markers and text together, trace after trace. The copy has the same
    points, text, positions and font, and markers of the same sizes left invisible, so each label sits exactly where
    it was; it takes no hover or clicks and has no legend entry. Return how many traces' text moved."""
    moved = 0
    for trace in list(fig.data):
        if not isinstance(trace, go.Scatter):
            continue
        mode, texts = trace.mode or "", trace.text
        if (
            trace.name == LABEL_TRACE
            or "text" not in mode.split("+")
            or texts is None
            or isinstance(texts, str)
            or trace.texttemplate is not None
            or not any(isinstance(t, str) and t.strip() for t in texts)
        ):
            continue
        parts = [part for part in mode.split("+") if part != "text"]
        if not parts:
            continue  # a trace of text alone: nothing of its own to move it off
        sizing = {k: trace.marker[k] for k in ("size", "sizemode", "sizeref", "sizemin") if trace.marker[k] is not None}
        marker = sizing if "markers" in parts else None
        fig.add_trace(
            _label_trace(
                trace.x, trace.y, texts, trace.textposition, trace.textfont, marker, trace.xaxis, trace.yaxis, trace.visible
            )
        )
        trace.mode = "+".join(parts)
        moved += 1
    return moved
