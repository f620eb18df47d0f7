"""The dates a sentence names: ISO first day, precision, whether it was inferred, and where it sits.

Explicit dates ('February 24, 2025', 'August 2023', 'Q3 2025', 'mid-2023') are read as written; a day the calendar
does not have ('February 30, 2025') names no date and is left out. Phrases relative to the publication date ('last
week', 'on Tuesday', 'the December quarter') are resolved against it and marked inferred.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTH_NAMES = "|".join(MONTHS)

# (ISO first day, precision, inferred from the publication date, span in the sentence)
FoundDate = tuple[str, str, bool, tuple[int, int]]


def _day(year: int, month: int, day: int) -> str | None:
    """The ISO day, or None for a day the calendar does not have ("February 30, 2025" names no date)."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _explicit_days(sentence: str) -> tuple[list[FoundDate], list[tuple[int, int]]]:
    """Days written out, and the spans of those the calendar does not have."""
    days = [
        (m, _day(int(m[3]), MONTHS[m[1].lower()], int(m[2])))
        for m in re.finditer(rf"\b({MONTH_NAMES})\s+(\d{{1,2}}),\s+(\d{{4}})\b", sentence, re.IGNORECASE)
    ]
    days += [
        (m, _day(int(m[3]), MONTHS[m[2].lower()], int(m[1])))
        for m in re.finditer(rf"\b(\d{{1,2}})\s+({MONTH_NAMES})\s+(\d{{4}})\b", sentence, re.IGNORECASE)
    ]
    days += [
        (m, _day(int(m[1]), int(m[2]), int(m[3])) if 1 <= int(m[2]) <= 12 else None)
        for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", sentence)
    ]
    return [(iso, "day", False, m.span()) for m, iso in days if iso is not None], [m.span() for m, iso in days if iso is None]


def _relative(sentence: str, published: date) -> list[FoundDate]:
    """Phrases relative to the publication date, resolved against it and marked inferred."""
    found: list[FoundDate] = []
    relative = [
        (r"\blast week\b", lambda: ((published - timedelta(days=7)).isoformat(), "day")),
        (r"\byesterday\b", lambda: ((published - timedelta(days=1)).isoformat(), "day")),
        (r"\b(?:earlier this year|this year)\b", lambda: (f"{published.year}-01-01", "year")),
        (r"\blast year\b", lambda: (f"{published.year - 1}-01-01", "year")),
        (r"\bthis month\b", lambda: (published.replace(day=1).isoformat(), "month")),
        (r"\blast month\b", lambda: ((published.replace(day=1) - timedelta(days=1)).replace(day=1).isoformat(), "month")),
    ]
    for pattern, resolve in relative:
        for m in re.finditer(pattern, sentence, re.IGNORECASE):
            iso, precision = resolve()
            found.append((iso, precision, True, m.span()))
    for m in re.finditer(rf"\bon ({'|'.join(WEEKDAYS)})\b", sentence, re.IGNORECASE):
        back = (published.weekday() - WEEKDAYS.index(m[1].lower())) % 7
        found.append(((published - timedelta(days=back)).isoformat(), "day", True, m.span()))
    for m in re.finditer(r"\bthe (march|june|september|december) quarter\b", sentence, re.IGNORECASE):
        end_month = MONTHS[m[1].lower()]
        year = published.year if end_month < published.month else published.year - 1
        found.append((date(year, end_month - 2, 1).isoformat(), "quarter", True, m.span()))
    return found


def find_dates(sentence: str, published: date) -> list[FoundDate]:
    """Dates in a sentence as (ISO date, precision, inferred, span), in reading order; impossible days are left
    out rather than raised."""
    found, impossible = _explicit_days(sentence)
    months = [
        (m, "month", _day(int(m[2]), MONTHS[m[1].lower()], 1))
        for m in re.finditer(rf"\b({MONTH_NAMES})\s+(\d{{4}})\b", sentence, re.IGNORECASE)
    ]
    months += [
        (m, "quarter", _day(int(m[2]), 3 * QUARTER_WORDS[m[1].lower()] - 2, 1))
        for m in re.finditer(r"\b(?:the\s)?(first|second|third|fourth)\squarter\sof\s(\d{4})\b", sentence, re.IGNORECASE)
    ]
    months += [(m, "quarter", _day(int(m[2]), 3 * int(m[1]) - 2, 1)) for m in re.finditer(r"\bQ([1-4])\s?(\d{4})\b", sentence)]
    found += [(iso, precision, False, m.span()) for m, precision, iso in months if iso is not None]  # no year 0
    for m in re.finditer(r"\b(?:mid-|early |late )?(20[12]\d)\b", sentence):
        if not any(a <= m.start() < b for *_x, (a, b) in found):
            found.append((f"{m[1]}-01-01", "year", False, m.span()))
    found += _relative(sentence, published)
    # An impossible day is no date at all: not its month ('31 April 2025'), not its year.
    found = [f for f in found if not any(a <= f[3][0] < b for a, b in impossible)]
    return sorted(found, key=lambda f: f[3][0])
