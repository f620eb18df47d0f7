"""Dates in a sentence: every kind resolves to an ISO first day with a precision; impossible days name no date."""

from __future__ import annotations

from datetime import date

import pytest

from alibaba_ai_data.curation.dates import find_dates

PUBLISHED = date(2025, 11, 27)  # a Thursday


@pytest.mark.parametrize(
    ("text", "iso", "precision", "inferred"),
    [
        ("In August 2023, Alibaba released Qwen-7B.", "2023-08-01", "month", False),
        ("Results for the second quarter of 2025 were strong.", "2025-04-01", "quarter", False),
        ("On February 24, 2025 it announced the plan.", "2025-02-24", "day", False),
        ("The plan was announced on 24 February 2025.", "2025-02-24", "day", False),
        ("Tsai returned in mid-2023.", "2023-01-01", "year", False),
        ("It said last week that demand was strong.", "2025-11-20", "day", True),
        ("Earlier this year, the company said so.", "2025-01-01", "year", True),
        ("The company said on Tuesday that it would spend more.", "2025-11-25", "day", True),
        ("Growth in the December quarter slowed.", "2024-10-01", "quarter", True),
        ("Spending in Q3 2025 rose.", "2025-07-01", "quarter", False),
    ],
)
def test_dates_resolve_to_iso_with_precision(text, iso, precision, inferred):
    first = find_dates(text, PUBLISHED)[0]
    assert first[:3] == (iso, precision, inferred)


@pytest.mark.parametrize(
    "text",
    [
        "On February 30, 2025, Alibaba said so.",
        "On 31 April 2025 it said so.",
        "It was filed on 2025-02-30.",
        "It was filed on 2025-13-01.",
        "Nothing happened in January 0000 or Q1 0000.",
    ],
)
def test_a_day_or_month_the_calendar_does_not_have_names_no_date_and_raises_nothing(text):
    assert find_dates(text, PUBLISHED) == []


def test_a_possible_day_beside_an_impossible_one_is_kept():
    found = find_dates("Not on February 30, 2025 but on March 3, 2025.", PUBLISHED)
    assert [(iso, precision) for iso, precision, _inferred, _span in found] == [("2025-03-03", "day")]
