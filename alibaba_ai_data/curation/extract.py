"""Candidates from an article: one per figure or date a sentence states, with the verbatim excerpt that says it.

Each sentence is read for its figures (figures.py), the dates it names (dates.py), the periods its figures measure
(periods.py) and what each figure measures (measures.py). A candidate keeps the reported date apart from the
period measured, and says 'unclear' where the sentence does not settle something.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import date

import pandas as pd

from alibaba_ai_data.curation.dates import find_dates
from alibaba_ai_data.curation.figures import BARE_NAMES, MODEL, TRIPLE, find_figures
from alibaba_ai_data.curation.measures import attach, estimate_basis, speaker, spending_scope, statement_kind
from alibaba_ai_data.curation.periods import find_periods, nearest_period
from alibaba_ai_data.curation.text import clause_span, excerpt, sentences


@dataclass
class Candidate:
    """One proposed row: where it goes, what it says, when, and the verbatim excerpt that says it."""

    table: str
    kind: str
    entity: str
    value: str
    value_high: str
    unit: str
    currency: str
    qualifier: str
    basis: str
    date: str
    date_precision: str
    date_inferred: bool
    evidence: str
    source_id: str = ""
    # The period the figure measures, apart from the date it was reported (empty: the sentence names none).
    period_start: str = ""
    period_end: str = ""
    period_precision: str = ""
    period_label: str = ""
    period_inferred: bool = False
    # What the figure measures, read from the noun phrase it attaches to in its clause ('unclear' when the clause
    # names none), and the words that say so.
    measure: str = ""
    measure_phrase: str = ""
    # 'estimate' when the clause calls the figure an estimate or forecast; otherwise the source states it.
    figure_basis: str = "stated"
    # For spending: what it covers as the clause states it ('unclear' when it does not say).
    scope: str = ""
    # For a statement about a spending target: reaffirmed, raise_signalled, raise_reported, announced or unclear.
    statement: str = ""
    speaker: str = ""
    # For a release: the largest and the active parameter counts (billions) and the licence, where stated.
    max_params_b: str = ""
    active_params_b: str = ""
    licence: str = ""
    # A money figure in brackets after another ('380 billion yuan (approximately $53 billion)') is its conversion.
    converts: str = ""


def _reported_date(sentence: str, dates: list, at: tuple[int, int]) -> tuple:
    """The date for a figure: one in its own clause, else a day elsewhere in the sentence ('said on Thursday ...,
    and capex reached ...'). A month or a year in another clause ('the stock rose 90% this year') is that clause's."""
    a, b = clause_span(sentence, at)
    own = [d for d in dates if a <= d[3][0] < b]
    if own:
        return own[0]
    days = [d for d in dates if d[1] == "day"]
    return days[0] if days else ("", "", False, None)


ENTITY = re.compile(
    r"\b(Alibaba Cloud|Alibaba|Qwen|DeepSeek|Meta|Llama|Tencent|Baidu|Microsoft|Alphabet|Google|Amazon|OpenAI|Moonshot|Zhipu|MiniMax|Apple)\b"
)
TABLE_FOR = {
    "money": "investments",
    "percentage": "metrics",
    "count": "metrics",
    "streak": "metrics",
    "rank": "metrics",
    "release": "releases",
    "date": "events",
}


def extract(text: str, published: date, source_id: str = "") -> list[Candidate]:
    """Every candidate row in the text, in reading order."""
    candidates: list[Candidate] = []
    for span in sentences(text):
        sentence = text[span[0] : span[1]]
        entity_match = ENTITY.search(sentence)
        entity = entity_match.group(1) if entity_match else ""
        periods = find_periods(sentence, published, entity)
        # The reported date is a date that is not a measured period ('on Thursday', not 'the September quarter').
        every_date = find_dates(sentence, published)
        dates = [d for d in every_date if not any(p.span[0] <= d[3][0] < p.span[1] for p in periods)] or every_date
        found = find_figures(sentence)
        for item in found:
            when = _reported_date(sentence, dates, item["span"])
            measured = nearest_period(periods, item["span"]) if item["kind"] != "release" else None
            at = (span[0] + item["span"][0], span[0] + item["span"][1])
            if item["kind"] in ("release", "date"):
                about = {"measure": "release" if item["kind"] == "release" else "", "measure_phrase": ""}
            elif item["kind"] == "streak":
                # The streak the tracker records is triple-digit growth in AI-related revenue; any other is unclear.
                ai_streak = TRIPLE.search(sentence) and re.search(r"\bAI\b", sentence)
                about = {
                    "measure": "AI revenue streak" if ai_streak else "unclear",
                    "measure_phrase": sentence[item["span"][0] : item["span"][1]],
                }
            elif item["kind"] == "rank":
                about = attach(sentence, "rank", "", item["span"])
                about["measure"] = about["measure"] if about["measure"].endswith("rank") else "unclear"
                named = [m for m in MODEL.finditer(sentence) if m.group(0).strip() not in BARE_NAMES]
                if about["measure"] != "cloud provider rank" and named:
                    item["entity"] = min(named, key=lambda m: abs(m.start() - item["span"][0])).group(0).strip()
            else:
                about = attach(sentence, item["kind"], item.get("unit", ""), item["span"])
            spending = about["measure"] in ("capital expenditure", "commitment")
            candidates.append(
                Candidate(
                    table=TABLE_FOR[item["kind"]],
                    kind=item["kind"],
                    entity=item.get("entity") or entity,
                    value=item.get("value", ""),
                    value_high=item.get("value_high", ""),
                    unit=item.get("unit", ""),
                    currency=item.get("currency", ""),
                    qualifier=item.get("qualifier", "as stated"),
                    basis=item.get("basis", ""),
                    date=when[0],
                    date_precision=when[1],
                    date_inferred=when[2],
                    evidence=excerpt(text, span, at),
                    source_id=source_id,
                    period_start=measured.start if measured else "",
                    period_end=measured.end if measured else "",
                    period_precision=measured.precision if measured else "",
                    period_label=measured.label if measured else "",
                    period_inferred=measured.inferred if measured else False,
                    measure=about["measure"],
                    measure_phrase=about["measure_phrase"],
                    figure_basis=estimate_basis(sentence, item["span"]),
                    scope=spending_scope(sentence, item["span"]) if spending else "",
                    statement=statement_kind(sentence) if about["measure"] == "commitment" else "",
                    speaker=speaker(sentence, entity) if about["measure"] == "commitment" else "",
                    max_params_b=item.get("max_params_b", ""),
                    active_params_b=item.get("active_params_b", ""),
                    licence=item.get("licence", ""),
                    converts=item.get("converts", ""),
                )
            )
        if not found:
            for iso, precision, inferred, (a, b) in every_date:
                candidates.append(
                    Candidate(
                        table="events",
                        kind="date",
                        entity=entity,
                        value=iso,
                        value_high="",
                        unit="date",
                        currency="",
                        qualifier="as stated",
                        basis="",
                        date=iso,
                        date_precision=precision,
                        date_inferred=inferred,
                        evidence=excerpt(text, span, (span[0] + a, span[0] + b)),
                        source_id=source_id,
                    )
                )
    return candidates


COLUMNS = [f.name for f in fields(Candidate)]


def candidates_frame(candidates: list[Candidate]) -> pd.DataFrame:
    """The candidates as a frame, one column per Candidate field."""
    return pd.DataFrame([asdict(c) for c in candidates], columns=COLUMNS)
