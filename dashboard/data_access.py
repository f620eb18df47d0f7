"""The one place the dashboard caches the data layer: load once per data change, filter once per range."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from alibaba_ai_data import Dataset, data_fingerprint, load_dataset
from alibaba_ai_data.filters import date_extent, filter_dataset, release_filter_choices
from alibaba_ai_data.loading import DEFAULT_DATA_DIR
from dashboard.url_params import DateRange

# Tests and deployments may point the app at another copy of data/.
DATA_DIR_ENV = "ALIBABA_AI_DATA_DIR"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(directory: str, fingerprint: tuple) -> Dataset:
    return load_dataset(directory)


def get_dataset() -> Dataset:
    """The validated dataset, reread only when a data file changes. Raises DataValidationError."""
    directory = data_dir()
    return _load(str(directory), data_fingerprint(directory))


@st.cache_resource(show_spinner=False, max_entries=64)
def _filtered(data_version: str, start: date, end: date, _dataset: Dataset) -> dict[str, pd.DataFrame]:
    return filter_dataset(_dataset.tables, start, end, _dataset.intervals)


def filtered_tables(dataset: Dataset, span: DateRange) -> dict[str, pd.DataFrame]:
    """Every table filtered to the range (sources: those cited), once per data version and range. Read-only."""
    return _filtered(dataset.data_version, span.start, span.end, dataset)


@st.cache_resource(show_spinner=False, max_entries=64)
def _per_version(name: str, data_version: str, _build: Callable[[], Any]) -> Any:
    return _build()


def cached_per_version(name: str, data_version: str, build: Callable[[], Any]) -> Any:
    """A value built once per (name, data version), shared read-only."""
    return _per_version(name, data_version, build)


def default_range(dataset: Dataset) -> DateRange:
    """All dates the data covers (computed once per data version)."""

    def extent() -> DateRange:
        first, last = date_extent(dataset.tables)
        return DateRange(first.date(), last.date())

    return _per_version("extent", dataset.data_version, extent)


def range_presets(dataset: Dataset) -> dict[str, DateRange]:
    """Named quick ranges offered in the sidebar (made once per data version; read-only)."""

    def presets() -> dict[str, DateRange]:
        everything = default_range(dataset)
        releases = dataset["releases"]
        r1 = releases.loc[releases["release_id"] == "deepseek_r1", "release_date"]
        named = {"All": everything}
        for year in range(max(2023, everything.start.year), everything.end.year + 1):
            named[str(year)] = DateRange(date(year, 1, 1), date(year, 12, 31))
        if len(r1):
            named["Since DeepSeek-R1"] = DateRange(r1.iloc[0].date(), everything.end)
        return named

    return _per_version("range-presets", dataset.data_version, presets)


def release_choices(dataset: Dataset) -> dict[str, list[str]]:
    """The values each release filter may take (made once per data version; read-only)."""
    return _per_version("release-choices", dataset.data_version, lambda: release_filter_choices(dataset["releases"]))


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(name: str, data_version: str, start: date, end: date, options: tuple, _build: Callable[[], Any]) -> Any:
    return _build()


def cached_derivation(name: str, dataset: Dataset, span: DateRange, build: Callable[[], Any], **options: Any) -> Any:
    """A figure or derived frame built once per (name, data version, range, options), shared read-only.

    ``build`` must depend only on those: the filtered tables and the options named here. Names are global:
    two different figures must never share one.
    """
    return _figure(name, dataset.data_version, span.start, span.end, tuple(sorted(options.items())), build)


def data_release_or_unversioned() -> tuple[str, str]:
    """The data version and release date from data/CHANGELOG.md, or ('unversioned', today) if it cannot be read."""
    from alibaba_ai_data.datapackage import data_release

    try:
        return data_release(data_dir())
    except (OSError, ValueError):
        return "unversioned", f"{date.today():%Y-%m-%d}"


def api_sources():
    """What the HTTP API reads (dashboard/api.py): the same cached dataset, range filter and choices as the pages."""
    from dashboard.api import Sources
    from dashboard.registry import table_link

    return Sources(
        dataset=get_dataset,
        filtered=filtered_tables,
        default_range=default_range,
        release_choices=release_choices,
        release=data_release_or_unversioned,
        data_dir=data_dir,
        table_link=table_link,
    )
