"""Metric cards on every page: a footer of at most two short lines (the period, then the source in short), the rest
in the value's tooltip."""

from __future__ import annotations

import re

import pytest

from dashboard.cards import FOOTER_CHARS, FOOTER_LINES, card_footer, short_source
from dashboard.registry import PAGES as PAGE_SPECS
from dashboard.registry import every_view
from tests.test_pages import open_page

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain(markdown: str) -> str:
    """The text a reader sees of a caption line: link text without its address, escapes removed."""
    return _LINK.sub(r"\1", markdown).replace("\\", "")


def cards(node):
    """Every bordered card under a block: (the card's metric, the captions drawn in the card itself)."""
    children = getattr(node, "children", None)
    if children is None:
        return
    direct = [children[i] for i in sorted(children)]
    metrics = [c for c in direct if getattr(c, "type", None) == "metric"]
    if metrics:
        yield metrics[0], [c for c in direct if getattr(c, "type", None) == "caption"]
    for child in direct:
        yield from cards(child)


def footer_lines(captions) -> list[str]:
    return [plain(line).strip() for caption in captions for line in caption.value.split("\n") if line.strip()]


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda spec: spec.slug)
def test_every_card_on_every_view_has_a_footer_of_at_most_two_short_lines(spec):
    seen = 0
    for params in every_view(spec):
        at = open_page(spec.path, params)
        for metric, captions in cards(at.main):
            seen += 1
            lines = footer_lines(captions)
            where = (spec.slug, params, metric.label)
            assert 1 <= len(lines) <= FOOTER_LINES, (where, lines)
            assert all(len(line) <= FOOTER_CHARS for line in lines), (where, lines)
            if metric.value != "—":
                # A card with a figure names its source in the footer, and the tooltip cites it in full.
                assert lines[-1].startswith("Source: "), (where, lines)
                assert "Source: " in metric.proto.help, (where, metric.proto.help)
    if spec.slug in {"overview", "capex", "competitors"}:
        assert seen, f"no metric card found on {spec.slug}"


def test_money_cards_keep_the_currency_in_view_and_the_rate_in_the_tooltip(dataset):
    at = open_page("app_pages/overview.py")
    card = next(m for m, _ in cards(at.main) if m.label == "AI and cloud commitment")
    commitment = dataset["investments"].query("category == 'commitment'").iloc[0]
    assert card.value.startswith("USD")
    tooltip = plain(card.proto.help)
    assert f"{1 / commitment['fx_usd_per_unit']:.2f} RMB per USD" in tooltip
    assert f"{commitment['currency']} {commitment['amount_low_bn']:g}bn" in tooltip


def test_the_short_source_fits_a_footer_line_and_links_the_publisher(dataset):
    sources = dataset.source_records
    for source_id in sources:
        line = plain(short_source(source_id, sources))
        assert line.startswith("Source: ") and len(line) <= FOOTER_CHARS, line
    record = next(r for r in sources.values() if isinstance(r["url"], str) and isinstance(r["publisher"], str))
    assert f"({record['url']})" in short_source(record["source_id"], sources)
    assert card_footer("", record["source_id"], sources).count("\n") == 0
    assert card_footer("as of Oct 2025", record["source_id"], sources).count("\n") == 1


def test_the_rank_card_states_its_basis_and_date_beside_the_passing_events(dataset):
    from alibaba_ai_data.answers import rank_bases

    at = open_page("app_pages/competitors.py", {"view": "Positioning", "start": "2020-01-01", "end": "2026-12-31"})
    card, captions = next((m, c) for m, c in cards(at.main) if m.label == "Qwen: open model families")
    assert footer_lines(captions)[0] == "Oct 2025 · downloads and derivatives"
    rank = dataset["metrics"].query("metric_id == 'open_family_rank'").iloc[0]
    assert rank["basis"] in plain(card.proto.help)
    expected = rank_bases(rank, dataset["events"], dataset["sources"])
    assert expected and any(plain(c.value) == expected for c in at.caption)
    chart = [c for c in at.get("plotly_chart") if "Open-weight models × own cloud" in c.proto.spec]
    assert chart and "gpt-oss" in chart[0].proto.spec
