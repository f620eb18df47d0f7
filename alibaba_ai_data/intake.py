"""Curator intake: propose candidate rows (money, percentages, counts, streaks, ranks, releases, dates) from an
article's text, each with a verbatim excerpt of at most 25 words that contains the figure.

Rules, not a model: every candidate is a proposal a curator accepts, edits or drops. Dates resolve to ISO with a
precision; phrases relative to the publication date are resolved against it and marked inferred. The period a figure
measures ('the September quarter', 'fiscal Q2 2026', 'the first half of 2025') is kept apart from the date it was
reported, mapped to the calendar with Alibaba's fiscal year (ending in March), and left 'unclear' when the sentence
gives no year.

CLI: ``python -m alibaba_ai_data.intake ARTICLE.txt --published YYYY-MM-DD [--source-id ID] [--format csv|json]``
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import re
import sys
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from alibaba_ai_data.periods import calendar_label, fiscal_label, quarter_start
from alibaba_ai_data.schema import EVIDENCE_MAX_WORDS

MONTHS = {
    m: i
    for i, m in enumerate(
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
ORDINALS = {
    w: i
    for i, w in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"], 1
    )
}
NUMBER_WORDS = {
    w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
QUALIFIERS = [
    ("more than", "more than"),
    ("over", "more than"),
    ("above", "more than"),
    ("exceeding", "more than"),
    ("approximately", "about"),
    ("about", "about"),
    ("around", "about"),
    ("roughly", "about"),
    ("nearly", "about"),
    ("almost", "about"),
    ("some", "about"),
    ("at least", "at least"),
    ("up to", "at most"),
]

NUM = r"\d[\d,]*(?:\.\d+)?"
WORD_NUM = "|".join(NUMBER_WORDS)
SCALE = r"(?:thousand|million|billion|trillion|bn)"
MONEY = re.compile(
    rf"(?P<cur1>US\$|\$|USD\s?|RMB\s?|CNY\s?|¥)?\s?(?P<low>{NUM})\s?(?P<scale>{SCALE})?"
    rf"(?:\s?(?:-|–|to|and)\s?(?:US\$|\$|USD\s?|RMB\s?)?(?P<high>{NUM})\s?(?P<scale2>{SCALE})?)?"
    rf"\s?(?P<cur2>(?:Chinese\s+|China\s+)?yuan|renminbi|(?:US|U\.S\.)\s+dollars|dollars|USD|RMB)?",
    re.IGNORECASE,
)
PERCENT = re.compile(rf"(?P<low>{NUM})\s?(?:%|percent|per cent)", re.IGNORECASE)
COUNT = re.compile(
    rf"(?P<low>{NUM}|{WORD_NUM})\s*(?P<scale>{SCALE})?\s+(?P<between>(?:[A-Za-z][\w.\-]*\s+){{0,2}}?)"
    r"(?P<unit>downloads|derivative models|derived models|derivatives|models|users|customers|tokens|parameters|quarters)\b",
    re.IGNORECASE,
)
RANGE_COUNT = re.compile(
    rf"from\s+(?P<low>{NUM}|{WORD_NUM})\s*(?P<scale>{SCALE})?\s+to\s+(?P<high>{NUM}|{WORD_NUM})\s*(?P<scale2>{SCALE})?"
    r"(?:\s+(?P<unit>tokens|parameters|models|downloads))?",
    re.IGNORECASE,
)
HALF = re.compile(r"\b(?P<verb>lost|lose|losing|cut|halved)\s+(?:about\s+|roughly\s+)?half\b", re.IGNORECASE)
STREAK = re.compile(r"for\s+the\s+(?P<n>\w+)\s+(?:consecutive|straight)\s+quarter", re.IGNORECASE)
RANK = re.compile(
    r"(?P<top>top[- ]ranked|number one|No\. 1)|(?P<n>\w+)[- ](?:largest|biggest|place|ranked|most popular)", re.IGNORECASE
)
TRIPLE = re.compile(r"triple[- ]digit(?:s)?", re.IGNORECASE)
MODEL = re.compile(
    r"\b(?:Qwen(?:\s\d(?:\.\d)?|[\w.\-]*)(?:[\s-](?:Max|Omni|VL|Coder|Plus|Next))?(?:-\d+B)?|QwQ[\w.\-]*|QVQ[\w.\-]*|DeepSeek[\w.\-]*(?:\s(?:R1|V3(?:\.\d)?))?"
    r"|Llama\s?\d[\w.]*|Kimi\s?K\d[\w.]*|GLM-[\w.]+|MiniMax-[\w.]+|gpt-oss[\w\-]*|Gemini\s?\d[\w.]*|ERNIE\s?[\d.]+|ChatGPT)"
)
BARE_NAMES = {"Qwen", "DeepSeek", "ChatGPT", "QwQ", "QVQ"}
SIZE_RANGE = re.compile(rf"(?P<low>{NUM})\s+to\s+(?P<high>{NUM})\s+billion\s+parameters", re.IGNORECASE)


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


# ---------------------------------------------------------------------------------------------- text helpers


def article_text(data: bytes, max_chars: int) -> str:
    """An uploaded article's text: UTF-8 (a leading byte-order mark dropped), at most ``max_chars`` characters.

    Only the first ``4 * max_chars`` bytes are read (no character takes more), and a character cut off by that
    limit is dropped rather than taken for bad UTF-8. Raises UnicodeDecodeError for a file that is not UTF-8.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    head = data[: 4 * max_chars]
    text = decoder.decode(head, final=len(head) == len(data))
    return text[:max_chars]


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences (split after ., ! or ? followed by space and a capital, or at line ends)."""
    spans, start = [], 0
    for match in re.finditer(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"‘])|\n+", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def excerpt(text: str, span: tuple[int, int], at: tuple[int, int]) -> str:
    """At most 25 words of the sentence around the match, copied verbatim (a slice of the original text)."""
    words = [m.span() for m in re.finditer(r"\S+", text[span[0] : span[1]])]
    words = [(a + span[0], b + span[0]) for a, b in words]
    if len(words) <= EVIDENCE_MAX_WORDS:
        return text[words[0][0] : words[-1][1]] if words else ""
    hit = next((i for i, (a, b) in enumerate(words) if b > at[0]), 0)
    first = max(0, min(hit - EVIDENCE_MAX_WORDS // 2, len(words) - EVIDENCE_MAX_WORDS))
    chosen = words[first : first + EVIDENCE_MAX_WORDS]
    return text[chosen[0][0] : chosen[-1][1]]


def _number(token: str) -> float:
    token = token.lower().replace(",", "")
    return float(NUMBER_WORDS[token]) if token in NUMBER_WORDS else float(token)


def _fmt(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _qualifier(before: str) -> str:
    tail = before[-24:].lower()
    for phrase, qualifier in QUALIFIERS:
        if re.search(rf"\b{phrase}\s*\(?\s*$", tail):
            return qualifier
    return "as stated"


# ---------------------------------------------------------------------------------------------- dates


def _day(year: int, month: int, day: int) -> str | None:
    """The ISO day, or None for a day the calendar does not have ("February 30, 2025" names no date)."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(sentence: str, published: date) -> list[tuple[str, str, bool, tuple[int, int]]]:
    """Dates in a sentence as (ISO date, precision, inferred, span), explicit ones first; impossible days are left
    out rather than raised."""
    found = []
    month_names = "|".join(MONTHS)
    days = [
        (m, _day(int(m[3]), MONTHS[m[1].lower()], int(m[2])))
        for m in re.finditer(rf"\b({month_names})\s+(\d{{1,2}}),\s+(\d{{4}})\b", sentence, re.IGNORECASE)
    ]
    days += [
        (m, _day(int(m[3]), MONTHS[m[2].lower()], int(m[1])))
        for m in re.finditer(rf"\b(\d{{1,2}})\s+({month_names})\s+(\d{{4}})\b", sentence, re.IGNORECASE)
    ]
    days += [
        (m, _day(int(m[1]), int(m[2]), int(m[3])) if 1 <= int(m[2]) <= 12 else None)
        for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", sentence)
    ]
    found += [(iso, "day", False, m.span()) for m, iso in days if iso is not None]
    for m in re.finditer(rf"\b({month_names})\s+(\d{{4}})\b", sentence, re.IGNORECASE):
        found.append((date(int(m[2]), MONTHS[m[1].lower()], 1).isoformat(), "month", False, m.span()))
    for m in re.finditer(r"\b(?:the\s)?(first|second|third|fourth)\squarter\sof\s(\d{4})\b", sentence, re.IGNORECASE):
        found.append((quarter_start(int(m[2]), ORDINALS[m[1].lower()]).isoformat(), "quarter", False, m.span()))
    for m in re.finditer(r"\bQ([1-4])\s?(\d{4})\b", sentence):
        found.append((quarter_start(int(m[2]), int(m[1])).isoformat(), "quarter", False, m.span()))
    for m in re.finditer(r"\b(?:mid-|early |late )?(20[12]\d)\b", sentence):
        if not any(a <= m.start() < b for *_x, (a, b) in found):
            found.append((f"{m[1]}-01-01", "year", False, m.span()))
    # Relative phrases, resolved against the publication date and marked inferred.
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
    weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    for m in re.finditer(r"\bon (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", sentence, re.IGNORECASE):
        back = (published.weekday() - weekdays.index(m[1].lower())) % 7
        found.append(((published - timedelta(days=back)).isoformat(), "day", True, m.span()))
    for m in re.finditer(r"\bthe (march|june|september|december) quarter\b", sentence, re.IGNORECASE):
        end_month = MONTHS[m[1].lower()]
        year = published.year if end_month < published.month else published.year - 1
        found.append((date(year, end_month - 2, 1).isoformat(), "quarter", True, m.span()))
    return sorted(found, key=lambda f: f[3][0])


