"""Each kind of broken data/ makes the app show one clear error and no charts, and the CLI exit non-zero."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alibaba_ai_data import validate
from dashboard.data_access import DATA_DIR_ENV
from dashboard.registry import PAGES as PAGE_SPECS
from tests.conftest import ROOT, read_rows, set_cell, write_rows

PAGES = [spec.path for spec in PAGE_SPECS]


def replace_file(content: bytes):
    return lambda d, table: (d / f"{table}.csv").write_bytes(content)


def cell(row: int, column: str, value: str):
    return lambda d, table: set_cell(d, table, row, column, value)


def drop_column(column: str):
    def apply(d: Path, table: str) -> None:
        rows = read_rows(d / f"{table}.csv")
        for row in rows:
            row.pop(column)
        write_rows(d / f"{table}.csv", rows)

    return apply


def add_column(d: Path, table: str) -> None:
    rows = read_rows(d / f"{table}.csv")
    for row in rows:
        row["surprise"] = "x"
    write_rows(d / f"{table}.csv", rows)


def repeat_row(row: int, key: str):
    """Append a copy of data row `row` under a new key (a second report of the same thing)."""

    def apply(d: Path, table: str) -> None:
        rows = read_rows(d / f"{table}.csv")
        rows.append({**rows[row - 1], key: rows[row - 1][key] + "_again"})
        write_rows(d / f"{table}.csv", rows)

    return apply


def semicolons(d: Path, table: str) -> None:
    path = d / f"{table}.csv"
    path.write_text("\n".join(line.replace(",", ";") for line in path.read_text(encoding="utf-8").splitlines()), encoding="utf-8")


def with_bom(d: Path, table: str) -> None:
    path = d / f"{table}.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def latin1(d: Path, table: str) -> None:
    path = d / f"{table}.csv"
    path.write_bytes(path.read_bytes() + "Zürich,é\n".encode("latin-1"))


# (table, corruption, text the message must contain)
CORRUPTIONS = [
    ("events", replace_file(b""), "file is empty"),
    ("metrics", lambda d, t: (d / f"{t}.csv").unlink(), "file is missing"),
    ("claims", with_bom, "byte-order mark"),
    ("competitors", semicolons, "wrong delimiter"),
    ("releases", latin1, "not valid UTF-8"),
    ("investments", drop_column("currency"), "required column is missing"),
    ("sources", add_column, "unexpected column"),
    ("releases", cell(4, "release_date", "2024/02/04"), "is not a date written YYYY-MM-DD"),
    ("metrics", cell(2, "value", "n/a"), "is not a number"),
    ("releases", cell(2, "open_weights", "yes"), "is not true or false"),
    ("events", cell(3, "category", "gossip"), "is not allowed"),
    ("investments", cell(2, "amount_high_bn", "-1"), "below the minimum"),
    ("claims", cell(5, "claim_id", "qwq_first_open_reasoning"), "duplicate key"),
    ("responses", cell(2, "source_id", "unknown_paper"), "unknown source_id"),
    ("metrics", cell(1, "evidence", ""), "need a verbatim evidence excerpt"),
    ("competitors", cell(1, "evidence", " ".join(["long"] * 30)), "longer than 25 words"),
    ("events", cell(4, "date", "2023-01-15"), "first day of its year"),
    ("events", cell(1, "end_date", "2019-06-30"), "end_date is before date"),
    ("investments", cell(1, "amount_usd_high_bn", "99"), "does not equal amount_high_bn"),
    ("investments", cell(3, "fx_usd_per_unit", "0.5"), "a USD amount must have a rate of 1"),
    ("investments", cell(5, "amount_low_bn", "70"), "amount_high_bn is below amount_low_bn"),
    ("sources", cell(8, "url", ""), "a link is required"),
    ("responses", cell(1, "response_id", "qwen9"), "is not a row of releases.csv"),
    ("releases", cell(1, "release_date", "1990-01-01"), "outside the plausible window"),
    ("capex_quarters", cell(2, "scope", "vibes"), "is not allowed"),
    ("capex_quarters", cell(2, "period_end", "2025-09-30"), "one calendar quarter"),
    ("capex_quarters", cell(1, "amount_bn", "-3"), "below the minimum"),
    ("capex_quarters", cell(5, "period_end", "2024-12-31"), "more than one quarter"),
    ("capex_quarters", repeat_row(2, "capex_id"), "already has a figure for this quarter"),
    ("pledge_statements", cell(1, "currency", ""), "needs its currency"),
    ("pledge_statements", cell(2, "status", "rumoured"), "is not allowed"),
    ("adoption", cell(1, "value", "lots"), "is not a number"),
    ("adoption", cell(3, "source_id", "nowhere"), "unknown source_id"),
    ("sources", cell(49, "retrieved", "2020-01-01"), "retrieved is before published"),
    ("releases", cell(40, "confidence", "certain"), "is not allowed"),
]
IDS = [f"{table}-{expected.split()[0]}-{i}" for i, (table, _, expected) in enumerate(CORRUPTIONS)]


@pytest.mark.parametrize(("table", "corrupt", "expected"), CORRUPTIONS, ids=IDS)
def test_app_and_cli_reject_broken_data(table, corrupt, expected, data_copy, monkeypatch, capsys):
    corrupt(data_copy, table)
    # the CLI
    assert validate.main(["--data-dir", str(data_copy)]) == 1
    report = capsys.readouterr().err
    assert f"{table}.csv" in report and expected in report, report
    # the app, on one of its pages (rotating through them)
    page = PAGES[CORRUPTIONS.index(next(c for c in CORRUPTIONS if c[1] is corrupt)) % len(PAGES)]
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    app = AppTest.from_file(str(ROOT / page), default_timeout=60)
    app.run()
    assert not app.exception
    assert len(app.error) == 1 and "failed validation" in app.error[0].value
    details = app.code[0].value
    assert f"{table}.csv" in details and expected in details
    assert not app.get("plotly_chart") and not app.get("arrow_vega_lite_chart") and not app.dataframe
    assert not app.metric


@pytest.mark.parametrize(
    ("table", "row", "column", "value"),
    [
        ("capex_quarters", 2, "scope", "vibes"),
        ("pledge_statements", 3, "date", "2025-13-01"),
        ("adoption", 4, "as_of_precision", "week"),
    ],
)
def test_new_tables_name_file_row_and_column(data_copy, table, row, column, value):
    from alibaba_ai_data import DataValidationError, load_dataset

    set_cell(data_copy, table, row, column, value)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert [(i.file, i.row, i.column) for i in caught.value.issues] == [(f"{table}.csv", row, column)]
