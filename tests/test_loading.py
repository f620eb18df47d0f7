"""Loading and validation: real data passes; each kind of corruption is caught and located."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alibaba_ai_data import DataValidationError, data_fingerprint, load_dataset
from alibaba_ai_data.loading import load_files, read_files, read_table
from alibaba_ai_data.schema import TABLES
from tests.conftest import read_rows, set_cell, write_rows


def issues_of(directory) -> list:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(directory)
    return caught.value.issues


def test_every_table_loads_with_declared_dtypes(dataset):
    assert set(dataset.tables) == set(TABLES)
    releases = dataset["releases"]
    assert pd.api.types.is_datetime64_any_dtype(releases["release_date"])
    assert isinstance(releases["date_precision"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_float_dtype(releases["max_params_b"])
    assert pd.api.types.is_bool_dtype(releases["open_weights"])
    assert pd.api.types.is_float_dtype(dataset["investments"]["amount_usd_low_bn"])
    assert len(dataset.data_version) == 16


def test_data_version_changes_with_content(data_copy, dataset):
    set_cell(data_copy, "events", 1, "notes", "edited")
    assert load_dataset(data_copy).data_version != dataset.data_version


def test_fingerprint_tracks_file_changes(data_copy):
    before = data_fingerprint(data_copy)
    (data_copy / "claims.csv").write_text((data_copy / "claims.csv").read_text() + "\n", encoding="utf-8")
    assert data_fingerprint(data_copy) != before


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "expected"),
    [
        ("releases", 3, "release_date", "2023-13-45", "is not a date written YYYY-MM-DD"),
        ("events", 2, "date", "August 2023", "is not a date written YYYY-MM-DD"),
        ("metrics", 4, "source_id", "made_up_source", "unknown source_id 'made_up_source'"),
        ("investments", 3, "amount_low_bn", "-80", "below the minimum of 0"),
        ("investments", 1, "currency", "EUR", "'EUR' is not allowed"),
        ("releases", 2, "release_id", "qwen_7b", "duplicate key 'qwen_7b'"),
        ("metrics", 1, "value", "lots", "'lots' is not a number"),
        ("releases", 1, "open_weights", "maybe", "'maybe' is not true or false"),
        ("events", 1, "date", "1999-01-01", "outside the plausible window"),
        ("releases", 5, "date_precision", "week", "'week' is not allowed"),
        ("metrics", 2, "as_of", "2025-10-15", "must be the first day of its month"),
        ("investments", 1, "amount_usd_low_bn", "60", "does not equal amount_low_bn x fx_usd_per_unit"),
        ("events", 1, "end_date", "2031-01-01", "outside the plausible window"),
        ("events", 3, "end_date", "2023-01-01", "end_date is before date"),
        ("claims", 1, "evidence", "", "is empty but required"),
        ("releases", 1, "evidence", "", "rows from an article need a verbatim evidence excerpt"),
        ("releases", 2, "evidence", "an excerpt on a primary-source row", "belong only to rows whose source is an article"),
        ("sources", 6, "url", "", "a link is required"),
        ("responses", 1, "trigger_id", "nope", "'nope' is not a row of releases.csv"),
        ("claims", 2, "evidence", " ".join(["word"] * 26), "longer than 25 words"),
        ("capability", 1, "release_id", "qwen_99", "unknown release_id 'qwen_99'; add it to releases.csv"),
        ("capability", 2, "interval_low", "9999", "the interval must hold the score"),
        ("capability", 3, "interval_high", "", "give both ends of the interval or neither"),
        ("capability", 4, "board", "My own board", "is not allowed"),
    ],
)
def test_corrupted_cell_is_reported_with_file_row_and_column(data_copy, table, row, column, value, expected):
    set_cell(data_copy, table, row, column, value)
    issues = issues_of(data_copy)
    located = [i for i in issues if i.file == f"{table}.csv" and i.column == column and expected in i.message]
    assert located, f"no issue like {expected!r} in {[str(i) for i in issues]}"
    assert any(issue.row == row for issue in located)
    text = str(located[0])
    assert f"{table}.csv" in text and f"column '{column}'" in text and "row " in text


def test_duplicate_key_names_both_rows(data_copy):
    set_cell(data_copy, "releases", 2, "release_id", "qwen_7b")
    rows = sorted(i.row for i in issues_of(data_copy) if i.column == "release_id")
    assert rows == [1, 2]


def test_missing_column(data_copy):
    path = data_copy / "metrics.csv"
    rows = read_rows(path)
    for row in rows:
        del row["unit"]
    write_rows(path, rows)
    (issue,) = issues_of(data_copy)
    assert (issue.file, issue.row, issue.column) == ("metrics.csv", None, "unit")
    assert "missing from the header" in issue.message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty"),
        (b"\xef\xbb\xbfsource_id,kind\n", "byte-order mark"),
        (b"source_id;kind;title\nx;article;t\n", "wrong delimiter"),
        (b"claim_id,topic\n\xff\xfe broken\n", "not valid UTF-8"),
    ],
)
def test_broken_files(data_copy, content, expected):
    (data_copy / "claims.csv").write_bytes(content)
    issues = issues_of(data_copy)
    assert any(i.file == "claims.csv" and expected in i.message for i in issues), [str(i) for i in issues]


def test_missing_file(data_copy):
    (data_copy / "events.csv").unlink()
    assert any(i.file == "events.csv" and i.message == "file is missing" for i in issues_of(data_copy))


def test_row_with_extra_field(data_copy):
    path = data_copy / "competitors.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] += ",surplus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    issues = issues_of(data_copy)
    assert any(i.file == "competitors.csv" and i.row == 3 and "fields but the header has" in i.message for i in issues)


def test_error_message_lists_every_issue(data_copy):
    set_cell(data_copy, "metrics", 1, "value", "x")
    set_cell(data_copy, "releases", 1, "release_date", "y")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    message = str(caught.value)
    assert "2 data problems found" in message
    assert "metrics.csv, row 1 (line 2), column 'value'" in message
    assert "releases.csv, row 1 (line 2), column 'release_date'" in message


# One strict reader: every issue names the physical line its row starts on, whatever came before it.


def test_a_blank_line_before_a_bad_row_is_counted_in_its_line(data_copy):
    set_cell(data_copy, "metrics", 3, "value", "lots")
    path = data_copy / "metrics.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:2], "\n", *lines[2:]]), encoding="utf-8")  # a blank line after row 1
    (issue,) = [i for i in issues_of(data_copy) if i.column == "value"]
    assert (issue.row, issue.line) == (3, 5)
    assert "metrics.csv, row 3 (line 5), column 'value'" in str(issue)


def test_a_cell_spanning_lines_before_a_bad_row_is_counted_in_its_line(data_copy):
    set_cell(data_copy, "metrics", 1, "notes", "first line\nsecond line")  # written quoted, over two lines
    set_cell(data_copy, "metrics", 3, "value", "lots")
    (issue,) = [i for i in issues_of(data_copy) if i.column == "value"]
    assert (issue.row, issue.line) == (3, 5)
    assert "metrics.csv, row 3 (line 5), column 'value'" in str(issue)


def test_a_cross_table_problem_names_its_line_and_key(data_copy):
    set_cell(data_copy, "events", 4, "source_id", "nobody")
    path = data_copy / "events.csv"
    key = read_rows(path)[3]["event_id"]
    path.write_text("\n" + path.read_text(encoding="utf-8"), encoding="utf-8")  # a blank first line
    (issue,) = [i for i in issues_of(data_copy) if i.column == "source_id"]
    assert (issue.row, issue.line, issue.key) == (4, 6, key)


def test_a_header_only_table_loads_empty_with_its_types(data_copy):
    path = data_copy / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    claims = load_dataset(data_copy)["claims"]
    assert claims.empty and list(claims.columns) == [c.name for c in TABLES["claims"].columns]


def test_loading_from_bytes_in_memory_is_loading_the_folder(data_copy, dataset):
    files = read_files(data_copy)
    assert set(files) == set(TABLES)
    assert load_files(files).data_version == dataset.data_version
    broken = files | {"metrics": files["metrics"].replace(b"\n", b"\n\n", 2)}
    assert load_files(broken).data_version != dataset.data_version  # blank lines: other bytes, same rows
    with pytest.raises(DataValidationError) as caught:
        load_files(files | {"events": None})
    assert [str(i) for i in caught.value.issues] == ["events.csv: file is missing"]


CSV_PIECES = st.sampled_from(["a", "b", " ", ",", '"', '"', "\n", "\r\n", "\r", "é"])


@settings(max_examples=500, deadline=None)
@given(st.lists(CSV_PIECES, max_size=16).map("".join))
def test_any_text_is_read_or_refused_with_issues_on_its_own_lines(body):
    text = ",".join(c.name for c in TABLES["claims"].columns) + "\n" + body
    read = read_table(TABLES["claims"], text.encode("utf-8"))  # never raises
    assert (read.frame is None) == bool(read.issues)
    lines = len(io.StringIO(text, newline="").readlines())
    assert all(issue.line is None or 1 <= issue.line <= lines for issue in read.issues)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('x,"closed"then more', "not readable as CSV"),  # text after a closing quote
        ('x,"never closed', "not readable as CSV"),
        ('x,"quoted ""inner"" words"', None),  # escaped quotes are valid: parsed by the csv module
    ],
)
def test_quoting_the_strict_reader_refuses_is_named(data_copy, line, expected):
    path = data_copy / "responses.csv"
    text = path.read_text(encoding="utf-8")
    header = text.splitlines()[0]
    path.write_text(text + line + "," * (header.count(",") - 1) + "\n", encoding="utf-8")
    issues = issues_of(data_copy)
    if expected is None:
        assert all("not readable" not in issue.message and "fields but" not in issue.message for issue in issues)
        assert any(issue.file == "responses.csv" and issue.row is not None for issue in issues)  # read, then checked
    else:
        assert any(issue.file == "responses.csv" and expected in issue.message for issue in issues), [str(i) for i in issues]
