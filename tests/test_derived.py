"""Derived figures: conversion, annual averages, response gaps, labels."""

from __future__ import annotations

import pandas as pd
import pytest

from alibaba_ai_data.derived import (
    annualised_spending,
    investments_in_currency,
    latest_and_previous,
    metric_series,
    response_gaps,
    rmb_per_usd,
)
from alibaba_ai_data.periods import approximate_label, as_of_label


def test_rate_comes_from_the_data(dataset):
    rate, basis = rmb_per_usd(dataset["investments"])
    assert rate == pytest.approx(380 / 53, rel=1e-5)
    assert "USD 53bn for RMB 380bn" in basis


def test_currency_views(dataset):
    rate, _ = rmb_per_usd(dataset["investments"])
    usd = investments_in_currency(dataset["investments"], "USD", rate).set_index("investment_id")
    rmb = investments_in_currency(dataset["investments"], "RMB", rate).set_index("investment_id")
    assert usd.loc["alibaba_ai_cloud_commitment", "shown_low_bn"] == pytest.approx(53.0)
    assert rmb.loc["alibaba_ai_cloud_commitment", "shown_low_bn"] == pytest.approx(380.0)
    assert rmb.loc["alibaba_ai_cloud_commitment", "conversion"] == "original currency"
    assert rmb.loc["microsoft_capex_fy2025", "shown_low_bn"] == pytest.approx(80 * rate)
    assert "RMB per USD" in rmb.loc["microsoft_capex_fy2025", "conversion"]
    with pytest.raises(ValueError):
        investments_in_currency(dataset["investments"], "EUR", rate)


def test_three_year_total_becomes_a_labelled_average(dataset):
    rate, _ = rmb_per_usd(dataset["investments"])
    annual = annualised_spending(investments_in_currency(dataset["investments"], "USD", rate)).set_index("investment_id")
    assert annual.loc["alibaba_ai_cloud_commitment", "per_year_low_bn"] == pytest.approx(53 / 3)
    assert "annual average" in annual.loc["alibaba_ai_cloud_commitment", "per_year_basis"]
    assert annual.loc["alibaba_ai_cloud_commitment", "label"] == "Alibaba (3-yr average)"
    assert annual.loc["meta_capex_2025", ["per_year_low_bn", "per_year_high_bn"]].tolist() == [60, 65]
    assert "alibaba_startup_stakes" not in annual.index  # no spending period, so no per-year figure


def test_response_gaps(dataset):
    gaps = response_gaps(dataset["responses"], dataset["releases"], dataset["events"]).set_index("pair_id")
    assert gaps.loc["r1_to_qwen2_5_max", "gap_days"] == 8
    assert gaps.loc["llama2_to_qwen_7b", "gap_days"] == 16
    assert gaps.loc["r1_to_capex", "response_name"] == "RMB 380bn three-year AI and cloud plan"
    assert gaps["exact"].all()


def test_latest_and_previous(dataset):
    latest, previous = latest_and_previous(metric_series(dataset["metrics"], "Qwen derivative models"))
    assert latest["value"] == 140000 and previous["value"] == 90000
    assert latest_and_previous(dataset["metrics"].iloc[0:0]) == (None, None)


@pytest.mark.parametrize(
    ("when", "precision", "expected"),
    [
        ("2025-02-13", "day", "2025-02-13"),
        ("2025-02-01", "month", "Feb 2025"),
        ("2025-04-01", "quarter", "Q2 2025"),
        ("2023-01-01", "year", "2023"),
    ],
)
def test_labels(when, precision, expected):
    assert as_of_label(pd.Timestamp(when), precision) == expected
    assert approximate_label(pd.Timestamp(when), precision) == (expected if precision == "day" else f"≈ {expected}")


