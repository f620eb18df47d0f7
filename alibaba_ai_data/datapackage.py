"""data/datapackage.json, a Frictionless Data Package generated from the schema (one source of truth).

Run ``python -m alibaba_ai_data.datapackage`` after changing the schema or the changelog to regenerate it;
a test fails when the file on disk differs from what this module builds.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd

from alibaba_ai_data.labels import description_for, label_for
from alibaba_ai_data.loading import DEFAULT_DATA_DIR
from alibaba_ai_data.schema import TABLES, Column, TableSpec

PACKAGE_NAME = "alibaba-open-source-ai-tracker"
PACKAGE_TITLE = "Alibaba open-source AI tracker: curated, cited tables"
PACKAGE_DESCRIPTION = (
    "Hand-curated tables on Alibaba's open-source AI push: Qwen and rival model releases, the RMB 380bn AI and cloud "
    "commitment against reported capital expenditure, peers' capex plans and actuals, start-up stakes, adoption and "
    "market metrics, and how later sources stand on four 2025 news articles' claims. Every row cites its source."
)
DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
CONTRIBUTORS = [{"title": "Alibaba open-source AI tracker curators", "role": "author"}]
MISSING_VALUES = [""]
CHANGELOG = "CHANGELOG.md"
VERSION_HEADING = re.compile(r"^## (\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\)", re.MULTILINE)

TYPES = {"text": "string", "category": "string", "date": "date", "float": "number", "int": "integer", "bool": "boolean"}


def date_fields(table: str) -> list[str]:
    """The columns the data package types as dates, in file order: what a reader's snippet parses as dates."""
    spec = TABLES[table]
    return [column.name for column in spec.columns if TYPES[column.kind] == "date"]


def data_release(data_dir: Path | str = DEFAULT_DATA_DIR) -> tuple[str, str]:
    """The newest data version and its date, from the changelog's first '## x.y.z (YYYY-MM-DD)' heading."""
    text = (Path(data_dir) / CHANGELOG).read_text(encoding="utf-8")
    found = VERSION_HEADING.search(text)
    if not found:
        raise ValueError(f"{CHANGELOG} has no '## x.y.z (YYYY-MM-DD)' heading")
    return found.group(1), found.group(2)


def _field(spec: TableSpec, column: Column) -> dict:
    field: dict = {
        "name": column.name,
        "title": label_for(column.name),
        "type": TYPES[column.kind],
        "description": description_for(column.name, spec.name),
    }
    if column.kind == "date":
        field["format"] = "%Y-%m-%d"
    if column.kind == "bool":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.allowed is not None:
        constraints["enum"] = list(column.allowed)
    if column.min_value is not None:
        constraints["minimum"] = column.min_value
    if column.name == spec.key:
        constraints["unique"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _foreign_keys(spec: TableSpec) -> list[dict]:
    """References Table Schema can express: every source column points at sources.source_id, and the declared
    references at their table's key."""
    from alibaba_ai_data.schema import TABLES

    keys = [{"fields": column, "reference": {"resource": "sources", "fields": "source_id"}} for column in spec.source_columns]
    return keys + [
        {"fields": column, "reference": {"resource": table, "fields": TABLES[table].key}} for column, table in spec.references
    ]


def resource(spec: TableSpec) -> dict:
    """One table as a Data Package resource with its Table Schema."""
    schema: dict = {
        "fields": [_field(spec, column) for column in spec.columns],
        "primaryKey": [spec.key],
        "missingValues": MISSING_VALUES,
    }
    keys = _foreign_keys(spec)
    if keys:
        schema["foreignKeys"] = keys
    return {
        "name": spec.name,
        "path": spec.file,
        "title": spec.name.replace("_", " ").capitalize(),
        "description": spec.description,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def package_sources(sources: pd.DataFrame) -> list[dict]:
    """The four articles and the primary sources, as the package's own 'sources' list."""
    chosen = sources[sources["kind"].astype(str).isin(["article", "primary", "company"]) & sources["url"].notna()]
    return [{"title": str(row.title), "path": str(row.url)} for row in chosen.itertuples()]


def build_descriptor(
    data_dir: Path | str = DEFAULT_DATA_DIR, sources: pd.DataFrame | None = None, release: tuple[str, str] | None = None
) -> dict:
    """The whole descriptor: package metadata, licence, sources, contributors and one resource per table."""
    from alibaba_ai_data.loading import load_dataset

    version, created = release or data_release(data_dir)
    if sources is None:
        sources = load_dataset(data_dir).sources
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": PACKAGE_DESCRIPTION,
        "version": version,
        "created": f"{created}T00:00:00Z",
        "licenses": [DATA_LICENCE],
        "contributors": CONTRIBUTORS,
        "sources": package_sources(sources),
        "resources": [resource(spec) for spec in TABLES.values()],
    }


def snapshot_descriptor(
    tables: dict[str, pd.DataFrame], filters: dict[str, str], data_version: str, release: tuple[str, str]
) -> dict:
    """The descriptor placed in a snapshot ZIP: the package's, plus the filters applied, the content hash of the
    data and each table's row count (which validators check)."""
    descriptor = build_descriptor(sources=tables["sources"], release=release)
    descriptor["filters"] = dict(filters)
    descriptor["data_version"] = data_version
    for entry in descriptor["resources"]:
        entry["stats"] = {"rows": int(len(tables[entry["name"]]))}
    return descriptor


def citation(release: tuple[str, str], accessed: str) -> tuple[str, str]:
    """A citation line and a BibTeX entry naming the data version and the access date."""
    version, released = release
    line = (
        f"Alibaba open-source AI tracker curators ({released[:4]}). {PACKAGE_TITLE}, data version {version} "
        f"(released {released}). Licensed CC BY 4.0. Accessed {accessed}."
    )
    bibtex = (
        f"@misc{{alibaba_ai_tracker_{version.replace('.', '_')},\n"
        f"  author = {{{{Alibaba open-source AI tracker curators}}}},\n"
        f"  title = {{{PACKAGE_TITLE}}},\n"
        f"  year = {{{released[:4]}}},\n"
        f"  version = {{{version}}},\n"
        f"  note = {{Data version {version}, released {released}; CC BY 4.0; accessed {accessed}}}\n"
        "}"
    )
    return line, bibtex


def descriptor_text(descriptor: dict) -> str:
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    data_dir = Path(argv[0]) if argv else DEFAULT_DATA_DIR
    path = data_dir / "datapackage.json"
    text = descriptor_text(build_descriptor(data_dir))
    if path.exists() and path.read_text(encoding="utf-8") == text:
        print(f"{path} is up to date")
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
