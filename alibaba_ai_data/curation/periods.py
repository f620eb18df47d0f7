"""The periods a sentence says its figures measure, kept apart from the date a figure was reported.

Calendar quarters ('the September quarter', 'Q3 2025'), fiscal quarters, halves and years are pandas periods: a
fiscal phrase is read with the company's fiscal-year frequency (Alibaba's is ``Q-MAR``: its fiscal 2026 runs from
April 2025 to March 2026, as capex_quarters.csv labels quarters), so no month arithmetic is done by hand. 'The
quarter' or 'for the year' with no year in the sentence is left unclear for the curator.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from alibaba_ai_data.curation.dates import MONTHS, QUARTER_WORDS
from alibaba_ai_data.periods import ALIBABA_FISCAL_QUARTERS, calendar_label

# Companies whose fiscal year the tracker maps to the calendar: the month its fiscal year ends.
FISCAL_YEAR_END = {"Alibaba": 3, "Alibaba Cloud": 3}
# A year outside this range is no period this tracker could record ('Q1 0000' is left out rather than raised).
PLAUSIBLE_YEARS = range(1900, 2200)


@dataclass(frozen=True)
class Period:
    """A period a figure measures: first and last day, precision (quarter, half or year), a label in words, whether
    the year was inferred from the publication date, and where the phrase sits in the sentence."""

    start: str
    end: str
    precision: str
    label: str
    inferred: bool
    span: tuple[int, int]


def _quarters(end_month: int) -> str:
    """pandas' quarterly frequency for a fiscal year ending in that month ('Q-MAR'; 'Q-DEC' is the calendar)."""
    return f"Q-{calendar.month_abbr[end_month].upper()}"


def _days(first: pd.Period, last: pd.Period) -> tuple[str, str]:
    """ISO first day of one period and last day of another."""
    return first.start_time.date().isoformat(), last.end_time.date().isoformat()


def _quarter(quarter: pd.Period, inferred: bool, span: tuple[int, int]) -> Period:
    """A quarter labelled in calendar months and a fiscal name: a fiscal phrase's own, else Alibaba's."""
    fiscal = quarter if quarter.freqstr != "Q-DEC" else quarter.asfreq(ALIBABA_FISCAL_QUARTERS)
    label = f"{calendar_label(quarter.start_time)} (FY{fiscal.qyear} Q{fiscal.quarter})"
    return Period(*_days(quarter, quarter), "quarter", label, inferred, span)


def _span_label(first: pd.Period, last: pd.Period, name: str) -> str:
    return f"{first.start_time:%b %Y}-{last.end_time:%b %Y} ({name})"


FISCAL_QUARTER_PHRASES = [
    # 'fiscal Q2 2026', 'FY2026 Q2', 'the second quarter of fiscal 2026', 'fiscal 2026 second quarter': (quarter, year)
    (r"\bfiscal\s+Q([1-4])\s+(\d{4})\b", lambda m: (int(m[1]), int(m[2]))),
    (r"\bFY\s?(\d{4})\s?Q([1-4])\b", lambda m: (int(m[2]), int(m[1]))),
    (
        r"\b(?:the\s+)?(first|second|third|fourth|Q[1-4])\s+(?:quarter\s+)?of\s+(?:the\s+)?fiscal\s+(?:year\s+)?(\d{4})\b",
        lambda m: (QUARTER_WORDS.get(m[1].lower()) or int(m[1][1]), int(m[2])),
    ),
    (
        r"\bfiscal\s+(?:year\s+)?(\d{4})\s+(first|second|third|fourth)\s+quarter\b",
        lambda m: (QUARTER_WORDS[m[2].lower()], int(m[1])),
    ),
]


