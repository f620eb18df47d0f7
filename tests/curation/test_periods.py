"""Periods a figure measures: every phrasing maps to its calendar span through pandas' fiscal periods."""

from __future__ import annotations

from datetime import date

import pytest

from alibaba_ai_data.curation.extract import extract
from alibaba_ai_data.curation.periods import find_periods
from tests.curation.conftest import STORY


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision", "label"),
    [
        (
            "Alibaba's capex was RMB 38.6 billion in fiscal Q1 2026.",
            "2025-04-01",
            "2025-06-30",
            "quarter",
            "Apr-Jun 2025 (FY2026 Q1)",
        ),
        ("Alibaba's revenue rose 5% in FY2025 Q4.", "2025-01-01", "2025-03-31", "quarter", "Jan-Mar 2025 (FY2025 Q4)"),
        (
            "Alibaba's cloud revenue grew 26% in the second quarter of fiscal 2026.",
            "2025-07-01",
            "2025-09-30",
            "quarter",
            "Jul-Sep 2025 (FY2026 Q2)",
        ),
        (
            "Alibaba spent RMB 70 billion in the first half of fiscal 2026.",
            "2025-04-01",
            "2025-09-30",
            "half",
            "Apr 2025-Sep 2025 (H1 FY2026)",
        ),
        ("Alibaba's revenue grew 6% in fiscal 2025.", "2024-04-01", "2025-03-31", "year", "Apr 2024-Mar 2025 (FY2025)"),
        (
            "Tencent spent RMB 12.98 billion in the first half of 2025.",
            "2025-01-01",
            "2025-06-30",
            "half",
            "Jan 2025-Jun 2025 (H1 2025)",
        ),
        ("Alibaba's capex rose 50% in Q3 2025.", "2025-07-01", "2025-09-30", "quarter", "Jul-Sep 2025 (FY2026 Q2)"),
        (
            "Alibaba's capex rose 50% in the December quarter of 2024.",
            "2024-10-01",
            "2024-12-31",
            "quarter",
            "Oct-Dec 2024 (FY2025 Q3)",
        ),
    ],
)
def test_each_phrasing_of_a_period_maps_to_its_calendar_span(sentence, start, end, precision, label):
    figure = next(c for c in extract(sentence, date(2025, 11, 25)) if c.kind in ("money", "percentage"))
    assert (figure.period_start, figure.period_end, figure.period_precision, figure.period_label) == (
        start,
        end,
        precision,
        label,
    )
    assert not figure.period_inferred


def test_a_period_the_sentence_does_not_pin_down_is_unclear_not_guessed():
    vague = next(c for c in extract("Alibaba's capex was RMB 31.5 billion in the quarter.", date(2025, 11, 25)))
    assert vague.period_start == "" and vague.period_label.startswith("unclear")
    other = next(
        c for c in extract("Microsoft's capex rose 20% in fiscal Q1 2026.", date(2025, 11, 25)) if c.kind == "percentage"
    )
    assert other.period_start == "" and "not mapped" in other.period_label  # only Alibaba's fiscal year is mapped
    release = next(c for c in extract(STORY, date(2025, 11, 25)) if c.kind == "release")
    assert release.period_start == "" and release.date == "2025-11-18"  # a release has a day, not a measured period


@pytest.mark.parametrize(
    "sentence",
    [
        "Alibaba spent RMB 5 billion in fiscal Q1 0000.",
        "Alibaba spent RMB 5 billion in Q1 0000.",
        "Capex in the first half of 0000.",
    ],
)
def test_a_year_no_calendar_holds_is_no_period_and_raises_nothing(sentence):
    assert find_periods(sentence, date(2025, 11, 25), "Alibaba") == []
