"""Coverage on screen: the status per series beside a page's headline chart, and the series-by-period grid."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from alibaba_ai_data import Dataset
from alibaba_ai_data.coverage import NOT_DUE, OVERDUE, RECORDED, SEARCHED, SeriesOutlook, coverage, page_outlooks
from dashboard.citations import md_escape
from dashboard.registry import GAPS_DRAWER, PageSpec
from dashboard.sections import drawer
from dashboard.shared_cache import cached

# Light backgrounds under dark text (contrast above 7:1 with the theme's text colour), so colour is never the only cue:
# every cell also says its status in words.
STATUS_STYLES = {
    RECORDED: "background-color: #D1F2DC",
    SEARCHED: "background-color: #FDE2C8",
    OVERDUE: "background-color: #F9D0D0",
    NOT_DUE: "background-color: #E6E8EC",
}


def coverage_today() -> pd.Timestamp:
    """The day coverage is judged against (overdue and not due depend on it)."""
    return pd.Timestamp(date.today())


def _coverage(dataset: Dataset, today: pd.Timestamp) -> pd.DataFrame:
    return coverage(dataset.tables, today)


def coverage_frame(dataset: Dataset, today: pd.Timestamp) -> pd.DataFrame:
    """Coverage of every series on ``today``, computed once per data version and day (read-only)."""
    return cached(_coverage, dataset, today)


def _outlooks(dataset: Dataset, page: str, today: pd.Timestamp) -> list[SeriesOutlook]:
    return page_outlooks(dataset.tables, coverage_frame(dataset, today), page)


def cached_outlooks(dataset: Dataset, page: str, today: pd.Timestamp) -> list[SeriesOutlook]:
    """The outlooks of a page's series, built once per page, day and data version (the range does not change them)."""
    return cached(_outlooks, dataset, page, today)


STATUS_COLUMNS = ("Series", "Newest period", "Next due", "Gaps")


def coverage_status(outlooks: list[SeriesOutlook]) -> pd.DataFrame:
    """One row per series: its newest recorded period, the next period and the day it is usually public by (empty
    when the series has no period still to come), and its gaps: periods searched and not found plus periods overdue."""
    rows = [
        {
            "Series": o.title,
            "Newest period": o.latest or "",
            "Next due": f"{o.next_period}, by {o.next_due:%Y-%m-%d}" if o.next_period and o.next_due is not None else "",
            "Gaps": len(o.missing) + len(o.overdue),
        }
        for o in outlooks
    ]
    return pd.DataFrame(rows, columns=list(STATUS_COLUMNS))


def coverage_details(outlooks: list[SeriesOutlook]) -> list[str]:
    """The details behind the status rows, one line per series: which periods are missing and why, what is overdue,
    and what comes next."""
    return [outlook.sentence for outlook in outlooks]


def _status_table(dataset: Dataset, page: str, today: pd.Timestamp) -> pd.DataFrame:
    return coverage_status(cached_outlooks(dataset, page, today)).set_index("Series")


def status_markdown(status: pd.DataFrame) -> str:
    """The status table as a markdown table: the series, then one column per status field, gaps right-aligned."""
    columns = [status.index.name or "Series", *status.columns]
    align = ["---:" if pd.api.types.is_numeric_dtype(status[c]) else "---" for c in status.columns]
    lines = ["| " + " | ".join(columns) + " |", "| --- | " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(md_escape(v) for v in (name, *row)) + " |" for name, *row in status.itertuples()]
    return "\n".join(lines)


def _status_note(dataset: Dataset, page: str, today: pd.Timestamp) -> str:
    return status_line(cached_outlooks(dataset, page, today))


