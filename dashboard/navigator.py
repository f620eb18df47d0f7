"""The range navigator: a compact Altair timeline of every dated release and event per quarter in the sidebar; drag
across it to set the page's date range, which goes into the link like the date fields."""

from __future__ import annotations

from datetime import UTC, date, datetime

import altair as alt
import pandas as pd
import streamlit as st

from alibaba_ai_data import Dataset
from dashboard.shared_cache import cached
from dashboard.url_params import DateRange
from dashboard.url_state import write_range

NAVIGATOR_KEY = "range_navigator"
SELECTION = "span"


def dated_rows_per_quarter(dataset: Dataset) -> pd.DataFrame:
    """Releases and events per calendar quarter over the whole data (the navigator's bars)."""
    dates = pd.concat([dataset["releases"]["release_date"], dataset["events"]["date"]]).dropna()
    if dates.empty:
        return pd.DataFrame({"quarter": pd.Series(dtype="datetime64[ns]"), "rows": pd.Series(dtype=int)})
    counts = dates.dt.to_period("Q").value_counts().sort_index()
    return pd.DataFrame({"quarter": counts.index.to_timestamp(), "rows": counts.to_numpy()})


def navigator_chart(dataset: Dataset) -> alt.Chart:
    counts = cached(dated_rows_per_quarter, dataset)
    brush = alt.selection_interval(encodings=["x"], name=SELECTION)
    return (
        alt.Chart(counts, height=56)
        .mark_bar()
        .encode(
            x=alt.X("quarter:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelFontSize=11)),
            y=alt.Y("rows:Q", title=None, axis=None),
            tooltip=[
                alt.Tooltip("quarter:T", title="Quarter", format="%b %Y"),
                alt.Tooltip("rows:Q", title="Releases and events"),
            ],
        )
        .add_params(brush)
        .properties(autosize=alt.AutoSizeParams(type="pad"))
    )


def _day(value) -> date | None:
    """A selection bound (epoch milliseconds, or an ISO date) as a day."""
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value / 1000, tz=UTC).date()
    stamp = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(stamp) else stamp.date()


def _on_brush() -> None:
    state = st.session_state.get(NAVIGATOR_KEY)
    selection = (state or {}).get("selection", {}).get(SELECTION) or {}
    bounds = selection.get("quarter")
    if not bounds or len(bounds) != 2:
        return
    start, end = (_day(v) for v in bounds)
    if start is not None and end is not None and start <= end:
        # The bars are quarters: the range takes in each quarter the drag touches.
        first, last = pd.Period(start, "Q"), pd.Period(end, "Q")
        write_range(DateRange(first.start_time.date(), last.end_time.date()))


def range_navigator(dataset: Dataset) -> None:
    """The navigator, in the sidebar under the date fields."""
    with st.sidebar:
        st.markdown("**Range navigator**")
        st.altair_chart(
            navigator_chart(dataset),
            key=NAVIGATOR_KEY,
            on_select=_on_brush,
            selection_mode=SELECTION,
            width="stretch",
        )
        st.caption(
            "Releases and events per quarter. Drag across the bars to set the range to those quarters; the date fields "
            "above show the result."
        )
