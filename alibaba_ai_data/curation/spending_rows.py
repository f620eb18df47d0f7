"""Rows for the spending tables from a candidate: capex_quarters (a quarter's reported spending),
pledge_statements (what a statement does to a spending target) and investments (guidance, commitments, deals)."""

from __future__ import annotations

import pandas as pd

from alibaba_ai_data.curation.cells import (
    UNCLEAR,
    amount_bn,
    notes,
    number_text,
    row_confidence,
    row_evidence,
    when_reported,
)
from alibaba_ai_data.curation.extract import Candidate
from alibaba_ai_data.curation.text import slug
from alibaba_ai_data.periods import calendar_label, fiscal_label


def capex_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    """A capex_quarters row: a quarter's (or a longer period's) reported spending, labelled on both calendars."""
    unclear = []
    company = "Alibaba" if c.entity in ("Alibaba", "Alibaba Cloud") else (c.entity or UNCLEAR)
    if company == UNCLEAR:
        unclear.append("company")
    quarter = c.period_precision == "quarter"
    if not c.period_start:
        unclear.append("period")
    start = pd.Timestamp(c.period_start) if c.period_start else None
    scope = c.scope or UNCLEAR
    if scope == UNCLEAR:
        unclear.append("scope")
    reported, precision = when_reported(c, source)
    row = {
        "capex_id": slug(f"capex_{company}_{c.period_start or 'unclear'}_{source['source_id']}"),
        "company": company,
        "row_kind": "quarter" if quarter or not c.period_start else "cumulative",
        "period_start": c.period_start,
        "period_end": c.period_end,
        "calendar_label": calendar_label(start) if quarter and start is not None else (c.period_label or UNCLEAR),
        "fiscal_label": fiscal_label(start) if quarter and start is not None and company == "Alibaba" else UNCLEAR,
        "amount_bn": number_text(amount_bn(c)),
        "currency": c.currency,
        "qualifier": c.qualifier if c.qualifier in ("as stated", "more than", "about") else "as stated",
        "figure_basis": c.figure_basis,
        "scope": scope,
        "scope_as_stated": c.measure_phrase or UNCLEAR,
        "reported": reported,
        "reported_precision": precision,
        "source_id": source["source_id"],
        "evidence": row_evidence(c, source),
        "confidence": row_confidence(source),
        "notes": notes(
            f"measures {c.period_label}" if c.period_label else "the sentence names no period",
            "year inferred from the publication date" if c.period_inferred else "",
        ),
    }
    if row["fiscal_label"] == UNCLEAR:
        unclear.append("fiscal_label")
    return "capex_quarters", row, unclear


def pledge_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    """A pledge_statements row: what the sentence does to a spending target, who said it and when."""
    kind = c.statement or UNCLEAR
    unclear = ["kind"] if kind == UNCLEAR else []
    if c.speaker in ("", UNCLEAR):
        unclear.append("speaker")
    date_, precision = when_reported(c, source)
    row = {
        "statement_id": slug(f"pledge_{kind}_{date_}"),
        "date": date_,
        "date_precision": precision,
        "date_basis": "stated",
        "speaker": c.speaker or UNCLEAR,
        "kind": kind,
        "status": "reported" if kind == "raise_reported" else "confirmed",
        "summary": f"Target of {c.currency} {number_text(amount_bn(c))}bn, {kind.replace('_', ' ')} (proposed from the sentence).",
        "target_bn": number_text(amount_bn(c)),
        "currency": c.currency,
        "source_id": source["source_id"],
        "evidence": row_evidence(c, source),
        "confidence": row_confidence(source),
        "notes": notes("date inferred from a relative phrase" if c.date_inferred else ""),
    }
    return "pledge_statements", row, unclear


def investment_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    """An investments row: an amount (or range) an investor announced, in USD where it was reported so."""
    low = amount_bn(c)
    high = float(c.value_high) * (low / float(c.value)) if c.value_high and float(c.value) else low
    category = "capex_guidance" if c.measure == "capital expenditure" else UNCLEAR
    fx = "1" if c.currency == "USD" else UNCLEAR
    announced, precision = when_reported(c, source)
    row = {
        "investment_id": slug(f"{c.entity}_{c.measure}_{announced}"),
        "investor": c.entity or UNCLEAR,
        "category": category,
        "description": UNCLEAR,
        "amount_low_bn": number_text(low),
        "amount_high_bn": number_text(high),
        "currency": c.currency,
        "qualifier": c.qualifier if c.qualifier in ("as stated", "more than", "about", "range") else "as stated",
        "figure_basis": c.figure_basis,
        "fx_usd_per_unit": fx,
        "fx_basis": "reported in USD" if fx == "1" else UNCLEAR,
        "amount_usd_low_bn": number_text(low) if fx == "1" else UNCLEAR,
        "amount_usd_high_bn": number_text(high) if fx == "1" else UNCLEAR,
        "period_start": c.period_start,
        "period_end": c.period_end,
        "period_years": "",
        "announced": announced,
        "date_precision": precision,
        "date_basis": "reported_by",
        "targets": "",
        "source_id": source["source_id"],
        "evidence": row_evidence(c, source),
        "date_source_id": "",
        "notes": notes(f"what the figure measures is {c.measure}" if c.measure != UNCLEAR else "what it measures is unclear"),
    }
    unclear = [name for name, value in row.items() if value == UNCLEAR]
    return "investments", row, unclear
