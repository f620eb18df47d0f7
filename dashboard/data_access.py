"""Where the dashboard reads the data layer: load once per data change (a cache of its own, keyed by the directory and
its files' fingerprint, holding at most four datasets), and everything derived from it through the one shared cache
(dashboard/shared_cache.py), keyed by the builder and its arguments: the range's tables, the default range, the
presets and the release choices."""

from __future__ import annotations

import functools
import os
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from alibaba_ai_data import Dataset, data_fingerprint, load_dataset
from alibaba_ai_data.filters import date_extent, filter_dataset, release_filter_choices
from alibaba_ai_data.loading import DEFAULT_DATA_DIR
from dashboard.shared_cache import cached
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


def _tables_in_range(dataset: Dataset, span: DateRange) -> dict[str, pd.DataFrame]:
    return filter_dataset(dataset.tables, span.start, span.end, dataset.intervals)


def filtered_tables(dataset: Dataset, span: DateRange) -> dict[str, pd.DataFrame]:
    """Every table filtered to the range (sources: those cited), once per data version and range. Read-only."""
    return cached(_tables_in_range, dataset, span)


def _extent(dataset: Dataset) -> DateRange:
    first, last = date_extent(dataset.tables)
    return DateRange(first.date(), last.date())


def default_range(dataset: Dataset) -> DateRange:
    """All dates the data covers (computed once per data version)."""
    return cached(_extent, dataset)


def _presets(dataset: Dataset) -> dict[str, DateRange]:
    everything = default_range(dataset)
    releases = dataset["releases"]
    r1 = releases.loc[releases["release_id"] == "deepseek_r1", "release_date"]
    named = {"All": everything}
    for year in range(max(2023, everything.start.year), everything.end.year + 1):
        named[str(year)] = DateRange(date(year, 1, 1), date(year, 12, 31))
    if len(r1):
        named["Since DeepSeek-R1"] = DateRange(r1.iloc[0].date(), everything.end)
    return named


def range_presets(dataset: Dataset) -> dict[str, DateRange]:
    """Named quick ranges offered in the sidebar (made once per data version; read-only)."""
    return cached(_presets, dataset)


def _release_choices(dataset: Dataset) -> dict[str, list[str]]:
    return release_filter_choices(dataset["releases"])


def release_choices(dataset: Dataset) -> dict[str, list[str]]:
    """The values each release filter may take (made once per data version; read-only)."""
    return cached(_release_choices, dataset)


def data_release_or_unversioned() -> tuple[str, str]:
    """The data version and release date from data/CHANGELOG.md, or ('unversioned', today) if it cannot be read."""
    from alibaba_ai_data.datapackage import CHANGELOG

    path = data_dir() / CHANGELOG
    try:
        stat = path.stat()
        return _release(str(path.parent), stat.st_size, stat.st_mtime_ns)
    except (OSError, ValueError):
        return "unversioned", f"{date.today():%Y-%m-%d}"


@functools.lru_cache(maxsize=8)
def _release(directory: str, size: int, modified_ns: int) -> tuple[str, str]:
    """The changelog's newest release, read once per file size and modification time (every page run asks)."""
    from alibaba_ai_data.datapackage import data_release

    return data_release(directory)


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
