"""What every page does first: theme, data, the shared date range, and the range caption."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from alibaba_ai_data import Dataset, DataValidationError
from alibaba_ai_data.tracker import data_as_of
from dashboard.components import data_error
from dashboard.data_access import cached_derivation, default_range, filtered_tables, get_dataset, range_presets
from dashboard.navigation import ensure_app_navigation
from dashboard.theme import apply_theme
from dashboard.url_params import DateRange
from dashboard.url_state import date_range_control


@dataclass(frozen=True)
class PageContext:
    """The validated dataset, the active range, and every table filtered to it."""

    dataset: Dataset
    span: DateRange
    default: DateRange
    tables: dict[str, pd.DataFrame]

    @property
    def sources(self) -> pd.DataFrame:
        """The full sources table (figure builders use it for hover text)."""
        return self.dataset.sources

    def cached(self, name: str, build: Callable[[], Any], **options: Any) -> Any:
        """A figure or derived frame built from this page's tables, cached per data version, range and options."""
        return cached_derivation(name, self.dataset, self.span, build, **options)

    @property
    def as_of(self) -> pd.Timestamp:
        """How current the data is: the newest source date in data/."""
        return data_as_of(self.dataset.sources)

    @property
    def cite_index(self) -> dict[str, dict]:
        """Sources by source_id, for captions, KPI cards and provenance panels."""
        return self.dataset.source_records


def setup_page(title: str, summary: str, known_params: Sequence[str] = ()) -> PageContext:
    """Render the title and shared filters; stop the page with one clear error if the data is invalid."""
    ensure_app_navigation()
    apply_theme()
    st.title(title)
    try:
        dataset = get_dataset()
    except DataValidationError as err:
        data_error(err)
        st.stop()
    default = default_range(dataset)
    span = date_range_control(default, range_presets(dataset), known_params)
    as_of = data_as_of(dataset.sources)
    st.caption(
        f"{summary} Showing **{span}**"
        + (" (all dates)" if span == default else "")
        + f". Data as of **{as_of:%Y-%m-%d}** (the newest source in the data)."
    )
    st.sidebar.caption(f"Data as of {as_of:%Y-%m-%d} · version `{dataset.data_version}`")
    return PageContext(dataset=dataset, span=span, default=default, tables=filtered_tables(dataset, span))
