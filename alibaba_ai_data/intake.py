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


def find_dates(sentence: str, published: date) -> list[tuple[str, str, bool, tuple[int, int]]]:
    """Dates in a sentence as (ISO date, precision, inferred, span), explicit ones first."""
    found = []
    month_names = "|".join(MONTHS)
    for m in re.finditer(rf"\b({month_names})\s+(\d{{1,2}}),\s+(\d{{4}})\b", sentence, re.IGNORECASE):
        found.append((date(int(m[3]), MONTHS[m[1].lower()], int(m[2])).isoformat(), "day", False, m.span()))
    for m in re.finditer(rf"\b(\d{{1,2}})\s+({month_names})\s+(\d{{4}})\b", sentence, re.IGNORECASE):
        found.append((date(int(m[3]), MONTHS[m[2].lower()], int(m[1])).isoformat(), "day", False, m.span()))
    for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", sentence):
        found.append((f"{m[1]}-{m[2]}-{m[3]}", "day", False, m.span()))
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


def _percentages(sentence: str) -> list[dict]:
    out = []
    lower = sentence.lower()
    basis = next(
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
                basis=basis,
                span=m.span(),
            )
        )
    for m in HALF.finditer(sentence):
        out.append(dict(kind="percentage", value="-50", unit="%", qualifier="about", basis="change", span=m.span()))
    for m in TRIPLE.finditer(sentence):
        out.append(
            dict(kind="percentage", value="100", unit="%", qualifier="at least", basis=basis or "year on year", span=m.span())
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
        for item in found:
            when = dates[0] if dates else ("", "", False, None)
            measured = nearest_period(periods, item["span"]) if item["kind"] != "release" else None
            at = (span[0] + item["span"][0], span[0] + item["span"][1])
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
        prog="python -m alibaba_ai_data.intake", description="Propose candidate rows from an article."
    )
    parser.add_argument("article", help="path to the article's text (UTF-8)")
    parser.add_argument("--published", required=True, help="publication date, YYYY-MM-DD")
    parser.add_argument("--source-id", default="", help="source_id to put on every candidate")
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
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
    frame = candidates_frame(extract(text, published, args.source_id))
    if args.format == "json":
        print(json.dumps(frame.to_dict("records"), indent=2, ensure_ascii=False))
    else:
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False)
        sys.stdout.write(buffer.getvalue())
    print(f"{len(frame)} candidates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
