"""Precision-aware date filtering."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from alibaba_ai_data import filter_by_date_range, filter_table, period_end
from alibaba_ai_data.filters import date_extent, filter_dataset, filtering_notes


def frame(rows):
    return pd.DataFrame(
        {
            "id": [r[0] for r in rows],
            "when": pd.to_datetime([r[1] for r in rows]),
            "precision": pd.Categorical([r[2] for r in rows], categories=["day", "month", "quarter", "year"]),
            "until": pd.to_datetime([r[3] if len(r) > 3 else None for r in rows]),
        }
    )


ROWS = frame(
    [
        ("day", "2024-03-15", "day"),
        ("month", "2024-03-01", "month"),
        ("quarter", "2024-04-01", "quarter"),
        ("year", "2024-01-01", "year"),
        ("span", "2020-01-01", "year", "2022-12-31"),
    ]
)


def ids(start, end, **kwargs):
    kept = filter_by_date_range(ROWS, start, end, date_column="when", precision_column="precision", **kwargs)
    return set(kept["id"])


def test_period_end_for_each_precision():
    ends = period_end(ROWS["when"], ROWS["precision"])
    assert list(ends.dt.strftime("%Y-%m-%d")) == ["2024-03-15", "2024-03-31", "2024-06-30", "2024-12-31", "2020-12-31"]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 12, 31), date(2025, 6, 30), {"year"}),  # the last day of 2024 touches a 2024 row
        (date(2024, 3, 31), date(2024, 3, 31), {"month", "year"}),  # the last day of March
        (date(2024, 3, 16), date(2024, 3, 20), {"month", "year"}),  # inside March, after the day row
        (date(2024, 3, 15), date(2024, 3, 15), {"day", "month", "year"}),  # bounds are inclusive
        (date(2024, 6, 30), date(2024, 7, 1), {"quarter", "year"}),
        (date(2023, 1, 1), date(2023, 12, 31), set()),
        (date(2025, 1, 1), date(2025, 12, 31), set()),
    ],
)
def test_overlap_semantics(start, end, expected):
    assert ids(start, end) == expected


def test_end_column_extends_a_row_to_its_end_date():
    assert ids(date(2021, 6, 1), date(2021, 6, 2), end_column="until") == {"span"}
    assert ids(date(2021, 6, 1), date(2021, 6, 2)) == set()  # without it, only 2020 is covered


def test_declared_tables_filter_by_their_own_columns(dataset):
    releases = filter_table("releases", dataset["releases"], date(2025, 1, 1), date(2025, 1, 31))
    assert set(releases["release_id"]) == {"qwen2_5_vl", "qwen2_5_1m", "qwen2_5_max", "deepseek_r1"}
    # undated tables come back whole
    assert filter_table("claims", dataset["claims"], date(2030, 1, 1), date(2030, 1, 2)).equals(dataset["claims"])


def test_month_precision_metric_is_kept_by_a_range_inside_its_month(dataset):
    metrics = filter_table("metrics", dataset["metrics"], date(2025, 10, 20), date(2025, 10, 21))
    assert "downloads_2025_10" in set(metrics["metric_id"])


def test_filter_dataset_keeps_only_cited_sources(dataset):
    tables = filter_dataset(dataset.tables, date(2023, 1, 1), date(2023, 12, 31))
    cited = set(tables["releases"]["source_id"]) | set(tables["releases"]["date_source_id"].dropna())
    assert cited <= set(tables["sources"]["source_id"])
    assert "qwen_blog_qwen3" not in set(tables["sources"]["source_id"])  # Qwen3 is a 2025 release
    assert len(tables["sources"]) < len(dataset.sources)


def test_extent_and_notes(dataset):
    first, last = date_extent(dataset.tables)
    assert first == pd.Timestamp("2020-01-01") and last == pd.Timestamp("2026-09-20")
    notes = filtering_notes()
    assert notes["claims"].startswith("undated") and "overlaps" in notes["events"]


def test_extent_with_no_dated_row_is_the_plausible_window(dataset):
    from alibaba_ai_data.schema import EARLIEST_DATE, LATEST_DATE

    empty = {name: frame.iloc[0:0] for name, frame in dataset.tables.items()}
    assert date_extent(empty) == (EARLIEST_DATE, LATEST_DATE)


def test_release_filters_combine_within_and_across(dataset):
    from alibaba_ai_data.filters import filter_releases, release_filter_choices

    releases = dataset["releases"]
    choices = release_filter_choices(releases)
    assert choices["open_weights"] == ["yes", "no"] and "Alibaba" in choices["developer"] and "vision" in choices["modality"]
    picked = filter_releases(releases, {"developer": ("Alibaba",), "modality": ("vision",), "open_weights": ("yes",)})
    assert len(picked) > 3
    assert set(picked["developer"]) == {"Alibaba"} and set(picked["modality"].astype(str)) == {"vision"}
    assert picked["open_weights"].all()
    either = filter_releases(releases, {"developer": ("DeepSeek", "Meta")})
    assert set(either["developer"]) == {"DeepSeek", "Meta"}
    assert len(filter_releases(releases, {name: () for name in choices})) == len(releases)
