"""One timeline from money to models to adoption to capability: four panels on one time axis, with the key events
across all four and each panel's sources inside the image, so the one PNG carries the whole."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from alibaba_ai_data.periods import as_of_label
from dashboard.figures.capability import ALIBABA
from dashboard.figures.common import plotted_extent, point_data, source_titles
from dashboard.theme import COMPANY_COLOURS, MUTED, PALETTE, SCOPE_COLOURS, TEXT

PANELS = (
    "Key events",
    "Alibaba's capital expenditure per quarter (RMB bn)",
    "Qwen releases",
    "Qwen adoption",
    "Capability: Qwen's best LMArena text score against the best rival's",
)
QWEN = COMPANY_COLOURS.get(ALIBABA, PALETTE[1])
RIVAL = PALETTE[0]


def _publishers(frame: pd.DataFrame, sources: pd.DataFrame, limit: int = 3) -> str:
    """The publishers behind a panel's rows, as plain text for the image."""
    by_id = sources.set_index("source_id")["publisher"]
    names = list(dict.fromkeys(str(by_id.get(s, s)) for s in frame["source_id"] if isinstance(s, str)))
    if not names:
        return "no rows in the range"
    rest = len(names) - limit
    return "; ".join(names[:limit]) + (f" and {rest} more" if rest > 0 else "")


