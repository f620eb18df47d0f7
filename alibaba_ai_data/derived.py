"""Figures derived from the curated tables: conversions, annual averages, response gaps, latest values.

Each derived figure keeps its inputs visible (rate and basis, period length, both dates) so the
page can say how it was computed.
"""

from __future__ import annotations

import pandas as pd

from alibaba_ai_data.filters import filter_by_date_range
from alibaba_ai_data.schema import GAP_TIME_UNITS

CURRENCIES = ("USD", "RMB")


# The pledge's own conversion (the articles' USD 53bn for RMB 380bn) is the display rate: it turns USD amounts into
# RMB when a page shows everything in RMB. Every RMB row keeps its own stated rate for USD.
DISPLAY_RATE_ID = "alibaba_ai_cloud_commitment"


def rmb_per_usd(investments: pd.DataFrame) -> tuple[float, str] | None:
    """The display rate in RMB per USD and its basis: the pledge row's stated rate, else the newest RMB row's; None
    when no RMB row carries a rate. RMB rows may each state their own rate (results releases give one per quarter)."""
    rmb = investments[(investments["currency"].astype(str) == "RMB") & investments["fx_usd_per_unit"].notna()]
    if rmb.empty:
        return None
    pledge = rmb[rmb["investment_id"] == DISPLAY_RATE_ID]
    row = pledge.iloc[0] if len(pledge) else rmb.sort_values("announced").iloc[-1]
    rate = float(row["fx_usd_per_unit"])
    if rate <= 0:
        return None
    return 1 / rate, str(row["fx_basis"])


def capex_in_usd(capex: pd.DataFrame, display_rate: tuple[float, str] | None) -> pd.DataFrame:
    """Quarterly capex rows with ``amount_usd_bn``: USD as reported; RMB at the row's own stated rate, else at the
    display rate, labelled; a row with neither is left out. ``fx_rmb_per_usd`` and ``conversion`` say which."""
    rows = capex[capex["row_kind"].astype(str) == "quarter"].copy()
    usd = rows["currency"].astype(str) == "USD"
    own = rows["fx_usd_per_unit"].astype(float)
    fallback = float("nan") if display_rate is None else 1 / display_rate[0]
    per_unit = own.where(own.notna() & (own > 0), fallback).where(~usd, 1.0)
    rows["amount_usd_bn"] = rows["amount_bn"].astype(float) * per_unit
    rows["fx_rmb_per_usd"] = (1 / per_unit).where(~usd)
    stated = own.notna() & (own > 0)
    display_basis = (
        "" if display_rate is None else f"the pledge's rate ({display_rate[0]:.4f} RMB per USD); no rate stated with the figure"
    )
    rows["conversion"] = [
        "reported in USD" if is_usd else (f"at {1 / rate:.4f} RMB per USD, as stated" if has_own else display_basis)
        for is_usd, has_own, rate in zip(usd, stated, per_unit)
    ]
    return rows[rows["amount_usd_bn"].notna()]


def investments_in_currency(investments: pd.DataFrame, currency: str, rate_rmb_per_usd: float) -> pd.DataFrame:
    """Investments with amount_low/amount_high shown in one currency (billions), and how each was converted."""
    if currency not in CURRENCIES:
        raise ValueError(f"unknown currency {currency!r}")
    shown = investments.copy()
    native = shown["currency"].astype(str) == currency
    if currency == "USD":
        low, high = shown["amount_usd_low_bn"], shown["amount_usd_high_bn"]
        how = "as reported in USD"
    else:
        low = shown["amount_usd_low_bn"] * rate_rmb_per_usd
        high = shown["amount_usd_high_bn"] * rate_rmb_per_usd
        how = f"converted at {rate_rmb_per_usd:.4f} RMB per USD"
    shown["shown_currency"] = currency
    shown["shown_low_bn"] = shown["amount_low_bn"].where(native, low)
    shown["shown_high_bn"] = shown["amount_high_bn"].where(native, high)
    shown["conversion"] = pd.Series(how, index=shown.index).where(~native, "original currency")
    return shown


PLAN_CATEGORIES = ("commitment", "capex_plan")


def spending_plans(investments_shown: pd.DataFrame) -> pd.DataFrame:
    """The forward-looking figures compared like for like: Alibaba's commitment and peers' plans (not actuals)."""
    return investments_shown[investments_shown["category"].astype(str).isin(PLAN_CATEGORIES)]


