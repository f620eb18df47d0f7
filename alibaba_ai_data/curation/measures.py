"""What a figure measures: the noun phrase it attaches to in its clause, and what the clause says of it.

A figure found in a sentence (figures.py) is read here against its clause: the measure ('cloud revenue growth',
'capital expenditure', 'unclear' when the clause names nothing the tracker records), whether it is an estimate, what
a spending figure covers, what a statement does to a spending target, and who said it.
"""

from __future__ import annotations

import re

from alibaba_ai_data.curation.text import clause_span

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
    a, b = clause_span(sentence, at)
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
    a, b = clause_span(sentence, at)
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