def find_periods(sentence: str, published: date, entity: str = "") -> list[Period]:
    """The periods a sentence says its figures measure, in reading order. Fiscal phrases are mapped with the
    company's fiscal year; another company's fiscal phrase is kept unmapped, with its words as the label."""
    found: list[Period] = []
    end_month = FISCAL_YEAR_END.get(entity)

    def taken(at: int) -> bool:
        return any(p.span[0] <= at < p.span[1] for p in found)

    def matches(pattern: str):
        """The phrase's matches not inside one already read."""
        return (m for m in re.finditer(pattern, sentence, re.IGNORECASE) if not taken(m.start()))

    for pattern, parts in FISCAL_QUARTER_PHRASES:
        for m in matches(pattern):
            quarter, fiscal_year = parts(m)
            if end_month is None:
                label = f"{m[0]} (fiscal calendar of {entity or 'this company'} not mapped)"
                found.append(Period("", "", "quarter", label, False, m.span()))
                continue
            if fiscal_year not in PLAUSIBLE_YEARS:
                continue
            found.append(_quarter(pd.Period(year=fiscal_year, quarter=quarter, freq=_quarters(end_month)), False, m.span()))
    # Halves: 'the first half of 2025', 'the first half of fiscal 2026'.
    for m in matches(r"\b(?:the\s+)?(first|second)\s+half\s+of\s+(fiscal\s+(?:year\s+)?)?(\d{4})\b"):
        half, fiscal, year = (1 if m[1].lower() == "first" else 2), bool(m[2]), int(m[3])
        if fiscal and end_month is None:
            found.append(Period("", "", "half", f"{m[0]} (fiscal calendar not mapped)", False, m.span()))
            continue
        if year not in PLAUSIBLE_YEARS:
            continue
        first = pd.Period(year=year, quarter=2 * half - 1, freq=_quarters(end_month if fiscal else 12))
        name = f"H{half} FY{year}" if fiscal else f"H{half} {year}"
        found.append(Period(*_days(first, first + 1), "half", _span_label(first, first + 1, name), False, m.span()))
    # Years: 'fiscal 2025', 'fiscal year 2025', 'for the year 2025', 'full-year 2025'.
    for m in matches(r"\bfiscal\s+(?:year\s+)?(\d{4})\b"):
        if end_month is None:
            found.append(Period("", "", "year", f"{m[0]} (fiscal calendar not mapped)", False, m.span()))
            continue
        if int(m[1]) not in PLAUSIBLE_YEARS:
            continue
        first = pd.Period(year=int(m[1]), quarter=1, freq=_quarters(end_month))
        found.append(Period(*_days(first, first + 3), "year", _span_label(first, first + 3, f"FY{m[1]}"), False, m.span()))
    for m in matches(r"\b(?:for\s+the\s+(?:full\s+)?year|full[- ]year)\s+(\d{4})\b"):
        found.append(Period(f"{m[1]}-01-01", f"{m[1]}-12-31", "year", f"calendar {m[1]}", False, m.span()))
    # Calendar quarters: 'the September quarter (of 2025)', 'the third quarter of 2025', 'Q3 2025'.
    for m in matches(r"\b(?:the\s+)?(march|june|september|december)[- ]quarter(?:\s+(?:of\s+)?(\d{4}))?"):
        last_month = MONTHS[m[1].lower()]
        if m[2]:
            year, inferred = int(m[2]), False
        else:  # the latest such quarter ending before the publication date
            year, inferred = (published.year if last_month < published.month else published.year - 1), True
        if year not in PLAUSIBLE_YEARS:
            continue
        found.append(_quarter(pd.Period(year=year, quarter=last_month // 3, freq="Q"), inferred, m.span()))
    for pattern in (r"\b(?:the\s+)?(first|second|third|fourth)\s+quarter\s+of\s+(\d{4})\b", r"\bQ([1-4])\s?(\d{4})\b"):
        for m in matches(pattern):
            if int(m[2]) not in PLAUSIBLE_YEARS:
                continue
            quarter = QUARTER_WORDS.get(m[1].lower()) or int(m[1])
            found.append(_quarter(pd.Period(year=int(m[2]), quarter=quarter, freq="Q"), False, m.span()))
    # Named without a year: the curator decides.
    for m in re.finditer(
        r"\b(?:in\s+|for\s+|during\s+)?the\s+(?:(first|second|third|fourth)\s+)?quarter\b|\bfor\s+the\s+(?:full\s+)?year\b",
        sentence,
        re.IGNORECASE,
    ):
        if not taken(m.start()) and not any(p.span[0] <= m.end() - 1 < p.span[1] for p in found):
            found.append(Period("", "", "", f"unclear ({m[0].strip()}: the sentence gives no year)", False, m.span()))
    return sorted(found, key=lambda p: p.span[0])


def nearest_period(periods: list[Period], at: tuple[int, int]) -> Period | None:
    """The period phrase closest to a figure in its sentence (after it on a tie: 'rose 34% in the September quarter')."""
    if not periods:
        return None
    return min(periods, key=lambda p: (min(abs(p.span[0] - at[1]), abs(at[0] - p.span[1])), p.span[0] < at[0]))
