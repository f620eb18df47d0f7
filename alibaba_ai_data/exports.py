"""CSV and snapshot exports built from the same filtered frames the pages show."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime

import pandas as pd

# Spreadsheets run a cell as a formula when it starts with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FILE_PREFIX = "alibaba-ai"


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe; numbers are untouched."""
    escaped = frame.copy()
    for column in escaped.columns:
        series = escaped[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            continue
        text = series.astype("string")
        risky = text.str.startswith(FORMULA_PREFIXES).fillna(False)
        if risky.any():
            escaped[column] = text.where(~risky, "'" + text)
    return escaped


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with ISO dates, booleans written true/false as in data/, and formula-safe text cells."""
    out = escape_formulas(frame)
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: "true", False: "false"})
    return out.to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8")


def range_slug(start: date | pd.Timestamp, end: date | pd.Timestamp) -> str:
    """The date range as it appears in file names: 2024-01-01_to_2024-12-31."""
    return f"{pd.Timestamp(start):%Y-%m-%d}_to_{pd.Timestamp(end):%Y-%m-%d}"


def export_filename(name: str, start: date | pd.Timestamp, end: date | pd.Timestamp, extension: str = "csv") -> str:
    """File name carrying the table (or chart) name and the date range."""
    return f"{FILE_PREFIX}_{name}_{range_slug(start, end)}.{extension}"


def snapshot_readme(start: pd.Timestamp, end: pd.Timestamp, data_version: str, generated_at: str) -> str:
    """The README placed inside every snapshot ZIP."""
    return f"""# Alibaba open-source AI tracker: data snapshot

Date range: {start:%Y-%m-%d} to {end:%Y-%m-%d}
Generated (UTC): {generated_at}
Data version: {data_version}

Each CSV holds the rows of one table that fall in the date range, as shown on the dashboard.
A row is in the range when the period its date stands for overlaps it: a row dated 2024 at
year precision counts for any range that touches 2024. Tables without dates (competitors,
claims, responses) are included whole; manifest.json says which tables were filtered.

## Citing
Cite the original source of each row, not this snapshot: every row carries a source_id that
resolves in sources.csv (title, publisher, date, link). Rows taken from a news article also
carry `evidence`, a short verbatim excerpt from it. Quote figures with their qualifier
(for example "more than"), unit, currency and as-of date. Money converted between RMB and USD
uses the rate in fx_usd_per_unit, whose basis is given in fx_basis.

To cite the snapshot itself: "Alibaba open-source AI tracker, data version {data_version},
range {start:%Y-%m-%d} to {end:%Y-%m-%d}, generated {generated_at}".

Text cells that begin with =, +, -, @, a tab or a carriage return are prefixed with an
apostrophe so spreadsheets do not run them as formulas.

## Loading
datapackage.json describes every table (types, keys, links between tables) as a Frictionless
Data Package, with the filters applied and each table's row count. In pandas:

    import pandas as pd
    releases = pd.read_csv("releases.csv", parse_dates=["release_date"])
    sources = pd.read_csv("sources.csv").set_index("source_id")

With the standard tools: `frictionless validate datapackage.json` checks every file, and
`frictionless.Package("datapackage.json").get_resource("releases").to_pandas()` loads a typed table.

## Licence
The curated data is licensed CC BY 4.0; verbatim excerpts remain their publishers' and are
quoted briefly for reference.
"""


def snapshot_zip(
    tables: dict[str, pd.DataFrame],
    *,
    start: pd.Timestamp,
    end: pd.Timestamp,
    data_version: str,
    filters: dict[str, object],
    filtering: dict[str, str],
    generated_at: datetime | None = None,
    package: dict | None = None,
    citation_text: str = "",
) -> bytes:
    """A ZIP of every filtered table as CSV, a manifest.json and a README with citation guidance.

    ``tables`` must include ``sources`` (the sources the other tables cite); ``filtering`` says per
    table how the range was applied.
    """
    stamp = (generated_at or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    used = tables["sources"]
    manifest = {
        "title": "Alibaba open-source AI tracker: data snapshot",
        "filters": {key: str(value) for key, value in filters.items()},
        "generated_at_utc": stamp,
        "data_version": data_version,
        "tables": {
            name: {"file": f"{name}.csv", "rows": int(len(frame)), "filtering": filtering.get(name, "not filtered")}
            for name, frame in tables.items()
        },
        "sources": [
            {
                "source_id": row.source_id,
                "title": row.title,
                "publisher": None if pd.isna(row.publisher) else row.publisher,
                "published": f"{row.published:%Y-%m-%d}",
                "date_precision": str(row.date_precision),
                "url": None if pd.isna(row.url) else row.url,
            }
            for row in used.itertuples()
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            archive.writestr(f"{name}.csv", to_csv_bytes(frame))
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        if package is not None:
            archive.writestr("datapackage.json", json.dumps(package, indent=2, ensure_ascii=False))
        archive.writestr("README.md", snapshot_readme(start, end, data_version, stamp) + citation_text)
    return buffer.getvalue()
