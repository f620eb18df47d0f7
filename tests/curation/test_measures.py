"""What a figure measures, read from its clause; what a spending statement does and who said it."""

from __future__ import annotations

import pytest

from alibaba_ai_data.curation.measures import attach, estimate_basis, speaker, spending_scope, statement_kind


@pytest.mark.parametrize(
    ("sentence", "entity", "who"),
    [
        ("Eddie Wu said Alibaba would invest more than the 380 billion yuan it planned.", "Alibaba", "Alibaba (Eddie Wu)"),
        ("Alibaba will keep to its plan, said Joe Tsai.", "Alibaba", "Alibaba (Joe Tsai)"),
        ("Alibaba Cloud said it would keep to the plan.", "Alibaba Cloud", "Alibaba Cloud"),
        ("The plan stands.", "", "unclear"),
    ],
)
def test_a_spending_statement_names_its_speaker(sentence, entity, who):
    assert speaker(sentence, entity) == who


@pytest.mark.parametrize(
    ("sentence", "figure", "kind", "measure"),
    [
        ("Alibaba's cloud revenue rose 34% in the quarter.", "34%", "percentage", "cloud revenue growth"),
        ("It reported 34% growth in cloud revenue.", "34%", "percentage", "cloud revenue growth"),
        ("Capital expenditure reached 31.5 billion yuan.", "31.5 billion yuan", "money", "capital expenditure"),
        ("It will invest 380 billion yuan over three years.", "380 billion yuan", "money", "commitment"),
        ("The weather was 20% nicer.", "20%", "percentage", "unclear"),
    ],
)
def test_a_figure_measures_the_noun_phrase_of_its_clause(sentence, figure, kind, measure):
    at = (sentence.index(figure), sentence.index(figure) + len(figure))
    assert attach(sentence, kind, "", at)["measure"] == measure


def test_scope_statement_and_estimate_are_read_from_the_words():
    sentence = "Alibaba reaffirmed its plan; capital expenditure on AI and cloud infrastructure was 38.6 billion yuan."
    at = (sentence.index("38.6"), sentence.index("38.6") + 4)
    assert spending_scope(sentence, at) == "AI and cloud infrastructure"
    assert statement_kind(sentence) == "reaffirmed"
    assert estimate_basis("beating estimates of 37.9 billion yuan", (21, 25)) == "estimate"
    assert estimate_basis("revenue was 37.9 billion yuan", (12, 16)) == "stated"
