"""Check proposals as they stand, by the same load a write runs: data/'s files with the proposals (and the new source
row) appended, validated in memory. "Ready" then means ``writes.append_rows`` would accept the row as it is."""

from __future__ import annotations

from collections.abc import Mapping

from alibaba_ai_data.curation.proposals import Proposal
from alibaba_ai_data.errors import DataIssue, DataValidationError
from alibaba_ai_data.loading import load_files
from alibaba_ai_data.schema import TABLES
from alibaba_ai_data.writes import appended_text

# Each round sets aside the proposals found at fault and loads the rest again; a handful settles any article.
MAX_ROUNDS = 6


def check_proposals(proposals: list[Proposal], new_sources: list[dict], files: Mapping[str, bytes | None]) -> list[str]:
    """Give each proposal the problems a write would find in it (in ``problems``), checking them against data/'s
    files (bytes by table name, as ``loading.read_files`` gives them). A problem is a proposal's when it names that
    proposal's row by its table and key. A proposal at fault is set aside and the rest are loaded again without it,
    so one bad row does not hide another's result. Returns the problems that belong to no proposal (the new source
    row's, or data/'s own), as messages."""
    for p in proposals:
        p.problems = []
    general: list[str] = []
    set_aside: set[int] = set()
    for _round in range(MAX_ROUNDS):
        planned: dict[str, list[dict]] = {"sources": list(new_sources)} if new_sources else {}
        owners: dict[tuple[str, str], Proposal] = {}
        for p in proposals:
            if p.problems or id(p) in set_aside:
                continue
            planned.setdefault(p.table, []).append(p.row)
            owners[(TABLES[p.table].file, p.key)] = p
        general, fresh = [], False
        for issue in _load_issues(files, planned):
            owner = owners.get((issue.file, issue.key)) if issue.key is not None else None
            if owner is None:
                general.append(str(issue))
            elif issue.column not in owner.unclear:  # an 'unclear' cell is already named as such
                message = f"{issue.column}: {issue.message}" if issue.column else issue.message
                if message not in owner.problems:
                    owner.problems.append(message)
                fresh = True
            elif id(owner) not in set_aside:
                set_aside.add(id(owner))  # its unclear cells fail as expected; check the others without it
                fresh = True
        if not fresh:
            break
    return sorted(set(general))


def _load_issues(files: Mapping[str, bytes | None], planned: dict[str, list[dict]]) -> list[DataIssue]:
    """What loading finds in data/'s files with the planned rows appended (nothing when they load)."""
    updated = {
        name: appended_text(raw, planned[name]) if planned.get(name) and raw is not None else raw for name, raw in files.items()
    }
    try:
        load_files(updated)
    except DataValidationError as err:
        return err.issues
    return []
