"""Write the rows a curator keeps into data/, through the one safe write path (``alibaba_ai_data.writes``: checked
like loading, under a lock, atomic per file, the previous version kept)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from alibaba_ai_data.curation.proposals import REVIEW_COLUMNS, Proposal
from alibaba_ai_data.writes import append_rows


def ready_rows(proposals: list[Proposal], new_sources: list[dict]) -> dict[str, list[dict]]:
    """The rows to write by table: the new source and every proposal ready as it stands and new to data/."""
    rows: dict[str, list[dict]] = {"sources": list(new_sources)} if new_sources else {}
    for p in proposals:
        if p.ready and p.match == "new":
            rows.setdefault(p.table, []).append(p.row)
    return rows


def accepted_rows(new_sources: list[dict], reviewed: dict[str, pd.DataFrame]) -> dict[str, list[dict]]:
    """The rows to write by table: the new source and the rows the curator ticked in each reviewed table."""
    kept = {table: frame[frame["accept"].astype(bool)].drop(columns=REVIEW_COLUMNS) for table, frame in reviewed.items()}
    return ({"sources": list(new_sources)} if new_sources else {}) | {t: f.to_dict("records") for t, f in kept.items() if len(f)}


def write_ready(data_dir: Path | str, proposals: list[Proposal], new_sources: list[dict]) -> dict[str, int]:
    """Append the new source and the ready, new proposals to data/ (rows written per table), or raise
    writes.WriteRefused and write nothing."""
    rows = ready_rows(proposals, new_sources)
    return append_rows(data_dir, rows) if any(table != "sources" for table in rows) else {}