def _names(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def status_line(outlooks: list[SeriesOutlook]) -> str:
    """The page's coverage in one line: its gaps (periods searched for and not found, or overdue) and how many series
    have them, the least current of the series still running and its newest period, and the first figure due next."""
    status = coverage_status(outlooks)
    gaps, gapped = int(status["Gaps"].sum()), int((status["Gaps"] > 0).sum())
    parts = [
        f"**What this page lacks.** {gaps} gap{'s' if gaps != 1 else ''} in {gapped} of its {len(outlooks)} series: "
        "periods searched for and not found, or overdue."
    ]
    empty = [o.title for o in outlooks if o.latest_start is None]
    # How current the page is, judged on the series still running (with a period to come): one that has ended, such
    # as a segment no longer reported, is complete rather than behind.
    running = [o for o in outlooks if o.next_period is not None] or outlooks
    dated = [o for o in running if o.latest_start is not None]
    if empty:
        parts.append(f"Nothing recorded yet: {md_escape(_names(empty))}.")
    if dated and len({o.latest_start for o in dated}) > 1:
        oldest = min(o.latest_start for o in dated)
        stale = [o for o in dated if o.latest_start == oldest]
        names = _names([o.title for o in stale]) if len(stale) <= 3 else f"{len(stale)} series"
        parts.append(f"Least current: {md_escape(names)}, newest {md_escape(stale[0].latest)}.")
    elif dated:
        still = " still reported" if len(running) < len(outlooks) else ""
        parts.append(f"Newest period of every series{still}: {md_escape(dated[0].latest)}.")
    upcoming = [o for o in outlooks if o.next_due is not None]
    if upcoming:
        first = min(upcoming, key=lambda o: o.next_due)
        parts.append(f"Next figure due by {first.next_due:%Y-%m-%d} ({md_escape(first.next_period)}).")
    parts.append("Status per series just below; the full grid is on the Methodology page.")
    return " ".join(parts)


DETAILS_LABEL = "Each series: newest period, next due, and the missing periods"


def coverage_note(dataset: Dataset, page: str, today: pd.Timestamp, spec: PageSpec) -> None:
    """What the series this page charts lack, in one line (gaps, the least current series, the next figure due), with
    each series' status and its missing periods one click away, in a drawer whose content is made and sent only while
    it is open (``?gaps=true`` in the link). The status table sat under the line until 2026-12-07; as a markdown table
    of a dozen rows it cost the browser 30-40 ms of main-thread time on every load of each page that had it."""
    outlooks = cached_outlooks(dataset, page, today)
    if not outlooks:
        return
    st.caption(cached(_status_note, dataset, page, today))
    details = drawer(spec, DETAILS_LABEL, GAPS_DRAWER)
    if details is not None:
        details.markdown(status_markdown(cached(_status_table, dataset, page, today)))
        details.markdown("\n".join(f"- {md_escape(line)}" for line in coverage_details(outlooks)))


def coverage_cell(row: pd.Series) -> str:
    """A grid cell in words: 'recorded (high)', 'searched 2026-12-03', 'overdue', 'not due'."""
    if row["status"] == RECORDED:
        return f"recorded ({row['confidence']})" if isinstance(row["confidence"], str) else "recorded"
    if row["status"] == SEARCHED:
        return f"searched {row['searched']:%Y-%m-%d}, none"
    if row["status"] == OVERDUE:
        return f"overdue (due {row['due']:%Y-%m-%d})"
    return f"not due ({row['due']:%Y-%m-%d})"


GRID_PERIODS = 8


def coverage_grid(dataset: Dataset, today: pd.Timestamp, cadence: str) -> None:
    """Series by period as a table (readable by keyboard and screen reader), coloured by status and saying it in
    words; the newest GRID_PERIODS periods, so the grid fits the page (the CSV has them all). The cells and their
    colours are made once per data version and day; only the styling is applied per run."""
    cells, colours = cached(coverage_grid_frames, dataset, today, cadence)
    if cells.empty:
        st.info(f"No series with a {cadence}ly cadence is tracked (series.csv has none).")
        return
    st.table(cells.style.apply(lambda _frame: colours, axis=None))
    st.caption(
        f"The newest {cells.shape[1]} periods; earlier ones are in the CSV below. 'not tracked': before the series starts."
    )


def coverage_grid_frames(dataset: Dataset, today: pd.Timestamp, cadence: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(each cell in words, each cell's CSS background), series by period; both empty when no series has this
    cadence."""
    frame = coverage_frame(dataset, today)
    rows = frame[frame["cadence"] == cadence]
    if rows.empty:
        return pd.DataFrame(), pd.DataFrame()
    newest = sorted(rows["period_start"].unique())[-GRID_PERIODS:]
    rows = rows[rows["period_start"].isin(newest)]
    words = rows.assign(cell=rows.apply(coverage_cell, axis=1))
    order = rows.sort_values("period_start")["period"].drop_duplicates().tolist()
    cells = words.pivot_table(index="series", columns="period", values="cell", aggfunc="first").reindex(columns=order)
    status = rows.pivot_table(index="series", columns="period", values="status", aggfunc="first").reindex(columns=order)
    colours = status.map(lambda value: STATUS_STYLES.get(value, "")).astype(object).where(status.notna(), "")
    return cells.fillna("not tracked"), colours
