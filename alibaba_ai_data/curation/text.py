"""An article's text: decoded, split into sentences, quoted in verbatim excerpts; and the source row it becomes."""

from __future__ import annotations

import codecs
import re

from alibaba_ai_data.schema import EVIDENCE_MAX_WORDS

SOURCE_ID = re.compile(r"^[a-z0-9_]{3,60}$")
CLAUSE_BREAK = re.compile(r";|,\s+(?:and|while|but|whereas|which)\s+|\s+(?:while|whereas)\s+|\s+but\s+", re.IGNORECASE)


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


def clause_span(sentence: str, at: tuple[int, int]) -> tuple[int, int]:
    """The clause around a span of a sentence: the sentence cut at semicolons and at ', and' / ', while' / ', but'."""
    start, end = 0, len(sentence)
    for m in CLAUSE_BREAK.finditer(sentence):
        if m.end() <= at[0]:
            start = m.end()
        elif m.start() >= at[1]:
            end = m.start()
            break
    return start, end


def slug(text: str) -> str:
    """A row key made from words: lower case, runs of other characters as '_', at most 50 characters."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:50] or "row"


def source_row(
    title: str, publisher: str, url: str, published: str, precision: str, kind: str, source_id: str, retrieved: str
) -> dict:
    """The sources.csv row for a new article, as the curator describes it."""
    return {
        "source_id": source_id,
        "kind": kind,
        "title": title,
        "publisher": publisher,
        "published": published,
        "date_precision": precision,
        "date_basis": "stated by the source",
        "url": url,
        "url_scope": "document" if url else "none",
        "confidence": {"article": "", "company": "high", "primary": "high", "news": "medium"}.get(kind, "low"),
        "retrieved": retrieved,
        "how_read": "original",
        "read_at": "",
        "corroborated_by": "",
        "notes": "",
    }
