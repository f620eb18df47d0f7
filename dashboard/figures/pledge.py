"""The pledge against reported spending (a burn-up chart with dated statements) and the cloud growth it is meant to buy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data.periods import as_of_label
from alibaba_ai_data.tracker import NOT_FOUND, NOT_YET, REPORTED, PledgeWindow
from dashboard.figures.common import empty_figure, point_data, source_titles
from dashboard.formatting import QUALIFIER_PREFIX
from dashboard.theme import COMPANY_COLOURS, MUTED, PALETTE, SCOPE_COLOURS, TEXT

ALIBABA = COMPANY_COLOURS["Alibaba"]
PATH_COLOUR = MUTED
GAP_COLOUR = "#9CA3AF"
STATEMENT_COLOURS = {"confirmed": PALETTE[0], "reported": PALETTE[5]}
STATEMENT_LABELS = {
    "announced": "target set",
    "reaffirmed": "target kept",
    "raise_signalled": "raise signalled",
    "raise_reported": "raise reported",
}


def pledge_burn_up_figure(
    burn_up: pd.DataFrame,
    window: PledgeWindow,
    statements: pd.DataFrame,
    cumulative: pd.DataFrame,
    sources: pd.DataFrame,
) -> go.Figure:
    """Running total of reported quarters against the straight line to the target; gaps stay gaps; statements dated."""
    currency = window.currency
    title = f"The RMB {window.target_bn:g}bn pledge against reported spending ({currency} bn, cumulative)"
    if burn_up.empty:
        return empty_figure(title)
    fig = go.Figure()
    # The straight-line path: from zero at the window's start to the target at its end (the quarters shown).
    from_start = burn_up["quarter_start"].iloc[0] == window.start
    path_x = [window.start] * from_start + list(burn_up["quarter_end"])
    path_y = [0.0] * from_start + list(burn_up["path_bn"])
    fig.add_trace(
        go.Scatter(
            x=path_x,
            y=path_y,
            mode="lines",
            name=f"straight line to {currency} {window.target_bn:g}bn",
            line=dict(color=PATH_COLOUR, dash="dash", width=2),
            hovertemplate="straight-line path: %{y:,.1f}bn by %{x|%Y-%m-%d}<extra></extra>",
        )
    )
    reported = burn_up[burn_up["status"] == REPORTED]
    scopes = list(dict.fromkeys(reported["scope"].astype(str)))
    for scope in scopes:
        # One running total per scope, never one across scopes; a quarter of another scope or with no figure breaks it.
        in_scope = burn_up["cumulative_reported_bn"].where(burn_up["scope"].astype(str) == scope)
        colour = SCOPE_COLOURS.get(scope, ALIBABA)
        fig.add_trace(
            go.Scatter(
                x=burn_up["quarter_end"],
                y=in_scope,
                mode="lines",
                connectgaps=False,
                name=f"running total, {scope}" if len(scopes) > 1 else "reported quarters, running total",
                line=dict(color=colour, width=3, dash="solid" if scope == "company total" else "dot"),
                hoverinfo="skip",
            )
        )
    if len(reported):
        points = point_data(
            "capex_quarters",
            reported["capex_id"],
            quarter=reported["calendar_label"],
            fiscal=reported["fiscal_label"],
            amount=reported["reported_bn"].map("{:,.2f}".format),
            scope=reported["scope"],
            source=source_titles(reported, sources),
        )
        fig.add_trace(
            go.Scatter(
                x=reported["quarter_end"],
                y=reported["cumulative_reported_bn"],
                mode="markers+text",
                marker=dict(
                    size=10,
                    color=[SCOPE_COLOURS.get(str(s), ALIBABA) for s in reported["scope"]],
                    line=dict(color=TEXT, width=1),
                ),
                text=[f"+{v:,.1f}" for v in reported["reported_bn"]],
                textposition="bottom right",
                textfont=dict(color=TEXT, size=12),
                **points.trace_args(
                    "<b>{quarter}</b> ({fiscal})<br>reported "
                    + currency
                    + " {amount}bn ({scope})<br>running total of reported quarters: %{y:,.1f}bn"
                    "<br><i>source: {source}</i><extra></extra>"
                ),
                name="reported quarter (+ its figure)",
                showlegend=False,
            )
        )
    _gap_bands(fig, burn_up)
    _cumulative_statements(fig, cumulative, sources, currency)
    top = max(
        float(np.nanmax(burn_up["path_bn"])),
        float(cumulative["amount_bn"].max()) if len(cumulative) else 0.0,
        float(np.nanmax(burn_up["cumulative_reported_bn"])) if burn_up["cumulative_reported_bn"].notna().any() else 0.0,
    )
    _statement_marks(fig, statements, top, sources)
    fig.update_layout(
        title=title,
        title_subtitle_text=f"Window assumed: {window.label}, the period recorded with the pledge; "
        "a grey band is a quarter with no figure in the sources (never drawn as zero)",
        title_subtitle_font=dict(color=MUTED, size=12),
        xaxis=dict(
            type="date",
            title="Quarter end",
            range=[
                burn_up["quarter_start"].iloc[0] - pd.Timedelta(days=120),
                burn_up["quarter_end"].iloc[-1] + pd.Timedelta(days=20),
            ],
        ),
        yaxis=dict(title=f"{currency} billions, cumulative", range=[0, top * 1.4], rangemode="tozero"),
        height=600,
        margin=dict(t=110),
        # Two fixed columns: a free-flowing horizontal legend ran its last long entry past the chart's right edge.
        legend=dict(orientation="h", y=-0.2, x=0, entrywidth=0.5, entrywidthmode="fraction"),
    )
    return fig


def _gap_bands(fig: go.Figure, burn_up: pd.DataFrame) -> None:
    """Grey bands for quarters with no figure in the sources, labelled; lighter ones for quarters not yet reported."""
    for row in burn_up.itertuples():
        if row.status == REPORTED:
            continue
        not_found = row.status == NOT_FOUND
        fig.add_vrect(
            x0=row.quarter_start,
            x1=row.quarter_end,
            fillcolor=GAP_COLOUR if not_found else "#F3F4F6",
            opacity=0.35 if not_found else 0.6,
            line_width=0,
            layer="below",
        )
        if not_found:
            fig.add_annotation(
                x=row.quarter_start + (row.quarter_end - row.quarter_start) / 2,
                y=0.02,
                yref="paper",
                text=f"{row.calendar_label}:<br>{NOT_FOUND}",
                showarrow=False,
                font=dict(size=10, color=TEXT),
                textangle=-90,
                yanchor="bottom",
            )
    # One legend entry for each kind of band.
    for status, colour in ((NOT_FOUND, GAP_COLOUR), (NOT_YET, "#E5E7EB")):
        if (burn_up["status"] == status).any():
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    marker=dict(size=14, symbol="square", color=colour),
                    name=f"quarter {status}",
                )
            )


def _cumulative_statements(fig: go.Figure, cumulative: pd.DataFrame, sources: pd.DataFrame, currency: str) -> None:
    """The company's own multi-quarter totals: diamonds at the end of the period they cover, not added to the line."""
    if cumulative.empty:
        return
    labels = [
        f"{QUALIFIER_PREFIX.get(str(q), '')}{a:,.0f}bn, {lab}"
        for q, a, lab in zip(cumulative["qualifier"], cumulative["amount_bn"], cumulative["calendar_label"])
    ]
    fig.add_trace(
        go.Scatter(
            x=cumulative["period_end"],
            y=cumulative["amount_bn"],
            mode="markers+text",
            marker=dict(symbol="diamond", size=13, color=PALETTE[2], line=dict(color=TEXT, width=1)),
            text=labels,
            textposition=["middle left" if i % 2 == 0 else "top center" for i in range(len(labels))],
            textfont=dict(size=11, color=TEXT),
            name="company's own multi-quarter total (other window)",
            **point_data(
                "capex_quarters",
                cumulative["capex_id"],
                label=labels,
                scope=cumulative["scope"],
                source=source_titles(cumulative, sources),
            ).trace_args(
                "<b>{label}</b> (" + currency + ", {scope})"
                "<br>its own window, partly before the pledge: not added to the running total"
                "<br><i>source: {source}</i><extra></extra>"
            ),
        )
    )


