"""Capex: peers' one-year plans against Alibaba's three-year commitment put on a per-year footing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data.tracker import REVISED
from dashboard.figures.common import empty_figure, point_data, source_titles, subtitle, thin
from dashboard.formatting import money
from dashboard.theme import COMPANY_COLOURS, MUTED


def range_whisker(low: pd.Series, high: pd.Series, width: int) -> dict:
    """An error bar from each bar's low end up to its high end: how a range (e.g. USD 60-65bn) is drawn."""
    return dict(
        type="data",
        symmetric=False,
        array=(high - low).to_numpy(),
        arrayminus=np.zeros(len(low)),
        color=MUTED,
        thickness=2,
        width=width,
    )


def capex_per_year(annual: pd.DataFrame, sources: pd.DataFrame, currency: str) -> go.Figure:
    """Horizontal bars of spending per year; multi-year totals are hatched and labelled as averages, ranges get a whisker."""
    title = f"Spending plans per year ({currency} bn)"
    if annual.empty:
        return empty_figure(title)
    annual, thinned = thin(annual, "announced", limit=30)
    rows = annual.sort_values("per_year_high_bn")
    low, high = rows["per_year_low_bn"].astype(float), rows["per_year_high_bn"].astype(float)
    averaged = rows["period_years"].astype(float) > 1
    labels = [
        money(lo, hi, currency, q) + ("/yr avg" if avg else "/yr")
        for lo, hi, q, avg in zip(low, high, rows["qualifier"].astype(str), averaged)
    ]
    points = point_data(
        "investments",
        rows["investment_id"],
        label=rows["label"],
        amount=labels,
        basis=rows["per_year_basis"],
        period=[f"{s:%Y-%m-%d} to {e:%Y-%m-%d}" for s, e in zip(rows["period_start"], rows["period_end"])],
        announced=[f"{a:%Y-%m-%d}" for a in rows["announced"]],
        source=source_titles(rows, sources),
    )
    fig = go.Figure(
        go.Bar(
            x=low,
            y=rows["label"],
            orientation="h",
            marker=dict(
                color=[COMPANY_COLOURS.get(i, MUTED) for i in rows["investor"]],
                pattern=dict(shape=np.where(averaged, "/", ""), fgcolor="white", solidity=0.25),
            ),
            error_x=range_whisker(low, high, width=8),
            text=labels,
            textposition="auto",
            **points.trace_args(
                "<b>{label}</b><br>{amount}<br>{basis}<br>period {period}<br>announced {announced}"
                "<br><i>source: {source}</i><extra></extra>"
            ),
            name="per year",
        )
    )
    fig.update_layout(
        title=title,
        xaxis_title=f"{currency} billions per year",
        yaxis_title=None,
        height=120 + 48 * len(rows),
        showlegend=False,
        xaxis=dict(range=[0, float(high.max()) * 1.3]),
    )
    subtitle(fig, thinned)
    return fig


def spending_periods(shown: pd.DataFrame, sources: pd.DataFrame, currency: str) -> go.Figure:
    """Gantt bars: the period each spending figure covers, labelled with its total."""
    title = "Period each figure covers"
    dated = shown[shown["period_start"].notna()].sort_values("period_start")
    if dated.empty:
        return empty_figure(title)
    dated, thinned = thin(dated, "period_start", limit=30)
    ends = dated["period_end"] + pd.Timedelta(days=1)
    totals = [
        money(lo, hi, currency, q)
        for lo, hi, q in zip(dated["shown_low_bn"], dated["shown_high_bn"], dated["qualifier"].astype(str))
    ]
    points = point_data(
        "investments",
        dated["investment_id"],
        investor=dated["investor"],
        total=totals,
        period=[f"{s:%Y-%m-%d} to {e:%Y-%m-%d}" for s, e in zip(dated["period_start"], dated["period_end"])],
        source=source_titles(dated, sources),
    )
    fig = go.Figure(
        go.Bar(
            base=dated["period_start"],
            x=(ends - dated["period_start"]).dt.total_seconds() * 1000,
            y=dated["investor"],
            orientation="h",
            marker_color=[COMPANY_COLOURS.get(i, MUTED) for i in dated["investor"]],
            text=totals,
            textposition="inside",
            insidetextanchor="middle",
            **points.trace_args("<b>{investor}</b><br>total {total}<br>{period}<br><i>source: {source}</i><extra></extra>"),
        )
    )
    fig.update_layout(
        title=title,
        xaxis=dict(type="date", title="Period covered"),
        yaxis_title=None,
        height=120 + 44 * len(dated),
        showlegend=False,
    )
    subtitle(fig, thinned)
    return fig


STAGE_COLOURS = {"plan": "#9CA3AF", "reported": "#0072B2", "guidance": "#E69F00", REVISED: "#D55E00"}


