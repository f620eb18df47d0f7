"""CSV and snapshot exports."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime

import pandas as pd

from alibaba_ai_data.exports import escape_formulas, export_filename, snapshot_zip, to_csv_bytes
from alibaba_ai_data.filters import filter_dataset, filtering_notes


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


def test_csv_round_trip_equals_the_table(dataset):
    releases = dataset["releases"]
    back = pd.read_csv(io.BytesIO(to_csv_bytes(releases)), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(releases.columns)
    assert len(back) == len(releases)
    assert back["release_date"].tolist() == releases["release_date"].dt.strftime("%Y-%m-%d").tolist()
    assert back["model"].tolist() == releases["model"].tolist()


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
