"""Candidates from an article: one per figure or date, each with its verbatim excerpt, date and measured period."""

from __future__ import annotations

from datetime import date

from alibaba_ai_data.curation.extract import candidates_frame, extract
from tests.conftest import ROOT
from tests.curation.conftest import STORY


def test_every_excerpt_is_verbatim_and_at_most_25_words():
    text = (ROOT / "tests" / "fixtures" / "seeds" / "001_0b5bb6ea946f3403.txt").read_text(encoding="utf-8")
    candidates = extract(text, date(2025, 10, 21))
    assert len(candidates) > 10
    for c in candidates:
        assert c.evidence in text and 0 < len(c.evidence.split()) <= 25


def test_the_story_keeps_the_reported_day_apart_from_the_quarter_it_measures():
    """Issue 24's story (published 2025-11-25): every figure was dated the Thursday of the sentence. The period it
    measures is now its own column: Jul-Sep 2025, Alibaba's fiscal 2026 second quarter, with the year inferred."""
    figures = [c for c in extract(STORY, date(2025, 11, 25)) if c.kind in ("money", "percentage")]
    assert {c.value for c in figures} >= {"34", "39.8", "31.5"}
    for c in figures:
        assert (c.date, c.date_precision, c.date_inferred) == ("2025-11-20", "day", True)  # said on Thursday
        assert (c.period_start, c.period_end, c.period_precision) == ("2025-07-01", "2025-09-30", "quarter")
        assert c.period_label == "Jul-Sep 2025 (FY2026 Q2)" and c.period_inferred


def test_candidates_frame_has_a_column_per_field():
    frame = candidates_frame(extract(STORY, date(2025, 11, 25)))
    assert {"table", "measure", "period_start", "converts"} <= set(frame.columns) and len(frame) >= 4
