"""Capex and investments: the pledge against reported spending, peers' plans against actuals, and Alibaba's
three-year commitment beside peers' one-year plans."""

import pandas as pd
import streamlit as st

from alibaba_ai_data.coverage import lacking_periods
from alibaba_ai_data.derived import annualised_spending, capex_in_usd, investments_in_currency, rmb_per_usd, spending_plans
from alibaba_ai_data.publish import export_table
from alibaba_ai_data.tracker import Kpi, plan_vs_actual, pledge_kpis
from dashboard.answer_texts import pledge_text
from dashboard.cards import kpi_row, metric_card
from dashboard.citations import selection_provenance
from dashboard.figures.capex import capex_per_year, plan_vs_actual_figure, quarterly_capex_usd, spending_periods
from dashboard.figures.pledge import cloud_growth_figure, pledge_burn_up_figure
from dashboard.formatting import money
from dashboard.page import setup_page
from dashboard.pledge import burn_up_to_date, pledge_as_of, pledge_window_of
from dashboard.registry import GROWTH_DRAWER
from dashboard.shared_cache import cached
from dashboard.url_state import choice_control

ctx = setup_page(
    __file__,
    "Capex and investments",
    "The RMB 380bn pledge against what Alibaba reports spending, and peers' plans against their actuals.",
)


def pledge_cards(ctx):
    window, as_of = cached(pledge_window_of, ctx.dataset), pledge_as_of(ctx)
    return pledge_kpis(
        ctx.cached(burn_up_to_date),
        window,
        as_of,
        lacking_periods(ctx.coverage, "alibaba_capex", window.start, as_of),
        ctx.dataset["investments"],
        ctx.tables["pledge_statements"],
    )


def burn_up_in_range(ctx):
    """The burn-up's quarters in the range; a range that reaches the end of the data shows the rest of the window."""
    window, burn_up = cached(pledge_window_of, ctx.dataset), ctx.cached(burn_up_to_date)
    reaches_end = pd.Timestamp(ctx.span.end) >= pd.Timestamp(ctx.default.end)
    shown_to = window.end if reaches_end else pd.Timestamp(ctx.span.end)
    return burn_up[(burn_up["quarter_end"] >= pd.Timestamp(ctx.span.start)) & (burn_up["quarter_start"] <= shown_to)]


def burn_up_figure(ctx):
    window = cached(pledge_window_of, ctx.dataset)
    return pledge_burn_up_figure(
        burn_up_in_range(ctx),
        window,
        ctx.tables["pledge_statements"],
        ctx.tables["capex_quarters"].query("row_kind == 'cumulative' and company == @window.company"),
        ctx.sources,
    )


def cloud_growth(ctx):
    metrics = ctx.tables["metrics"]
    return cloud_growth_figure(metrics[metrics["metric"] == "Alibaba Cloud revenue growth"], ctx.sources)


