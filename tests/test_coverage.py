"""Coverage derived from series.csv and searches.csv, and the rules that keep the research log honest."""

from __future__ import annotations

import pandas as pd
import pytest

from alibaba_ai_data import DataValidationError, load_dataset
from alibaba_ai_data.coverage import coverage, lacking_periods, page_outlooks, parse_match
from tests.conftest import read_rows, set_cell, write_rows

TODAY = pd.Timestamp("2026-12-03")


def row_number(directory, table, key_column, key):
    rows = read_rows(directory / f"{table}.csv")
    return next(i for i, row in enumerate(rows, start=1) if row[key_column] == key)


def status(frame, series_id, period):
    row = frame[(frame["series_id"] == series_id) & (frame["period"] == period)]
    assert len(row) == 1, (series_id, period)
    return row.iloc[0]


def test_every_status_is_derived_from_the_tables(dataset):
    frame = coverage(dataset.tables, TODAY)
    recorded = status(frame, "alibaba_capex", "Apr-Jun 2025")
    assert recorded["status"] == "recorded" and recorded["rows"] == "capex_2025_q2" and recorded["confidence"] == "medium"
    searched = status(frame, "alibaba_capex", "Oct-Dec 2025")
    assert searched["status"] == "searched" and searched["detail"] == "searched 2026-12-03, not found"
    upcoming = status(frame, "alibaba_capex", "Oct-Dec 2026")
    assert upcoming["status"] == "not due" and upcoming["due"] == pd.Timestamp("2027-03-03")
    # The periods stop at the first one not yet due.
    assert frame[frame["series_id"] == "alibaba_capex"]["period"].iloc[-1] == "Oct-Dec 2026"
    assert set(frame["status"]) <= {"recorded", "searched", "overdue", "not due"}


def test_no_due_period_of_a_tracked_series_is_silently_empty(dataset):
    frame = coverage(dataset.tables, TODAY)
    assert frame.loc[frame["status"] == "overdue", ["series_id", "period"]].values.tolist() == []


def test_a_period_neither_recorded_nor_searched_is_overdue(data_copy):
    path = data_copy / "searches.csv"
    rows = [r for r in read_rows(path) if r["search_id"] != "alibaba_capex_2025_10"]
    write_rows(path, rows)
    frame = coverage(load_dataset(data_copy).tables, TODAY)
    overdue = status(frame, "alibaba_capex", "Oct-Dec 2025")
    assert overdue["status"] == "overdue" and "2026-03-03" in overdue["detail"]


def test_an_implied_figure_never_fills_a_period(data_copy, dataset):
    line = row_number(data_copy, "capex_quarters", "capex_id", "capex_2025_q2")
    set_cell(data_copy, "capex_quarters", line, "figure_basis", "implied")
    set_cell(data_copy, "capex_quarters", line, "notes", "Implied by a reporter from a half-year total.")
    frame = coverage(load_dataset(data_copy).tables, TODAY)
    assert status(frame, "alibaba_capex", "Apr-Jun 2025")["status"] == "overdue"


def test_the_page_line_names_what_is_missing_and_what_comes_next(dataset):
    frame = coverage(dataset.tables, TODAY)
    capex = next(o for o in page_outlooks(dataset.tables, frame, "capex") if o.series_id == "alibaba_capex")
    sentence = capex.sentence
    assert "Missing Jan-Mar 2025" in sentence and "Oct-Dec 2025 (searched 2026-12-03, not found)" in sentence
    assert "Next: Oct-Dec 2026, usually out about mid-February" in sentence and "Overdue" not in sentence
    assert "latest Jan-Mar 2026" in sentence
    lacking = lacking_periods(frame, "alibaba_capex", pd.Timestamp("2025-01-01"), TODAY)
    assert lacking[0].startswith("Jan-Mar 2025 (searched 2026-12-03") and len(lacking) == 4


