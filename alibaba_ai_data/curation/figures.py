"""The figures a sentence states: money, percentages, counts, streaks, ranks, and the models it releases with
their sizes. Each figure is a dict with its kind, value (and high end of a range), unit, currency, qualifier and
where it sits in the sentence; what it measures is read next, in measures.py.
"""

from __future__ import annotations

import re

from alibaba_ai_data.curation.text import clause_span

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
LICENCE = re.compile(r"\bApache[- ]2\.0\b|\bMIT licen[cs]e\b|\bQwen licen[cs]e\b|\bLlama \d[\w.]* (?:Community )?Licen[cs]e\b")
ACTIVE = re.compile(rf"(?P<n>{NUM})\s*(?P<scale>billion|bn|B)\s+(?:active|activated)(?: parameters)?", re.IGNORECASE)


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
                basis=_basis(sentence[slice(*clause_span(sentence, m.span()))]) or _basis(sentence),
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


def find_figures(sentence: str) -> list[dict]:
    """Every figure in a sentence: a number inside a money figure is that figure's, a parameter count is the size of
    the model the sentence releases, and a money figure in brackets after another ('380 billion yuan (approximately
    $53 billion)') is marked as its conversion."""
    found = _money(sentence) + _percentages(sentence) + _counts(sentence) + _releases(sentence, sentence.lower())
    money_spans = [f["span"] for f in found if f["kind"] == "money"]
    found = [f for f in found if f["kind"] == "money" or not any(a <= f["span"][0] < b for a, b in money_spans)]
    found = _sizes_to_releases(sentence, found)
    previous = None
    for item in sorted((f for f in found if f["kind"] == "money"), key=lambda f: f["span"][0]):
        gap = sentence[previous["span"][1] : item["span"][0]] if previous else ""
        if previous and re.fullmatch(r"\s*\(\s*(?:approximately|about|roughly|around|or|some|US)?\s*", gap, re.I):
            item["converts"] = f"{previous['currency']} {previous['value']} {previous['unit']}"
        previous = item
    return found