def pledge_view() -> pd.Series | None:
    """The pledge against reported spending: KPI cards, the burn-up, and (in drawers) cloud growth and the tables; returns
    the selected table row."""
    window = cached(pledge_window_of, ctx.dataset)
    span_start, span_end = pd.Timestamp(ctx.span.start), pd.Timestamp(ctx.span.end)
    if window is not None and (span_end < window.announced or span_start > window.end):
        st.info(
            f"The pledge was announced on {window.announced:%Y-%m-%d} and covers {window.label}, outside the selected range. "
            "Widen the range to see spending against it."
        )
        return None
    if window is None:
        st.info("The pledge row is not in the data, so there is no window to chart spending against.")
        return None
    ctx.answer(
        "How much has Alibaba spent against its pledge?",
        ctx.cached(pledge_text),
    )
    kpis = ctx.cached(pledge_cards)
    burn_up = burn_up_in_range(ctx)
    # Spending cards (one per scope) on their own row, then the window and the latest statement: four cards in one
    # row cut their figures short.
    kpi_row(kpis[:-2], ctx.cite_index)
    kpi_row(kpis[-2:], ctx.cite_index)
    ctx.chart(
        "pledge-burn-up",
        burn_up_figure,
        caveat="Running total of reported quarters only: quarters not found in sources are gaps, not zero",
        note="The running total adds only quarters with a sourced figure; a grey band is a quarter not found in the sources "
        "and the line breaks there rather than counting it as zero. Quarterly figures differ in scope (AI and cloud "
        "infrastructure, or the company total), as the table says. Diamonds are the company's own multi-quarter totals, "
        "which start before the pledge and are not added in. Dotted marks date each statement about the target: blue "
        "confirmed by the company, red a press report it has not confirmed.",
    )
    ctx.coverage_note("capex")
    # One chart on the view's first screen; what the spending is meant to buy is a click away (drawn only when open).
    if (box := ctx.drawer("Cloud revenue growth: what the spending is meant to buy", GROWTH_DRAWER)) is not None:
        with box:
            ctx.chart("cloud-revenue-growth", cloud_growth)
    if (box := ctx.drawer("Quarters and statements: tables and CSV", "table")) is None:
        return None
    quarter_tab, reported_tab, statements_tab = box.tabs(
        ["Quarter by quarter", "Reported figures", "Statements about the target"]
    )
    with quarter_tab:
        selected_quarter = ctx.table(
            "pledge-quarters",
            burn_up,
            key="pledge_quarters_table",
            api_table="capex_quarters",
            api_note="the API gives the reported figures as in data/; the running total and the gaps are worked out here",
        )
    with reported_tab:
        selected_capex = ctx.table(
            "capex-quarters",
            export_table(ctx.tables, "capex_quarters"),
            key="capex_quarters_table",
            table="capex_quarters",
            api_table="capex_quarters",
        )
    with statements_tab:
        selected_statement = ctx.table(
            "pledge-statements",
            export_table(ctx.tables, "pledge_statements"),
            key="pledge_statements_table",
            table="pledge_statements",
            api_table="pledge_statements",
        )
    selected = next((r for r in (selected_statement, selected_capex) if r is not None), None)
    if selected is None and selected_quarter is not None and isinstance(selected_quarter.get("capex_id"), str):
        selected = ctx.tables["capex_quarters"].set_index("capex_id", drop=False).loc[selected_quarter["capex_id"]]
    return selected


def investments_shown(ctx, currency: str, rate: float | None):
    return investments_in_currency(ctx.tables["investments"], currency, rate or float("nan"))


def plan_vs_actual_chart(ctx, currency: str, rate: float | None):
    return plan_vs_actual_figure(plan_vs_actual(ctx.cached(investments_shown, currency, rate)), ctx.sources, currency)


def per_year_chart(ctx, currency: str, rate: float | None):
    return capex_per_year(annualised_spending(ctx.cached(investments_shown, currency, rate)), ctx.sources, currency)


def periods_chart(ctx, currency: str, rate: float | None):
    return spending_periods(spending_plans(ctx.cached(investments_shown, currency, rate)), ctx.sources, currency)


def capex_usd(ctx):
    return capex_in_usd(ctx.tables["capex_quarters"], rmb_per_usd(ctx.dataset["investments"]))


def peer_quarters_chart(ctx):
    return quarterly_capex_usd(ctx.cached(capex_usd), ctx.sources)


def amounts_in_currency() -> tuple[str, float | None, pd.DataFrame]:
    """The currency switch and its stated rate; the investments in range in that currency."""
    display = rmb_per_usd(ctx.dataset["investments"])
    if display is None:
        st.caption("No RMB amount in the data states a conversion rate, so amounts are shown as reported in USD.")
        currency, rate = "USD", None
    else:
        currency = choice_control(
            "currency",
            "Show amounts in",
            ["USD", "RMB"],
            "USD",
            help="RMB amounts in USD use each figure's own stated rate; USD amounts in RMB use the pledge's rate.",
        )
        rate, basis = display
        st.caption(
            f"RMB figures in USD use the rate stated with each figure; USD figures in RMB use 1 USD = {rate:.4f} RMB ({basis})."
        )
    shown = ctx.cached(investments_shown, currency, rate)
    return currency, rate, shown


def peers_quarterly() -> None:
    """Alibaba against its peers per calendar quarter in USD, each RMB quarter at its own stated rate."""
    quarters = ctx.cached(capex_usd)
    definitions = quarters.drop_duplicates("company", keep="last")
    ctx.chart(
        "peer-capex-quarterly-usd",
        peer_quarters_chart,
        caveat="Each company's own definition of capex; RMB quarters converted at the rate stated with them",
        note="Companies marked (RMB) report in RMB and are drawn dotted, converted to USD. Calendar quarters (Microsoft's fiscal year ends in June, Alibaba's in March; hover for each company's own "
        "label). Definitions: "
        + "; ".join(f"{c}: {d}" for c, d in zip(definitions["company"], definitions["scope_as_stated"]))
        + ". A break in a line is a quarter with no recorded figure.",
    )