def annualised_spending(investments_shown: pd.DataFrame) -> pd.DataFrame:
    """Plans with a spending period, put on a per-year footing; multi-year totals become labelled averages."""
    plans = spending_plans(investments_shown)
    dated = plans[plans["period_years"].notna()].copy()
    years = dated["period_years"].astype(float)
    dated["per_year_low_bn"] = dated["shown_low_bn"] / years
    dated["per_year_high_bn"] = dated["shown_high_bn"] / years
    dated["per_year_basis"] = [
        f"annual average of a {y:g}-year total (no yearly split published)" if y > 1 else "one-year plan" for y in years
    ]
    dated["label"] = [f"{who} ({y:g}-yr average)" if y > 1 else f"{who} (one year)" for who, y in zip(dated["investor"], years)]
    return dated


def response_gaps(responses: pd.DataFrame, releases: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Days from each trigger to its response; exact only when both dates are known to the day."""
    lookup = pd.concat(
        [
            releases.assign(table="releases", key=releases["release_id"], name=releases["model"], when=releases["release_date"])[
                ["table", "key", "name", "when", "date_precision"]
            ],
            events.assign(table="events", key=events["event_id"], name=events["title"], when=events["date"])[
                ["table", "key", "name", "when", "date_precision"]
            ],
        ],
        ignore_index=True,
    ).set_index(["table", "key"])
    out = responses.copy()
    for side in ("trigger", "response"):
        keys = list(zip(out[f"{side}_table"].astype(str), out[f"{side}_id"]))
        found = lookup.loc[keys]
        out[f"{side}_name"] = found["name"].to_numpy()
        out[f"{side}_date"] = found["when"].to_numpy()
        out[f"{side}_precision"] = found["date_precision"].astype(str).to_numpy()
    out["gap_days"] = (out["response_date"] - out["trigger_date"]).dt.days
    out["exact"] = (out["trigger_precision"] == "day") & (out["response_precision"] == "day")
    return out


def response_gaps_in_range(responses: pd.DataFrame, releases: pd.DataFrame, events: pd.DataFrame, start, end) -> pd.DataFrame:
    """Response gaps whose span, from trigger to response, overlaps [start, end]."""
    return filter_by_date_range(
        response_gaps(responses, releases, events), start, end, date_column="trigger_date", end_column="response_date"
    )


def metric_series(metrics: pd.DataFrame, metric: str, entity: str | None = None) -> pd.DataFrame:
    """Observations of one metric, oldest first."""
    rows = metrics[metrics["metric"] == metric]
    if entity is not None:
        rows = rows[rows["entity"] == entity]
    return rows.sort_values("as_of")


def latest_and_previous(observations: pd.DataFrame) -> tuple[pd.Series | None, pd.Series | None]:
    """The newest observation and the one before it (either may be None)."""
    ordered = observations.sort_values("as_of")
    latest = ordered.iloc[-1] if len(ordered) else None
    previous = ordered.iloc[-2] if len(ordered) > 1 else None
    return latest, previous


# Event categories whose rows get a direct label on charts: money, results and the adoption race.
LABELLED_EVENT_CATEGORIES = ("investment", "results", "adoption")


def _response_keys(responses: pd.DataFrame, table: str) -> set[str]:
    keys: set[str] = set()
    for side in ("trigger", "response"):
        keys |= set(responses.loc[responses[f"{side}_table"].astype(str) == table, f"{side}_id"])
    return keys


def labelled_releases(releases: pd.DataFrame, responses: pd.DataFrame) -> set[str]:
    """Releases that get a direct label on charts: the moves the articles pair (rivals' and Alibaba's answers) and
    the first release of every family (each Qwen generation, each rival line)."""
    firsts = releases.sort_values("release_date", kind="stable").drop_duplicates("family")["release_id"]
    return _response_keys(responses, "releases") | set(firsts)


def labelled_events(events: pd.DataFrame, responses: pd.DataFrame) -> set[str]:
    """Events that get a direct label: those the articles pair with a release, and investment, results and
    adoption milestones (the capex plan among them)."""
    chosen = events.loc[events["category"].astype(str).isin(LABELLED_EVENT_CATEGORIES), "event_id"]
    return _response_keys(responses, "events") | set(chosen)


def gap_lags(gaps: pd.DataFrame) -> pd.DataFrame:
    """The gap estimates stated as time, on one axis in months: a figure in years is shown as twelve months a year
    (a change of unit, nothing else), and ``stated`` keeps the wording of the value as published."""
    lags = gaps[gaps["unit"].astype(str).isin(GAP_TIME_UNITS)].copy()
    per = lags["unit"].astype(str).map({"months": 1.0, "years": 12.0}).astype(float)  # float even with no rows
    for column in ("value", "range_low", "range_high"):
        lags[f"{column}_months"] = lags[column].astype(float) * per
    lags["stated"] = [stated_gap(row) for row in lags.itertuples()]
    return lags


def stated_gap(row) -> str:
    """A gap as its source states it, in words: 'about 8 months', '3-6 months', 'less than 3 months'."""
    unit = str(row.unit)
    if pd.notna(row.range_low) and pd.notna(row.range_high):
        span = f"{row.range_low:g}-{row.range_high:g} {unit}"
        if str(row.qualifier) == "range":
            return span
        return f"{str(row.qualifier)} {row.value:g} {unit} (range {span})"
    qualifier = "" if str(row.qualifier) == "as stated" else f"{row.qualifier} "
    shown = f"{row.value:g}"
    return f"{qualifier}{shown}{'%' if unit == 'percent' else ' ' + unit}"


def gap_spread(lags: pd.DataFrame) -> pd.DataFrame:
    """Per comparison and dimension, the smallest and the largest lag published, with who said each and when: the
    spread of the estimates, never their average (their methods differ). Ties name every estimate at the extreme."""

    def named(rows: pd.DataFrame) -> str:
        return "; ".join(f"{r.stated} ({r.estimator}, {r.as_of:%Y-%m})" for r in rows.sort_values("as_of").itertuples())

    rows = []
    keys = [lags["comparison"].astype(str), lags["dimension"].astype(str)]
    for (comparison, dimension), part in lags.groupby(keys, sort=True):
        low, high = part["value_months"].min(), part["value_months"].max()
        rows.append(
            {
                "comparison": comparison,
                "dimension": dimension,
                "estimates": len(part),
                "low_months": float(low),
                "low": named(part[part["value_months"] == low]),
                "high_months": float(high),
                "high": named(part[part["value_months"] == high]),
            }
        )
    return pd.DataFrame(rows, columns=["comparison", "dimension", "estimates", "low_months", "low", "high_months", "high"])


def company_developers(company: str, developers) -> list[str]:
    """The release developers a competitors row stands for: each ' / '-separated part of its name, matched whole or
    as the start of a longer name ('Moonshot' is 'Moonshot AI'; 'Microsoft / OpenAI' includes 'OpenAI')."""
    parts = [part.strip() for part in str(company).split("/") if part.strip()]
    return sorted({d for d in map(str, developers) if any(d == p or d.startswith(p + " ") for p in parts)})


def open_weight_positions(competitors: pd.DataFrame, releases: pd.DataFrame) -> pd.DataFrame:
    """Each company's open-weight standing, from the releases table where it records one, else from the articles.

    A company is 'yes' when any release of its developers has open weights; ``open_weights_basis`` names the newest
    such release and its date, ``open_weights_source_id`` its source. When none of its recorded releases is open, or none is recorded, the articles' word
    stands and the basis says so."""
    shown, bases, cited = [], [], []
    dated = releases.sort_values("release_date", kind="stable")
    for company, stated in zip(competitors["company"], competitors["open_weight_models"].astype(str)):
        own = dated[dated["developer"].isin(company_developers(company, dated["developer"].unique()))]
        open_ = own[own["open_weights"].astype("boolean").fillna(False).astype(bool)]
        if len(open_):
            newest = open_.iloc[-1]
            shown.append("yes")
            cited.append(newest["source_id"])
            bases.append(
                f"releases: {len(open_)} of {len(own)} recorded {'is' if len(open_) == 1 else 'are'} open-weight, the newest {newest['model']} "
                f"({newest['release_date']:%Y-%m-%d}); the articles say '{stated}'"
            )
        else:
            shown.append(stated)
            cited.append(None)
            recorded = (
                f"{len(own)} release{'s' if len(own) != 1 else ''} recorded, none open-weight"
                if len(own)
                else "no release recorded"
            )
            bases.append(f"the articles say '{stated}' ({recorded})")
    return competitors.assign(open_weights_shown=shown, open_weights_basis=bases, open_weights_source_id=cited)
