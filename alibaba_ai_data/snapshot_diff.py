"""What changed since an earlier snapshot: read an uploaded snapshot ZIP without trusting it, and diff it per table.

The ZIP is read in memory only. Only the table CSVs the dashboard writes (and manifest.json, for the range the
snapshot was filtered to) are read; anything else is listed as ignored. Size, entry count, compression ratio and
member names are checked before any byte is decompressed, and reads are capped in case a header lies.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from alibaba_ai_data.exports import to_csv_bytes
from alibaba_ai_data.schema import TABLES

MAX_UPLOAD_BYTES = 1_000_000
MAX_MEMBERS = 64
MAX_MEMBER_BYTES = 8_000_000
MAX_TOTAL_BYTES = 32_000_000
MAX_RATIO = 100
EXPECTED = {spec.file: name for name, spec in TABLES.items()}
KNOWN_EXTRAS = {"manifest.json", "README.md", "datapackage.json"}
DIFF_COLUMNS = ["table", "change", "key", "column", "old_value", "new_value"]


class SnapshotError(ValueError):
    """The upload is not a snapshot this dashboard can read; the message says why in plain words."""


@dataclass
class Snapshot:
    """The tables read from an uploaded snapshot (every cell as text), its range and what was ignored."""

    tables: dict[str, pd.DataFrame]
    start: date | None = None
    end: date | None = None
    ignored: list[str] = field(default_factory=list)


def _safe_name(name: str) -> bool:
    return not (name.startswith(("/", "\\")) or ".." in name.split("/") or "\\" in name or ":" in name or "/" in name)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as handle:
        data = handle.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise SnapshotError(f"'{info.filename}' is larger than {MAX_MEMBER_BYTES // 1_000_000} MB once unpacked")
    return data


def _parse_csv(name: str, data: bytes) -> pd.DataFrame:
    try:
        text = data.decode("utf-8")
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise SnapshotError(f"'{name}' is not a readable UTF-8 CSV ({type(err).__name__})") from err


def _range(manifest: bytes) -> tuple[date | None, date | None]:
    try:
        filters = json.loads(manifest.decode("utf-8")).get("filters", {})
        return date.fromisoformat(str(filters["start"])), date.fromisoformat(str(filters["end"]))
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None, None


def read_snapshot(data: bytes) -> Snapshot:
    """The tables in an uploaded snapshot ZIP, or SnapshotError saying why it cannot be used."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SnapshotError(f"the file is {len(data):,} bytes; snapshots up to {MAX_UPLOAD_BYTES:,} bytes are accepted")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SnapshotError("the file is not a ZIP archive; upload a snapshot ZIP downloaded from this page")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise SnapshotError(f"the ZIP archive is damaged ({type(err).__name__})") from err
    if len(members) > MAX_MEMBERS:
        raise SnapshotError(f"the archive holds {len(members)} files; a snapshot holds at most {MAX_MEMBERS}")
    if sum(info.file_size for info in members) > MAX_TOTAL_BYTES:
        raise SnapshotError("the archive would unpack to more than 32 MB; it is not a snapshot")
    for info in members:
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise SnapshotError(f"'{info.filename}' is compressed more than {MAX_RATIO}:1; refusing a possible ZIP bomb")
        if info.flag_bits & 0x1:
            raise SnapshotError("the archive is encrypted; snapshots are not")
    snapshot = Snapshot(tables={})
    try:
        for info in members:
            name = info.filename
            if info.is_dir() or not _safe_name(name) or (name not in EXPECTED and name not in KNOWN_EXTRAS):
                snapshot.ignored.append(name)
                continue
            if name in EXPECTED:
                snapshot.tables[EXPECTED[name]] = _parse_csv(name, _read_member(archive, info))
            elif name == "manifest.json":
                snapshot.start, snapshot.end = _range(_read_member(archive, info))
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as err:
        raise SnapshotError(f"a file in the archive could not be unpacked ({type(err).__name__})") from err
    if not snapshot.tables:
        raise SnapshotError("the archive holds none of the table CSVs a snapshot has (releases.csv, metrics.csv ...)")
    return snapshot


def as_exported(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as a snapshot stores it (every cell as exported text), for comparing like with like."""
    return pd.read_csv(io.BytesIO(to_csv_bytes(frame)), dtype=str, keep_default_na=False)


def diff_table(name: str, old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Rows added, removed and changed (one row per changed cell) between two versions of one table, by its key."""
    key = TABLES[name].key
    if key not in old.columns or key not in new.columns:
        return pd.DataFrame([[name, "key missing", "", key, "", ""]], columns=DIFF_COLUMNS)
    old, new = old.drop_duplicates(key).set_index(key), new.drop_duplicates(key).set_index(key)
    rows = [[name, "added", k, "", "", ""] for k in new.index.difference(old.index, sort=False)]
    rows += [[name, "removed", k, "", "", ""] for k in old.index.difference(new.index, sort=False)]
    rows += [[name, "column added", "", c, "", ""] for c in new.columns.difference(old.columns, sort=False)]
    rows += [[name, "column removed", "", c, "", ""] for c in old.columns.difference(new.columns, sort=False)]
    both = old.index.intersection(new.index, sort=False)
    shared = [c for c in new.columns if c in old.columns]
    if len(both) and shared:
        before, after = old.loc[both, shared], new.loc[both, shared]
        changed = before.ne(after)
        for k, column in zip(*changed.to_numpy().nonzero()):
            row_key, col = both[k], shared[column]
            rows.append([name, "changed", row_key, col, before.at[row_key, col], after.at[row_key, col]])
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def snapshot_diff(snapshot: Snapshot, current: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every difference between the snapshot's tables and the current ones (filtered to the snapshot's range by
    the caller), table by table."""
    parts = [diff_table(name, snapshot.tables[name], as_exported(current[name])) for name in snapshot.tables if name in current]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=DIFF_COLUMNS)


def diff_summary(diff: pd.DataFrame) -> pd.DataFrame:
    """Counts of added, removed and changed rows per table (changed counts rows, not cells)."""
    if diff.empty:
        return pd.DataFrame(columns=["table", "added", "removed", "changed"])
    rows = diff[diff["change"].isin(["added", "removed", "changed"])]
    counts = rows.drop_duplicates(["table", "change", "key"]).groupby(["table", "change"]).size().unstack(fill_value=0)
    return counts.reindex(columns=["added", "removed", "changed"], fill_value=0).reset_index()
