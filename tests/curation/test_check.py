"""Checking proposals as a write would: each problem lands on the proposal whose row it names (by key), one bad
row does not hide another's result, and the lines of data/'s files do not matter."""

from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import pytest

from alibaba_ai_data import load_dataset
from alibaba_ai_data.curation.check import check_proposals
from alibaba_ai_data.curation.proposals import proposals_frame, summary
from alibaba_ai_data.loading import read_files
from alibaba_ai_data.writes import append_rows
from tests.conftest import FIXTURE_DATA_DIR, set_cell
from tests.curation.conftest import news, only, rows


def test_a_bad_row_does_not_hide_the_result_of_another_and_ready_rows_write(dataset, data_copy):
    text = (
        "Qwen models passed 700 million downloads on Hugging Face in January 2026, the team said. "
        "Alibaba said capital expenditure on AI and cloud infrastructure was 38.6 billion yuan in the quarter."
    )
    source = news("2026-02-10", "story_wire_2026_02_10")
    proposals = rows(text, date(2026, 2, 10), load_dataset(data_copy), source, validate_against=data_copy)
    downloads = only(proposals, "adoption")
    capex = only(proposals, "capex_quarters")
    assert downloads.ready, downloads.status
    assert not capex.ready and "period unclear" in capex.status
    frame = proposals_frame(proposals, "adoption")
    assert list(frame.columns[:4]) == ["accept", "check", "in_data", "in_data_detail"] and bool(frame["accept"].iloc[0])
    written = append_rows(data_copy, {"sources": [source], "adoption": [downloads.row]})
    assert written == {"sources": 1, "adoption": 1}
    added = pd.read_csv(data_copy / "adoption.csv").iloc[-1]
    assert (added["entity"], added["measure"], added["value"], added["as_of"]) == ("Qwen", "downloads", 700000000, "2026-01-01")
    counts = summary(proposals).set_index("table")
    assert counts.loc["adoption", "ready"] == 1 and counts.loc["capex_quarters", "needs_edit"] == 1


def test_a_row_that_fails_validation_names_its_column(dataset, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA_DIR, data)
    text = "Qwen models passed 700 million downloads on Hugging Face in January 2026, the team said."
    source = news("2026-02-10", "story_wire_2026_02_10")
    proposals = rows(text, date(2026, 2, 10), dataset, source)
    proposals[0].row["value"] = "-5"
    assert check_proposals(proposals, [source], read_files(data)) == []
    assert proposals[0].problems and proposals[0].problems[0].startswith("value:")


def test_an_impossible_day_is_left_out_not_raised(dataset):
    """'February 30, 2025' names no date: the sentence still gives its other figures, and nothing raises."""
    text = "On February 30, 2025, Alibaba said capital expenditure reached 31.5 billion yuan in the September quarter."
    proposals = rows(text, date(2025, 11, 25), dataset)
    assert all("2025-02-30" not in str(p.row) for p in proposals)


@pytest.mark.parametrize("layout", ["a blank line", "a cell over two lines"])
def test_a_proposal_s_problem_is_its_own_whatever_lines_come_before_it(dataset, data_copy, layout):
    """Problems were matched by counting records: after a blank line in data/, a proposal's own problem showed as
    the source row's. They are matched by key now."""
    path = data_copy / "adoption.csv"
    if layout == "a blank line":
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join([*lines[:2], "\n", *lines[2:]]), encoding="utf-8")
    else:
        set_cell(data_copy, "adoption", 1, "notes", "first line\nsecond line")
    text = "Qwen models passed 700 million downloads on Hugging Face in January 2026, the team said."
    source = news("2026-02-10", "story_wire_2026_02_10")
    proposals = rows(text, date(2026, 2, 10), dataset, source)
    proposals[0].row["value"] = "-5"
    assert check_proposals(proposals, [source], read_files(data_copy)) == []
    assert proposals[0].problems and proposals[0].problems[0].startswith("value:")


def test_the_new_source_row_s_problem_belongs_to_no_proposal(dataset):
    source = news("2026-02-10", "story_wire_2026_02_10") | {"url": "", "url_scope": "none"}
    text = "Qwen models passed 700 million downloads on Hugging Face in January 2026, the team said."
    proposals = rows(text, date(2026, 2, 10), dataset, source)
    general = check_proposals(proposals, [source], read_files(FIXTURE_DATA_DIR))
    assert general and all(message.startswith("sources.csv, row ") for message in general)
    assert any("column 'url'" in message for message in general)
    assert only(proposals, "adoption").ready