# ---------------------------------------------------------------------------------------------- periods

# Companies whose fiscal year the tracker maps to the calendar: the month its fiscal year ends. Alibaba's ends on
# 31 March, so its fiscal 2026 runs from April 2025 to March 2026 (capex_quarters.csv labels quarters this way).
FISCAL_YEAR_END = {"Alibaba": 3, "Alibaba Cloud": 3}
WORD_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


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


def _months(start: date, months: int) -> tuple[str, str]:
    """ISO first and last day of a run of ``months`` months from ``start``."""
    first = pd.Timestamp(start)
    last = (first + pd.DateOffset(months=months)) - pd.Timedelta(days=1)
    return first.date().isoformat(), last.date().isoformat()


def _fiscal_start(fiscal_year: int, end_month: int) -> date:
    """First day of a fiscal year named by the calendar year it ends in."""
    return date(fiscal_year - 1, end_month + 1, 1) if end_month < 12 else date(fiscal_year, 1, 1)


def _quarter(start: date, inferred: bool, span: tuple[int, int], fiscal: str = "") -> Period:
    first, last = _months(start, 3)
    label = calendar_label(pd.Timestamp(start)) + (f" ({fiscal})" if fiscal else f" ({fiscal_label(pd.Timestamp(start))})")
    return Period(first, last, "quarter", label, inferred, span)