HEADINGS = ("investor", "calendar_label", "summary")
view = ctx.views()
if (tab := view["Pledge"]) is not None:
    with tab:
        selected = pledge_view()
        selection_provenance(selected, ctx.cite_index, *HEADINGS)
if (tab := view["Peers"]) is not None:
    with tab:
        peers_quarterly()
        currency, rate, shown = amounts_in_currency()
        quarters_only = shown[(shown["category"] == "capex_actual") & (shown["period_years"] < 1)]
        ctx.chart(
            f"peer-capex-plan-vs-actual-{currency}",
            plan_vs_actual_chart,
            currency,
            rate,
            caveat="Each company's own definition of capex; Microsoft's year runs July to June",
            note="Plans as first announced for the year, the spending each company later reported for that year, and its "
            "guidance for the next. Figures keep the company's own definition (some include finance leases). Single reported "
            "quarters are left out of the chart rather than scaled to a year"
            + (
                f" ({', '.join(sorted(set(quarters_only['investor'])))}: see the Investments view)."
                if len(quarters_only)
                else "."
            ),
        )
if (tab := view["Like for like"]) is not None:
    with tab:
        currency, rate, shown = amounts_in_currency()
        commitment = shown[shown["category"] == "commitment"]
        stated = commitment.dropna(subset=["period_years", "period_start", "period_end", "announced"])
        if stated.empty:
            # No commitment in range, or one without the period it covers: nothing to average over.
            kpis = [Kpi(label, "", None) for label in ("Three-year commitment", "Period", "Annual average")]
        else:
            row = stated.iloc[0]
            years = float(row["period_years"])
            announced = f"announced {row['announced']:%Y-%m-%d}"
            kpis = [
                Kpi(
                    "Three-year AI and cloud commitment",
                    money(row["shown_low_bn"], row["shown_high_bn"], currency),
                    row,
                    announced,
                    f"originally {money(row['amount_low_bn'], row['amount_high_bn'], str(row['currency']))}",
                ),
                Kpi(
                    "Period covered",
                    f"{row['period_start']:%Y} to {row['period_end']:%Y}",
                    row,
                    announced,
                    f"{years:g} years; no yearly split published",
                ),
                Kpi(
                    "Annual average (not a yearly budget)",
                    money(row["shown_low_bn"] / years, row["shown_high_bn"] / years, currency) + "/yr",
                    row,
                    announced,
                    f"the total divided by {years:g}; the articles give no split by year",
                ),
            ]
        kpi_row(kpis, ctx.cite_index)

        ctx.chart(
            f"capex-per-year-{currency}",
            per_year_chart,
            currency,
            rate,
            caveat="Alibaba: annual average of a three-year total (no yearly split published)"
            + (f"; converted at {rate:.4f} RMB per USD" if rate else ""),
            note="Peers' figures are one-year plans (Microsoft's is its fiscal year to June 2025). Alibaba's three-year total "
            "is shown as an annual average, hatched and labelled as such; a whisker marks a stated range.",
        )
        ctx.chart(f"capex-periods-{currency}", periods_chart, currency, rate)
if (tab := view["Stakes"]) is not None:
    with tab:
        currency, rate, shown = amounts_in_currency()
        stakes = shown[shown["category"] == "startup_stakes"]
        if stakes.empty:
            st.caption("No start-up stakes in the selected date range.")
        else:
            row = stakes.iloc[0]
            # The claim checked against this figure: the one quoting the same passage of the same source.
            claims = ctx.dataset["claims"]
            same = claims[(claims["source_id"] == row["source_id"]) & (claims["evidence"] == row["evidence"])]
            claim = same["explanation"].dropna().iloc[0] if same["explanation"].notna().any() else None
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
if (tab := view["Investments"]) is not None:
    with tab:
        currency, rate, shown = amounts_in_currency()
        selected = ctx.table(
            "investments",
            shown.sort_values("announced", kind="stable"),
            key="capex_table",
            note="'Shown' columns are in the currency selected above; 'Amount' columns are as reported.",
            api_table="investments",
            api_note="amounts as reported, without the 'Shown' columns converted here",
        )
        selection_provenance(selected, ctx.cite_index, *HEADINGS)