def test_labelled_releases_and_events_come_from_the_pairs_and_the_data(dataset):
    from alibaba_ai_data.derived import labelled_events, labelled_releases

    releases = labelled_releases(dataset["releases"], dataset["responses"])
    assert {"deepseek_r1", "deepseek_v3", "qwen2_5_max", "llama_2", "chatgpt", "qwen_7b"} <= releases
    assert {"qwen3", "qwen3_5", "qwen1_5", "kimi_k2", "glm_4_5"} <= releases  # first of each family
    assert "qwen3_vl" not in releases and "deepseek_v3_2" not in releases
    events = labelled_events(dataset["events"], dataset["responses"])
    assert "capex_commitment" in events and {"qwen_passes_llama_atom", "qwen_passes_llama_qwen_team"} <= events
    assert "tsai_returns" not in events


def test_figures_are_classed_by_their_source_and_what_they_are(dataset):
    from alibaba_ai_data.methodology import FIGURE_CLASSES, classify_figures

    classified = classify_figures(dataset.tables).set_index(["table", "key"])["figure_class"]
    assert set(classified) <= set(FIGURE_CLASSES) and classified.notna().all()
    assert classified[("investments", "alibaba_ai_cloud_commitment")] == "company guidance"
    assert classified[("investments", "meta_capex_2026_guidance")] == "company guidance"
    assert classified[("capex_quarters", "capex_cum_2025_09")] == "company-reported"
    assert classified[("capex_quarters", "capex_2025_q3")] == "press-reported"
    assert classified[("adoption", "qwen_atom_downloads_2026_03")] == "estimate"
    assert classified[("pledge_statements", "pledge_480_reported")] == "press-reported"
    assert classified[("metrics", "downloads_2025_10")] == "press-reported"


def test_gap_lags_of_no_estimate_is_an_empty_frame_in_months(dataset):
    from alibaba_ai_data.derived import gap_lags, gap_spread

    lags = gap_lags(dataset["gap_estimates"].iloc[0:0])
    assert lags.empty and lags["value_months"].dtype == float
    assert gap_spread(lags).empty


def test_data_as_of_with_no_source_is_none(dataset):
    from alibaba_ai_data.tracker import data_as_of

    assert data_as_of(dataset.sources.iloc[0:0]) is None
    assert data_as_of(dataset.sources) == dataset.sources["published"].max()


def test_open_weights_follow_a_recorded_open_release_else_the_articles(dataset):
    from alibaba_ai_data.derived import company_developers, open_weight_positions

    releases, competitors = dataset["releases"], dataset["competitors"]
    positions = open_weight_positions(competitors, releases).set_index("company")
    assert company_developers("Microsoft / OpenAI", releases["developer"].unique()) == ["OpenAI"]
    for company, row in positions.iterrows():
        own = releases[releases["developer"].isin(company_developers(company, releases["developer"].unique()))]
        open_ = own[own["open_weights"].astype("boolean").fillna(False).astype(bool)].sort_values("release_date")
        if len(open_):
            # Any recorded open-weight release puts the company on the 'yes' side, whatever the articles said.
            assert row["open_weights_shown"] == "yes", company
            assert open_.iloc[-1]["model"] in row["open_weights_basis"]
            assert row["open_weights_source_id"] == open_.iloc[-1]["source_id"]
        else:
            assert row["open_weights_shown"] == str(competitors.set_index("company").loc[company, "open_weight_models"])
            assert "the articles say" in row["open_weights_basis"] and pd.isna(row["open_weights_source_id"])
    # The fixture's articles say OpenAI has none; its gpt-oss release says otherwise, and the release wins.
    assert competitors.set_index("company").loc["Microsoft / OpenAI", "open_weight_models"] == "no"
    assert positions.loc["Microsoft / OpenAI", "open_weights_shown"] == "yes"
    # A new open-weight release of Google's moves Google too, with that release named.
    gemma = releases.iloc[[0]].assign(
        release_id="test_open",
        model="Test open model",
        developer="Google",
        open_weights=True,
        release_date=pd.Timestamp("2026-01-02"),
    )
    moved = open_weight_positions(competitors, pd.concat([releases, gemma], ignore_index=True)).set_index("company")
    assert (
        moved.loc["Google", "open_weights_shown"] == "yes"
        and "Test open model (2026-01-02)" in moved.loc["Google", "open_weights_basis"]
    )