def find_periods(sentence: str, published: date, entity: str = "") -> list[Period]:
    """The periods a sentence says its figures measure: calendar quarters ('the September quarter', 'Q3 2025'),
    fiscal quarters, halves and years mapped to the calendar with the company's fiscal year (Alibaba's ends in
    March), and 'the quarter' or 'for the year' left unclear when the sentence gives no year. Fiscal labels are
    Alibaba's; another company's fiscal phrase is kept unmapped, with its words as the label."""
    found: list[Period] = []
    end_month = FISCAL_YEAR_END.get(entity)

    def taken(at: int) -> bool:
        return any(p.span[0] <= at < p.span[1] for p in found)

    # Fiscal quarters: 'fiscal Q2 2026', 'FY2026 Q2', 'the second quarter of fiscal 2026', 'fiscal 2026 second quarter'.
    fiscal_quarters = [
        (r"\bfiscal\s+Q([1-4])\s+(\d{4})\b", lambda m: (int(m[1]), int(m[2]))),
        (r"\bFY\s?(\d{4})\s?Q([1-4])\b", lambda m: (int(m[2]), int(m[1]))),
        (
            r"\b(?:the\s+)?(first|second|third|fourth|Q[1-4])\s+(?:quarter\s+)?of\s+(?:the\s+)?fiscal\s+(?:year\s+)?(\d{4})\b",
            lambda m: (WORD_QUARTERS.get(m[1].lower()) or int(m[1][1]), int(m[2])),
        ),
        (
            r"\bfiscal\s+(?:year\s+)?(\d{4})\s+(first|second|third|fourth)\s+quarter\b",
            lambda m: (WORD_QUARTERS[m[2].lower()], int(m[1])),
        ),
    ]
    for pattern, parts in fiscal_quarters:
        for m in re.finditer(pattern, sentence, re.IGNORECASE):
            if taken(m.start()):
                continue
            quarter, fiscal_year = parts(m)
            if end_month is None:
                found.append(
                    Period(
                        "", "", "quarter", f"{m[0]} (fiscal calendar of {entity or 'this company'} not mapped)", False, m.span()
                    )
                )
                continue
            start = pd.Timestamp(_fiscal_start(fiscal_year, end_month)) + pd.DateOffset(months=3 * (quarter - 1))
            found.append(_quarter(start.date(), False, m.span(), f"FY{fiscal_year} Q{quarter}"))
    # Halves: 'the first half of 2025', 'the first half of fiscal 2026'.
    for m in re.finditer(r"\b(?:the\s+)?(first|second)\s+half\s+of\s+(fiscal\s+(?:year\s+)?)?(\d{4})\b", sentence, re.IGNORECASE):
        if taken(m.start()):
            continue
        half, fiscal, year = m[1].lower(), bool(m[2]), int(m[3])
        if fiscal and end_month is None:
            found.append(Period("", "", "half", f"{m[0]} (fiscal calendar not mapped)", False, m.span()))
            continue
        base = _fiscal_start(year, end_month) if fiscal else date(year, 1, 1)
        start = (pd.Timestamp(base) + pd.DateOffset(months=0 if half == "first" else 6)).date()
        first, last = _months(start, 6)
        name = f"H{1 if half == 'first' else 2} FY{year}" if fiscal else f"H{1 if half == 'first' else 2} {year}"
        found.append(
            Period(first, last, "half", f"{pd.Timestamp(first):%b %Y}-{pd.Timestamp(last):%b %Y} ({name})", False, m.span())
        )
    # Years: 'fiscal 2025', 'fiscal year 2025', 'for the year 2025', 'full-year 2025'.
    for m in re.finditer(r"\bfiscal\s+(?:year\s+)?(\d{4})\b", sentence, re.IGNORECASE):
        if taken(m.start()):
            continue
        year = int(m[1])
        if end_month is None:
            found.append(Period("", "", "year", f"{m[0]} (fiscal calendar not mapped)", False, m.span()))
            continue
        first, last = _months(_fiscal_start(year, end_month), 12)
        found.append(
            Period(first, last, "year", f"{pd.Timestamp(first):%b %Y}-{pd.Timestamp(last):%b %Y} (FY{year})", False, m.span())
        )
    for m in re.finditer(r"\b(?:for\s+the\s+(?:full\s+)?year|full[- ]year)\s+(\d{4})\b", sentence, re.IGNORECASE):
        if not taken(m.start()):
            found.append(Period(f"{m[1]}-01-01", f"{m[1]}-12-31", "year", f"calendar {m[1]}", False, m.span()))
    # Calendar quarters: 'the September quarter (of 2025)', 'the third quarter of 2025', 'Q3 2025'.
    for m in re.finditer(
        r"\b(?:the\s+)?(march|june|september|december)[- ]quarter(?:\s+(?:of\s+)?(\d{4}))?", sentence, re.IGNORECASE
    ):
        if taken(m.start()):
            continue
        last_month = MONTHS[m[1].lower()]
        if m[2]:
            year, inferred = int(m[2]), False
        else:  # the latest such quarter ending before the publication date
            year, inferred = (published.year if last_month < published.month else published.year - 1), True
        found.append(_quarter(date(year, last_month - 2, 1), inferred, m.span()))
    for pattern in (r"\b(?:the\s+)?(first|second|third|fourth)\s+quarter\s+of\s+(\d{4})\b", r"\bQ([1-4])\s?(\d{4})\b"):
        for m in re.finditer(pattern, sentence, re.IGNORECASE):
            if not taken(m.start()):
                quarter = WORD_QUARTERS.get(m[1].lower()) or int(m[1])
                found.append(_quarter(quarter_start(int(m[2]), quarter), False, m.span()))
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


