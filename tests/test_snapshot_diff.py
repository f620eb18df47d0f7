"""Snapshot diff: an earlier snapshot ZIP compared with the data now, and hostile uploads refused safely."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from alibaba_ai_data.exports import snapshot_zip
from alibaba_ai_data.filters import filter_dataset, filtering_notes
from alibaba_ai_data.snapshot_diff import MAX_UPLOAD_BYTES, SnapshotError, diff_summary, read_snapshot, snapshot_diff

START, END = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")


def snapshot_bytes(dataset) -> bytes:
    tables = filter_dataset(dataset.tables, START, END)
    return snapshot_zip(
        tables,
        start=START,
        end=END,
        data_version=dataset.data_version,
        filters={"start": "2025-01-01", "end": "2025-12-31"},
        filtering=filtering_notes(),
    )


def rewrite(data: bytes, edit) -> bytes:
    """A copy of the ZIP with each member's bytes passed through edit(name, bytes) (None drops the member)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            changed = edit(info.filename, source.read(info))
            if changed is not None:
                target.writestr(info.filename, changed)
    return out.getvalue()


def test_an_unchanged_snapshot_has_no_differences(dataset):
    earlier = read_snapshot(snapshot_bytes(dataset))
    assert (earlier.start, earlier.end) == (START.date(), END.date())
    assert set(earlier.tables) == set(dataset.tables)
    current = filter_dataset(dataset.tables, START, END)
    assert snapshot_diff(earlier, current).empty


def test_added_removed_and_changed_rows_are_reported_with_the_changed_cells(dataset):
    def edit(name, data):
        if name != "releases.csv":
            return data
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        frame = frame[frame["release_id"] != "qwen3"]  # now "added" (the data has it, the snapshot not)
        frame.loc[frame["release_id"] == "deepseek_r1", "model"] = "DeepSeek-R1 (old name)"
        extra = frame.iloc[[0]].assign(release_id="withdrawn_model")  # now "removed"
        return pd.concat([frame, extra]).to_csv(index=False).encode()

    earlier = read_snapshot(rewrite(snapshot_bytes(dataset), edit))
    changes = snapshot_diff(earlier, filter_dataset(dataset.tables, START, END))
    as_set = {(r.table, r.change, r.key, r.column) for r in changes.itertuples()}
    assert as_set == {
        ("releases", "added", "qwen3", ""),
        ("releases", "removed", "withdrawn_model", ""),
        ("releases", "changed", "deepseek_r1", "model"),
    }
    changed = changes[changes["change"] == "changed"].iloc[0]
    assert (changed["old_value"], changed["new_value"]) == ("DeepSeek-R1 (old name)", "DeepSeek-R1")
    summary = diff_summary(changes).set_index("table")
    assert summary.loc["releases", ["added", "removed", "changed"]].tolist() == [1, 1, 1]


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("releases.csv", b"0" * 5_000_000)
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


HOSTILE = [
    ("not a zip", b"PK not really a zip at all", "not a ZIP archive"),
    ("too big", b"x" * (MAX_UPLOAD_BYTES + 1), "are accepted"),
    ("zip bomb", bomb(), "possible ZIP bomb"),
    ("no tables", zip_of({"README.md": b"hello"}), "none of the table CSVs"),
    ("path traversal only", zip_of({"../releases.csv": b"a,b\n1,2\n", "/etc/passwd": b"root"}), "none of the table CSVs"),
    ("too many files", zip_of({f"f{i}.txt": b"x" for i in range(80)}), "at most 64"),
    ("not utf-8", zip_of({"releases.csv": "Zürich,é\n".encode("latin-1")}), "not a readable UTF-8 CSV"),
    ("truncated", b"", "not a ZIP archive"),
]


@pytest.mark.parametrize(("label", "data", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_uploads_are_refused_with_a_clear_message(label, data, message):
    with pytest.raises(SnapshotError) as caught:
        read_snapshot(data)
    assert message in str(caught.value)


def test_unexpected_members_are_ignored_not_read(dataset):
    data = rewrite(snapshot_bytes(dataset), lambda name, d: d)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("../../etc/cron.d/evil", b"* * * * * root rm -rf /")
        archive.writestr("notes.exe", b"MZ")
    earlier = read_snapshot(out.getvalue())
    assert set(earlier.ignored) == {"../../etc/cron.d/evil", "notes.exe"}
    assert "releases" in earlier.tables


def test_a_truncated_archive_is_refused(dataset):
    data = snapshot_bytes(dataset)
    with pytest.raises(SnapshotError):
        read_snapshot(data[: len(data) // 2])
