"""Parse the shareable URL state (?start=YYYY-MM-DD&end=YYYY-MM-DD&...) without trusting it.

Pure functions: no Streamlit. Every problem becomes a plain-text warning and the defaults apply.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from alibaba_ai_data.schema import EARLIEST_DATE, LATEST_DATE

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
RANGE_PARAMS = ("start", "end")
# The preset that shows every date the data covers (one click away in the sidebar).
ALL_DATES = "All dates"
MAX_SHOWN = 24


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of calendar days."""

    start: date
    end: date

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"

    def as_params(self) -> dict[str, str]:
        return {"start": f"{self.start:%Y-%m-%d}", "end": f"{self.end:%Y-%m-%d}"}


def shown(value: str) -> str:
    """A user-supplied value cut down to letters, digits, '_', '.' and '-' (and cut short) before it is echoed."""
    cleaned = re.sub(r"[^0-9A-Za-z_.-]", "", value)[:MAX_SHOWN]
    return cleaned or "(unreadable)"


def parse_date(name: str, value: str) -> tuple[date | None, str | None]:
    if not ISO_DATE.fullmatch(value):
        return None, f"'{name}' must be a date written YYYY-MM-DD, got '{shown(value)}'"
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None, f"'{name}' is not a real calendar date: '{shown(value)}'"
    if not EARLIEST_DATE.date() <= parsed <= LATEST_DATE.date():
        return None, (
            f"'{name}' {parsed:%Y-%m-%d} is outside the supported window {EARLIEST_DATE:%Y-%m-%d} to {LATEST_DATE:%Y-%m-%d}"
        )
    return parsed, None


def parse_date_range(params: Mapping[str, Sequence[str]], default: DateRange) -> tuple[DateRange, list[str]]:
    """The range a link asks for, or the default with warnings when the link is malformed.

    A missing end (or start) takes the default's; anything unreadable, repeated, reversed or out of
    the supported window discards the link's range entirely.
    """
    values: dict[str, date] = {}
    warnings: list[str] = []
    for name in RANGE_PARAMS:
        given = list(params.get(name, []))
        if not given:
            continue
        if len(given) > 1:
            warnings.append(f"'{name}' was given {len(given)} times; give it once")
            continue
        parsed, problem = parse_date(name, given[0])
        if problem:
            warnings.append(problem)
        else:
            values[name] = parsed
    if warnings:
        return default, warnings
    chosen = DateRange(values.get("start", default.start), values.get("end", default.end))
    if chosen.start > chosen.end:
        return default, [f"start {chosen.start:%Y-%m-%d} is after end {chosen.end:%Y-%m-%d}"]
    return chosen, []


def parse_choice(params: Mapping[str, Sequence[str]], name: str, choices: Sequence[str], default: str) -> tuple[str, list[str]]:
    """One value from a fixed list, or the default with a warning."""
    given = list(params.get(name, []))
    if not given:
        return default, []
    if len(given) == 1 and given[0] in choices:
        return given[0], []
    return default, [f"'{name}' must be one of {', '.join(choices)}; got '{shown(given[-1])}'"]


def unknown_params(params: Mapping[str, Sequence[str]], known: Sequence[str]) -> list[str]:
    """A warning naming link parameters this page does not use (they are ignored)."""
    unknown = [shown(name) for name in params if name not in known]
    if not unknown:
        return []
    return [f"ignored unknown link parameter{'s' if len(unknown) > 1 else ''}: {', '.join(sorted(unknown)[:5])}"]


def parse_multi_choice(
    params: Mapping[str, Sequence[str]], name: str, choices: Sequence[str]
) -> tuple[tuple[str, ...], list[str]]:
    """Several values from a fixed list (repeated parameters or comma-separated); unknown values are dropped
    with a warning naming the parameter and the allowed values."""
    given = [part.strip() for value in params.get(name, []) for part in value.split(",") if part.strip()]
    if not given:
        return (), []
    lookup = {choice.casefold(): choice for choice in choices}
    kept = tuple(dict.fromkeys(lookup[v.casefold()] for v in given if v.casefold() in lookup))
    bad = [v for v in given if v.casefold() not in lookup]
    if not bad:
        return kept, []
    allowed = ", ".join(choices[:12]) + (" ..." if len(choices) > 12 else "")
    return kept, [
        f"'{name}' has no value '{shown(bad[0])}'"
        + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else "")
        + f"; allowed: {allowed}"
    ]
