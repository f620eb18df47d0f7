"""Safe writes: validated first, atomic, backed up, serialised by a lock, and diff-friendly."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from alibaba_ai_data import load_dataset
from alibaba_ai_data.writes import BACKUP_DIR, WriteRefused, append_rows, patch_files

SOURCE = {
    "source_id": "test_news_2026",
    "kind": "news",
    "title": "A test report",
    "publisher": "Test Wire",
    "published": "2026-03-01",
    "date_precision": "day",
    "date_basis": "stated by the source",
    "url": "https://example.org/report",
    "url_scope": "document",
    "confidence": "medium",
    "retrieved": "2026-11-22",
    "how_read": "original",
    "read_at": "",
    "corroborated_by": "",
    "notes": "",
}


def metric(metric_id: str, value: str = "42") -> dict:
    return {
        "metric_id": metric_id,
        "metric": "Test metric",
        "metric_group": "adoption",
        "entity": "Qwen",
        "value": value,
        "unit": "models",
        "qualifier": "as stated",
        "figure_basis": "stated",
        "basis": "cumulative",
        "as_of": "2026-03-01",
        "as_of_precision": "day",
        "source_id": "test_news_2026",
        "evidence": "",
        "date_source_id": "",
        "notes": "",
    }


def test_rows_are_appended_and_the_diff_shows_only_them(data_copy: Path):
    before = {p.name: p.read_bytes() for p in data_copy.glob("*.csv")}
    written = append_rows(data_copy, {"sources": [SOURCE], "metrics": [metric("test_metric_1")]})
    assert written == {"sources": 1, "metrics": 1}
    for name in ("sources.csv", "metrics.csv"):
        after = (data_copy / name).read_bytes()
        assert after.startswith(before[name]) and after.count(b"\n") == before[name].count(b"\n") + 1
    assert all((data_copy / n).read_bytes() == b for n, b in before.items() if n not in ("sources.csv", "metrics.csv"))
    assert "test_metric_1" in set(load_dataset(data_copy)["metrics"]["metric_id"])
    backups = list((data_copy / BACKUP_DIR).iterdir())
    assert {b.name.split(".csv")[0] for b in backups} == {"sources", "metrics"}
    assert (data_copy / BACKUP_DIR / next(b.name for b in backups if b.name.startswith("metrics"))).read_bytes() == before[
        "metrics.csv"
    ]


def test_invalid_rows_are_refused_and_nothing_is_written(data_copy: Path):
    before = {p.name: p.read_bytes() for p in data_copy.glob("*.csv")}
    with pytest.raises(WriteRefused) as refused:
        append_rows(data_copy, {"metrics": [metric("test_metric_2") | {"source_id": "nowhere"}]})
    assert any(i.file == "metrics.csv" and i.column == "source_id" for i in refused.value.issues)
    with pytest.raises(WriteRefused):
        append_rows(data_copy, {"metrics": [metric("test_metric_3", value="lots")], "sources": [SOURCE]})
    with pytest.raises(WriteRefused):
        append_rows(data_copy, {"metrics": [metric("derivatives_2025_02")]})  # an existing key with other values
    assert {p.name: p.read_bytes() for p in data_copy.glob("*.csv")} == before


def test_a_write_interrupted_before_the_rename_leaves_the_original_intact(data_copy: Path, monkeypatch):
    original = (data_copy / "sources.csv").read_bytes()

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt("killed between temp file and rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        append_rows(data_copy, {"sources": [SOURCE]})
    assert (data_copy / "sources.csv").read_bytes() == original
    assert not [p for p in data_copy.iterdir() if p.name.endswith(".tmp")]
    load_dataset(data_copy)


def _writer(args):
    directory, metric_id = args
    append_rows(Path(directory), {"sources": [SOURCE], "metrics": [metric(metric_id)]})
    return metric_id


def test_two_writers_at_once_both_land_without_duplicates(data_copy: Path):
    with multiprocessing.get_context("fork").Pool(2) as pool:
        done = pool.map(_writer, [(str(data_copy), "writer_a"), (str(data_copy), "writer_b")])
    assert sorted(done) == ["writer_a", "writer_b"]
    dataset = load_dataset(data_copy)
    assert {"writer_a", "writer_b"} <= set(dataset["metrics"]["metric_id"])
    assert (dataset["sources"]["source_id"] == "test_news_2026").sum() == 1


def test_patch_files_hold_the_header_and_the_new_rows(data_copy: Path):
    files = patch_files({"metrics": [metric("patch_metric")]}, data_copy)
    lines = files["metrics.csv"].decode().splitlines()
    assert lines[0] == (data_copy / "metrics.csv").read_text(encoding="utf-8").splitlines()[0]
    assert lines[1].startswith("patch_metric,Test metric,adoption,Qwen,42")
