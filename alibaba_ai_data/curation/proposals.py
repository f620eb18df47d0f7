"""Proposals: each candidate becomes a row of the table it feeds, in that table's own columns.

Where the sentence does not settle a column, the row says 'unclear' there instead of guessing; such a row needs an
edit before it is written. A proposal also carries how it stands against data/ (compare.py) and the problems a
write would find in it (check.py), so the curator reviews all three together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from alibaba_ai_data.curation.cells import normalised
from alibaba_ai_data.curation.extract import Candidate
from alibaba_ai_data.curation.series_rows import (
    ADOPTION_MEASURES,
    METRIC_SERIES,
    adoption_row,
    event_row,
    metric_row,
    release_row,
)
from alibaba_ai_data.curation.spending_rows import capex_row, investment_row, pledge_row
from alibaba_ai_data.schema import TABLES

# Target tables in the order the curator reviews them.
TARGETS = ("capex_quarters", "metrics", "adoption", "releases", "pledge_statements", "investments", "events")
# What the curator reviews beside each proposed row.
REVIEW_COLUMNS = ["accept", "check", "in_data", "in_data_detail"]


@dataclass
class Proposal:
    """One row for one table, how far it is from ready, and how it stands against data/."""

    table: str
    row: dict
    candidate: int
    unclear: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    match: str = "new"  # new, duplicate or conflict
    match_detail: str = ""

    @property
    def key(self) -> str:
        return str(self.row.get(TABLES[self.table].key, ""))

    @property
    def ready(self) -> bool:
        return not self.problems and not self.unclear

    @property
    def status(self) -> str:
        if self.ready:
            return "ready"
        reasons = [f"{c} unclear" for c in self.unclear] + self.problems
        return "needs edit: " + "; ".join(reasons)


def target_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    """The table a candidate feeds, its row in that table's columns, and the columns the sentence leaves unclear."""
    if c.kind == "release":
        return release_row(c, source)
    if c.kind == "date":
        return event_row(c, source)
    if c.kind == "money" and c.measure == "commitment":
        return pledge_row(c, source)
    if c.kind == "money" and c.measure == "capital expenditure":
        # A range or a forecast is guidance for a period, not a quarter's reported spending.
        guidance = c.qualifier == "range" or c.figure_basis == "estimate"
        return investment_row(c, source) if guidance else capex_row(c, source)
    if c.measure in ADOPTION_MEASURES:
        return adoption_row(c, source)
    if c.kind == "money" and c.measure not in METRIC_SERIES:
        return investment_row(c, source)
    return metric_row(c, source)


def propose(candidates: list[Candidate], source: dict, dataset) -> list[Proposal]:
    """A proposal per candidate, its key unique against data/ (``dataset``) and the other proposals."""
    proposals: list[Proposal] = []
    taken = {name: set(dataset[name][TABLES[name].key].astype(str)) for name in TARGETS}
    seen: dict[tuple, Proposal] = {}
    for index, candidate in enumerate(candidates):
        if candidate.converts:
            # A conversion in brackets is the figure before it, restated: a note on that row, not a row.
            if proposals and proposals[-1].candidate == index - 1:
                proposals[-1].row["notes"] += f"; also given as {candidate.currency} {candidate.value} {candidate.unit}"
            continue
        table, row, unclear = target_row(candidate, source)
        same = _identity(table, row)
        if same in seen:
            # The article names it again (a release mentioned in several sentences): keep one row, the dated one.
            kept = seen[same]
            if table == "releases" and not kept.row["release_date"] and row["release_date"]:
                kept.row.update({k: v for k, v in row.items() if k != "release_id"})
                kept.unclear[:] = unclear
            continue
        key_column = TABLES[table].key
        key, n = row[key_column], 2
        while row[key_column] in taken[table]:
            row[key_column] = f"{key}_{n}"
            n += 1
        taken[table].add(row[key_column])
        proposals.append(Proposal(table, row, index, unclear))
        seen[same] = proposals[-1]
    return proposals


def _identity(table: str, row: dict) -> tuple:
    """What makes two proposals from one article the same row: the release's model, or every cell but the key,
    the excerpt and the notes."""
    if table == "releases":
        return (table, normalised(row["model"]))
    skip = {TABLES[table].key, "evidence", "notes"}
    return (table, *sorted((k, str(v)) for k, v in row.items() if k not in skip))


def proposals_frame(proposals: list[Proposal], table: str) -> pd.DataFrame:
    """One table's proposals as the curator reviews them: status and match first, then the table's columns."""
    columns = [c.name for c in TABLES[table].columns]
    rows = [
        {"accept": p.ready and p.match == "new", "check": p.status, "in_data": p.match, "in_data_detail": p.match_detail}
        | {c: "" if p.row.get(c) is None else str(p.row.get(c)) for c in columns}
        for p in proposals
        if p.table == table
    ]
    return pd.DataFrame(rows, columns=[*REVIEW_COLUMNS, *columns])


def summary(proposals: list[Proposal]) -> pd.DataFrame:
    """Per target table: proposals, ready as they stand, needing edits, duplicates and conflicts."""
    rows = []
    for table in TARGETS:
        mine = [p for p in proposals if p.table == table]
        if not mine:
            continue
        rows.append(
            {
                "table": table,
                "proposals": len(mine),
                "ready": sum(p.ready for p in mine),
                "needs_edit": sum(not p.ready for p in mine),
                "duplicates": sum(p.match == "duplicate" for p in mine),
                "conflicts": sum(p.match == "conflict" for p in mine),
            }
        )
    return pd.DataFrame(rows, columns=["table", "proposals", "ready", "needs_edit", "duplicates", "conflicts"])
