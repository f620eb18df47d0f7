"""Each page's one-sentence answer is written from the data: its figures, periods and dates follow the rows."""

from __future__ import annotations

import pandas as pd
import pytest

from alibaba_ai_data import load_dataset
from alibaba_ai_data.answers import business_answer, newest_standings, pledge_answer, releases_answer, standing_answer
from alibaba_ai_data.tracker import REPORTED, pledge_burn_up, pledge_window
from tests.conftest import FIXTURE_DATA_DIR


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(FIXTURE_DATA_DIR)


def test_pledge_answer_sums_each_scope_apart_and_names_the_gaps(dataset):
    window = pledge_window(dataset["investments"])
    as_of = pd.Timestamp("2026-12-06")
    burn_up = pledge_burn_up(dataset["capex_quarters"], window, as_of)
    answer = pledge_answer(burn_up, window, as_of, dataset["capex_quarters"])
    reported = burn_up[burn_up["status"] == REPORTED]
    for scope, part in reported.groupby("scope"):
        assert f"{window.currency} {part['reported_bn'].sum():,.1f}bn ({scope})" in answer
        assert f"to {part['calendar_label'].iloc[-1]}" in answer
    for missing in burn_up.loc[burn_up["status"] == "not found in sources", "calendar_label"]:
        assert missing in answer
    newest = dataset["capex_quarters"].set_index("capex_id").loc[reported.iloc[-1]["capex_id"]]
    assert f"reported {newest['reported']:%Y-%m-%d}" in answer or newest["reported_precision"] != "day"


def test_pledge_answer_with_nothing_reported_says_so(dataset):
    window = pledge_window(dataset["investments"])
    none = dataset["capex_quarters"].iloc[0:0]
    burn_up = pledge_burn_up(none, window, pd.Timestamp("2026-12-06"))
    assert "has a figure in the sources yet" in pledge_answer(burn_up, window, pd.Timestamp("2026-12-06"), none)


def test_releases_answer_counts_and_names_the_newest(dataset):
    releases = dataset["releases"]
    answer = releases_answer(releases)
    own = releases[releases["developer"] == "Alibaba"].sort_values("release_date")
    assert f"released {len(own)} models" in answer and own.iloc[-1]["model"] in answer
    assert f"its rivals released {len(releases) - len(own)}" in answer
    assert releases_answer(releases.iloc[0:0]) == "No model releases fall in the selected range."


def test_standing_answer_ranks_alibaba_in_the_newest_snapshot_of_each_board(dataset):
    capability = dataset["capability"]
    standings = newest_standings(capability)
    answer = standing_answer(capability)
    for board, part in standings.groupby("board"):
        own = part[part["developer"] == "Alibaba"].iloc[0]
        assert part["developer"].is_unique and part["value"].is_monotonic_decreasing
        assert own["model"] in answer or board not in answer
    assert standing_answer(capability.iloc[0:0]).startswith("No leaderboard")


def test_business_answer_reads_the_newest_revenue_and_the_streak(dataset):
    metrics, sources = dataset["metrics"], dataset["sources"]
    answer = business_answer(metrics, sources)
    revenue = metrics[metrics["metric"].isin(["AI Cloud and Compute Services revenue", "Alibaba Cloud revenue"])]
    newest = revenue.sort_values("as_of").iloc[-1]
    assert answer.startswith(f"{newest['metric']} was") and f"{float(newest['value']):,.1f}bn" in answer
    assert business_answer(metrics.iloc[0:0], sources) == "No cloud revenue figure falls in the selected range."


def test_a_stated_rank_and_the_passing_events_each_carry_their_basis_and_date(dataset):
    from alibaba_ai_data.answers import rank_bases
    from alibaba_ai_data.periods import as_of_label

    metrics, events = dataset["metrics"], dataset["events"]
    rank = metrics[metrics["metric_id"] == "open_family_rank"].iloc[0]
    text = rank_bases(rank, events, dataset["sources"])
    # The rank with what it counts and when; then every adoption event naming the family, with its own date.
    assert f"{rank['metric']} puts {rank['entity']} {int(rank['value'])}" in text
    assert f"as of {as_of_label(rank['as_of'], str(rank['as_of_precision']))}" in text
    named = events[(events["category"] == "adoption") & events["title"].str.contains(str(rank["entity"]))]
    assert len(named) >= 2
    for row in named.itertuples():
        assert f"{row.title}, {as_of_label(row.date, str(row.date_precision))}" in text
    assert rank_bases(rank, events.iloc[0:0], dataset["sources"]) == ""
    assert rank_bases(None, events, dataset["sources"]) == ""
