"""Altair views of the metric observations: every observation on a brushable time axis, adoption, stock, cloud."""

from __future__ import annotations

import altair as alt
import pandas as pd

from alibaba_ai_data.derived import as_of_label
from dashboard.figures.common import thin
from dashboard.formatting import metric_value
from dashboard.theme import PALETTE

BRUSH = "period"


def _title(text: str, note: str | None) -> alt.TitleParams | str:
    """A chart title, with a subtitle when the chart shows a sample of the rows."""
    return alt.TitleParams(text, subtitle=note) if note else text


def observations_frame(metrics: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Metric rows with display columns for tooltips: value with unit, as-of label, source."""
    by_id = sources.set_index("source_id")
    source = metrics["source_id"].map(by_id["publisher"].fillna("").str.cat(by_id["title"], sep=": ").str.lstrip(": "))
    return metrics.assign(
        shown_value=[metric_value(v, u, str(q)) for v, u, q in zip(metrics["value"], metrics["unit"], metrics["qualifier"])],
        as_of_label=[as_of_label(d, str(p)) for d, p in zip(metrics["as_of"], metrics["as_of_precision"])],
        source=source,
        group=metrics["metric_group"].astype(str),
        value=metrics["value"].astype(float),
    )[["metric_id", "metric", "group", "entity", "value", "unit", "shown_value", "basis", "as_of", "as_of_label", "source"]]


TOOLTIP = [
    alt.Tooltip("metric:N", title="metric"),
    alt.Tooltip("entity:N"),
    alt.Tooltip("shown_value:N", title="value"),
    alt.Tooltip("basis:N"),
    alt.Tooltip("as_of_label:N", title="as of"),
    alt.Tooltip("source:N"),
]


def observation_strip(observations: pd.DataFrame) -> alt.Chart:
    """Every observation as a point on its as-of date, one row per group; drag to select a period."""
    brush = alt.selection_interval(encodings=["x"], name=BRUSH)
    observations, thinned = thin(observations, "as_of")
    return (
        alt.Chart(observations, title=_title("Every observation by as-of date (drag across to narrow the table)", thinned))
        .mark_circle(size=140, opacity=0.85)
        .encode(
            x=alt.X("as_of:T", title="As-of date"),
            y=alt.Y("group:N", title="Metric group"),
            color=alt.Color("group:N", legend=None, scale=alt.Scale(range=PALETTE)),
            tooltip=TOOLTIP,
        )
        .add_params(brush)
        .properties(height=260)
    )


def adoption_chart(observations: pd.DataFrame) -> alt.HConcatChart | alt.Chart:
    """Derivative-model and download counts over time, each on its own axis."""
    panels = []
    for metric, axis_title in (("Qwen derivative models", "derivative models"), ("Qwen downloads", "downloads")):
        rows, thinned = thin(observations[observations["metric"] == metric], "as_of")
        if rows.empty:
            continue
        base = alt.Chart(rows, title=_title(f"{metric} (cumulative)", thinned)).encode(
            x=alt.X("as_of:T", title="As-of date"),
            y=alt.Y("value:Q", title=axis_title, scale=alt.Scale(zero=True)),
            tooltip=TOOLTIP,
        )
        panels.append(
            (
                base.mark_line(color=PALETTE[0], strokeDash=[4, 4]) + base.mark_point(filled=True, size=90, color=PALETTE[0])
            ).properties(height=260, width=430)
        )
    if not panels:
        return (
            alt.Chart(pd.DataFrame({"text": ["No adoption counts in the selected date range"]}))
            .mark_text(size=14)
            .encode(text="text:N")
        )
    return alt.hconcat(*panels)


def signed_bars(observations: pd.DataFrame, metric: str, title: str) -> alt.Chart:
    """Percentage observations of one metric as bars labelled by basis and as-of date, coloured by sign."""
    rows, thinned = thin(observations[observations["metric"] == metric], "as_of", limit=60)
    rows = rows.assign(
        label=lambda f: f["basis"] + " (" + f["as_of_label"] + ")",
        direction=lambda f: ["rise" if v >= 0 else "fall" for v in f["value"]],
    )
    if rows.empty:
        return (
            alt.Chart(pd.DataFrame({"text": [f"No {metric.lower()} in the selected date range"]}), title=title)
            .mark_text(size=14)
            .encode(text="text:N")
        )
    bars = alt.Chart(rows, title=_title(title, thinned)).encode(
        x=alt.X("value:Q", title="Change, %"),
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("as_of", op="min")),
        tooltip=TOOLTIP,
    )
    return (
        bars.mark_bar().encode(
            color=alt.Color("direction:N", scale=alt.Scale(domain=["rise", "fall"], range=[PALETTE[2], PALETTE[5]]), legend=None)
        )
        + bars.mark_text(align="left", dx=4).encode(text="shown_value:N")
    ).properties(height=60 + 40 * len(rows))


def growth_bars(observations: pd.DataFrame) -> alt.Chart:
    """Year-on-year growth figures (cloud revenue, AI revenue floor) as labelled bars."""
    rows, thinned = thin(observations[(observations["unit"] == "%") & (observations["group"] == "cloud")], "as_of", limit=60)
    title = "Reported year-on-year growth"
    if rows.empty:
        return (
            alt.Chart(pd.DataFrame({"text": ["No growth figures in the selected date range"]}), title=title)
            .mark_text(size=14)
            .encode(text="text:N")
        )
    bars = alt.Chart(rows, title=_title(title, thinned)).encode(
        x=alt.X("value:Q", title="Year-on-year growth, %"),
        y=alt.Y("metric:N", title=None),
        tooltip=TOOLTIP,
    )
    return (bars.mark_bar(color=PALETTE[1]) + bars.mark_text(align="left", dx=4).encode(text="shown_value:N")).properties(
        height=140
    )
