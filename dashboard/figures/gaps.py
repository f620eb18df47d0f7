"""How far behind? Every published gap estimate side by side: lags in time on one chart, score gaps by unit on
another. The spread is drawn as a band from the smallest to the largest estimate; nothing is averaged."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from alibaba_ai_data.derived import stated_gap
from alibaba_ai_data.periods import as_of_label
from alibaba_ai_data.schema import GAP_TIME_UNITS, GAP_UNITS
from dashboard.figures.common import empty_figure, point_data, source_titles
from dashboard.theme import MUTED, PALETTE, TEXT

SHORT_MEASURES = {
    "LMSYS Chatbot Arena score": "Arena",
    "Epoch Capabilities Index (ECI)": "ECI",
    "LMArena text, overall": "LMArena text",
    "top model score (the board is not named in the article read)": "top model",
    "Artificial Analysis data, as Jefferies cites it": "AA data",
}
COMPARISON_COLOURS = {"China vs US": PALETTE[5], "open vs closed weights": PALETTE[0]}
# Estimates that measure (boards, benchmarks, indexes) against those that state a view or a lab's own reading.
MEASURED = ("evaluator", "government evaluator", "research group")
SYMBOLS = {True: "circle", False: "diamond-open"}


def short_estimator(name: str) -> str:
    """'Joe Tsai' for 'Joe Tsai (Alibaba chairman)'; 'CAISI' for a long name whose brackets hold its short one."""
    name = str(name)
    if " (" not in name:
        return name
    head, tail = name.split(" (", 1)
    tail = tail.rstrip(")")
    return tail if len(head) > 24 and len(tail) <= 12 else head


def _short(text, limit: int = 26) -> str:
    text = str(text).split(" (")[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _row_label(row) -> str:
    return f"{short_estimator(row.estimator)} · {row.as_of:%Y-%m}"


SIGNS = {"about": "≈", "less than": "<", "more than": ">", "average": "avg ", "as stated": "", "range": ""}


def short_gap(row) -> str:
    """A gap in a few characters for a label beside its point: '≈8 mo', '<3 mo', '3-6 mo', 'avg 7 mo'."""
    unit = {"months": "mo", "years": "yr"}.get(str(row.unit), "")
    if str(row.qualifier) == "range":
        return f"{row.range_low:g}-{row.range_high:g} {unit}"
    return f"{SIGNS.get(str(row.qualifier), '')}{row.value:g} {unit}".strip()


def _points(part: pd.DataFrame, sources: pd.DataFrame):
    return point_data(
        "gap_estimates",
        part["gap_id"],
        estimator=part["estimator"],
        stated=[stated_gap(r) for r in part.itertuples()],
        behind=part["behind"],
        ahead=part["ahead"],
        measure=part["measure"],
        when=[as_of_label(d, str(p)) for d, p in zip(part["as_of"], part["as_of_precision"])],
        caveats=part["caveats"],
        source=source_titles(part, sources),
    )


HOVER = (
    "<b>{estimator}</b>: {stated}<br>{behind} behind {ahead}<br>on {measure}, {when}<br>"
    "<i>{caveats}</i><br><i>source: {source}</i><extra></extra>"
)


def lag_figure(lags: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """One row per published lag (in months; a figure in years shown as twelve months a year), grouped by what is
    compared and ordered by date; whiskers span a stated range or interval, and a band per comparison runs from the
    smallest to the largest capability estimate. Open diamonds are views and self-assessments, dots measurements."""
    title = "How far behind, in time: every published estimate"
    if lags.empty:
        return empty_figure(title, "No estimates of a lag in time in the selected range")
    shown = lags.sort_values(["comparison", "dimension", "as_of"], key=lambda c: c.astype(str) if c.name != "as_of" else c)
    labels = [_row_label(r) + ("" if str(r.dimension) == "capability" else " · compute") for r in shown.itertuples()]
    # One row per estimate: a publisher with two estimates of one date is told apart by what trails.
    repeated = pd.Series(labels).duplicated(keep=False).to_numpy()
    labels = [f"{label}: {_short(r.behind)}" if twice else label for label, twice, r in zip(labels, repeated, shown.itertuples())]
    shown = shown.assign(row_label=labels)
    fig = go.Figure()
    for (comparison, measured), part in shown.groupby(
        [shown["comparison"].astype(str), shown["estimator_kind"].astype(str).isin(MEASURED)], sort=True
    ):
        colour = COMPARISON_COLOURS.get(comparison, MUTED)
        points = _points(part, sources)
        fig.add_trace(
            go.Scatter(
                x=part["value_months"],
                y=part["row_label"],
                mode="markers+text",
                marker=dict(size=11, color=colour, symbol=SYMBOLS[bool(measured)], line=dict(color=colour, width=2)),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=(part["range_high_months"] - part["value_months"]).fillna(0).to_numpy(),
                    arrayminus=(part["value_months"] - part["range_low_months"]).fillna(0).to_numpy(),
                    color=colour,
                    thickness=1.5,
                    width=4,
                ),
                text=[short_gap(r) for r in part.itertuples()],
                textposition="top center",
                textfont=dict(size=11, color=TEXT),
                name=f"{comparison.replace(' weights', '')}, {'measured' if measured else 'view or own claim'}",
                **points.trace_args(HOVER),
            )
        )
    order = list(shown["row_label"])
    for comparison, part in shown[shown["dimension"].astype(str) == "capability"].groupby(
        shown["comparison"].astype(str), sort=True
    ):
        rows = [order.index(label) for label in part["row_label"]]
        fig.add_shape(
            type="rect",
            x0=float(part["value_months"].min()),
            x1=float(part["value_months"].max()),
            y0=min(rows) - 0.45,
            y1=max(rows) + 0.45,
            xref="x",
            yref="y",
            fillcolor=COMPARISON_COLOURS.get(comparison, MUTED),
            opacity=0.10,
            line_width=0,
            layer="below",
        )
    longest = float(shown[["value_months", "range_high_months"]].max().max())
    fig.update_layout(
        title=title,
        title_subtitle_text="Each row is one estimate as published; whiskers: the range or interval it gives. Shaded: "
        "from the smallest to the largest capability estimate of each comparison (a spread, not an average).",
        title_subtitle_font=dict(color=MUTED, size=12),
        xaxis=dict(title="Months behind (years shown as 12 months each)", range=[0, longest * 1.1 + 1], zeroline=True),
        yaxis=dict(type="category", categoryorder="array", categoryarray=order, autorange="reversed", title=None),
        height=max(380, 44 * len(order) + 220),
        margin=dict(t=110),
        legend=dict(orientation="h", y=-0.18, title_text=""),
    )
    return fig


def score_gap_figure(gaps: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """Gaps stated as score differences, one panel per unit (a percent of an Arena score, percentage points of a
    benchmark, index or arena points), each estimate at the date it measures: units are never put on one scale."""
    title = "How far behind, in scores: one panel per unit"
    scores = gaps[~gaps["unit"].astype(str).isin(GAP_TIME_UNITS)]
    if scores.empty:
        return empty_figure(title, "No score-gap estimates in the selected range")
    units = [u for u in GAP_UNITS if u in set(scores["unit"].astype(str))]
    fig = make_subplots(rows=len(units), cols=1, shared_xaxes=True, vertical_spacing=0.09, subplot_titles=units)
    legend_seen: set[str] = set()
    for i, unit in enumerate(units, start=1):
        in_unit = scores[scores["unit"].astype(str) == unit]
        keys = [in_unit["comparison"].astype(str), in_unit["estimator"].astype(str), in_unit["measure"].astype(str)]
        for (comparison, _estimator, measure), part in in_unit.groupby(keys, sort=True):
            # One publisher's repeated estimate on one measure is one series, so its points are joined.
            part = part.sort_values("as_of")
            colour = COMPARISON_COLOURS.get(comparison, MUTED)
            points = _points(part, sources)
            label = SHORT_MEASURES.get(measure, measure)
            fig.add_trace(
                go.Scatter(
                    x=part["as_of"],
                    y=part["value"].astype(float),
                    mode="lines+markers+text",
                    line=dict(color=colour, width=1.5),
                    marker=dict(size=10, color=colour, line=dict(color="white", width=1)),
                    error_y=dict(
                        type="data",
                        symmetric=False,
                        array=(part["range_high"] - part["value"]).fillna(0).to_numpy(dtype=float),
                        arrayminus=(part["value"] - part["range_low"]).fillna(0).to_numpy(dtype=float),
                        color=colour,
                        thickness=1.5,
                        width=4,
                    ),
                    text=[f"{label}: {v:g}" if n == 0 else f"{v:g}" for n, v in enumerate(part["value"])],
                    textposition="middle right",
                    textfont=dict(size=10, color=TEXT),
                    name=comparison,
                    legendgroup=comparison,
                    showlegend=comparison not in legend_seen,
                    **points.trace_args(HOVER),
                ),
                row=i,
                col=1,
            )
            legend_seen.add(comparison)
        top = float(in_unit[["value", "range_high"]].max().max())
        fig.update_yaxes(title_text=None, range=[0, top * 1.3], row=i, col=1)
    low, high = scores["as_of"].min(), scores["as_of"].max()
    pad = pd.Timedelta(days=max(60, (high - low).days // 4))
    fig.update_xaxes(type="date", range=[low - pd.Timedelta(days=90), high + pad])
    fig.update_xaxes(title_text="When the gap was measured", row=len(units), col=1)
    fig.update_layout(
        title=title,
        title_subtitle_text="Score gaps compare only within one unit and one measure: a percent of an Arena score "
        "is not a benchmark's percentage points.",
        title_subtitle_font=dict(color=MUTED, size=12),
        height=200 * len(units) + 200,
        margin=dict(t=120),
        legend=dict(orientation="h", y=-0.08, title_text=""),
    )
    return fig
