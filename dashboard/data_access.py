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
from dashboard.url_params import ALL_DATES, DateRange

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


def full_range(dataset: Dataset) -> DateRange:
    """All dates the data covers (computed once per data version): the "All dates" preset, and the API's default."""
    return cached(_extent, dataset)


def _story_start(dataset: Dataset) -> date | None:
    """The first day of the year the pledge's period starts (else the year it was announced): where the story the
    page tells is active. None when the data has no dated commitment row."""
    investments = dataset["investments"]
    commitment = investments[investments["category"] == "commitment"]
    days = pd.concat([commitment["period_start"], commitment["announced"]]).dropna()
    return None if days.empty else date(days.min().year, 1, 1)


def _opening(dataset: Dataset) -> DateRange:
    everything = full_range(dataset)
    start = _story_start(dataset)
    if start is None or not everything.start < start <= everything.end:
        return everything
    return DateRange(start, everything.end)


def default_range(dataset: Dataset) -> DateRange:
    """The range a page opens on (and a link without start/end): from the start of the pledge's first year to the
    newest date in the data, or all dates when the data has no dated pledge inside them (once per data version)."""
    return cached(_opening, dataset)


def _first_reasoning_release(releases: pd.DataFrame, developer: str) -> pd.Series | None:
    """The developer's first release of the reasoning modality (DeepSeek's: R1, the January 2025 jolt)."""
    rows = releases[(releases["developer"] == developer) & (releases["modality"] == "reasoning")].dropna(subset=["release_date"])
    return None if rows.empty else rows.sort_values("release_date").iloc[0]


def _presets(dataset: Dataset) -> dict[str, DateRange]:
    everything = full_range(dataset)
    opening = default_range(dataset)
    named = {ALL_DATES: everything}
    if opening != everything:
        named[f"Since {opening.start.year} (default)"] = opening
    for year in range(max(2023, everything.start.year), everything.end.year + 1):
        named[str(year)] = DateRange(date(year, 1, 1), date(year, 12, 31))
    jolt = _first_reasoning_release(dataset["releases"], "DeepSeek")
    if jolt is not None and jolt["release_date"].date() <= everything.end:
        named[f"Since {jolt['model']}"] = DateRange(jolt["release_date"].date(), everything.end)
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
        default_range=full_range,
        release_choices=release_choices,
        release=data_release_or_unversioned,
        data_dir=data_dir,
        table_link=table_link,
    )
