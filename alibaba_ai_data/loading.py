"""Read data/*.csv into typed DataFrames, validating each against its declared schema."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from alibaba_ai_data.checks import check_table
from alibaba_ai_data.errors import DataIssue, DataValidationError
from alibaba_ai_data.filters import table_intervals
from alibaba_ai_data.rules import check_cross_table
from alibaba_ai_data.schema import TABLES, Column, TableSpec

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Dataset:
    """Every validated table, plus a content hash of the files it was read from."""

    tables: dict[str, pd.DataFrame]
    data_version: str

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def sources(self) -> pd.DataFrame:
        return self.tables["sources"]

    @cached_property
    def intervals(self) -> dict[str, tuple[pd.Series, pd.Series]]:
        """First and last day each dated row covers, computed once for fast range filtering."""
        return table_intervals(self.tables)

    @cached_property
    def source_records(self) -> dict[str, dict]:
        """Each source as a plain dict, by source_id (for fast citation lookups)."""
        return {record["source_id"]: record for record in self.sources.to_dict("records")}


def data_fingerprint(data_dir: Path | str = DEFAULT_DATA_DIR) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the data files: a cheap cache key."""
    stats = []
    for spec in TABLES.values():  # one stat call a file: every page run asks, twice
        try:
            st = os.stat(os.path.join(data_dir, spec.file))
        except FileNotFoundError:
            stats.append((spec.file, -1, -1))
        else:
            stats.append((spec.file, st.st_size, st.st_mtime_ns))
    return tuple(stats)


def read_files(data_dir: Path | str = DEFAULT_DATA_DIR) -> dict[str, bytes | None]:
    """Each table's file as bytes, by table name (None for a missing file)."""
    data_dir = Path(data_dir)
    return {
        spec.name: (data_dir / spec.file).read_bytes() if (data_dir / spec.file).exists() else None for spec in TABLES.values()
    }


def load_dataset(data_dir: Path | str = DEFAULT_DATA_DIR) -> Dataset:
    """Load and validate every table; raise DataValidationError listing every problem found."""
    return load_files(read_files(data_dir))


def load_files(files: Mapping[str, bytes | None]) -> Dataset:
    """Validate every table from its file's bytes, by table name (absent or None: a missing file), with no folder
    in between; raise DataValidationError listing every problem found, each placed on its line of its file."""
    issues: list[DataIssue] = []
    tables: dict[str, pd.DataFrame] = {}
    places: dict[str, list[RowPlace]] = {}
    digest = hashlib.sha256()
    for spec in TABLES.values():
        raw = files.get(spec.name)
        digest.update(spec.file.encode() + b"\0" + (raw or b"") + b"\0")
        read = read_table(spec, raw)
        issues.extend(read.issues)
        places[spec.file] = read.places
        if read.frame is not None:
            tables[spec.name] = read.frame
    # Cross-table rules run on whichever tables parsed, so one pass reports every problem it can.
    issues.extend(check_cross_table(tables))
    if issues:
        raise DataValidationError([_placed(issue, places.get(issue.file, [])) for issue in issues])
    return Dataset(tables=tables, data_version=digest.hexdigest()[:16])


@dataclass(frozen=True)
class RowPlace:
    """Where a data row sits in its file: the physical line it starts on, and its key as written (None if empty)."""

    line: int
    key: str | None


@dataclass(frozen=True)
class TableRead:
    """One file read: the typed, validated frame (None when it has problems), the problems, and where each row sits."""

    frame: pd.DataFrame | None
    issues: list[DataIssue]
    places: list[RowPlace]


def _placed(issue: DataIssue, places: list[RowPlace]) -> DataIssue:
    """The issue with the line its row starts on and the row's key (rows are numbered from 1, as in issues)."""
    if issue.row is None or not 1 <= issue.row <= len(places):
        return issue
    place = places[issue.row - 1]
    return replace(issue, line=place.line, key=place.key)


def read_table(spec: TableSpec, raw: bytes | None) -> TableRead:
    """Parse one file's bytes into a typed, validated frame (or None), the issues found and where each row sits."""
    text, issues = _decode(spec.file, raw)
    if text is None:
        return TableRead(None, issues, [])
    parsed, places, issues = _split_rows(spec, text)
    if parsed is None:
        return TableRead(None, [_placed(issue, places) for issue in issues], places)
    typed, issues = _type_columns(spec, _cells(parsed))
    # A cell that failed to parse is reported once, not again as "empty".
    unparsed = {(issue.row, issue.column) for issue in issues}
    issues += [issue for issue in check_table(spec, typed) if (issue.row, issue.column) not in unparsed]
    if issues:
        return TableRead(None, [_placed(issue, places) for issue in issues], places)
    return TableRead(_finalise(spec, typed), [], places)


