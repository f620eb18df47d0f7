"""Per-table checks, declared with pandera from the schema in schema.py."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.compute as pc
from pandera.errors import SchemaErrors

from alibaba_ai_data.errors import DataIssue
from alibaba_ai_data.schema import EARLIEST_DATE, EVIDENCE_MAX_WORDS, LATEST_DATE, Column, TableSpec


def _evidence_fits(series: pd.Series) -> pd.Series:
    """At most EVIDENCE_MAX_WORDS whitespace-separated words (counted in Arrow; missing cells pass)."""
    words = pc.list_value_length(pc.utf8_split_whitespace(pa_arrow.array(series, type=pa_arrow.string())))
    return pd.Series(
        pc.fill_null(pc.less_equal(words, EVIDENCE_MAX_WORDS), True).to_numpy(zero_copy_only=False), index=series.index
    )


def _column_checks(column: Column) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if column.allowed is not None:
        checks.append(pa.Check.isin(list(column.allowed), name="allowed_values"))
    if column.min_value is not None:
        checks.append(pa.Check.ge(column.min_value, name="minimum"))
    if column.kind == "date":
        checks.append(pa.Check.in_range(EARLIEST_DATE, LATEST_DATE, name="date_window"))
    if column.name in ("evidence", "passage"):
        checks.append(pa.Check(_evidence_fits, name="evidence_word_limit"))
    return checks


@cache
def pandera_schema(spec: TableSpec) -> pa.DataFrameSchema:
    """The pandera schema for a table, built from its declaration."""
    return pa.DataFrameSchema(
        {
            column.name: pa.Column(
                checks=_column_checks(column),
                nullable=not column.required,
                unique=column.name == spec.key,
                required=True,
            )
            for column in spec.columns
        },
        strict=False,
        name=spec.name,
    )


def check_table(spec: TableSpec, frame: pd.DataFrame) -> list[DataIssue]:
    """Validate one typed table; every failing cell becomes a DataIssue."""
    try:
        pandera_schema(spec).validate(frame, lazy=True)
    except SchemaErrors as err:
        return [_issue(spec, row) for row in err.failure_cases.to_dict("records")]
    return []


def _issue(spec: TableSpec, failure: dict) -> DataIssue:
    column = failure.get("column")
    index = failure.get("index")
    row = int(index) + 1 if index is not None and not pd.isna(index) else None
    value = failure.get("failure_case")
    check = str(failure.get("check"))
    spec_column = spec.column(column) if column in {c.name for c in spec.columns} else None
    if check == "not_nullable":
        message = "is empty but required"
    elif check == "field_uniqueness":
        message = f"duplicate key '{value}'; each {spec.key} must be unique"
    elif check.startswith(("allowed_values", "isin")) and spec_column is not None:
        message = f"'{value}' is not allowed; use one of: {', '.join(spec_column.allowed or ())}"
    elif check.startswith(("minimum", "greater_than_or_equal_to")) and spec_column is not None:
        message = f"{value} is below the minimum of {spec_column.min_value:g}"
    elif check.startswith(("date_window", "in_range")):
        shown = value.date() if hasattr(value, "date") else value
        message = f"date {shown} is outside the plausible window {EARLIEST_DATE.date()} to {LATEST_DATE.date()}"
    elif check.startswith("evidence_word_limit"):
        message = f"{column} is longer than {EVIDENCE_MAX_WORDS} words"
    else:
        message = f"failed check {check}: {value}"
    return DataIssue(spec.file, row, column, message)