def _statement_marks(fig: go.Figure, statements: pd.DataFrame, top: float, sources: pd.DataFrame) -> None:
    """Each later statement about the target as a dated mark, labelled and coloured confirmed or reported."""
    if statements.empty:
        return
    ordered = statements.sort_values("date").reset_index(drop=True)
    # Staggered from the top down in date order, so statements a few weeks apart do not overprint.
    heights = [top * (1.34 - 0.075 * (i % 6)) for i in range(len(ordered))]
    for row, y in zip(ordered.itertuples(), heights):
        fig.add_shape(
            type="line",
            x0=row.date,
            x1=row.date,
            y0=0,
            y1=y,
            line=dict(color=STATEMENT_COLOURS[str(row.status)], width=1, dash="dot"),
        )
    labels = [
        f"{'after ' if str(b) == 'after' else ''}{as_of_label(d, str(p))}: {STATEMENT_LABELS[str(k)]}"
        + (f" ({c} {t:g}bn)" if pd.notna(t) else "")
        + f", {s}"
        for d, p, b, k, t, c, s in zip(
            ordered["date"],
            ordered["date_precision"],
            ordered["date_basis"],
            ordered["kind"],
            ordered["target_bn"],
            ordered["currency"],
            ordered["status"],
        )
    ]
    for status, colour in STATEMENT_COLOURS.items():
        mask = ordered["status"].astype(str) == status
        if not mask.any():
            continue
        part = ordered[mask]
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=[h for h, m in zip(heights, mask) if m],
                mode="markers+text",
                marker=dict(symbol="triangle-down", size=11, color=colour),
                text=[lab for lab, m in zip(labels, mask) if m],
                textposition="middle right",
                textfont=dict(size=11, color=TEXT),
                name=f"statement about the target: {status}",
                **point_data(
                    "pledge_statements", part["statement_id"], summary=part["summary"], source=source_titles(part, sources)
                ).trace_args("%{text}<br>{summary}<br><i>source: {source}</i><extra></extra>"),
            )
        )


def cloud_growth_figure(growth: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """Cloud Intelligence revenue growth per quarter, year on year: what the spending is meant to buy."""
    title = "Cloud revenue growth, year on year (%)"
    if growth.empty:
        return empty_figure(title)
    rows = growth.sort_values("as_of")
    labels = [as_of_label(d, str(p)) for d, p in zip(rows["as_of"], rows["as_of_precision"])]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=rows["value"].astype(float),
            marker_color=ALIBABA,
            text=[f"{v:g}%" for v in rows["value"]],
            textposition="outside",
            **point_data("metrics", rows["metric_id"], basis=rows["basis"], source=source_titles(rows, sources)).trace_args(
                "<b>%{x}</b>: %{y:g}% ({basis})<br><i>source: {source}</i><extra></extra>"
            ),
            name="growth",
        )
    )
    fig.update_layout(
        title=title,
        title_subtitle_text="Cloud Intelligence Group, per calendar quarter",
        title_subtitle_font=dict(color=MUTED, size=12),
        xaxis=dict(title="Calendar quarter", type="category"),
        yaxis=dict(title="% year on year", range=[0, float(rows["value"].max()) * 1.25]),
        height=520,
        margin=dict(t=110),
        showlegend=False,
    )
    return fig
