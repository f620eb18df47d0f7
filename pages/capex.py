"""Capex and investments: Alibaba's three-year commitment beside peers' one-year plans, and its start-up stakes."""

import streamlit as st

from alibaba_ai_data.derived import annualised_spending, investments_in_currency, rmb_per_usd
from dashboard.components import metric_card, plotly_chart, selection_provenance, source_line, table_with_download
from dashboard.figures.capex import capex_per_year, spending_periods
from dashboard.formatting import money
from dashboard.page import setup_page
from dashboard.url_state import choice_control

ctx = setup_page("Capex and investments", "Spending commitments and plans, like for like.", known_params=("currency",))
currency = choice_control(
    "currency",
    "Show amounts in",
    ["USD", "RMB"],
    "USD",
    help="Converted at the rate the articles themselves imply; the rate is stated below.",
)
rate, basis = rmb_per_usd(ctx.dataset["investments"])
st.caption(
    f"Conversion rate: 1 USD = {rate:.4f} RMB ({basis}). Amounts reported in USD are shown as reported; "
    "the RMB view converts them at the same rate."
)

shown = ctx.cached(
    "investments-shown", lambda: investments_in_currency(ctx.tables["investments"], currency, rate), currency=currency
)
commitment = shown[shown["category"] == "commitment"]
stakes = shown[shown["category"] == "startup_stakes"]

cards = st.columns(3)
if commitment.empty:
    for column, label in zip(cards, ("Three-year commitment", "Period", "Annual average")):
        with column:
            metric_card(label, "", ctx.cite_index, None)
else:
    row = commitment.iloc[0]
    years = float(row["period_years"])
    with cards[0]:
        metric_card(
            "Three-year AI and cloud commitment",
            money(row["shown_low_bn"], row["shown_high_bn"], currency),
            ctx.cite_index,
            row,
            as_of=f"announced {row['announced']:%Y-%m-%d}",
            detail=f"originally {money(row['amount_low_bn'], row['amount_high_bn'], str(row['currency']))}",
        )
    with cards[1]:
        metric_card(
            "Period covered",
            f"{row['period_start']:%Y} to {row['period_end']:%Y}",
            ctx.cite_index,
            row,
            as_of=f"announced {row['announced']:%Y-%m-%d}",
            detail=f"{years:g} years; no yearly split published",
        )
    with cards[2]:
        metric_card(
            "Annual average (not a yearly budget)",
            money(row["shown_low_bn"] / years, row["shown_high_bn"] / years, currency) + "/yr",
            ctx.cite_index,
            row,
            as_of=f"announced {row['announced']:%Y-%m-%d}",
            detail=f"the total divided by {years:g}; the articles give no split by year",
        )

annual = ctx.cached("investments-annual", lambda: annualised_spending(shown), currency=currency)
picked = plotly_chart(
    ctx.cached("capex-per-year", lambda: capex_per_year(annual, ctx.sources, currency), currency=currency),
    key="capex_per_year",
    name=f"capex-per-year-{currency}",
    span=ctx.span,
)
st.caption(
    "Peers' figures are one-year plans (Microsoft's is its fiscal year to June 2025). Alibaba's three-year total is "
    "shown as an annual average, hatched and labelled as such; a whisker marks a range (Meta: USD 60-65bn)."
)
source_line(annual["source_id"].tolist() + annual["date_source_id"].dropna().tolist(), ctx.cite_index)
picked += plotly_chart(
    ctx.cached("capex-periods", lambda: spending_periods(shown, ctx.sources, currency), currency=currency),
    key="capex_periods",
    name=f"capex-periods-{currency}",
    span=ctx.span,
)
source_line(shown.loc[shown["period_start"].notna(), "source_id"].tolist(), ctx.cite_index)

st.subheader("Stakes in AI start-ups")
if stakes.empty:
    st.caption("No start-up stakes in the selected date range.")
else:
    row = stakes.iloc[0]
    claim = ctx.dataset["claims"].set_index("claim_id").get("explanation", {}).get("startup_stakes_800m")
    with st.columns(2)[0]:
        metric_card(
            "Put into Chinese AI start-ups",
            money(row["shown_low_bn"], row["shown_high_bn"], currency, str(row["qualifier"])),
            ctx.cite_index,
            row,
            as_of=f"reported {row['announced']:%b %Y}",
            detail="named: " + ", ".join(str(row["targets"]).split(";")) + "; no split by company",
        )
    if claim:
        st.caption(f"Qualified: {claim}")

st.subheader("Investments in range")
selected = table_with_download(
    "investments",
    shown.sort_values("announced"),
    ctx.span,
    key="capex_table",
    note="`shown_*` columns are in the currency selected above; `amount_*` columns are as reported.",
)
selection_provenance(picked, selected, ctx.tables, ctx.cite_index, "investor")