# ---------------------------------------------------------------------------------------------- which figure is which

# The noun phrases a figure can measure, most specific first (a span taken by one is not read again as a shorter
# one: 'cloud revenue' is not also 'revenue').
MEASURE_PHRASES = [
    ("capital expenditure", r"capital expenditures?|capital spending|\bcapex\b"),
    ("AI-related revenue share", r"share of (?:its |the )?(?:external |total )?(?:cloud(?: computing)? )?revenues?"),
    ("AI-related revenue", r"AI[- ]related (?:product )?revenues?|\bAI revenues?"),
    (
        "cloud revenue",
        r"cloud(?: computing| intelligence)?(?: group| unit| division| business)?(?:'s)? (?:revenues?|sales)"
        r"|revenues? (?:at|of|from) (?:its |the )?cloud(?: computing| intelligence)?(?: group| unit| division| business)?",
    ),
    ("revenue", r"\brevenues?\b|\bsales\b"),
    ("token share", r"share of (?:the |all )?tokens|token share"),
    ("derivative share", r"share of (?:new |all )?derivative models|derivative share"),
    ("downloads", r"\bdownloads?\b"),
    ("derivatives", r"derivative models|derived models|\bderivatives\b"),
    ("parameters", r"\bparameters\b"),
    ("share price", r"\bshares\b|\bstock\b"),
    ("cloud provider rank", r"cloud (?:provider|vendor|computing provider)s?"),
    ("arena rank", r"\bChatbot Arena\b|\bLMArena\b|\bLMSYS\b"),
    ("leaderboard rank", r"\b(?:leaderboard|arena|ranking)s?\b"),
]
MEASURE_RE = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in MEASURE_PHRASES]
# A spending commitment over several years: the figure sits inside the phrase ('invest 380 billion yuan over three
# years') rather than after a noun.
COMMITMENT = re.compile(
    r"(?:invest\w*|spend\w*|commit\w*|pledg\w*|plan\w*)\b[^.;]{0,80}?\bover (?:the next |the coming )?"
    r"(?:three|3|five|5|two|2) years|three-year|(?:investment|spending|capex) (?:plan|pledge|commitment|target)",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(r";|,\s+(?:and|while|but|whereas|which)\s+|\s+(?:while|whereas)\s+|\s+but\s+", re.IGNORECASE)
CHANGE_WORDS = re.compile(
    r"\b(?:r[io]se|risen|rising|lost|los[et]\w*|cut|halved|gr[eo]w\w*|growth|increas\w*|jump\w*|climb\w*|surg\w*|up|gain\w*|expand\w*|fell|fall\w*|"
    r"declin\w*|drop\w*|down|decreas\w*|slid|lower|higher)\b",
    re.IGNORECASE,
)
ESTIMATE_WORDS = re.compile(r"\b(?:estimates?|expected|forecasts?|consensus|projected|guid\w*)\b(?:\s+of)?\s*$", re.IGNORECASE)
SCOPES = [
    ("AI and cloud infrastructure", r"AI and cloud(?: computing)?(?: infrastructure)?|cloud and AI(?: infrastructure)?"),
    ("AI infrastructure and product R&D", r"AI infrastructure and (?:product )?R&D"),
    ("company total", r"\b(?:total|overall|group|company-wide|group-wide)\s+capital expenditure|capex in total"),
]
STATEMENTS = [
    # Order matters: a report of a raise is a report, whoever it names.
    ("raise_reported", r"\b(?:reportedly|people familiar|according to (?:people|sources|a report)|sources said)\b"),
    (
        "raise_signalled",
        r"\b(?:rais\w*|increas\w*|boost\w*|expand\w*|exceed\w*|top up|add to|beyond|more than (?:the|its|planned))\b",
    ),
    ("reaffirmed", r"\b(?:reaffirm\w*|stick\w* to|stuck to|on track|maintain\w*|kept|keep\w*|reiterat\w*)\b"),
    ("announced", r"\b(?:announc\w*|unveil\w*|set out|will invest|plans? to invest|committed to invest\w*)\b"),
]
SPEAKER = re.compile(
    r"(?P<a>[A-Z][a-z]+ [A-Z][a-z]+)(?:,\s+[^,]{0,60}?,)?\s+(?:said|told|says)\b|\b(?:said|says)\s+(?P<b>[A-Z][a-z]+ [A-Z][a-z]+)"
)
LICENCE = re.compile(r"\bApache[- ]2\.0\b|\bMIT licen[cs]e\b|\bQwen licen[cs]e\b|\bLlama \d[\w.]* (?:Community )?Licen[cs]e\b")
ACTIVE = re.compile(rf"(?P<n>{NUM})\s*(?P<scale>billion|bn|B)\s+(?:active|activated)(?: parameters)?", re.IGNORECASE)


def _clause(sentence: str, at: tuple[int, int]) -> tuple[int, int]:
    """The clause around a figure: the sentence cut at semicolons and at ', and' / ', while' / ', but'."""
    start, end = 0, len(sentence)
    for m in CLAUSE_BREAK.finditer(sentence):
        if m.end() <= at[0]:
            start = m.end()
        elif m.start() >= at[1]:
            end = m.start()
            break
    return start, end


def _phrases(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Measure phrases in a stretch of text, most specific first, none inside another."""
    taken: list[tuple[str, tuple[int, int]]] = []
    for name, pattern in MEASURE_RE:
        for m in pattern.finditer(text):
            if not any(a < m.end() and m.start() < b for _n, (a, b) in taken):
                taken.append((name, m.span()))
    return taken


def attach(sentence: str, kind: str, unit: str, at: tuple[int, int]) -> dict:
    """What a figure measures: the noun phrase nearest before it in its clause (or just after it: '34% growth in
    cloud revenue'), refined by the figure's kind (a percentage after 'rose' is growth). 'unclear' when the clause
    names nothing the tracker records."""
    a, b = _clause(sentence, at)
    clause = sentence[a:b]
    rel = (at[0] - a, at[1] - a)
    found = {"measure": "unclear", "measure_phrase": ""}
    if kind == "count" and unit:
        own = next((n for n, p in MEASURE_RE if p.search(sentence[at[0] : at[1]])), "")
        if own:
            return {"measure": own, "measure_phrase": unit}
    commitment = next((m for m in COMMITMENT.finditer(sentence) if m.start() <= at[1] + 80 and m.end() >= at[0] - 80), None)
    if kind == "money" and commitment:
        return {"measure": "commitment", "measure_phrase": commitment.group(0)}
    phrases = _phrases(clause)
    before = [(n, s) for n, s in phrases if s[1] <= rel[0]]
    after = [(n, s) for n, s in phrases if s[0] >= rel[1] and s[0] - rel[1] <= 40]
    if kind == "percentage":
        # 'rose 34%' names the noun before; '34% growth in cloud revenue' the noun after; 'a 20% share of revenue'.
        after_share = [(n, s) for n, s in after if n.endswith("share")]
        chosen = after_share[0] if after_share else (before[-1] if before else (after[0] if after else None))
        # 'AI-related product revenue made up more than 20% of external cloud revenue': a share of the noun after.
        share_of = re.match(
            r"\s*(?:of|share of)\s+(?:its |the )?(?:external |total )?(?:cloud(?: computing)? )?revenue", clause[rel[1] :]
        )
        if share_of and before and before[-1][0] == "AI-related revenue":
            s, e = before[-1][1]
            return {"measure": "AI-related revenue share", "measure_phrase": clause[s : rel[1] + share_of.end()]}
    else:
        chosen = before[-1] if before else (after[0] if after else None)
    if chosen:
        name, (s, e) = chosen
        found = {"measure": name, "measure_phrase": clause[s:e]}
        if kind == "percentage" and not name.endswith("share"):
            between = clause[min(e, rel[0]) : max(s, rel[1])] if s < rel[0] else clause[rel[1] : s]
            window = between + clause[rel[0] : rel[1] + 24]  # the figure's own words too: 'lost half'
            if CHANGE_WORDS.search(window):
                found["measure"] = "share price change" if name == "share price" else f"{name} growth"
    return found


def spending_scope(sentence: str, at: tuple[int, int]) -> str:
    """What a spending figure covers, as its clause states it, or 'unclear'."""
    a, b = _clause(sentence, at)
    clause = sentence[a:b]
    return next((name for name, pattern in SCOPES if re.search(pattern, clause, re.IGNORECASE)), "unclear")


def statement_kind(sentence: str) -> str:
    """What a sentence about a spending target does to it, or 'unclear'."""
    return next((name for name, pattern in STATEMENTS if re.search(pattern, sentence, re.IGNORECASE)), "unclear")


def speaker(sentence: str, entity: str) -> str:
    """Who said it: a named person before 'said' or after it, else the company the sentence names, else 'unclear'."""
    m = SPEAKER.search(sentence)
    person = (m["a"] or m["b"]) if m else ""
    if person and entity and person.split()[0] != entity.split()[0]:  # 'Alibaba Cloud said' names the company
        return f"{entity} ({person})"
    return person or entity or "unclear"


def estimate_basis(sentence: str, at: tuple[int, int]) -> str:
    """'estimate' when the words just before a figure call it an estimate or a forecast."""
    return "estimate" if ESTIMATE_WORDS.search(sentence[max(0, at[0] - 40) : at[0]]) else "stated"


# ---------------------------------------------------------------------------------------------- extraction


def _money(sentence: str) -> list[dict]:
    out = []
    for m in MONEY.finditer(sentence):
        cur = " ".join((m["cur1"] or m["cur2"] or "").upper().split()).replace("U.S. ", "US ")
        cur = {"US DOLLARS": "USD", "CHINESE YUAN": "YUAN", "CHINA YUAN": "YUAN"}.get(cur, cur)
        if not cur or not (m["scale"] or m["scale2"]):
            continue
        currency = (
            "USD" if cur in {"$", "US$", "USD", "DOLLARS"} else "RMB" if cur in {"RMB", "CNY", "¥", "YUAN", "RENMINBI"} else ""
        )
        if not currency:
            continue
        scale = (m["scale"] or m["scale2"]).lower()
        unit = "billion" if scale in ("billion", "bn") else scale
        high = _fmt(_number(m["high"])) if m["high"] else ""
        qualifier = "range" if high else _qualifier(sentence[: m.start()])
        out.append(
            dict(
                kind="money",
                value=_fmt(_number(m["low"])),
                value_high=high,
                unit=unit,
                currency=currency,
                qualifier=qualifier,
                span=m.span(),
            )
        )
    return out


def _basis(text: str) -> str:
    """What a percentage is measured against, from the words of its clause."""
    lower = text.lower()
    return next(
        (
            label
            for pattern, label in [
                (r"year[- ]on[- ]year|year[- ]over[- ]year|\byoy\b", "year on year"),
                (r"year to date|this year|so far this year", "year to date"),
                (r"\b(?:closed|ended|finished|settled)\b[^.;]*?\b(?:higher|lower|up|down)\b", "day's close"),
                (r"intraday|\btoday\b", "intraday"),
                (r"in the (first|second|third|fourth) quarter|quarter", "quarter"),
            ]
            if re.search(pattern, lower)
        ),
        "",
    )


def _percentages(sentence: str) -> list[dict]:
    out = []
    for m in PERCENT.finditer(sentence):
        before = sentence[max(0, m.start() - 20) : m.start()].lower()
        after = sentence[m.end() : m.end() + 24].lower()
        falling = re.search(r"\b(down|fell|lost|drop(?:ped)?|declin\w*|decreas\w*)\b", before) or re.match(
            r"\s*(?:[\w-]+\s+){0,2}(declin\w*|decreas\w*|drop\w*|fall\w*|lower)\b", after
        )
        sign = -1 if falling else 1
        out.append(
            dict(
                kind="percentage",
                value=_fmt(sign * _number(m["low"])),
                unit="%",
                qualifier=_qualifier(sentence[: m.start()]),
                basis=_basis(sentence[slice(*_clause(sentence, m.span()))]) or _basis(sentence),
                span=m.span(),
            )
        )
    for m in HALF.finditer(sentence):
        out.append(dict(kind="percentage", value="-50", unit="%", qualifier="about", basis="change", span=m.span()))
    for m in TRIPLE.finditer(sentence):
        out.append(
            dict(
                kind="percentage",
                value="100",
                unit="%",
                qualifier="at least",
                basis=_basis(sentence) or "year on year",
                span=m.span(),
            )
        )
    return out


def _counts(sentence: str) -> list[dict]:
    out = []
    for m in RANGE_COUNT.finditer(sentence):
        scale = SCALES.get((m["scale"] or m["scale2"] or "").lower(), 1)
        named = m["unit"] or next((u for u in ("parameters", "tokens", "models", "downloads") if u in sentence.lower()), "")
        if not named:
            continue
        unit = named.lower()
        unit = f"billion {unit}" if scale == 1e9 and unit == "parameters" else unit
        factor = 1 if unit.startswith("billion") else scale
        out.append(
            dict(
                kind="count",
                value=_fmt(_number(m["low"]) * factor),
                value_high=_fmt(_number(m["high"]) * factor),
                unit=unit,
                qualifier="range",
                span=m.span(),
            )
        )
    covered = [c["span"] for c in out]
    for m in COUNT.finditer(sentence):
        if any(a <= m.start() < b for a, b in covered) or m["unit"].lower() == "quarters":
            continue
        scale = SCALES.get((m["scale"] or "").lower(), 1)
        unit = m["unit"].lower().replace("derived models", "derivative models").replace("derivatives", "derivative models")
        unit = "models" if unit == "derivative models" else unit
        if unit == "parameters" and scale == 1e9:
            value, unit = _number(m["low"]), "billion parameters"
        else:
            value = _number(m["low"]) * scale
        out.append(dict(kind="count", value=_fmt(value), unit=unit, qualifier=_qualifier(sentence[: m.start()]), span=m.span()))
    for m in STREAK.finditer(sentence):
        n = ORDINALS.get(m["n"].lower()) or (int(re.sub(r"\D", "", m["n"])) if re.sub(r"\D", "", m["n"]) else None)
        if n:
            out.append(
                dict(
                    kind="streak",
                    value=str(n),
                    unit="quarters",
                    qualifier="as stated",
                    basis="consecutive quarters",
                    span=m.span(),
                )
            )
    for m in RANK.finditer(sentence):
        if m["top"]:
            out.append(dict(kind="rank", value="1", unit="rank", qualifier="as stated", span=m.span()))
            continue
        word = m["n"].lower()
        n = ORDINALS.get(word) or (int(word[:-2]) if re.fullmatch(r"\d+(st|nd|rd|th)", word) else None)
        if n:
            out.append(dict(kind="rank", value=str(n), unit="rank", qualifier="as stated", span=m.span()))
    return out


def _releases(sentence: str, lower: str) -> list[dict]:
    out = []
    if not re.search(r"\b(releas\w*|launch\w*|unveil\w*|open[- ]sourc\w*|introduc\w*|debut\w*)\b", lower):
        return out
    open_weights = (
        "true"
        if re.search(r"open[- ]?(source|weight)|open model", lower)
        else ("false" if re.search(r"\bapi\b|closed", lower) else "")
    )
    size = SIZE_RANGE.search(sentence)
    for m in MODEL.finditer(sentence):
        if m.group(0).strip() in BARE_NAMES:
            continue  # 'DeepSeek' or 'Qwen' alone names a company or a family, not one release
        out.append(
            dict(
                kind="release",
                entity=m.group(0).strip(),
                value=size["low"] if size else "",
                value_high=size["high"] if size else "",
                unit="billion parameters" if size else "",
                qualifier="range" if size else "as stated",
                basis=f"open_weights={open_weights}" if open_weights else "",
                span=m.span(),
            )
        )
    return out


def _reported_date(sentence: str, dates: list, at: tuple[int, int]) -> tuple:
    """The date for a figure: one in its own clause, else a day elsewhere in the sentence ('said on Thursday ...,
    and capex reached ...'). A month or a year in another clause ('the stock rose 90% this year') is that clause's."""
    a, b = _clause(sentence, at)
    own = [d for d in dates if a <= d[3][0] < b]
    if own:
        return own[0]
    days = [d for d in dates if d[1] == "day"]
    return days[0] if days else ("", "", False, None)


def _sizes_to_releases(sentence: str, found: list[dict]) -> list[dict]:
    """A parameter count in a sentence that releases a model is that release's size, not a figure of its own: the
    largest count goes to the nearest release as its size, an 'active' count as its active parameters."""
    releases = [f for f in found if f["kind"] == "release"]
    if not releases:
        return found
    licence = LICENCE.search(sentence)
    active = [(m.span(), _number(m["n"])) for m in ACTIVE.finditer(sentence)]
    kept = []
    for item in found:
        if item["kind"] == "count" and "parameters" in item.get("unit", ""):
            billions = float(item["value"]) if item["unit"] == "billion parameters" else float(item["value"]) / 1e9
            high = float(item["value_high"]) if item.get("value_high") else billions
            target = min(releases, key=lambda r: abs(r["span"][0] - item["span"][0]))
            if any(a <= item["span"][1] and item["span"][0] <= b for (a, b), _n in active):
                target["active_params_b"] = _fmt(billions)
            else:
                target["max_params_b"] = _fmt(max(high, float(target.get("max_params_b") or 0)))
            continue
        kept.append(item)
    for item in releases:
        if item.get("value_high"):
            item["max_params_b"] = _fmt(max(float(item["value_high"]), float(item.get("max_params_b") or 0)))
        if active and not item.get("active_params_b"):
            item["active_params_b"] = _fmt(active[0][1])
        item["licence"] = licence.group(0) if licence else ""
    return kept


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
        lower = sentence.lower()
        entity_match = ENTITY.search(sentence)
        entity = entity_match.group(1) if entity_match else ""
        periods = find_periods(sentence, published, entity)
        # The reported date is a date that is not a measured period ('on Thursday', not 'the September quarter').
        every_date = find_dates(sentence, published)
        dates = [d for d in every_date if not any(p.span[0] <= d[3][0] < p.span[1] for p in periods)] or every_date
        found = _money(sentence) + _percentages(sentence) + _counts(sentence) + _releases(sentence, lower)
        money_spans = [f["span"] for f in found if f["kind"] == "money"]
        found = [f for f in found if f["kind"] == "money" or not any(a <= f["span"][0] < b for a, b in money_spans)]
        found = _sizes_to_releases(sentence, found)
        previous = None
        for item in sorted((f for f in found if f["kind"] == "money"), key=lambda f: f["span"][0]):
            gap = sentence[previous["span"][1] : item["span"][0]] if previous else ""
            if previous and re.fullmatch(r"\s*\(\s*(?:approximately|about|roughly|around|or|some|US)?\s*", gap, re.I):
                item["converts"] = f"{previous['currency']} {previous['value']} {previous['unit']}"
            previous = item
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
    return pd.DataFrame([asdict(c) for c in candidates], columns=COLUMNS)


# ---------------------------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m alibaba_ai_data.intake",
        description="Propose rows from an article, grouped by the table each feeds, each validated as it stands and "
        "compared with data/ (duplicate or conflict). With --candidates, print the raw candidates instead.",
    )
    parser.add_argument("article", help="path to the article's text (UTF-8)")
    parser.add_argument("--published", required=True, help="publication date, YYYY-MM-DD")
    parser.add_argument("--source-id", default="", help="source_id for every row (an existing source, or the new one's)")
    parser.add_argument("--kind", default="news", choices=["news", "company", "primary", "article"], help="kind of new source")
    parser.add_argument("--title", default="", help="title of the new source (default: the file's name)")
    parser.add_argument("--publisher", default="", help="publisher of the new source")
    parser.add_argument("--url", default="", help="https:// address of the new source")
    parser.add_argument("--data-dir", default="", help="data/ to compare and validate against (default: the package's)")
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--candidates", action="store_true", help="print the raw candidates, not rows per table")
    args = parser.parse_args(argv)
    try:
        published = date.fromisoformat(args.published)
    except ValueError:
        print(f"error: --published must be a date written YYYY-MM-DD, got {args.published!r}", file=sys.stderr)
        return 2
    try:
        text = Path(args.article).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(f"error: cannot read {args.article}: {err.__class__.__name__}: {err}", file=sys.stderr)
        return 2
    candidates = extract(text, published, args.source_id)
    if args.candidates:
        frame = candidates_frame(candidates)
        if args.format == "json":
            print(json.dumps(frame.to_dict("records"), indent=2, ensure_ascii=False))
        else:
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False)
            sys.stdout.write(buffer.getvalue())
        print(f"{len(frame)} candidates", file=sys.stderr)
        return 0
    return _print_proposals(args, candidates, published)


def _print_proposals(args: argparse.Namespace, candidates: list[Candidate], published: date) -> int:
    from alibaba_ai_data.curation import slug, source_row
    from alibaba_ai_data.errors import DataValidationError
    from alibaba_ai_data.loading import DEFAULT_DATA_DIR, load_dataset
    from alibaba_ai_data.proposals import TARGETS, proposals_frame, propose, summary, validate

    data_dir = Path(args.data_dir) if args.data_dir else DEFAULT_DATA_DIR
    try:
        dataset = load_dataset(data_dir)
    except (DataValidationError, OSError) as err:
        print(f"error: {data_dir} does not load, so nothing can be compared with it: {err}", file=sys.stderr)
        return 2
    known = dataset.source_records
    source_id = args.source_id or slug(f"{args.publisher or 'source'}_{published:%Y_%m_%d}")
    if source_id in known:
        source, new_sources = dict(known[source_id], source_id=source_id), []
        source["published"] = f"{pd.Timestamp(source['published']):%Y-%m-%d}"
    else:
        source = source_row(
            args.title or Path(args.article).stem,
            args.publisher,
            args.url,
            f"{published:%Y-%m-%d}",
            "day",
            args.kind,
            source_id,
            f"{date.today():%Y-%m-%d}",
        )
        new_sources = [source]
    for c in candidates:
        c.source_id = source_id
    proposals = propose(candidates, source, dataset)
    problems = validate(proposals, new_sources, data_dir)
    for problem in problems:
        print(f"source row: {problem}", file=sys.stderr)
    if args.format == "json":
        out = {
            "source": source if new_sources else {"source_id": source_id, "existing": True},
            "source_problems": problems,
            "summary": summary(proposals).to_dict("records"),
            "tables": {
                t: proposals_frame(proposals, t).to_dict("records") for t in TARGETS if any(p.table == t for p in proposals)
            },
        }
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    else:
        for table in TARGETS:
            frame = proposals_frame(proposals, table)
            if frame.empty:
                continue
            ready = int((frame["check"] == "ready").sum())
            sys.stdout.write(f"# {table}: {len(frame)} proposed, {ready} ready as they stand, {len(frame) - ready} need edits\n")
            buffer = io.StringIO()
            frame.drop(columns="accept").to_csv(buffer, index=False)
            sys.stdout.write(buffer.getvalue() + "\n")
    print(summary(proposals).to_string(index=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