def _short(text, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _staggered(named: pd.Series) -> list[float]:
    """Heights for release markers: named ones cycle over four levels so neighbouring labels do not collide."""
    heights, level = [], 0
    for flag in named:
        if flag:
            heights.append(0.9 + (level % 4) * 0.5)
            level += 1
        else:
            heights.append(0.4)
    return heights


def adoption_measure(series_by_measure: dict[str, pd.DataFrame]) -> str | None:
    """The adoption measure with the most Qwen observations (the one a panel can show as a series)."""
    counts = {m: int((s["entity"] == "Qwen").sum()) for m, s in series_by_measure.items()}
    best = max(counts, key=lambda m: (counts[m], m == "downloads"), default=None)
    return best if best is not None and counts[best] else None


def best_rival(scores: pd.DataFrame) -> pd.DataFrame:
    """Per board version and snapshot, Qwen's best row and the best row of any other developer (rows of the data)."""
    text = scores[scores["board"].astype(str) == "LMArena text"].copy()
    text["side"] = (text["developer"].astype(str) == ALIBABA).map({True: "Qwen", False: "Best rival"})
    best = text.sort_values("value", ascending=False).drop_duplicates(["board_version", "as_of", "side"])
    return best.sort_values(["board_version", "as_of"])


def _say_empty(fig: go.Figure, row: int, message: str) -> None:
    """Write in a panel with nothing to draw what is missing, rather than leave it blank."""
    axis = "" if row == 1 else row
    fig.add_annotation(
        x=0.5,
        y=0.5,
        xref=f"x{axis} domain",
        yref=f"y{axis} domain",
        text=message,
        showarrow=False,
        font=dict(size=12, color=MUTED),
    )


def joined_timeline(
    capex: pd.DataFrame,
    releases: pd.DataFrame,
    labelled: set[str],
    adoption: pd.DataFrame,
    measure: str | None,
    scores: pd.DataFrame,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    span: tuple[pd.Timestamp, pd.Timestamp],
    today: pd.Timestamp,
) -> go.Figure:
    """Four aligned panels over the page's range: quarterly capex (a quarter without a figure stays empty and is
    named), Qwen releases (flagships and firsts labelled), the Qwen adoption measure with the most points, and Qwen's
    best score against the best rival's on each LMArena scale (a new scale starts a new pair of lines, marked)."""
    titles = list(PANELS)
    if measure:
        titles[3] = f"Qwen adoption: {measure.replace('_', ' ')}"
    fig = make_subplots(
        rows=5,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.07,
        row_heights=[0.12, 0.22, 0.16, 0.22, 0.28],
        subplot_titles=titles,
    )
    credits = []

    events = events.sort_values("date")
    points = point_data(
        "events",
        events["event_id"],
        title=events["title"],
        when=[as_of_label(d, str(p)) for d, p in zip(events["date"], events["date_precision"])],
        source=source_titles(events, sources),
    )
    fig.add_trace(
        go.Scatter(
            x=events["date"],
            y=[0.35 + (i % 4) * 0.5 for i in range(len(events))],
            mode="markers+text",
            marker=dict(symbol="triangle-down", size=10, color=TEXT),
            text=[_short(t, 30) for t in events["title"]],
            textposition="middle right",
            textfont=dict(size=10, color=TEXT),
            name="Key event",
            **points.trace_args("<b>{title}</b><br>{when}<br><i>source: {source}</i><extra></extra>"),
        ),
        row=1,
        col=1,
    )
    fig.update_yaxes(visible=False, range=[0, 2.5], row=1, col=1)
    if events.empty:
        _say_empty(fig, 1, "No key event in the selected range")
    credits.append(_publishers(events, sources))

    # Alibaba's quarters only: a peer's quarter (in the same table) is neither Alibaba's figure nor fills its gap.
    quarters = capex[(capex["row_kind"].astype(str) == "quarter") & (capex["company"] == ALIBABA)].sort_values("period_start")
    for scope, part in quarters.groupby(quarters["scope"].astype(str), sort=True):
        points = point_data(
            "capex_quarters",
            part["capex_id"],
            quarter=[f"{c} ({f})" for c, f in zip(part["calendar_label"], part["fiscal_label"])],
            scope=part["scope"],
            source=source_titles(part, sources),
        )
        fig.add_trace(
            go.Bar(
                x=part["period_start"] + pd.Timedelta(days=45),
                y=part["amount_bn"].astype(float),
                width=1000 * 60 * 60 * 24 * 80,
                marker_color=SCOPE_COLOURS.get(scope, MUTED),
                text=[f"{v:,.1f}" for v in part["amount_bn"]],
                textposition="outside",
                name=f"Capex: {scope}",
                legendgroup="capex",
                **points.trace_args("<b>{quarter}</b><br>RMB %{y:,.1f}bn, {scope}<br><i>source: {source}</i><extra></extra>"),
            ),
            row=2,
            col=1,
        )
    start, end = span
    # Quarters from the first recorded one that have ended by today and have no figure are named as gaps; with no
    # quarter in range there is no first one, and the panel says so instead.
    missing = []
    if quarters.empty:
        _say_empty(fig, 2, "No Alibaba capex quarter in the selected range")
    else:
        missing = [
            q
            for q in pd.period_range(max(start, quarters["period_start"].min()), end, freq="Q")
            if q.start_time not in set(quarters["period_start"]) and q.end_time < today
        ]
    for q in missing:
        fig.add_annotation(
            x=q.start_time + pd.Timedelta(days=45),
            y=0,
            yref="y",
            text="no figure",
            showarrow=False,
            textangle=-90,
            yanchor="bottom",
            font=dict(size=10, color=MUTED),
            row=2,
            col=1,
        )
    credits.append(_publishers(quarters, sources))

    qwen = releases[releases["developer"].astype(str) == ALIBABA].sort_values("release_date")
    named = qwen["release_id"].isin(labelled)
    points = point_data(
        "releases",
        qwen["release_id"],
        model=qwen["model"],
        when=[as_of_label(d, str(p)) for d, p in zip(qwen["release_date"], qwen["date_precision"])],
        source=source_titles(qwen, sources),
    )
    fig.add_trace(
        go.Scatter(
            x=qwen["release_date"],
            y=_staggered(named),
            mode="markers+text",
            marker=dict(size=9, color=QWEN, symbol="diamond", line=dict(color="white", width=1)),
            text=[_short(m, 22) if flag else "" for m, flag in zip(qwen["model"], named)],
            textposition="middle right",
            textfont=dict(size=10, color=TEXT),
            name="Qwen release",
            **points.trace_args("<b>{model}</b><br>{when}<br><i>source: {source}</i><extra></extra>"),
        ),
        row=3,
        col=1,
    )
    fig.update_yaxes(visible=False, range=[0, 2.9], row=3, col=1)
    if qwen.empty:
        _say_empty(fig, 3, "No Qwen release in the selected range")
    credits.append(_publishers(qwen, sources))

    shown = adoption[adoption["entity"] == "Qwen"] if measure else adoption.iloc[0:0]
    if not shown.empty:
        points = point_data(
            list(shown["table"]),
            shown["key"],
            scope=shown["scope"],
            qualifier=shown["qualifier"],
            when=[as_of_label(d, str(p)) for d, p in zip(shown["as_of"], shown["as_of_precision"])],
            source=source_titles(shown, sources),
        )
        fig.add_trace(
            go.Scatter(
                x=shown["as_of"],
                y=shown["value"].astype(float),
                mode="markers",
                marker=dict(size=10, color=QWEN, symbol="circle-open", line=dict(width=2)),
                name=f"Qwen {measure.replace('_', ' ')}",
                **points.trace_args("%{y:,.0f} ({qualifier}, {when})<br>{scope}<br><i>source: {source}</i><extra></extra>"),
            ),
            row=4,
            col=1,
        )
        fig.update_yaxes(title_text="count (not joined)", title_font=dict(size=11), rangemode="tozero", row=4, col=1)
    else:
        _say_empty(fig, 4, "No Qwen adoption count in the selected range")
    credits.append(_publishers(shown, sources))

    pairs = best_rival(scores)
    versions = list(pairs.groupby("board_version")["as_of"].min().sort_values().index)
    for n, version in enumerate(versions):
        in_version = pairs[pairs["board_version"] == version]
        for side, part in in_version.groupby("side", sort=False):
            points = point_data(
                "capability",
                part["capability_id"],
                developer=part["developer"],
                model=part["model"],
                version=part["board_version"],
                when=[as_of_label(d, str(p)) for d, p in zip(part["as_of"], part["as_of_precision"])],
                source=source_titles(part, sources),
            )
            fig.add_trace(
                go.Scatter(
                    x=part["as_of"],
                    y=part["value"].astype(float),
                    mode="lines+markers",
                    line=dict(color=QWEN if side == "Qwen" else RIVAL, shape="hv", width=3 if side == "Qwen" else 2),
                    marker=dict(size=7),
                    name=side,
                    legendgroup=side,
                    showlegend=n == 0,
                    **points.trace_args(
                        "<b>{developer}</b>: {model}<br>%{y:,.1f} ({when})<br>{version}<br><i>source: {source}</i><extra></extra>"
                    ),
                ),
                row=5,
                col=1,
            )
        if n:
            fig.add_vline(x=in_version["as_of"].min(), line=dict(color=MUTED, dash="dash", width=1), row=5, col=1)
            fig.add_annotation(
                x=in_version["as_of"].min(),
                y=1,
                yref="y5 domain",
                text="new scale",
                showarrow=False,
                xanchor="left",
                font=dict(size=10, color=MUTED),
            )
    fig.update_yaxes(title_text="arena score", title_font=dict(size=11), row=5, col=1)
    if pairs.empty:
        _say_empty(fig, 5, "No LMArena text score in the selected range")
    credits.append(_publishers(pairs, sources))

    # Each key event's dotted line through panels 2 to 5, as shapes on each panel's own axes: one layout update,
    # not Plotly's per-call subplot search (add_vline with a row took most of this figure's build time).
    event_lines = [
        dict(
            type="line",
            x0=when,
            x1=when,
            xref=f"x{row}",
            y0=0,
            y1=1,
            yref=f"y{row} domain",
            line=dict(color=MUTED, width=1, dash="dot"),
        )
        for when in events["date"]
        for row in range(2, 6)
    ]
    fig.update_layout(shapes=[*fig.layout.shapes, *event_lines])
    # Each panel's sources, a smaller second line of its title, inside the image (above the panel, clear of its ticks).
    for title, credit in zip(fig.layout.annotations[: len(credits)], credits):
        title.text = f"{title.text}<br><span style='font-size:10px;color:{MUTED}'>Sources: {credit}</span>"
    # The axis spans what is drawn within the range, not empty years before it (the whole range when nothing is).
    low, high = plotted_extent(fig)
    if low is not None:
        start, end = max(start, low - pd.Timedelta(days=45)), min(end, high + pd.Timedelta(days=75))
    fig.update_xaxes(range=[start, end], type="date")
    fig.update_layout(
        title="From money to models to adoption to capability",
        title_subtitle_text="Dotted lines: key events. A quarter marked 'no figure' has ended with no capex figure "
        "recorded; adoption points come from sources of different scope, so they are not joined.",
        title_subtitle_font=dict(color=MUTED, size=12),
        height=1180,
        margin=dict(t=120),
        bargap=0.2,
        legend=dict(orientation="h", y=-0.06),
    )
    return fig