def test_a_recorded_figure_logged_as_not_found_is_refused_in_both_files(data_copy):
    path = data_copy / "searches.csv"
    rows = read_rows(path)
    rows.append({**rows[0], "search_id": "clash", "series_id": "alibaba_capex", "period_start": "2025-04-01"})
    write_rows(path, rows)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    where = {(i.file, i.column) for i in caught.value.issues}
    assert ("searches.csv", "outcome") in where and ("capex_quarters.csv", "capex_id") in where


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("series_id", "no_such_series", "unknown series"),
        ("period_start", "2025-11-01", "first day of a quarter"),
        ("searched", "2025-01-01", "searched before the period began"),
    ],
)
def test_bad_search_records_are_named(data_copy, column, value, message):
    set_cell(data_copy, "searches", 1, column, value)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert any(i.file == "searches.csv" and i.row == 1 and message in i.message for i in caught.value.issues)


def test_a_series_naming_a_missing_column_is_refused(data_copy):
    set_cell(data_copy, "series", 1, "match", "company=Alibaba;no_column=x")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert [(i.file, i.row, i.column) for i in caught.value.issues] == [("series.csv", 1, "match")]


def test_a_news_source_labelled_high_is_refused(data_copy):
    line = row_number(data_copy, "sources", "source_id", "mingpao_2025_08_30")
    set_cell(data_copy, "sources", line, "confidence", "high")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert [(i.file, i.row, i.column) for i in caught.value.issues] == [("sources.csv", line, "confidence")]
    assert "medium or low" in caught.value.issues[0].message


@pytest.mark.parametrize(
    ("table", "key_column", "key", "column", "value"),
    [
        ("capex_quarters", "capex_id", "capex_2026_q1", "confidence", "medium"),  # above its aggregator source
        ("investments", "investment_id", "amazon_capex_2025", "figure_basis", "stated"),  # implied, without its label
        ("investments", "investment_id", "amazon_capex_2025", "notes", ""),  # labelled implied, but not saying how
    ],
)
def test_a_row_breaking_a_confidence_or_label_rule_is_named(data_copy, table, key_column, key, column, value):
    line = row_number(data_copy, table, key_column, key)
    set_cell(data_copy, table, line, column, value)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert [(i.file, i.row, i.column) for i in caught.value.issues] == [(f"{table}.csv", line, column)]


def test_match_expressions_parse_alternatives():
    assert parse_match("company=Alibaba;row_kind=quarter|cumulative") == {
        "company": ("Alibaba",),
        "row_kind": ("quarter", "cumulative"),
    }
    with pytest.raises(ValueError):
        parse_match("company")


def test_the_status_has_one_row_per_series_with_newest_next_due_and_gap_count(dataset):
    from alibaba_ai_data.coverage import NOT_DUE, OVERDUE, RECORDED, SEARCHED
    from dashboard.coverage_view import STATUS_COLUMNS, coverage_status

    frame = coverage(dataset.tables, pd.Timestamp("2026-12-03"))
    outlooks = page_outlooks(dataset.tables, frame, "timeline")
    status = coverage_status(outlooks)
    assert tuple(status.columns) == STATUS_COLUMNS and len(status) == len(outlooks)
    for row, outlook in zip(status.itertuples(index=False), outlooks):
        own = frame[frame["series_id"] == outlook.series_id]
        recorded = own[own["status"] == RECORDED].sort_values("period_start")
        assert row[0] == outlook.title
        assert row[1] == ("" if recorded.empty else recorded["period"].iloc[-1])
        assert row[3] == own["status"].isin([SEARCHED, OVERDUE]).sum()
        upcoming = own[own["status"] == NOT_DUE].sort_values("period_start")
        assert row[2] == ("" if upcoming.empty else f"{upcoming['period'].iloc[0]}, by {upcoming['due'].iloc[0]:%Y-%m-%d}")
    assert status["Gaps"].sum() > 0 and (status["Next due"] != "").any()


def test_a_figure_in_a_period_logged_as_not_found_names_the_search(data_copy):
    line = row_number(data_copy, "searches", "search_id", "alibaba_capex_2026_04")
    set_cell(data_copy, "searches", line, "period_start", "2025-07-01")  # a quarter capex_2025_q3 fills
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    (figure,) = [i for i in caught.value.issues if i.file == "capex_quarters.csv"]
    assert figure.key == "capex_2025_q3" and "logs as not found (alibaba_capex_2026_04)" in figure.message


