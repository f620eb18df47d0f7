"""Charts as every page draws them: built once per data version, range and options, with an export copy that
carries its own range, filters, sources and caveat, drawn with a dated PNG file name (PageContext.chart)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from alibaba_ai_data.exports import export_filename
from dashboard.citations import TRACKER_CREDIT, figure_source_ids, plain_sources
from dashboard.figure_wire import browser_form
from dashboard.figures.common import pad_single_date, reserve_margins
from dashboard.figures.labels import labels_as_text, leaders_as_text, settle_axes, settle_labels, text_on_top
from dashboard.theme import MUTED as SUBTLE_TEXT
from dashboard.url_params import DateRange

# Subtitle lines wrap at this many characters (12 px text on the narrowest chart the wide layout draws).
SUBTITLE_CHARS = 120
# The export copy's layout.meta names the sources it credits, so a test can hold the caption to the same list.
SOURCES_META = "source_ids"


def plotly_chart(
    fig: go.Figure,
    *,
    key: str,
    stem: str,
    span: DateRange,
    selectable: bool = True,
    selection_mode: tuple[str, ...] = ("points",),
    image_size: tuple[int, int] | None = None,
) -> list:
    """Draw a Plotly figure with the shared theme and a dated PNG file name; return the selected points' customdata.

    The chart's camera button saves the PNG; with ``image_size`` (width, height) it relays the chart out at that size
    in the browser first (a 16:9 slide, say), else it saves the chart as drawn, at twice the resolution."""
    image = {"format": "png", "filename": export_filename(stem, span.start, span.end, "png")[:-4]}
    if image_size is None:
        image["scale"] = 2
    else:
        image.update(width=image_size[0], height=image_size[1], scale=1)
    config = {"displaylogo": False, "toImageButtonOptions": image}
    if not selectable:
        st.plotly_chart(fig, theme=None, key=key, config=config)
        return []
    if isinstance(fig, PreparedFigure):
        fig = fig.selectable(selection_mode)
    event = st.plotly_chart(fig, theme=None, key=key, config=config, on_select="rerun", selection_mode=selection_mode)
    points = event.selection.points if event and event.selection else []
    return [p.get("customdata") for p in points if p.get("customdata") is not None]


def export_ready(
    fig: go.Figure, span: DateRange, source_text: str, caveat: str = "", filters: str = "", source_ids: Iterable[str] = ()
) -> go.Figure:
    """A copy of the figure that carries, inside the image, its range, active filters, source line and caveat,
    with margins reserved for its labels (reserve_margins), its axes' types and ranges set where they can be
    (settle_axes), its labels laid out against those ranges (settle_labels) and drawn above every trace
    (labels_as_text, text_on_top); its layout.meta lists the credited source ids."""
    out = go.Figure(fig)
    existing = out.layout.title.subtitle.text if out.layout.title and out.layout.title.subtitle else None
    scope = f"{span}" + (f"; releases: {filters}" if filters else "")
    credit = f"Source: {source_text}, {TRACKER_CREDIT}" if source_text else "Compiled by the Alibaba open-source AI tracker"
    lines = [
        wrapped
        for line in (existing, scope, credit, caveat)
        if line
        for part in line.split("<br>")
        for wrapped in textwrap.wrap(part, SUBTITLE_CHARS, break_on_hyphens=False) or [""]
    ]
    top = out.layout.margin.t if out.layout.margin and out.layout.margin.t is not None else 60
    out.update_layout(
        title=dict(yref="container", y=1, yanchor="top", pad=dict(t=12)),
        title_subtitle_text="<br>".join(lines),
        title_subtitle_font=dict(color=SUBTLE_TEXT, size=12),
        margin_t=max(top, 64 + 17 * len(lines)),
        meta={SOURCES_META: list(source_ids)},
    )
    pad_single_date(out)
    reserve_margins(out)
    settle_axes(out)
    settle_labels(out)
    labels_as_text(out)
    leaders_as_text(out)
    text_on_top(out)
    return out


def selection_modes(layout: Mapping[str, Any], selection_mode: Iterable[str]) -> dict[str, str]:
    """The click, hover and drag modes Streamlit's chart element (1.67) gives a chart that reports selections once it
    has mounted: the figure's own hover and drag modes where it sets them, Streamlit's defaults where not, and a click
    mode that follows the drag mode. A figure drawn with these already in its layout is drawn once on load; without
    them the browser draws every selectable chart a second time, in full, right after the first."""
    modes = set(selection_mode)
    if not modes:
        return {}
    points = "points" in modes
    drag = layout.get("dragmode") or ("pan" if points else "select" if "box" in modes else "lasso" if "lasso" in modes else "pan")
    click = "event" if drag in ("select", "lasso") else "event+select" if points else "none"
    return {"clickmode": click, "hovermode": layout.get("hovermode") or "closest", "dragmode": drag}


class PreparedFigure(go.Figure):
    """A figure whose dict form is made once. Streamlit asks every rerun for ``to_dict()``, a deep copy of the whole
    figure, and then serialises it; this one returns the dict it made when prepared, every value already plain JSON
    (text arrays, dates), so the serialiser takes its fast path instead of walking every element of every array on
    each rerun. That dict is the figure's browser form (dashboard/figure_wire.py): for a figure with its axes settled,
    one the browser draws once where it would otherwise draw it twice. Read-only after that."""

    def __init__(self, fig: go.Figure):
        super().__init__(fig)
        self._frozen = browser_form(super().to_dict())
        self._selectable: dict[tuple[str, ...], PreparedFigure] = {}

    def to_dict(self) -> dict:
        return self._frozen

    def selectable(self, selection_mode: Iterable[str]) -> PreparedFigure:
        """This figure as drawn with ``selection_mode`` on: the same figure whose dict also carries the modes
        Streamlit would set in the browser (selection_modes). Made once per mode and kept; it shares everything
        else with this one, read-only."""
        mode = tuple(sorted(set(selection_mode)))
        variant = self._selectable.get(mode)
        if variant is None:
            variant = PreparedFigure.__new__(PreparedFigure)
            variant.__dict__.update(self.__dict__)
            layout = self._frozen.get("layout", {})
            variant._frozen = {**self._frozen, "layout": {**layout, **selection_modes(layout, mode)}}
            variant._selectable = {mode: variant}
            self._selectable[mode] = variant
        return variant


@dataclass(frozen=True)
class ChartEntry:
    """What one cache entry of a chart holds: the prepared export-ready figure and the sources it credits."""

    figure: PreparedFigure
    source_ids: tuple[str, ...]


def chart_entry(
    fig: go.Figure,
    span: DateRange,
    tables: Mapping[str, pd.DataFrame],
    sources: Mapping[str, dict],
    *,
    caveat: str = "",
    filters: str = "",
    extra_sources: Iterable[str] = (),
) -> ChartEntry:
    """The prepared figure and its source ids: the sources of every row its point data names (figure_source_ids),
    then ``extra_sources`` (what a chart rests on without plotting it as points, such as aggregated counts). The
    caption under the chart and the credit inside its image are both written from these ids."""
    ids = tuple(dict.fromkeys(s for s in [*figure_source_ids(fig, tables), *extra_sources] if isinstance(s, str)))
    ready = export_ready(fig, span, plain_sources(ids, sources), caveat=caveat, filters=filters, source_ids=ids)
    return ChartEntry(PreparedFigure(ready), ids)
