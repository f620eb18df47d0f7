"""Precision-aware date-range filtering: a row dated 2024 at year precision covers all of 2024."""

from __future__ import annotations

from datetime import date

import pandas as pd

from alibaba_ai_data.periods import period_end
from alibaba_ai_data.schema import EARLIEST_DATE, LATEST_DATE, TABLES


def row_intervals(frame: pd.DataFrame, table: str) -> tuple[pd.Series, pd.Series]:
    """First and last day each row of a dated table covers."""
    spec = TABLES[table].dates
    if spec is None:
        raise ValueError(f"table {table!r} has no dates")
    starts = frame[spec.date]
    ends = period_end(starts, frame[spec.precision]) if spec.precision else starts
    if spec.end:
        ends = frame[spec.end].where(frame[spec.end].notna(), ends)
    return starts, ends


def filter_by_date_range(
    frame: pd.DataFrame,
    start: date | pd.Timestamp,
    end: date | pd.Timestamp,
    *,
    date_column: str,
    precision_column: str | None = None,
    end_column: str | None = None,
) -> pd.DataFrame:
    """Rows whose period overlaps [start, end], both inclusive."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    starts = frame[date_column]
    ends = period_end(starts, frame[precision_column]) if precision_column else starts
    if end_column:
        ends = frame[end_column].where(frame[end_column].notna(), ends)
    return frame[(starts <= end) & (ends >= start)]


def filter_table(table: str, frame: pd.DataFrame, start: date | pd.Timestamp, end: date | pd.Timestamp) -> pd.DataFrame:
    """Filter a table by its declared dates; undated tables come back whole."""
    spec = TABLES[table].dates
    if spec is None:
        return frame
    return filter_by_date_range(frame, start, end, date_column=spec.date, precision_column=spec.precision, end_column=spec.end)


def date_extent(tables: dict[str, pd.DataFrame]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Earliest first day and latest last day covered by any dated row; the whole plausible window (the schema's
    EARLIEST_DATE to LATEST_DATE) when no table has a dated row."""
    firsts, lasts = [], []
    for name, frame in tables.items():
        if TABLES[name].dates is None or frame.empty:
            continue
        starts, ends = row_intervals(frame, name)
        firsts.append(starts.min())
        lasts.append(ends.max())
    if not firsts:
        return EARLIEST_DATE, LATEST_DATE
    return min(firsts), max(lasts)


def cited_source_ids(tables: dict[str, pd.DataFrame]) -> set[str]:
    """Every source_id cited by any row of the given (non-source) tables."""
    cited: set[str] = set()
    for name, frame in tables.items():
        if name == "sources":
            continue
        for column in TABLES[name].source_columns:
            cited |= set(frame[column].dropna())
    return cited


def table_intervals(tables: dict[str, pd.DataFrame]) -> dict[str, tuple[pd.Series, pd.Series]]:
    """First and last day covered by each row of every dated table (compute once, filter many times)."""
    return {name: row_intervals(frame, name) for name, frame in tables.items() if TABLES[name].dates is not None}


def filter_dataset(
    tables: dict[str, pd.DataFrame],
    start: date | pd.Timestamp,
    end: date | pd.Timestamp,
    intervals: dict[str, tuple[pd.Series, pd.Series]] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table filtered to the range; sources narrowed to those the remaining rows cite.

    ``intervals`` (from table_intervals) saves recomputing each row's period on every call.
    """
    intervals = intervals if intervals is not None else table_intervals(tables)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    filtered = {}
    for name, frame in tables.items():
        if name == "sources":
            continue
        if name in intervals:
            starts, ends = intervals[name]
            frame = frame[(starts <= end) & (ends >= start)]
        filtered[name] = frame
    sources = tables["sources"]
    filtered["sources"] = sources[sources["source_id"].isin(cited_source_ids(filtered))]
    return {name: filtered[name] for name in tables}


def filtering_notes() -> dict[str, str]:
    """How filter_dataset applies a date range to each table, in words (for manifests and captions)."""
    notes = {}
    for name, spec in TABLES.items():
        if name == "sources":
            notes[name] = "sources cited by the rows included"
        elif spec.dates is None:
            notes[name] = "undated: included whole"
        else:
            span = f"{spec.dates.date} to {spec.dates.end}" if spec.dates.end else spec.dates.date
            notes[name] = f"rows whose {span} period (by its precision) overlaps the range"
    return notes


RELEASE_FILTERS = ("developer", "family", "modality", "open_weights")


def release_filter_choices(releases: pd.DataFrame) -> dict[str, list[str]]:
    """The values each release filter may take, from the data (open_weights as yes/no)."""
    return {
        "developer": sorted(releases["developer"].dropna().unique()),
        "family": sorted(releases["family"].dropna().unique()),
        "modality": [m for m in releases["modality"].cat.categories if (releases["modality"] == m).any()],
        "open_weights": ["yes", "no"],
    }


def filter_releases(releases: pd.DataFrame, selected: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Releases matching every non-empty filter (values within one filter are alternatives)."""
    keep = pd.Series(True, index=releases.index)
    for name, values in selected.items():
        if not values:
            continue
        if name == "open_weights":
            wanted = {v == "yes" for v in values}
            keep &= releases["open_weights"].fillna(False).astype(bool).isin(wanted)
        else:
            keep &= releases[name].astype(str).isin(values)
    return releases[keep]
