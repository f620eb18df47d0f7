"""Read data/*.csv into typed DataFrames, validating each against its declared schema."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

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
    data_dir = Path(data_dir)
    stats = []
    for spec in TABLES.values():
        path = data_dir / spec.file
        if path.exists():
            st = path.stat()
            stats.append((spec.file, st.st_size, st.st_mtime_ns))
        else:
            stats.append((spec.file, -1, -1))
    return tuple(stats)


def load_dataset(data_dir: Path | str = DEFAULT_DATA_DIR) -> Dataset:
    """Load and validate every table; raise DataValidationError listing every problem found."""
    data_dir = Path(data_dir)
    issues: list[DataIssue] = []
    tables: dict[str, pd.DataFrame] = {}
    digest = hashlib.sha256()
    for spec in TABLES.values():
        path = data_dir / spec.file
        raw = path.read_bytes() if path.exists() else None
        digest.update(spec.file.encode() + b"\0" + (raw or b"") + b"\0")
        frame, file_issues = read_table(spec, raw)
        issues.extend(file_issues)
        if frame is not None:
            tables[spec.name] = frame
    # Cross-table rules run on whichever tables parsed, so one pass reports every problem it can.
    issues.extend(check_cross_table(tables))
    if issues:
        raise DataValidationError(issues)
    return Dataset(tables=tables, data_version=digest.hexdigest()[:16])


def read_table(spec: TableSpec, raw: bytes | None) -> tuple[pd.DataFrame | None, list[DataIssue]]:
    """Parse one file's bytes into a typed, validated frame (or None) and the issues found."""
    text, issues = _decode(spec.file, raw)
    if text is None:
        return None, issues
    parsed, issues = _split_rows(spec, text, raw)
    if parsed is None:
        return None, issues
    typed, issues = _type_columns(spec, _cells(parsed))
    # A cell that failed to parse is reported once, not again as "empty".
    unparsed = {(issue.row, issue.column) for issue in issues}
    issues += [issue for issue in check_table(spec, typed) if (issue.row, issue.column) not in unparsed]
    if issues:
        return None, issues
    return _finalise(spec, typed), []


def _decode(file: str, raw: bytes | None) -> tuple[str | None, list[DataIssue]]:
    if raw is None:
        return None, [DataIssue(file, None, None, "file is missing")]
    if raw.startswith(UTF8_BOM):
        return None, [DataIssue(file, None, None, "file starts with a byte-order mark; save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        row = line - 1 if line > 1 else None
        return None, [DataIssue(file, row, None, f"bytes are not valid UTF-8 (at byte {err.start}); save it as UTF-8")]
    if not text.strip():
        return None, [DataIssue(file, None, None, "file is empty; it needs at least the header line")]
    return text, []


FIELD_BOUNDARY = ",\r\n"


def simple_quoting(text: str) -> bool:
    """True when every quote in the text opens or closes a quoted field that starts and ends at a field boundary and
    holds no quote itself. For such files Arrow's CSV reader and the strict csv module split the text identically
    (tests/test_loading.py fuzzes the two against each other); any other quoting goes through the csv module."""
    parts = text.split('"')
    if len(parts) % 2 == 0:
        return False  # an odd number of quotes: one is unclosed or escaped
    last = len(parts) - 2
    for i in range(1, len(parts), 2):
        before, after = parts[i - 1], parts[i + 1]
        opens_at_boundary = before[-1:] in FIELD_BOUNDARY if before else i == 1
        closes_at_boundary = after[:1] in FIELD_BOUNDARY if after else i == last
        if not (opens_at_boundary and closes_at_boundary):
            return False
    return True


def _split_rows(spec: TableSpec, text: str, raw: bytes) -> tuple[tuple[list[str], list[pa.Array]] | None, list[DataIssue]]:
    """The header and one text array per column, or None and the issues found."""
    parsed = _split_with_arrow(text, raw)
    ragged: list[DataIssue] = []
    if parsed is None:  # the csv module: strict, and a ragged row is named (Arrow would only refuse the file)
        try:
            rows = [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]
        except csv.Error as err:
            return None, [DataIssue(spec.file, None, None, f"not readable as CSV: {err}")]
        header, body = rows[0], rows[1:]
        ragged = [
            DataIssue(spec.file, number, None, f"has {len(row)} fields but the header has {len(header)}")
            for number, row in enumerate(body, start=1)
            if len(row) != len(header)
        ]
        columns = zip(*body) if body and not ragged else ([] for _ in header)
        parsed = header, [pa.array(values, type=pa.string()) for values in columns]
    header = parsed[0]
    expected = [c.name for c in spec.columns]
    issues: list[DataIssue] = []
    if len(header) == 1 and len(expected) > 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        return None, [
            DataIssue(spec.file, None, None, "header is a single column: wrong delimiter? Columns must be separated by commas")
        ]
    for name in expected:
        if name not in header:
            issues.append(DataIssue(spec.file, None, name, "required column is missing from the header"))
    for name in header:
        if name not in expected:
            issues.append(DataIssue(spec.file, None, name, "unexpected column; add it to the schema or remove it"))
    if len(set(header)) != len(header):
        issues.append(DataIssue(spec.file, None, None, "header repeats a column name"))
    issues += ragged
    return (None if issues else parsed), issues


def _split_with_arrow(text: str, raw: bytes) -> tuple[list[str], list[pa.Array]] | None:
    """Arrow's multi-threaded reader for files whose quoting it reads exactly as the csv module does; None otherwise
    (other quoting, a ragged row, an unreadable header), so the csv module can parse and name the problem."""
    first_line = text[: text.find("\n")] if "\n" in text else text
    if not first_line.strip() or '"' in first_line or not simple_quoting(text):
        return None  # a quoted or missing header, or quoting Arrow could read differently
    header = first_line.rstrip("\r").split(",")
    names = [f"f{i}" for i in range(len(header))]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(raw),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid:
        return None
    if table.num_rows == 0 or [column[0].as_py() for column in table.columns] != header:
        return None
    return header, [column.combine_chunks()[1:] for column in table.columns]


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
