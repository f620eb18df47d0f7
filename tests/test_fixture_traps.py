"""Data shapes the live rows are about to take, built here on purpose: a peer's quarter beside Alibaba's in
capex_quarters, and RMB figures stated at more than one conversion rate."""

from __future__ import annotations

import pandas as pd
import pytest

from alibaba_ai_data import load_dataset
from alibaba_ai_data.derived import capex_in_usd, rmb_per_usd
from dashboard.data_access import DATA_DIR_ENV
from dashboard.figures.common import point_field
from dashboard.figures.joined import joined_timeline
from tests.conftest import read_rows, write_rows
from tests.test_pages import open_page, plotly_spec


def add_rows(directory, table: str, *rows: dict) -> None:
    path = directory / f"{table}.csv"
    existing = read_rows(path)
    write_rows(path, existing + [dict(existing[0], **row) for row in rows])


def capex_row(**overrides) -> dict:
    base = {
        "row_kind": "quarter",
        "qualifier": "as stated",
        "figure_basis": "stated",
        "scope": "company total",
        "scope_as_stated": "capital expenditure for the quarter",
        "reported_precision": "day",
        "evidence": "",
        "confidence": "high",
        "notes": "",
        "fx_usd_per_unit": "",
        "fx_basis": "",
    }
    return base | overrides


def first_missing_alibaba_quarter(capex: pd.DataFrame, today: pd.Timestamp) -> pd.Timestamp:
    alibaba = capex[(capex["company"] == "Alibaba") & (capex["row_kind"].astype(str) == "quarter")]
    starts = set(alibaba["period_start"])
    quarters = pd.period_range(alibaba["period_start"].min(), today, freq="Q")
    return next(q.start_time for q in quarters if q.start_time not in starts and q.end_time < today)


@pytest.fixture
def with_peer_quarter(data_copy):
    """The fixture dataset plus a Tencent quarter in the first quarter Alibaba has no figure for."""
    capex = load_dataset(data_copy)["capex_quarters"]
    gap = first_missing_alibaba_quarter(capex, pd.Timestamp("2026-12-01"))
    source = capex["source_id"].iloc[0]
    add_rows(
        data_copy,
        "capex_quarters",
        capex_row(
            capex_id="tencent_fixture_quarter",
            company="Tencent",
            period_start=f"{gap:%Y-%m-%d}",
            period_end=f"{gap + pd.offsets.QuarterEnd(0):%Y-%m-%d}",
            calendar_label="fixture quarter",
            fiscal_label="Q? fixture",
            amount_bn="99.9",
            currency="RMB",
            reported=f"{gap + pd.offsets.QuarterEnd(0) + pd.Timedelta(days=40):%Y-%m-%d}",
            source_id=source,
            confidence="medium",
        ),
    )
    return data_copy, gap


def test_a_peers_quarter_is_never_drawn_as_alibabas(with_peer_quarter):
    directory, gap = with_peer_quarter
    tables = load_dataset(directory).tables
    today = pd.Timestamp("2026-12-01")
    span = (pd.Timestamp("2024-01-01"), today)
    fig = joined_timeline(
        tables["capex_quarters"],
        tables["releases"],
        set(),
        tables["adoption"].iloc[0:0],
        None,
        tables["capability"],
        tables["events"].iloc[0:0],
        tables["sources"],
        span,
        today,
    )
    capex_keys = [k for t in fig.data if t.legendgroup == "capex" for k in point_field(t, "key")]
    assert "tencent_fixture_quarter" not in capex_keys
    assert capex_keys and all(k.startswith("capex_") for k in capex_keys)
    gap_marks = [a for a in fig.layout.annotations if a.text == "no figure"]
    assert any(pd.Timestamp(a.x) == gap + pd.Timedelta(days=45) for a in gap_marks)


def test_a_peers_quarter_stays_off_the_pledge_and_on_the_peers_chart(with_peer_quarter, monkeypatch):
    directory, gap = with_peer_quarter
    monkeypatch.setenv(DATA_DIR_ENV, str(directory))
    at = open_page("app_pages/capex.py")
    burn_up = plotly_spec(at, "The RMB 380bn pledge against reported spending")
    assert "99.9" not in str(burn_up["data"])
    assert all("Tencent" not in m.label for m in at.metric)
    peers = plotly_spec(open_page("app_pages/capex.py", {"view": "Peers"}), "Capex per calendar quarter (USD bn)")
    assert {(t.get("name") or "").split(" (")[0] for t in peers["data"]} >= {"Alibaba", "Tencent"}


@pytest.fixture
def with_second_rate(data_copy):
    """An RMB investment at a rate other than the pledge's (a figure converted at its own date's rate)."""
    rows = read_rows(data_copy / "investments.csv")
    template = next(r for r in rows if r["currency"] == "RMB" and r["investment_id"] != "alibaba_ai_cloud_commitment")
    template = template or rows[0]
    add_rows(
        data_copy,
        "investments",
        template
        | {
            "investment_id": "fixture_second_rate",
            "amount_low_bn": "10",
            "amount_high_bn": "10",
            "fx_usd_per_unit": "0.14",
            "fx_basis": "the release's own convenience rate",
            "amount_usd_low_bn": "1.4",
            "amount_usd_high_bn": "1.4",
        },
    )
    return data_copy


def test_a_second_rmb_rate_keeps_the_pledges_rate_for_display(with_second_rate):
    investments = load_dataset(with_second_rate)["investments"]
    assert investments.loc[investments["currency"].astype(str) == "RMB", "fx_usd_per_unit"].nunique() == 2
    rate, basis = rmb_per_usd(investments)
    pledge = investments.set_index("investment_id").loc["alibaba_ai_cloud_commitment"]
    assert rate == pytest.approx(1 / pledge["fx_usd_per_unit"])
    assert basis == pledge["fx_basis"]


@pytest.mark.parametrize(
    "page, params",
    [
        ("app_pages/methodology.py", {}),
        *[("app_pages/capex.py", {"view": v}) for v in ("Pledge", "Peers", "Like for like", "Stakes", "Investments")],
    ],
)
def test_pages_draw_with_a_second_rmb_rate(with_second_rate, monkeypatch, page, params):
    monkeypatch.setenv(DATA_DIR_ENV, str(with_second_rate))
    at = open_page(page, params)  # asserts no exception
    assert not at.error


def test_each_rmb_quarter_converts_at_its_own_stated_rate(dataset):
    capex = dataset["capex_quarters"].copy()
    alibaba = capex.index[(capex["company"] == "Alibaba") & (capex["row_kind"].astype(str) == "quarter")]
    capex.loc[alibaba[0], ["fx_usd_per_unit", "fx_basis"]] = [0.14, "stated in the release"]
    display = rmb_per_usd(dataset["investments"])
    usd = capex_in_usd(capex, display).set_index("capex_id")
    first, second = capex.loc[alibaba[0]], capex.loc[alibaba[1]]
    assert usd.loc[first["capex_id"], "amount_usd_bn"] == pytest.approx(first["amount_bn"] * 0.14)
    assert "as stated" in usd.loc[first["capex_id"], "conversion"]
    assert usd.loc[second["capex_id"], "amount_usd_bn"] == pytest.approx(second["amount_bn"] / display[0])
    assert "no rate stated" in usd.loc[second["capex_id"], "conversion"]
