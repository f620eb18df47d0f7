"""Cells every proposed row fills the same way: amounts, dates, confidence, evidence and notes, from a candidate and
its source. 'unclear' stands in a cell the sentence does not settle, for the curator to fill."""

from __future__ import annotations

import re

from alibaba_ai_data.curation.extract import Candidate
from alibaba_ai_data.schema import CONFIDENCE_BY_KIND

UNCLEAR = "unclear"


def amount_bn(candidate: Candidate) -> float:
    """A money figure in billions of its currency."""
    scale = {"billion": 1.0, "million": 1e-3, "thousand": 1e-6, "trillion": 1e3}.get(candidate.unit, 1.0)
    return float(candidate.value) * scale


def number_text(value: float) -> str:
    """A number as a cell: up to six decimals, no trailing zeros."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def row_confidence(source: dict) -> str:
    """The most a new row may claim from its source: primary and company high, news medium, the rest low."""
    allowed = CONFIDENCE_BY_KIND.get(source["kind"], ())
    return allowed[0] if allowed else "low"


def row_evidence(candidate: Candidate, source: dict) -> str:
    """The verbatim excerpt, for a row whose source is an article (only those carry one)."""
    return candidate.evidence if source["kind"] == "article" else ""


def when_reported(candidate: Candidate, source: dict) -> tuple[str, str]:
    """The day the figure was reported: the sentence's own date, else the source's publication date."""
    if candidate.date:
        return candidate.date, candidate.date_precision
    return source["published"], source["date_precision"]


def when_observed(candidate: Candidate, source: dict) -> tuple[str, str, str]:
    """When an observation holds: the quarter or year it measures, else its reported date (month of publication
    when the sentence gives none), with a note saying which."""
    if candidate.period_start and candidate.period_precision in ("quarter", "year"):
        note = f"measures {candidate.period_label}" + (
            " (year inferred from the publication date)" if candidate.period_inferred else ""
        )
        return candidate.period_start, candidate.period_precision, note
    if candidate.date:
        note = "date inferred from a relative phrase" if candidate.date_inferred else "as the sentence dates it"
        return candidate.date, candidate.date_precision, note
    month = source["published"][:7] + "-01"
    return month, "month", "dated by the source's publication month"


def period_basis(candidate: Candidate) -> str:
    """What a figure is measured over: 'quarter to <last day>', 'year to <last day>', or nothing."""
    if candidate.period_precision == "quarter":
        return f"quarter to {candidate.period_end}"
    if candidate.period_precision == "year":
        return f"year to {candidate.period_end}"
    return ""


def notes(*parts: str) -> str:
    """The row's notes: where it came from, and what the curator should know."""
    return "Proposed by curator intake; " + "; ".join(p for p in parts if p)


def normalised(text: object) -> str:
    """Text reduced to lower-case letters and digits, for comparing names."""
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())