def _decode(file: str, raw: bytes | None) -> tuple[str | None, list[DataIssue]]:
    if raw is None:
        return None, [DataIssue(file, None, None, "file is missing")]
    if raw.startswith(UTF8_BOM):
        return None, [DataIssue(file, None, None, "file starts with a byte-order mark; save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        message = f"bytes are not valid UTF-8 (at byte {err.start}); save it as UTF-8"
        return None, [DataIssue(file, None, None, message, line=line)]
    if not text.strip():
        return None, [DataIssue(file, None, None, "file is empty; it needs at least the header line")]
    return text, []


def _records(file: str, text: str) -> tuple[list[tuple[int, list[str]]], list[DataIssue]]:
    """Every non-blank record with the physical line it starts on (a quoted cell may span lines), read strictly."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, last_line = [], 0
    try:
        for fields in reader:
            if fields:  # a blank line is no record, but it is a line
                records.append((last_line + 1, fields))
            last_line = reader.line_num
    except csv.Error as err:
        return [], [DataIssue(file, None, None, f"not readable as CSV: {err}", line=reader.line_num)]
    return records, []


def _split_rows(spec: TableSpec, text: str) -> tuple[tuple[list[str], list[pa.Array]] | None, list[RowPlace], list[DataIssue]]:
    """The header and one text array per column (or None), where each data row sits, and the issues found."""
    records, issues = _records(spec.file, text)
    if not records:
        return None, [], issues or [DataIssue(spec.file, None, None, "file is empty; it needs at least the header line")]
    (_header_line, header), body = records[0], records[1:]
    key = header.index(spec.key) if spec.key in header else None
    places = [
        RowPlace(line, (fields[key].strip() or None) if key is not None and key < len(fields) else None) for line, fields in body
    ]
    expected = [c.name for c in spec.columns]
    if len(header) == 1 and len(expected) > 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        message = "header is a single column: wrong delimiter? Columns must be separated by commas"
        return None, places, [DataIssue(spec.file, None, None, message)]
    for name in expected:
        if name not in header:
            issues.append(DataIssue(spec.file, None, name, "required column is missing from the header"))
    for name in header:
        if name not in expected:
            issues.append(DataIssue(spec.file, None, name, "unexpected column; add it to the schema or remove it"))
    if len(set(header)) != len(header):
        issues.append(DataIssue(spec.file, None, None, "header repeats a column name"))
    issues += [
        DataIssue(spec.file, number, None, f"has {len(fields)} fields but the header has {len(header)}")
        for number, (_line, fields) in enumerate(body, start=1)
        if len(fields) != len(header)
    ]
    if issues:
        return None, places, issues
    columns = zip(*(fields for _line, fields in body)) if body else ([] for _ in header)
    return (header, [pa.array(values, type=pa.string()) for values in columns]), places, []


def _cells(parsed: tuple[list[str], list[pa.Array]]) -> pd.DataFrame:
    """The body as text columns (Arrow-backed), trimmed, with empty cells missing."""
    header, columns = parsed
    cells = {}
    for name, values in zip(header, columns):
        trimmed = pc.utf8_trim_whitespace(values)
        cells[name] = pd.Series(pc.if_else(pc.equal(trimmed, ""), None, trimmed), dtype=pd.StringDtype("pyarrow"))
    rows = len(columns[0]) if columns else 0
    return pd.DataFrame(cells, index=pd.RangeIndex(rows))


def _type_columns(spec: TableSpec, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[DataIssue]]:
    issues: list[DataIssue] = []
    typed = {}
    for column in spec.columns:
        values = frame[column.name]
        converted = _convert(column, values)
        bad = values.notna() & converted.isna()
        for index in bad[bad].index:
            issues.append(DataIssue(spec.file, int(index) + 1, column.name, _conversion_message(column, values[index])))
        typed[column.name] = converted
    return pd.DataFrame(typed, index=frame.index), issues


def _convert(column: Column, values: pd.Series) -> pd.Series:
    if column.kind == "date":
        return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
    if column.kind in ("float", "int"):
        return pd.to_numeric(values, errors="coerce").astype("Float64")
    if column.kind == "bool":
        return values.map({"true": True, "false": False}).astype("boolean")
    return values.astype("string")


def _conversion_message(column: Column, value: object) -> str:
    expected = {
        "date": "a date written YYYY-MM-DD",
        "float": "a number",
        "int": "a whole number",
        "bool": "true or false",
    }[column.kind]
    return f"'{value}' is not {expected}"


def _finalise(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    for column in spec.columns:
        if column.kind == "category":
            frame[column.name] = pd.Categorical(frame[column.name], categories=list(column.allowed or ()))
        elif column.kind == "int":
            frame[column.name] = frame[column.name].astype("Int64")
    return frame.reset_index(drop=True)
