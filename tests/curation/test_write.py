"""Writing what the curator keeps: the new source and the ready, new rows, through the safe write path."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from alibaba_ai_data.curation.proposals import proposals_frame
from alibaba_ai_data.curation.write import accepted_rows, ready_rows, write_ready
from alibaba_ai_data.writes import WriteRefused
from tests.curation.conftest import news, rows

TEXT = (
    "Qwen models passed 700 million downloads on Hugging Face in January 2026, the team said. "
    "Alibaba said capital expenditure on AI and cloud infrastructure was 38.6 billion yuan in the quarter."
)


def test_only_ready_new_rows_are_written_with_their_source(dataset, data_copy):
    source = news("2026-02-10", "story_wire_2026_02_10")
    proposals = rows(TEXT, date(2026, 2, 10), dataset, source)
    planned = ready_rows(proposals, [source])
    assert set(planned) == {"sources", "adoption"}  # the capex row's period is unclear: not ready
    assert write_ready(data_copy, proposals, [source]) == {"sources": 1, "adoption": 1}
    assert pd.read_csv(data_copy / "adoption.csv").iloc[-1]["source_id"] == "story_wire_2026_02_10"


def test_a_refused_write_writes_nothing(dataset, data_copy):
    source = news("2026-02-10", "story_wire_2026_02_10")
    proposals = rows(TEXT, date(2026, 2, 10), dataset, source)
    before = (data_copy / "adoption.csv").read_bytes()
    with pytest.raises(WriteRefused):
        write_ready(data_copy, proposals, [source | {"kind": "nonsense"}])
    assert (data_copy / "adoption.csv").read_bytes() == before


def test_the_rows_a_curator_ticks_are_the_rows_written(dataset):
    source = news("2026-02-10", "story_wire_2026_02_10")
    proposals = rows(TEXT, date(2026, 2, 10), dataset, source)
    reviewed = {table: proposals_frame(proposals, table) for table in ("adoption", "capex_quarters")}
    reviewed["capex_quarters"]["accept"] = True  # the curator ticks the capex row too
    kept = accepted_rows([source], reviewed)
    assert list(kept) == ["sources", "adoption", "capex_quarters"]
    assert "accept" not in kept["adoption"][0] and kept["adoption"][0]["value"] == "700000000"
