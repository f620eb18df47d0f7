"""The living tracker's derivations: the pledge burn-up and KPI, peers' plan against actual, adoption, freshness."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from alibaba_ai_data.derived import investments_in_currency
from alibaba_ai_data.periods import fiscal_label
from alibaba_ai_data.tracker import (
    NOT_FOUND,
    NOT_YET,
    REPORTED,
    PledgeWindow,
    adoption_series,
    basis_label,
    data_as_of,
    plan_vs_actual,
    pledge_burn_up,
    pledge_progress,
    pledge_window,
    since_articles,
)

WINDOW = PledgeWindow(
    start=pd.Timestamp("2025-01-01"),
    end=pd.Timestamp("2027-12-31"),
    target_bn=380.0,
    currency="RMB",
    announced=pd.Timestamp("2025-02-24"),
)


def quarters(*rows: tuple[str, float]) -> pd.DataFrame:
    """A capex_quarters frame with one quarter row per (quarter start, amount), plus one cumulative row."""
    records = [
        {
            "capex_id": f"q_{start}",
            "company": "Alibaba",
            "row_kind": "quarter",
            "period_start": pd.Timestamp(start),
            "period_end": pd.Timestamp(start) + pd.offsets.QuarterEnd(0),
            "amount_bn": amount,
            "currency": "RMB",
            "qualifier": "as stated",
            "scope": "company total",
            "source_id": "s",
        }
        for start, amount in rows
    ]
    records.append(
        {
            "capex_id": "cum",
            "company": "Alibaba",
            "row_kind": "cumulative",
            "period_start": pd.Timestamp("2024-10-01"),
            "period_end": pd.Timestamp("2025-09-30"),
            "amount_bn": 120.0,
            "currency": "RMB",
            "qualifier": "about",
            "scope": "AI and cloud infrastructure",
            "source_id": "s",
        }
    )
    return pd.DataFrame(records)


@pytest.mark.parametrize(
    ("start", "label"),
    [("2025-01-01", "FY2025 Q4"), ("2025-04-01", "FY2026 Q1"), ("2025-10-01", "FY2026 Q3"), ("2027-10-01", "FY2028 Q3")],
)
def test_fiscal_labels_follow_a_year_ending_in_march(start, label):
    assert fiscal_label(pd.Timestamp(start)) == label


def test_window_comes_from_the_pledge_row(dataset):
    window = pledge_window(dataset["investments"])
    assert window == WINDOW
    assert len(window.quarter_starts) == 12
    assert pledge_window(dataset["investments"].iloc[0:0]) is None


def test_burn_up_keeps_gaps_empty_and_the_running_total_skips_them():
    burn_up = pledge_burn_up(
        quarters(("2025-04-01", 38.6), ("2025-07-01", 31.5), ("2026-01-01", 10.0)), WINDOW, pd.Timestamp("2026-07-04")
    )
    assert len(burn_up) == 12
    by_label = burn_up.set_index("calendar_label")
    # Jan-Mar 2025 has no figure: not zero, not interpolated.
    assert math.isnan(by_label.loc["Jan-Mar 2025", "reported_bn"])
    assert math.isnan(by_label.loc["Jan-Mar 2025", "cumulative_reported_bn"])
    assert by_label.loc["Jan-Mar 2025", "status"] == NOT_FOUND
    assert by_label.loc["Jul-Sep 2025", "cumulative_reported_bn"] == pytest.approx(70.1)
    # Oct-Dec 2025 is a gap inside the series; the next reported quarter adds to the reported ones only.
    assert math.isnan(by_label.loc["Oct-Dec 2025", "cumulative_reported_bn"])
    assert by_label.loc["Jan-Mar 2026", "cumulative_reported_bn"] == pytest.approx(80.1)
    assert by_label.loc["Jul-Sep 2026", "status"] == NOT_YET
    assert by_label.loc["Apr-Jun 2026", "status"] == NOT_FOUND
    # The cumulative statement is never folded into the quarters.
    assert set(burn_up["status"]) == {REPORTED, NOT_FOUND, NOT_YET}
    assert (burn_up["status"] == REPORTED).sum() == 3


def test_burn_up_counts_only_the_pledging_company():
    """Another company's quarter in the same currency is not Alibaba's spending."""
    frame = quarters(("2025-04-01", 38.6))
    peer = frame.iloc[[0]].assign(capex_id="peer_q", company="Tencent", amount_bn=20.0)
    burn_up = pledge_burn_up(pd.concat([frame, peer], ignore_index=True), WINDOW, pd.Timestamp("2026-07-04"))
    reported = burn_up[burn_up["status"] == REPORTED]
    assert reported["capex_id"].tolist() == ["q_2025-04-01"]
    assert reported["reported_bn"].tolist() == [38.6]


def test_straight_line_path_reaches_the_target_at_the_window_end():
    burn_up = pledge_burn_up(quarters(), WINDOW, pd.Timestamp("2026-07-04"))
    assert burn_up["path_bn"].tolist() == pytest.approx([380 * k / 12 for k in range(1, 13)])
    assert burn_up["quarter_end"].iloc[-1] == pd.Timestamp("2027-12-31")
    assert burn_up["quarter_end"].iloc[0] == pd.Timestamp("2025-03-31")


def test_kpi_sums_reported_quarters_and_counts_the_missing_ones():
    as_of = pd.Timestamp("2026-07-04")
    burn_up = pledge_burn_up(quarters(("2025-04-01", 38.6), ("2025-07-01", 31.5)), WINDOW, as_of)
    progress = pledge_progress(burn_up, WINDOW, as_of)
    assert progress.spent_bn == pytest.approx(70.1)
    assert progress.share_of_target == pytest.approx(70.1 / 380)
    assert (progress.quarters_elapsed, progress.quarters_total, progress.quarters_reported) == (6, 12, 2)
    assert progress.quarters_not_found == ("Jan-Mar 2025", "Oct-Dec 2025", "Jan-Mar 2026", "Apr-Jun 2026")
    early = pledge_progress(burn_up, WINDOW, pd.Timestamp("2025-06-30"))
    assert (early.spent_bn, early.quarters_elapsed, early.quarters_reported) == (pytest.approx(38.6), 2, 1)


def test_quarters_not_yet_due_are_not_yet_reported_even_after_they_end():
    """With the coverage's due quarters, an ended quarter whose results are not usually out yet is not a gap, and a
    due one without a figure is; the KPI counts only due quarters as elapsed."""
    today = pd.Timestamp("2026-11-01")
    due = {pd.Timestamp(s) for s in ("2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01")}
    burn_up = pledge_burn_up(quarters(("2025-04-01", 38.6), ("2025-07-01", 31.5)), WINDOW, today, due)
    by_label = burn_up.set_index("calendar_label")
    assert by_label.loc["Apr-Jun 2026", "status"] == NOT_FOUND
    # Jul-Sep 2026 ended on 30 September, but its results are not due until late November.
    assert by_label.loc["Jul-Sep 2026", "status"] == NOT_YET
    assert by_label.loc["Oct-Dec 2026", "status"] == NOT_YET
    progress = pledge_progress(burn_up, WINDOW, today)
    assert (progress.quarters_elapsed, progress.quarters_reported) == (6, 2)
    # The same quarter once due (and with no figure) is a gap.
    later = pledge_burn_up(quarters(), WINDOW, pd.Timestamp("2026-12-03"), due | {pd.Timestamp("2026-07-01")})
    assert later.set_index("calendar_label").loc["Jul-Sep 2026", "status"] == NOT_FOUND


def test_curated_burn_up_matches_the_data(dataset):
    as_of = data_as_of(dataset.sources)
    burn_up = pledge_burn_up(dataset["capex_quarters"], pledge_window(dataset["investments"]), as_of)
    reported = burn_up[burn_up["status"] == REPORTED]
    expected = dataset["capex_quarters"].query("row_kind == 'quarter' and period_start >= '2025-01-01'")
    assert sorted(reported["reported_bn"]) == sorted(expected["amount_bn"].astype(float))


def test_basis_labels():
    assert basis_label(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")) == "calendar 2025"
    assert basis_label(pd.Timestamp("2024-07-01"), pd.Timestamp("2025-06-30")) == "fiscal year Jul 2024-Jun 2025"
    assert basis_label(pd.Timestamp("2025-07-01"), pd.Timestamp("2025-09-30")) == "Jul-Sep 2025"


def test_plan_vs_actual_keeps_annual_rows_and_never_scales_a_quarter(dataset):
    rows = plan_vs_actual(investments_in_currency(dataset["investments"], "USD", 7.1698))
    assert "Tencent" not in set(rows["investor"])  # one reported quarter only
    assert set(rows["stage"]) == {"plan", "reported", "guidance", "revised guidance"}
    meta = rows[rows["investor"] == "Meta"].set_index("stage")
    assert meta.loc["plan", "label"] == "plan, calendar 2025"
    # January's 2026 guidance and April's raise are two steps of one series, not two plans.
    assert (meta.loc["guidance", "shown_low_bn"], meta.loc["guidance", "shown_high_bn"]) == (115, 135)
    assert (meta.loc["revised guidance", "shown_low_bn"], meta.loc["revised guidance", "shown_high_bn"]) == (125, 145)
    assert meta.loc["revised guidance", "label"] == "revised guidance, calendar 2026, given 2026-04-29"
    microsoft = rows[rows["investor"] == "Microsoft"]
    assert set(microsoft["basis"]) == {"fiscal year Jul 2024-Jun 2025"}


def test_adoption_series_puts_the_articles_figures_on_the_same_axes(dataset):
    downloads = adoption_series(dataset["adoption"], dataset["metrics"], dataset.sources, "downloads")
    articles = downloads[downloads["origin"] == "article"]
    assert articles["value"].tolist() == [400_000_000]
    assert {"Qwen", "Llama"} <= set(downloads["entity"])
    assert downloads["as_of"].is_monotonic_increasing
    derivatives = adoption_series(dataset["adoption"], dataset["metrics"], dataset.sources, "derivatives")
    assert sorted(derivatives.loc[derivatives["origin"] == "article", "value"]) == [90_000, 140_000]


def test_data_as_of_is_the_newest_source(dataset):
    assert data_as_of(dataset.sources) == dataset.sources["published"].max()


def test_since_the_articles_lists_only_later_non_article_rows_newest_first(dataset):
    newer = since_articles(dataset.tables)
    assert len(newer) > 0
    assert newer["date"].is_monotonic_decreasing
    assert (newer["date"] > pd.Timestamp("2025-10-31")).all()
    kinds = dataset.sources.set_index("source_id")["kind"].astype(str)
    assert not newer["source_id"].map(kinds).eq("article").any()
    assert {"releases", "adoption", "investments"} <= set(newer["table"])
    empty = since_articles(
        {
            **dataset.tables,
            **{
                t: dataset[t].iloc[0:0]
                for t in ("releases", "events", "metrics", "investments", "capex_quarters", "pledge_statements", "adoption")
            },
        }
    )
    assert empty.empty and list(empty.columns) == ["date", "date_precision", "table", "key", "what", "source_id"]


def test_every_new_row_has_a_dated_linked_source_with_a_confidence(dataset):
    sources = dataset.sources.set_index("source_id")
    for table in ("capex_quarters", "pledge_statements", "adoption"):
        cited = sources.loc[dataset[table]["source_id"]]
        assert cited["url"].notna().all() and cited["published"].notna().all()
        assert dataset[table]["confidence"].notna().all()
    retrieved = dataset.sources[dataset.sources["retrieved"].notna()]
    assert len(retrieved) > 40 and retrieved["confidence"].notna().all()
    assert np.all(retrieved["retrieved"] >= retrieved["published"])


def test_plan_vs_actual_of_no_rows_is_empty(dataset):
    assert plan_vs_actual(investments_in_currency(dataset["investments"].iloc[0:0], "USD", 7.1698)).empty


def test_running_totals_never_add_one_scope_to_another():
    frame = quarters(("2025-04-01", 38.6), ("2025-07-01", 31.5), ("2026-01-01", 26.9))
    frame.loc[frame["capex_id"] == "q_2025-04-01", "scope"] = "AI and cloud infrastructure"
    burn_up = pledge_burn_up(frame, WINDOW, pd.Timestamp("2026-07-04")).set_index("calendar_label")
    assert burn_up.loc["Apr-Jun 2025", "cumulative_reported_bn"] == pytest.approx(38.6)
    assert burn_up.loc["Jul-Sep 2025", "cumulative_reported_bn"] == pytest.approx(31.5)
    assert burn_up.loc["Jan-Mar 2026", "cumulative_reported_bn"] == pytest.approx(31.5 + 26.9)


def test_only_the_newest_revision_of_a_years_guidance_is_a_bar(dataset):
    """Two revisions of one year's guidance would share a bar's place; the newest is drawn, the others stay in the
    table."""
    from alibaba_ai_data.derived import investments_in_currency
    from alibaba_ai_data.tracker import plan_vs_actual

    investments = dataset["investments"]
    guide = investments[investments["category"].astype(str) == "capex_guidance"].iloc[[0]]
    revisions = pd.concat(
        [
            guide.assign(investment_id="rev_a", announced=guide["announced"] + pd.Timedelta(days=60), amount_low_bn=1.0),
            guide.assign(investment_id="rev_b", announced=guide["announced"] + pd.Timedelta(days=120), amount_low_bn=2.0),
        ]
    )
    shown = investments_in_currency(pd.concat([investments, revisions], ignore_index=True), "USD", 7.0)
    rows = plan_vs_actual(shown)
    revised = rows[(rows["stage"] == "revised guidance") & (rows["investor"] == guide["investor"].iloc[0])]
    assert revised["investment_id"].tolist() == ["rev_b"]
