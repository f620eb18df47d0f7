"""Tables as they leave the tracker, for pages and the HTTP API alike: one export per table and filter set, its
JSON form, the snapshot ZIP, and the feed of what changed. No Streamlit: the pages and dashboard/api.py share it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

from alibaba_ai_data.datapackage import CHANGELOG, VERSION_HEADING, citation, snapshot_descriptor
from alibaba_ai_data.exports import snapshot_zip
from alibaba_ai_data.filters import filter_releases, filtering_notes
from alibaba_ai_data.schema import TABLES

LICENCE = "CC-BY-4.0"


def export_table(
    tables: Mapping[str, pd.DataFrame], name: str, release_filters: Mapping[str, Sequence[str]] = {}
) -> pd.DataFrame:
    """A table as every download gives it: ``tables`` already filtered to the range, the release filters applied to
    ``releases``, rows in date order (ties keep the file's order; undated tables keep it whole)."""
    frame = tables[name]
    if name == "releases" and any(release_filters.values()):
        frame = filter_releases(frame, {k: tuple(v) for k, v in release_filters.items()})
    dates = TABLES[name].dates
    return frame.sort_values(dates.date, kind="stable") if dates is not None else frame


def json_records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON objects: dates as YYYY-MM-DD, missing values as null, booleans and numbers as themselves."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return json.loads(out.to_json(orient="records", force_ascii=False))


def snapshot_archive(
    tables: dict[str, pd.DataFrame],
    start: pd.Timestamp,
    end: pd.Timestamp,
    data_version: str,
    release: tuple[str, str],
    filters: Mapping[str, str],
    generated_at: datetime,
) -> bytes:
    """The snapshot ZIP of tables already filtered: CSVs, datapackage.json, manifest and README with citation."""
    cite_line, bibtex = citation(release, f"{generated_at:%Y-%m-%d}")
    return snapshot_zip(
        tables,
        start=start,
        end=end,
        data_version=data_version,
        filters=dict(filters),
        filtering=filtering_notes(),
        generated_at=generated_at,
        package=snapshot_descriptor(tables, dict(filters), data_version, release),
        citation_text=f"\n## How to cite this data\n{cite_line}\n\n{bibtex}\n",
    )


@dataclass(frozen=True)
class VersionNote:
    """One data version from data/CHANGELOG.md: its number, release day, summary and bullet points."""

    version: str
    released: str
    summary: str
    items: tuple[str, ...]


def changelog_versions(data_dir: Path | str) -> list[VersionNote]:
    """Every version in the changelog, newest first."""
    text = (Path(data_dir) / CHANGELOG).read_text(encoding="utf-8")
    heads = list(VERSION_HEADING.finditer(text))
    notes = []
    for head, following in zip(heads, [*heads[1:], None]):
        body = text[head.end() : following.start() if following else len(text)].strip()
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
        summary = next((p for p in paragraphs if not p.startswith("- ")), "")
        items = tuple(" ".join(i.split()) for i in re.split(r"(?m)^- ", body)[1:])
        notes.append(VersionNote(head.group(1), head.group(2), summary, items))
    return notes


@dataclass(frozen=True)
class NewFigure:
    """A row first recorded in one of the newest versions: what it says, when it was read, where it is shown."""

    table: str
    key: str
    title: str
    read: str
    page_url: str
    row_url: str


def _what(table: str, row: pd.Series) -> str:
    for column in ("model", "title", "metric", "label", "summary", "entity", "calendar_label"):
        value = row.get(column)
        if isinstance(value, str) and value:
            return value if column != "calendar_label" else f"{row.get('company', '')} capex, {value}".strip()
    return str(row[TABLES[table].key])


def new_figures(
    tables: Mapping[str, pd.DataFrame], since: str, link_for: Callable[[str, dict[str, str]], str | None], base_url: str
) -> list[NewFigure]:
    """Rows whose source was read on or after ``since`` (the release day of the newest versions), newest first:
    rows of the dated tables a page shows, each with a link to that page's view of the table narrowed to the row's
    date (``link_for(table, range params)``) and to the row's day in the API."""
    sources = tables["sources"].set_index("source_id")
    read = pd.to_datetime(sources["retrieved"], errors="coerce") if "retrieved" in sources else pd.Series(dtype="datetime64[ns]")
    recent = set(read.index[read >= pd.Timestamp(since)])
    found: list[NewFigure] = []
    for table, spec in TABLES.items():
        frame = tables[table]
        if spec.dates is None or not len(frame) or link_for(table, {}) is None:
            continue
        cited = frame["source_id"].isin(recent)
        for _, row in frame[cited].iterrows():
            day = f"{pd.Timestamp(row[spec.dates.date]):%Y-%m-%d}"
            span = {"start": day, "end": day}
            found.append(
                NewFigure(
                    table,
                    str(row[spec.key]),
                    _what(table, row),
                    f"{read[row['source_id']]:%Y-%m-%d}",
                    base_url + link_for(table, span),
                    f"{base_url}/api/v1/tables/{table}.json?start={day}&end={day}",
                )
            )
    return sorted(found, key=lambda f: (f.read, f.table, f.key), reverse=True)


def atom_feed(
    versions: Sequence[VersionNote], figures: Sequence[NewFigure], base_url: str, updated: datetime | None = None
) -> str:
    """The Atom feed: one entry per data version (its changelog text) and one per new figure."""
    feed_id = f"{base_url}/api/v1/changes.atom"
    newest = versions[0].released if versions else f"{datetime.now(UTC):%Y-%m-%d}"
    stamp = (updated or datetime.fromisoformat(newest).replace(tzinfo=UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def entry(entry_id: str, title: str, day: str, link: str, summary: str) -> str:
        return (
            "  <entry>\n"
            f"    <id>{escape(entry_id)}</id>\n"
            f"    <title>{escape(title)}</title>\n"
            f"    <updated>{day}T00:00:00Z</updated>\n"
            f'    <link rel="alternate" href="{escape(link, {chr(34): "&quot;"})}"/>\n'
            f'    <summary type="text">{escape(summary)}</summary>\n'
            "  </entry>\n"
        )

    entries = [
        entry(
            f"{base_url}/api/v1/changes/{v.version}",
            f"Data version {v.version}",
            v.released,
            f"{base_url}/methodology",
            " ".join([v.summary, *(f"• {item}" for item in v.items)]).strip(),
        )
        for v in versions
    ]
    entries += [
        entry(
            f"{base_url}/api/v1/tables/{f.table}/{f.key}",
            f"New figure in {f.table}: {f.title}",
            f.read,
            f.page_url,
            f"Recorded from a source read on {f.read}. The row: {f.row_url}",
        )
        for f in figures
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>{escape(feed_id)}</id>\n"
        "  <title>Alibaba open-source AI tracker: what changed in the data</title>\n"
        f"  <updated>{stamp}</updated>\n"
        "  <author><name>Alibaba open-source AI tracker curators</name></author>\n"
        f'  <link rel="self" href="{escape(feed_id)}"/>\n'
        f'  <link rel="alternate" href="{escape(base_url)}/"/>\n' + "".join(entries) + "</feed>\n"
    )
