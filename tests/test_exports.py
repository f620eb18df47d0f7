"""CSV and snapshot exports."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from alibaba_ai_data import load_dataset
from alibaba_ai_data.exports import escape_formulas, export_filename, snapshot_zip, to_csv_bytes
from alibaba_ai_data.filters import filter_dataset, filtering_notes
from alibaba_ai_data.schema import TABLES


def test_formula_prefixes_are_escaped_in_text_only():
    frame = pd.DataFrame(
        {
            "text": pd.array(["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "plain", None], dtype="string"),
            "number": [-1.5, 2, 3, 4, 5, 6, 7, 8],
        }
    )
    escaped = escape_formulas(frame)
    assert escaped["text"].tolist()[:7] == ["'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain"]
    assert pd.isna(escaped["text"].iloc[7])
    assert escaped["number"].tolist() == frame["number"].tolist()


def test_csv_is_utf8_with_iso_dates(dataset):
    text = to_csv_bytes(dataset["sources"]).decode("utf-8")
    assert "Alibaba’s Transformation" in text
    assert "2025-03-27" in text and "00:00:00" not in text


def test_file_names_carry_table_and_range():
    assert export_filename("releases", date(2024, 1, 1), date(2024, 12, 31)) == "alibaba-ai_releases_2024-01-01_to_2024-12-31.csv"


def test_snapshot_contents(dataset):
    tables = filter_dataset(dataset.tables, date(2025, 1, 1), date(2025, 12, 31))
    stamp = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    archive = zipfile.ZipFile(
        io.BytesIO(
            snapshot_zip(
                tables,
                start=pd.Timestamp("2025-01-01"),
                end=pd.Timestamp("2025-12-31"),
                data_version=dataset.data_version,
                filters={"start": "2025-01-01", "end": "2025-12-31"},
                filtering=filtering_notes(),
                generated_at=stamp,
            )
        )
    )
    assert archive.testzip() is None
    names = set(archive.namelist())
    assert names == {f"{n}.csv" for n in tables} | {"manifest.json", "README.md"}
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["generated_at_utc"] == "2026-01-02T03:04:05Z"
    assert manifest["data_version"] == dataset.data_version
    assert manifest["filters"] == {"start": "2025-01-01", "end": "2025-12-31"}
    for name, frame in tables.items():
        assert manifest["tables"][name]["rows"] == len(frame)
        assert len(pd.read_csv(archive.open(f"{name}.csv"))) == len(frame)
    assert {s["source_id"] for s in manifest["sources"]} == set(tables["sources"]["source_id"])
    assert "Citing" in archive.read("README.md").decode()


@pytest.mark.parametrize("table", list(TABLES))
def test_every_text_column_is_escaped_and_numbers_are_not(dataset, table):
    frame = dataset[table].head(3).copy()
    text_columns = [c for c in frame.columns if frame[c].dtype == "string"]
    for column in text_columns:
        frame[column] = frame[column].astype("string")
        frame.loc[frame.index[0], column] = '=HYPERLINK("http://evil","x")'
        frame.loc[frame.index[1], column] = "@SUM(1)"
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), dtype=str, keep_default_na=False)
    for column in text_columns:
        assert back[column].iloc[0] == '\'=HYPERLINK("http://evil","x")'
        assert back[column].iloc[1] == "'@SUM(1)"
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            shown = back[column].replace("", None).dropna()
            assert not shown.str.startswith("'").any()


@pytest.mark.parametrize("table", list(TABLES))
def test_csv_round_trip_equals_the_table(dataset, table):
    frame = dataset[table]
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), dtype=str, keep_default_na=False)
    expected = pd.DataFrame(
        {
            column: (
                frame[column].dt.strftime("%Y-%m-%d").fillna("")
                if pd.api.types.is_datetime64_any_dtype(frame[column])
                # booleans are written true/false, as in data/
                else frame[column]
                .astype(object)
                .map(lambda v: "" if pd.isna(v) else str(v).lower() if isinstance(v, bool) else str(v))
            )
            for column in frame.columns
        }
    )
    numeric = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    for column in numeric:  # 7.0 may come back as 7.0 or 7: compare as numbers
        assert pd.to_numeric(back[column]).equals(pd.to_numeric(expected[column])), column
    others = [c for c in frame.columns if c not in numeric]
    pd.testing.assert_frame_equal(back[others], expected[others], check_dtype=False)


def test_manifest_version_changes_when_data_changes(data_copy, dataset):
    from tests.conftest import set_cell

    set_cell(data_copy, "metrics", 1, "notes", "a curator's edit")
    changed = load_dataset(data_copy)

    def manifest(ds):
        archive = zipfile.ZipFile(
            io.BytesIO(
                snapshot_zip(
                    ds.tables,
                    start=pd.Timestamp("2020-01-01"),
                    end=pd.Timestamp("2026-07-04"),
                    data_version=ds.data_version,
                    filters={},
                    filtering=filtering_notes(),
                )
            )
        )
        return json.loads(archive.read("manifest.json"))

    assert manifest(changed)["data_version"] != manifest(dataset)["data_version"]
