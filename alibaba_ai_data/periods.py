"""Dates, the periods they stand for, and how they are written: one module for precision, quarters and years.

A date with a precision coarser than a day is the first day of its period (month, quarter or year); its period
ends on the period's last day. Alibaba's fiscal year ends on 31 March, so its fiscal quarters are calendar
quarters under other names.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

_PERIOD_CODES = {"month": "M", "quarter": "Q", "year": "Y"}
# pandas' quarters of a fiscal year ending in March, each fiscal year named by the calendar year it ends in.
ALIBABA_FISCAL_QUARTERS = "Q-MAR"


def period_end(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Last day of the period each date stands for, given its precision (day, month, quarter, year)."""
    ends = dates.copy()
    precision = precision.astype(str)
    for name, code in _PERIOD_CODES.items():
        mask = precision == name
        if mask.any():
            ends[mask] = dates[mask].dt.to_period(code).dt.end_time.dt.normalize()
    return ends


def not_period_start(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """True where a month-, quarter- or year-precision date is not the first day of its period."""
    prec = precision.astype(str)
    return (
        ((prec == "month") & (dates.dt.day != 1))
        | ((prec == "quarter") & ((dates.dt.day != 1) | ~dates.dt.month.isin([1, 4, 7, 10])))
        | ((prec == "year") & ((dates.dt.day != 1) | (dates.dt.month != 1)))
    )


def as_of_label(when: pd.Timestamp, precision: str) -> str:
    """A date written to its precision: 2025-02-13, Feb 2025, Q2 2025, 2025."""
    when = pd.Timestamp(when)
    if precision == "day":
        return f"{when:%Y-%m-%d}"
    if precision == "month":
        return f"{when:%b %Y}"
    if precision == "quarter":
        return f"Q{when.quarter} {when.year}"
    return f"{when.year}"


def approximate_label(start: pd.Timestamp, precision: str, end: pd.Timestamp | None = None) -> str:
    """A date or span written to its precision, with ≈ when it is not known to the day."""
    label = as_of_label(start, precision)
    if end is not None and not pd.isna(end):
        return f"{label} to {pd.Timestamp(end):%Y-%m-%d}"
    return label if precision == "day" else f"≈ {label}"


def quarter_start(year: int, quarter: int) -> date:
    """First day of a calendar quarter (1-4)."""
    return date(year, 3 * (quarter - 1) + 1, 1)


def period_floor(dates: pd.Series, cadence: str) -> pd.Series:
    """First day of the quarter or year each date falls in."""
    return dates.dt.to_period("Q" if cadence == "quarter" else "Y").dt.start_time.dt.normalize()


def period_end_of(start: pd.Timestamp, cadence: str) -> pd.Timestamp:
    """Last day of the quarter or year that starts on ``start``."""
    return (start + (pd.offsets.QuarterEnd(0) if cadence == "quarter" else pd.offsets.YearEnd(0))).normalize()


def calendar_label(quarter_start: pd.Timestamp) -> str:
    """'Apr-Jun 2025' for the quarter starting 2025-04-01."""
    start = pd.Timestamp(quarter_start)
    end = start + pd.offsets.QuarterEnd(0)
    return f"{start:%b}-{end:%b %Y}"


def cadence_label(start: pd.Timestamp, cadence: str) -> str:
    """'Apr-Jun 2025' for a quarter, '2026' for a year."""
    return f"{pd.Timestamp(start).year}" if cadence == "year" else calendar_label(start)


def fiscal_label(quarter_start: pd.Timestamp) -> str:
    """Alibaba's fiscal label for a calendar quarter (its fiscal year ends on 31 March): Apr-Jun 2025 -> FY2026 Q1."""
    fiscal = pd.Timestamp(quarter_start).to_period(ALIBABA_FISCAL_QUARTERS)
    return f"FY{fiscal.qyear} Q{fiscal.quarter}"
