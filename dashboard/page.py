"""What every page does first: theme, data, the shared date range, and the range caption."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from alibaba_ai_data import Dataset, DataValidationError
from alibaba_ai_data.filters import RELEASE_FILTERS, filter_releases
from alibaba_ai_data.tracker import data_as_of
from dashboard.components import data_error, figure_source_ids, md_escape, plain_sources, plotly_chart, prepared_chart
from dashboard.coverage_view import coverage_frame, coverage_note, coverage_today
from dashboard.data_access import (
    cached_derivation,
    cached_per_version,
    data_release_or_unversioned,
    default_range,
    filtered_tables,
    get_dataset,
    range_presets,
    release_choices,
)
from dashboard.navigation import ensure_app_navigation, sidebar_links
from dashboard.sections import SECTION_PARAMS
from dashboard.theme import apply_theme
from dashboard.url_params import DateRange
from dashboard.url_state import date_range_control, describe_filters, release_filter_control

# Every parameter any page keeps in its link, so no page warns about another page's state.
LINK_PARAMS = ("currency", *RELEASE_FILTERS, "rivals", "events", *SECTION_PARAMS)


@dataclass(frozen=True)
class PageContext:
    """The validated dataset, the active range, and every table filtered to it."""

    dataset: Dataset
    span: DateRange
    default: DateRange
    tables: dict[str, pd.DataFrame]
    release_filters: dict[str, tuple[str, ...]]

    @property
    def filter_note(self) -> str:
        """The active release filters in words ('' when none), for chart subtitles and exports."""
        return describe_filters(self.release_filters)

    @property
    def sources(self) -> pd.DataFrame:
        """The full sources table (figure builders use it for hover text)."""
        return self.dataset.sources

    def cached(self, name: str, build: Callable[[], Any], **options: Any) -> Any:
        """A figure or derived frame built from this page's tables, cached per data version, range, release
        filters and options."""
        filters = tuple((k, v) for k, v in self.release_filters.items() if v)
        return cached_derivation(name, self.dataset, self.span, build, release_filters=filters, **options)

    def chart(
        self,
        fig,
        *,
        key: str,
        name: str,
        caveat: str = "",
        selectable: bool = True,
        selection_mode: tuple[str, ...] = ("points",),
    ) -> list:
        """Draw a Plotly figure whose image export carries its range, filters, sources and caveat; return the
        clicked points' customdata."""
        ready = prepared_chart(
            fig,
            self.span,
            lambda: plain_sources(figure_source_ids(fig, self.tables), self.cite_index),
            caveat=caveat,
            filters=self.filter_note,
        )
        return plotly_chart(ready, key=key, name=name, span=self.span, selectable=selectable, selection_mode=selection_mode)

    @property
    def coverage(self) -> pd.DataFrame:
        """Coverage of every tracked series (recorded, searched, overdue, not due), whatever the range."""
        return coverage_frame(self.dataset, cached_per_version)

    @property
    def coverage_today(self) -> pd.Timestamp:
        """The day coverage is judged against."""
        return coverage_today()

    def coverage_note(self, page: str) -> None:
        """The line beside the headline chart: what the page's series lack and what comes next."""
        coverage_note(self.dataset, self.coverage, page)

    @property
    def as_of(self) -> pd.Timestamp:
        """How current the data is: the newest source date in data/."""
        return data_as_of(self.dataset.sources)

    @property
    def cite_index(self) -> dict[str, dict]:
        """Sources by source_id, for captions, KPI cards and provenance panels."""
        return self.dataset.source_records


def setup_page(title: str, summary: str, known_params: Sequence[str] = (), shows_releases: bool = False) -> PageContext:
    """Render the title and shared filters; stop the page with one clear error if the data is invalid.

    Pages that show releases (`shows_releases`) draw the release filters and get `tables["releases"]` filtered.
    """
    ensure_app_navigation()
    sidebar_links()
    apply_theme()
    st.title(title)
    try:
        dataset = get_dataset()
    except DataValidationError as err:
        data_error(err)
        st.stop()
    default = default_range(dataset)
    span = date_range_control(default, range_presets(dataset), [*known_params, *LINK_PARAMS])
    choices = release_choices(dataset)
    selected = release_filter_control(choices, render=shows_releases)
    as_of = data_as_of(dataset.sources)
    st.caption(
        f"{summary} Showing **{span}**"
        + (" (all dates)" if span == default else "")
        + f". Data as of **{as_of:%Y-%m-%d}** (the newest source in the data)."
    )
    version, released = data_release_or_unversioned()
    st.sidebar.caption(
        f"Data as of {as_of:%Y-%m-%d} · release {version} of {released}",
        help=f"Content hash of the files read: {dataset.data_version}",
    )
    tables = filtered_tables(dataset, span)
    if shows_releases and any(selected.values()):
        tables = {**tables, "releases": filter_releases(tables["releases"], selected)}
        st.caption(md_escape(f"Release filters: {describe_filters(selected)}."))
    return PageContext(
        dataset=dataset,
        span=span,
        default=default,
        tables=tables,
        release_filters=selected if shows_releases else {name: () for name in RELEASE_FILTERS},
    )
