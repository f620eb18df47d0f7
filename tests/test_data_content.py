"""The curated content: every article is used, the facts the articles report are present and cited."""

from __future__ import annotations

import pandas as pd
import pytest

from alibaba_ai_data import load_dataset
from alibaba_ai_data.loading import DEFAULT_DATA_DIR
from alibaba_ai_data.schema import EVIDENCE_MAX_WORDS, TABLES

ARTICLES = ["art_crn_could_lead", "art_transformation", "art_investing_tsai", "art_new_phase"]


@pytest.fixture(scope="module")
def dataset():
    """The live data/: these are its contract checks (the articles' rows stay as they are; every table validates)."""
    return load_dataset(DEFAULT_DATA_DIR)


def cited_rows(dataset, source_id):
    return sum(
        int((frame["source_id"] == source_id).sum())
        for name, frame in dataset.tables.items()
        if name != "sources" and "source_id" in frame.columns
    )


@pytest.mark.parametrize("article", ARTICLES)
def test_every_article_has_rows(dataset, article):
    assert article in set(dataset.sources["source_id"])
    assert cited_rows(dataset, article) >= 5


def test_article_sources_state_how_their_date_was_inferred(dataset):
    articles = dataset.sources[dataset.sources["kind"] == "article"]
    assert len(articles) == 4
    assert articles["date_basis"].str.startswith("Inferred").all()
    assert set(articles["title"]) >= {
        "Could Alibaba lead open source AI development?",
        "Tsai talks, Alibaba regroups around open-source AI",
    }


def test_evidence_is_short_and_present_on_article_rows(dataset):
    for name, frame in dataset.tables.items():
        if "evidence" not in frame.columns:
            continue
        from_article = frame["source_id"].isin(ARTICLES)
        assert frame.loc[from_article, "evidence"].notna().all(), name
        assert (frame["evidence"].dropna().str.split().str.len() <= EVIDENCE_MAX_WORDS).all(), name


def metric(dataset, metric_id):
    return dataset["metrics"].set_index("metric_id").loc[metric_id]


@pytest.mark.parametrize(
    ("metric_id", "value", "unit"),
    [
        ("derivatives_2025_02", 90000, "models"),
        ("derivatives_2025_10", 140000, "models"),
        ("downloads_2025_10", 400_000_000, "downloads"),
        ("models_released_2y", 357, "models"),
        ("qwen2_5_models_2024", 100, "models"),
        ("cloud_revenue_growth_q2_2025", 26, "%"),
        ("ai_revenue_streak_q2_2025", 7, "quarters"),
        ("stock_ytd_2025", 90, "%"),
        ("stock_intraday_2025_06", -1.2, "%"),
        ("stock_2020_2022", -50, "%"),
        ("damo_layoffs_share", 30, "% of workforce"),
        ("cloud_provider_rank", 4, "rank"),
        ("arena_rank_qwen2_5_max", 7, "rank"),
        ("open_family_rank", 2, "rank"),
        ("roadmap_context_to", 100_000_000, "tokens"),
    ],
)
def test_article_metrics(dataset, metric_id, value, unit):
    row = metric(dataset, metric_id)
    assert row["value"] == pytest.approx(value) and row["unit"] == unit
    assert isinstance(row["evidence"], str)


def test_commitment_and_stakes(dataset):
    investments = dataset["investments"].set_index("investment_id")
    commitment = investments.loc["alibaba_ai_cloud_commitment"]
    assert (commitment["amount_low_bn"], commitment["currency"], commitment["amount_usd_low_bn"]) == (380, "RMB", 53)
    assert commitment["announced"] == pd.Timestamp("2025-02-24") and commitment["period_years"] == 3
    stakes = investments.loc["alibaba_startup_stakes"]
    assert stakes["amount_usd_low_bn"] == 0.8 and stakes["qualifier"] == "more than"
    assert stakes["targets"].split(";") == ["Moonshot", "Baichuan", "Zhipu"]
    assert set(investments.loc[investments["category"] == "capex_plan", "investor"]) == {
        "Microsoft",
        "Alphabet",
        "Meta",
        "Amazon",
    }


@pytest.mark.parametrize(
    ("release_id", "day", "open_weights"),
    [
        ("qwen_7b", "2023-08-03", True),
        ("qwen2_5", "2024-09-19", True),
        ("qwen2_5_vl", "2025-01-26", True),
        ("qwen2_5_1m", "2025-01-27", True),
        ("qwen2_5_max", "2025-01-28", False),
        ("qwq_32b_preview", "2024-11-28", True),
        ("qwen2_5_omni_7b", "2025-03-26", True),
        ("qwen3", "2025-04-29", True),
        ("chatgpt", "2022-11-30", False),
        ("llama_2", "2023-07-18", True),
        ("deepseek_v3", "2024-12-26", True),
        ("deepseek_r1", "2025-01-20", True),
    ],
)
def test_release_dates_from_primary_sources(dataset, release_id, day, open_weights):
    row = dataset["releases"].set_index("release_id").loc[release_id]
    assert row["release_date"] == pd.Timestamp(day) and row["date_precision"] == "day"
    assert bool(row["open_weights"]) is open_weights


def test_events_cover_the_story(dataset):
    events = set(dataset["events"]["event_id"])
    assert events >= {
        "six_group_split",
        "chatgpt_hit",
        "deepseek_r1_shock",
        "lunar_new_year_sprint",
        "apple_partnership",
        "bmw_partnership",
        "capex_commitment",
        "vivatech_talk",
        "talent_departures",
        "damo_layoffs",
    }


def test_claims_have_standings_and_settling_sources(dataset):
    claims = dataset["claims"].set_index("claim_id")
    assert claims.loc["qwq_first_open_reasoning", "standing"] == "qualified"
    assert claims.loc["qwen2_5_max_open", "standing"] == "contradicted"
    assert claims.loc["omni_is_7b", "standing"] == "qualified"
    assert claims.loc["downloads_400m", "standing"] == "unverified"
    settled = claims[claims["standing"] != "unverified"]
    assert settled["settled_by_source_id"].notna().all()


def test_every_table_is_documented(dataset):
    readme = (pd.io.common.Path(__file__).resolve().parents[1] / "data" / "README.md").read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert f"`{spec.file}`" in readme
        for column in spec.columns:
            assert f"`{column.name}`" in readme, (spec.name, column.name)


def test_readme_tables_section_is_generated_from_the_schema():
    from alibaba_ai_data.docs import readme_with_tables

    readme = (pd.io.common.Path(__file__).resolve().parents[1] / "data" / "README.md").read_text(encoding="utf-8")
    assert readme_with_tables(readme) == readme, "run `python -m alibaba_ai_data.docs` to regenerate data/README.md"
