"""Proposals against data/: the same series, period and value is a duplicate; another value a conflict."""

from __future__ import annotations

from datetime import date

from alibaba_ai_data.curation.proposals import proposals_frame
from tests.curation.conftest import only, rows


def test_a_new_value_for_a_recorded_period_is_a_conflict_showing_both(dataset):
    text = "Alibaba said capital expenditure was 33 billion yuan in the September quarter of 2025."
    capex = only(rows(text, date(2025, 11, 25), dataset), "capex_quarters")
    assert capex.match == "conflict" and capex.match_detail == "data/ has capex_2025_q3 = 31.5 RMB bn"
    assert capex.row["amount_bn"] == "33"
    # Another count for a month data/ holds (ATOM's 942.1 million for March 2026) is a conflict, left unticked.
    text = "Qwen passed 1.2 billion downloads on Hugging Face in March 2026, the team said."
    downloads = only(rows(text, date(2026, 3, 20), dataset), "adoption")
    assert downloads.match == "conflict" and "qwen_atom_downloads_2026_03 = 942100000 downloads" in downloads.match_detail
    assert not proposals_frame([downloads], "adoption")["accept"].iloc[0]


def test_a_pledge_matching_a_statement_with_no_target_is_compared_without_error(dataset):
    """A recorded statement with an empty target (a raise signalled without a figure) meets a proposal with one."""
    statements = dataset["pledge_statements"]
    assert statements["target_bn"].isna().any()  # the fixture holds such a statement on purpose
    text = "Alibaba said it would invest more than 380 billion yuan over three years in cloud and AI infrastructure."
    proposals = rows(text, date(2025, 11, 25), dataset)
    assert any(p.table == "pledge_statements" for p in proposals)
