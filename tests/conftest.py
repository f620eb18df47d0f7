"""Shared fixtures: the fixture dataset the behaviour tests run on, and writable copies of it to corrupt.

Behaviour tests (figures, pages, API, tracker maths, browser) read ``tests/fixtures/data``, a dataset kept for them,
never the live ``data/``: adding a correct row to ``data/`` changes no test. The live data has its own contract
checks (tests/test_data_content.py: validation and invariants, no copied values)."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

from alibaba_ai_data import load_dataset
from dashboard.data_access import DATA_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DATA_DIR = ROOT / "tests" / "fixtures" / "data"
# Pages, the API and servers the tests start read the fixture dataset (a test may point them elsewhere).
os.environ[DATA_DIR_ENV] = str(FIXTURE_DATA_DIR)


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(FIXTURE_DATA_DIR)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the fixture dataset that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA_DIR, target)
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], fieldnames: list[str] | None = None) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames or list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(directory: Path, table: str, row: int, column: str, value: str) -> None:
    """Overwrite one cell (row is 1-based, as in error messages)."""
    path = directory / f"{table}.csv"
    rows = read_rows(path)
    rows[row - 1][column] = value
    write_rows(path, rows)


@pytest.fixture(autouse=True, scope="session")
def _readable_list_columns():
    """AppTest reads a displayed table back through pandas metadata that cannot rebuild Arrow list columns
    (ListColumn cells); read those tables without the metadata instead. Only the test harness is affected."""
    import pyarrow as pa
    from streamlit import dataframe_util
    from streamlit.testing.v1 import element_tree

    original = dataframe_util.convert_arrow_bytes_to_pandas_df

    def convert(source: bytes):
        try:
            return original(source)
        except TypeError:
            return pa.RecordBatchStreamReader(source).read_all().to_pandas(ignore_metadata=True)

    element_tree.dataframe_util.convert_arrow_bytes_to_pandas_df = convert
    yield
    element_tree.dataframe_util.convert_arrow_bytes_to_pandas_df = original