def plan_vs_actual_figure(rows: pd.DataFrame, sources: pd.DataFrame, currency: str) -> go.Figure:
    """Per company: the early plan, what was reported for that year, and the guidance for the next, with each bar's basis."""
    title = f"Peers' capex: plan, reported spending and next year's guidance ({currency} bn)"
    if rows.empty:
        return empty_figure(title)
    fig = go.Figure()
    companies = list(dict.fromkeys(rows.sort_values("investor")["investor"]))
    for stage, colour in STAGE_COLOURS.items():
        part = rows[rows["stage"] == stage]
        if part.empty:
            continue
        low, high = part["shown_low_bn"].astype(float), part["shown_high_bn"].astype(float)
        text = [money(lo, hi, currency, str(q)) for lo, hi, q in zip(low, high, part["qualifier"])]
        fig.add_trace(
            go.Bar(
                x=part["investor"],
                y=low,
                name=stage,
                marker_color=colour,
                error_y=range_whisker(low, high, width=6),
                text=[f"{t}<br>{b}" for t, b in zip(text, part["basis"])],
                textposition="outside",
                textfont=dict(size=11),
                cliponaxis=False,
                **point_data(
                    "investments",
                    part["investment_id"],
                    label=part["label"],
                    amount=text,
                    conversion=part["conversion"],
                    source=source_titles(part, sources),
                ).trace_args("<b>%{x}</b>: {label}<br>{amount} ({conversion})<br><i>source: {source}</i><extra></extra>"),
            )
        )
    top = float(rows["shown_high_bn"].astype(float).max())
    fig.update_layout(
        title=title,
        title_subtitle_text="Each bar names its period: Microsoft reports fiscal years to June, the others calendar years; "
        "a whisker marks a range",
        title_subtitle_font=dict(color=MUTED, size=12),
        barmode="group",
        bargap=0.25,
        xaxis=dict(title=None, categoryorder="array", categoryarray=companies),
        yaxis=dict(title=f"{currency} billions", range=[0, top * 1.3]),
        height=520,
        margin=dict(t=110),
        legend=dict(orientation="h", y=-0.12, x=0),
    )
    return fig


# Tencent and Amazon share a colour elsewhere (they never meet on one chart there); here they do.
QUARTERLY_COLOURS = {**COMPANY_COLOURS, "Tencent": "#332288"}


def quarterly_capex_usd(quarters: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """Each company's capex per calendar quarter in USD, one line per company (a quarter with no figure breaks the
    line); the hover names the company's fiscal label, its definition of capex and the rate used."""
    title = "Capex per calendar quarter (USD bn)"
    if quarters.empty:
        return empty_figure(title)
    fig = go.Figure()
    rows = quarters.sort_values(["company", "period_start"])
    for company, part in rows.groupby(rows["company"].astype(str), sort=True):
        colour = QUARTERLY_COLOURS.get(company, MUTED)
        converted = bool((part["currency"].astype(str) != "USD").any())
        # The line runs over every calendar quarter between the first and last recorded one, so a quarter with no
        # figure breaks it rather than being bridged; the points carry the rows.
        full = pd.period_range(part["period_start"].min(), part["period_start"].max(), freq="Q").start_time
        line = part.set_index("period_start")["amount_usd_bn"].reindex(full)
        fig.add_trace(
            go.Scatter(
                x=full + pd.Timedelta(days=45),
                y=line.astype(float),
                mode="lines",
                connectgaps=False,
                line=dict(color=colour, width=2, dash="dot" if converted else "solid"),
                hoverinfo="skip",
                legendgroup=company,
                showlegend=False,
            )
        )
        points = point_data(
            "capex_quarters",
            part["capex_id"],
            quarter=[f"{c} ({f})" for c, f in zip(part["calendar_label"], part["fiscal_label"])],
            reported=[money(a, a, str(c)) for a, c in zip(part["amount_bn"], part["currency"])],
            definition=part["scope_as_stated"].fillna(""),
            conversion=part["conversion"].fillna(""),
            source=source_titles(part, sources),
        )
        fig.add_trace(
            go.Scatter(
                x=part["period_start"] + pd.Timedelta(days=45),
                y=part["amount_usd_bn"].astype(float),
                mode="markers",
                name=f"{company} (RMB)" if converted else company,
                legendgroup=company,
                marker=dict(size=8, color=colour, symbol="diamond" if converted else "circle"),
                **points.trace_args(
                    "<b>" + company + ", {quarter}</b><br>USD %{y:,.1f}bn ({conversion})<br>as reported: {reported}"
                    "<br>definition: {definition}<br><i>source: {source}</i><extra></extra>"
                ),
            )
        )
    first, last = rows["period_start"].min(), rows["period_start"].max()
    pad = pd.Timedelta(days=45)
    fig.update_layout(
        title=title,
        yaxis_title="USD billions per quarter",
        xaxis=dict(range=[first - pad, last + pd.Timedelta(days=90) + pad], tickformat="%b %Y"),
        yaxis=dict(rangemode="tozero"),
        legend=dict(orientation="h", y=-0.15),
        height=460,
        hovermode="closest",
    )
    return fig
