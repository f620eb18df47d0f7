"""What every page does first (theme, data, the shared date range, the range caption) and the PageContext a page
draws with: its tables filtered to the range, its charts, views and drawers."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from alibaba_ai_data import Dataset, DataValidationError
from alibaba_ai_data.datapackage import date_fields
from alibaba_ai_data.filters import RELEASE_FILTERS, filter_releases
from alibaba_ai_data.tracker import data_as_of
from dashboard.api_links import public_base_url, table_url
from dashboard.cards import data_error, table_with_download, use_this_data
from dashboard.charts import ChartEntry, chart_entry, plotly_chart
from dashboard.citations import md_escape, point_provenance, source_line, source_line_parts
from dashboard.coverage_view import coverage_frame, coverage_note, coverage_today
from dashboard.data_access import (
    data_release_or_unversioned,
    default_range,
    filtered_tables,
    full_range,
    get_dataset,
    range_presets,
    release_choices,
)
from dashboard.navigation import PROJECT_ROOT
from dashboard.navigator import range_navigator
from dashboard.registry import LINK_PARAMS, PageSpec, page_spec
from dashboard.sections import drawer, views
from dashboard.shared_cache import cached
from dashboard.theme import apply_theme
from dashboard.url_params import DateRange
from dashboard.url_state import date_range_control, describe_filters, release_filter_control


@dataclass(frozen=True)
class PageContext:
    """The validated dataset, the active range and release filters, and the day coverage is judged against: every
    input of what a page derives, so a cached builder that takes the context is keyed by all of them (its fields;
    the filtered tables are derived from them)."""

    spec: PageSpec
    dataset: Dataset
    span: DateRange
    default: DateRange
    release_filters: dict[str, tuple[str, ...]]
    coverage_today: pd.Timestamp

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table filtered to the range, releases also by the release filters. Read-only."""
        tables = filtered_tables(self.dataset, self.span)
        if any(self.release_filters.values()):
            tables = {**tables, "releases": filter_releases(tables["releases"], self.release_filters)}
        return tables

    @property
    def filter_note(self) -> str:
        """The active release filters in words ('' when none), for chart subtitles and exports."""
        return describe_filters(self.release_filters)

    @property
    def sources(self) -> pd.DataFrame:
        """The full sources table (figure builders use it for hover text)."""
        return self.dataset.sources

    def cached(self, build: Callable[..., Any], *args: Any, **options: Any) -> Any:
        """``build(self, *args, **options)``: a figure or derived frame made from this context and the arguments,
        shared read-only and keyed by all of them (dashboard/shared_cache.py). ``build`` is a module-level function
        that reads nothing else."""
        return cached(build, self, *args, **options)

    def chart(
        self,
        name: str,
        build: Callable[..., go.Figure],
        *args: Any,
        caveat: str = "",
        extra_sources: Iterable[str] = (),
        note: str = "",
        label: str = "Sources",
        selectable: bool = True,
        selection_mode: tuple[str, ...] = ("points",),
        evidence: Callable[[Any], Any] | None = None,
        image_size: tuple[int, int] | None = None,
        **options: Any,
    ) -> list:
        """Build, cache, draw and cite one chart; return the clicked points' point data.

        The figure is ``build(self, *args, **options)``, cached by the builder and all of its inputs (see ``cached``).
        ``name`` gives the widget key and the PNG file stem, so include in it what the reader would want in a file
        name (``capex-per-year-USD``). The figure, its export-ready copy and its source ids share one cache entry; the
        source line under the chart (after ``note``, the chart's reading guide) and the credit inside its image come
        from the same ids. A clicked point's evidence shows right under the chart (``evidence`` maps a point's
        customdata to its row when that is not a row of its table); ``image_size`` is the size of the PNG its camera
        button saves (default: the chart as drawn).
        """
        ready = self.prepared_chart(build, *args, caveat=caveat, extra_sources=extra_sources, **options)
        picked = plotly_chart(
            ready.figure,
            key=name.replace("-", "_"),
            stem=name,
            span=self.span,
            selectable=selectable,
            selection_mode=selection_mode,
            image_size=image_size,
        )
        if picked and "points" in selection_mode:
            point_provenance(picked[0], self.tables, self.cite_index, evidence)
        if note:
            st.caption(note)
        source_line(self.cached(_source_line, tuple(ready.source_ids), label))
        return picked

    def prepared_chart(
        self, build: Callable[..., go.Figure], *args: Any, caveat: str = "", extra_sources: Iterable[str] = (), **options
    ) -> ChartEntry:
        """The chart's cached entry (figure, export-ready copy, source ids) without drawing it: what ``chart`` draws,
        and what the warm-up builds ahead of the first reader (dashboard/warmup.py)."""
        return self.cached(_chart_entry, build, args, options, caveat, tuple(extra_sources))

    def api_url(self, table: str, fmt: str = "csv", release_filters: dict[str, tuple[str, ...]] | None = None) -> str:
        """The API URL of a table for this page's range and release filters, as the reader's browser reaches it."""
        filters = self.release_filters if release_filters is None else release_filters
        return table_url(public_base_url(), table, fmt, self.span, filters)

    def table(
        self,
        name: str,
        frame: pd.DataFrame,
        *,
        key: str,
        api_table: str | None = None,
        api_note: str = "",
        release_filters: dict[str, tuple[str, ...]] | None = None,
        **options: Any,
    ) -> pd.Series | None:
        """A table with its CSV download and, when it shows rows of a data table (``api_table``), the one-liners that
        fetch the same rows from the API (``api_note`` says how the page's table differs from the API's, if it does).
        Returns the selected row."""
        picked = table_with_download(name, frame, self.span, key=key, **options)
        if api_table is not None:
            use_this_data(self.api_url(api_table, release_filters=release_filters), key, api_note, date_fields(api_table))
        return picked

    def answer(self, question: str, text: str) -> None:
        """The page's question and its one-sentence answer, written from the data, above its headline chart."""
        st.markdown(f"**{md_escape(question)}** {md_escape(text)}")

    def views(self) -> dict[str, st.delta_generator.DeltaGenerator | None]:
        """The page's views (its registry entry's tabs) by label: the open one's container, None for the others."""
        return views(self.spec)

    def drawer(self, label: str, key: str) -> st.delta_generator.DeltaGenerator | None:
        """One of the page's drawers (listed in its registry entry): its container while open, else None."""
        return drawer(self.spec, label, key)

    @property
    def coverage(self) -> pd.DataFrame:
        """Coverage of every tracked series (recorded, searched, overdue, not due) on ``coverage_today``, whatever
        the range."""
        return coverage_frame(self.dataset, self.coverage_today)

    def coverage_note(self, page: str) -> None:
        """The line beside the headline chart: what the page's series lack and what comes next."""
        coverage_note(self.dataset, page, self.coverage_today, self.spec)

    @property
    def as_of(self) -> pd.Timestamp | None:
        """How current the data is: the newest source date in data/ (None when no source is recorded)."""
        return data_as_of(self.dataset.sources)

    @property
    def cite_index(self) -> dict[str, dict]:
        """Sources by source_id, for captions, KPI cards and provenance panels."""
        return self.dataset.source_records


