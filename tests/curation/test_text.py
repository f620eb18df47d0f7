"""Article text: decoded within a byte limit, split into sentences and clauses; the new source row and its key."""

from __future__ import annotations

import pytest

from alibaba_ai_data.curation.text import SOURCE_ID, article_text, clause_span, excerpt, sentences, slug, source_row


def test_an_uploaded_article_is_decoded_whole_even_when_the_byte_limit_cuts_a_character():
    limit = 10
    # 4 * limit = 40 bytes read: 39 ASCII bytes and then the first byte of a two-byte character.
    data = ("a" * 39 + "é" * 20).encode("utf-8")
    assert article_text(data, limit) == "a" * 10
    assert article_text(("é" * 30).encode("utf-8"), limit) == "é" * 10
    assert article_text("\ufeffQwen3 发布".encode(), limit) == "Qwen3 发布"
    with pytest.raises(UnicodeDecodeError):
        article_text(b"caf\xe9 latin-1", limit)
    with pytest.raises(UnicodeDecodeError):  # a cut character at the very end of a short file is bad UTF-8
        article_text("é".encode()[:1], limit)


def test_sentences_split_after_a_stop_before_a_capital_and_at_line_ends():
    text = "Alibaba spent more. Qwen grew 5.5% in Q3.\nNew line here"
    assert [text[a:b] for a, b in sentences(text)] == ["Alibaba spent more.", "Qwen grew 5.5% in Q3.", "New line here"]


def test_an_excerpt_is_at_most_25_words_around_the_figure_and_verbatim():
    text = " ".join(f"w{i}" for i in range(60))
    at = (text.index("w40"), text.index("w40") + 3)
    quoted = excerpt(text, (0, len(text)), at)
    assert quoted in text and len(quoted.split()) == 25 and "w40" in quoted


def test_a_clause_is_cut_at_semicolons_and_joining_words():
    sentence = "Capex rose 50%, while revenue fell 2%; shares gained 3%"
    a, b = clause_span(sentence, (sentence.index("2%"), sentence.index("2%") + 2))
    assert sentence[a:b] == "revenue fell 2%"


def test_a_new_source_row_and_its_key():
    assert slug("Story Wire_2025_11_25") == "story_wire_2025_11_25" and SOURCE_ID.match(slug("Story Wire_2025_11_25"))
    assert slug("!!!") == "row"
    row = source_row("A story", "Story Wire", "", "2025-11-25", "day", "news", "story_wire", "2026-01-02")
    assert (row["url_scope"], row["confidence"], row["published"]) == ("none", "medium", "2025-11-25")