@pytest.mark.parametrize(("page", "slug"), [("app_pages/capex.py", "capex"), ("app_pages/timeline.py", "timeline")])
def test_the_page_shows_the_status_rows_the_coverage_functions_compute_and_the_details_behind_them(page, slug, dataset):
    from dashboard.coverage_view import DETAILS_LABEL, coverage_details, coverage_status, coverage_today, status_line
    from tests.test_pages import open_page

    closed = open_page(page)
    outlooks = page_outlooks(dataset.tables, coverage(dataset.tables, coverage_today()), slug)
    expected = coverage_status(outlooks).set_index("Series")
    # Closed (the default link): the one-line status, and the drawer there but its rows neither made nor sent.
    lacks = next(c.value for c in closed.caption if c.value.startswith("**What this page lacks.**"))
    assert lacks == status_line(outlooks)
    gaps, gapped = int(expected["Gaps"].sum()), int((expected["Gaps"] > 0).sum())
    assert f"{gaps} gap{'s' if gaps != 1 else ''} in {gapped} of its {len(outlooks)} series" in lacks
    assert not any(line.startswith("|") for line in lacks.splitlines())  # no table on the first screen
    drawer = next(e for e in closed.expander if e.label == DETAILS_LABEL)
    assert not drawer.markdown
    at = open_page(page, {"gaps": "true"})
    details = next(e for e in at.expander if e.label == DETAILS_LABEL)
    table = details.markdown[0].value
    # The status rows, read back from the drawer's markdown table (markdown's escapes undone).
    header, _rule, *rows = [
        [cell.strip().replace("\\", "") for cell in line.strip("|").split("|")]
        for line in table.splitlines()
        if line.startswith("|")
    ]
    assert header == ["Series", "Newest period", "Next due", "Gaps"]  # analyst's labels, not column identifiers
    assert [row[0] for row in rows] == expected.index.tolist()
    assert [row[1:] for row in rows] == expected.astype(str).values.tolist()
    assert not any("_" in cell for row in rows for cell in row)
    text = " ".join(m.value for m in details.markdown[1:]).replace("\\", "")
    for line in coverage_details(outlooks):
        assert line in text


def test_the_status_line_names_the_least_current_series_and_the_next_figure_due():
    from alibaba_ai_data.coverage import SeriesOutlook
    from dashboard.coverage_view import status_line

    def outlook(title, latest, start, missing=(), due=None):
        return SeriesOutlook(
            series_id=title.lower(),
            title=title,
            missing=missing,
            overdue=(),
            next_period=None if due is None else "Oct-Dec 2026",
            next_due=None if due is None else pd.Timestamp(due),
            publication="within a month",
            latest=latest,
            latest_start=None if start is None else pd.Timestamp(start),
        )

    line = status_line(
        [
            outlook("Alpha releases", "Jul-Sep 2026", "2026-07-01", due="2027-01-31"),
            outlook("Beta releases", "Jan-Mar 2026", "2026-01-01", missing=("Apr-Jun 2026 (searched)",), due="2026-12-31"),
            outlook("Gamma capex", "Jan-Mar 2026", "2026-01-01", missing=("a", "b"), due="2027-03-01"),
            outlook("Delta tokens", None, None, due="2027-02-01"),
            outlook("Epsilon segment (ended)", "Jan-Mar 2025", "2025-01-01"),  # no period to come: complete, not behind
        ]
    ).replace("\\", "")
    assert line.startswith("**What this page lacks.** 3 gaps in 2 of its 5 series")
    assert "Nothing recorded yet: Delta tokens." in line
    assert "Least current: Beta releases and Gamma capex, newest Jan-Mar 2026." in line
    assert "Next figure due by 2026-12-31 (Oct-Dec 2026)." in line
    one = status_line([outlook("Alpha releases", "Jul-Sep 2026", "2026-07-01")]).replace("\\", "")
    assert "0 gaps in 0 of its 1 series" in one and "Newest period of every series: Jul-Sep 2026." in one
    assert "Next figure due" not in one
