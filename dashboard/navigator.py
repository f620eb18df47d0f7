"""The range navigator: a compact timeline of every dated release and event per quarter in the sidebar; drag
across it to set the page's date range, which goes into the link like the date fields."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from alibaba_ai_data import Dataset
from dashboard.charts import PreparedFigure
from dashboard.shared_cache import cached
from dashboard.theme import PALETTE
from dashboard.url_params import DateRange
from dashboard.url_state import write_range

NAVIGATOR_KEY = "range_navigator"
BRUSH = ("box",)  # the navigator reports a dragged box, not clicked points


def dated_rows_per_quarter(dataset: Dataset) -> pd.DataFrame:
    """Releases and events per calendar quarter over the whole data (the navigator's bars)."""
    dates = pd.concat([dataset["releases"]["release_date"], dataset["events"]["date"]]).dropna()
    if dates.empty:
        return pd.DataFrame({"quarter": pd.Series(dtype="datetime64[ns]"), "rows": pd.Series(dtype=int)})
    counts = dates.dt.to_period("Q").value_counts().sort_index()
    return pd.DataFrame({"quarter": counts.index.to_timestamp(), "rows": counts.to_numpy()})


def navigator_figure(dataset: Dataset) -> PreparedFigure:
    """Bars of releases and events per quarter over the whole data, with a horizontal drag-to-select."""
    counts = cached(dated_rows_per_quarter, dataset)
    fig = go.Figure(
        go.Bar(
            x=counts["quarter"] + pd.Timedelta(days=45),
            y=counts["rows"],
            marker_color=PALETTE[0],
            hovertemplate="%{x|%b %Y} quarter: %{y} releases and events<extra></extra>",
        )
    )
    # Both axes set outright (type and range) and room under the bars for the year labels: the browser draws the
    # navigator once, without a second pass to widen a margin or to redraw Streamlit's copy (dashboard/figure_wire.py).
    first, last = (counts["quarter"].min(), counts["quarter"].max()) if len(counts) else (None, None)
    fig.update_layout(
        height=110,
        margin=dict(l=8, r=8, t=6, b=28),
        dragmode="select",
        selectdirection="h",
        showlegend=False,
        bargap=0.15,
        xaxis=dict(type="date", dtick="M12", tickformat="%Y", tickfont=dict(size=11), fixedrange=True),
        yaxis=dict(visible=False, fixedrange=True),
    )
    if first is not None:
        fig.update_layout(
            xaxis=dict(range=[first, last + pd.DateOffset(months=3)], autorange=False),
            yaxis=dict(type="linear", range=[0, float(counts["rows"].max()) * 1.05], autorange=False),
        )
    return PreparedFigure(fig)


def _day(value) -> date | None:
    """A selection bound (epoch milliseconds, or an ISO date) as a day."""
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value / 1000, tz=UTC).date()
    stamp = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(stamp) else stamp.date()


def _on_brush() -> None:
    state = st.session_state.get(NAVIGATOR_KEY)
    boxes = (state or {}).get("selection", {}).get("box") or []
    bounds = boxes[0].get("x") if boxes else None
    if not bounds or len(bounds) != 2:
        return
    days = [_day(v) for v in bounds]
    if None in days:
        return
    start, end = sorted(days)
    if start <= end:
        # The bars are quarters: the range takes in each quarter the drag touches.
        first, last = pd.Period(start, "Q"), pd.Period(end, "Q")
        write_range(DateRange(first.start_time.date(), last.end_time.date()))


def range_navigator(dataset: Dataset) -> None:
    """The navigator, in the sidebar under the date fields."""
    with st.sidebar:
        st.markdown("**Range navigator**")
        st.plotly_chart(
            cached(navigator_figure, dataset).selectable(BRUSH),
            key=NAVIGATOR_KEY,
            on_select=_on_brush,
            selection_mode=BRUSH,
            theme=None,
            config={"displayModeBar": False},
        )
        st.caption(
            "Releases and events per quarter. Drag across the bars to set the range to those quarters; the date fields "
            "above show the result."
        )