def _source_line(ctx: PageContext, source_ids: tuple[str, ...], label: str) -> tuple[str, str, int]:
    return source_line_parts(source_ids, ctx.cite_index, label)


def _chart_entry(
    ctx: PageContext, build: Callable[..., go.Figure], args: tuple, options: dict, caveat: str, extra_sources: tuple
) -> ChartEntry:
    return chart_entry(
        build(ctx, *args, **options),
        ctx.span,
        ctx.tables,
        ctx.cite_index,
        caveat=caveat,
        filters=ctx.filter_note,
        extra_sources=extra_sources,
    )


# How often an open page checks whether data/ changed under it. Having a timed fragment also makes Streamlit's
# client ask for a full rerun when its connection comes back: behind the proxy, a reader whose replica died is
# drawn again by the next replica from the page's link instead of keeping a page no server knows.
DATA_CHECK_SECONDS = 300
# When this session's page last read data/ (setup_page): the check below skips a full run, which has just read it.
DATA_READ_STATE = "_data_read_at"


@st.fragment(run_every=DATA_CHECK_SECONDS)
def data_version_note(caption: str, detail: str, shown_version: str) -> None:
    """The sidebar's data line, and a notice when the data on the server is no longer what the page shows."""
    st.caption(caption, help=detail)
    if time.monotonic() - st.session_state.get(DATA_READ_STATE, float("-inf")) < 1.0:
        return  # a full run: the page has just read data/ itself (setup_page); the fragment's own timed runs check
    try:
        current = get_dataset().data_version
    except DataValidationError:
        st.warning("data/ on the server no longer validates; this page keeps the version it was drawn from.", icon="⚠️")
        return
    if current != shown_version:
        st.info("The data on the server changed since this page was drawn: change any control or reload the page.", icon="🔄")


def default_context(page_file: str, dataset: Dataset) -> PageContext:
    """The context a page's first reader gets: the whole date range and no release filter (for the warm-up)."""
    default = default_range(dataset)
    return PageContext(
        spec=page_spec(page_file),
        dataset=dataset,
        span=default,
        default=default,
        release_filters={name: () for name in RELEASE_FILTERS},
        coverage_today=coverage_today(),
    )


def setup_page(page_file: str, title: str, summary: str) -> PageContext:
    """Render the title and shared filters of the page in ``page_file`` (its ``__file__``); stop the page with one
    clear error if the data is invalid.

    Pages whose registry entry shows releases draw the release filters and get `tables["releases"]` filtered.
    """
    spec = page_spec(Path(page_file).resolve().relative_to(PROJECT_ROOT).as_posix())
    shows_releases = spec.shows_releases
    apply_theme()
    st.title(title)
    try:
        dataset = get_dataset()
    except DataValidationError as err:
        data_error(err)
        st.stop()
    st.session_state[DATA_READ_STATE] = time.monotonic()
    default = default_range(dataset)
    span = date_range_control(default, range_presets(dataset), LINK_PARAMS)
    range_navigator(dataset)
    choices = release_choices(dataset)
    selected = release_filter_control(choices, render=shows_releases)
    as_of = data_as_of(dataset.sources)
    everything = full_range(dataset)
    version, released = data_release_or_unversioned()
    st.caption(
        f"{summary} Showing **{span}**"
        + (" (all dates)" if span == everything else "")
        + (
            " (the default: from the pledge's first year; All dates in the sidebar shows every year)"
            if span == default != everything
            else ""
        )
        + f". Data release **{version}** of {released}"
        + (
            f"; its newest source is dated {as_of:%Y-%m-%d}."
            if as_of is not None
            else "; no source is recorded yet, so the data has no as-of date."
        )
    )
    with st.sidebar:
        data_version_note(
            (f"Data as of {as_of:%Y-%m-%d}" if as_of is not None else "No source recorded")
            + f" · release {version} of {released}",
            f"Content hash of the files read: {dataset.data_version}",
            dataset.data_version,
        )
    if shows_releases and any(selected.values()):
        st.caption(md_escape(f"Release filters: {describe_filters(selected)}."))
    return PageContext(
        spec=spec,
        dataset=dataset,
        span=span,
        default=default,
        release_filters=selected if shows_releases else {name: () for name in RELEASE_FILTERS},
        coverage_today=coverage_today(),
    )
