"""Shared by the curation tests: the issue's story, a news source for it, and the pipeline run on a text."""

from __future__ import annotations

from datetime import date

from alibaba_ai_data.curation.check import check_proposals
from alibaba_ai_data.curation.compare import compare_with_data
from alibaba_ai_data.curation.extract import extract
from alibaba_ai_data.curation.proposals import Proposal, propose
from alibaba_ai_data.curation.text import source_row
from alibaba_ai_data.loading import read_files
from tests.conftest import ROOT

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
# The story, as a new user tried it (published 2025-11-25).
STORY = (
    "Alibaba said on Thursday its cloud revenue rose 34% to 39.8 billion yuan in the September quarter, and capital "
    "expenditure reached 31.5 billion yuan. The company released Qwen3-Max last week, its largest model with more "
    "than 1 trillion parameters."
)


def news(published: str = "2025-11-25", source_id: str = "story_wire_2025_11_25") -> dict:
    return source_row("A story", "Story Wire", "https://example.org/story", published, "day", "news", source_id, "2026-12-03")


def rows(text: str, published: date, dataset, source: dict | None = None, validate_against=None) -> list[Proposal]:
    """The text's proposals, compared with the dataset and, given a data folder, checked against it (every problem
    a proposal's own)."""
    source = source or news(f"{published:%Y-%m-%d}")
    proposals = propose(extract(text, published, source["source_id"]), source, dataset)
    compare_with_data(proposals, dataset)
    if validate_against is not None:
        assert check_proposals(proposals, [source], read_files(validate_against)) == []
    return proposals


def only(proposals: list[Proposal], table: str) -> Proposal:
    (found,) = [p for p in proposals if p.table == table]
    return found
