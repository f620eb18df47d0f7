"""Coverage, derived rather than typed: for every tracked series and period, whether a figure is recorded (and how
confidently), was searched for and not found (and when), is overdue (past its usual publication, neither recorded
nor searched), or is not due yet.

A series (data/series.csv) names the table and rows holding its figures; the research log (data/searches.csv)
records the periods searched without success. Only figures stated by their source count as recorded: an implied
figure or an estimate never fills a period of a reported series.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from alibaba_ai_data.errors import DataIssue
from alibaba_ai_data.periods import cadence_label, period_end_of, period_floor
from alibaba_ai_data.schema import CONFIDENCE_ORDER, TABLES

RECORDED = "recorded"
SEARCHED = "searched"
OVERDUE = "overdue"
NOT_DUE = "not due"
STATUSES = (RECORDED, SEARCHED, OVERDUE, NOT_DUE)
STATUS_LABELS = {
    RECORDED: "Recorded",
    SEARCHED: "Searched, not found",
    OVERDUE: "Overdue: not recorded or searched",
    NOT_DUE: "Not due yet",
}
OUTCOME_WORDS = {
    "not_found": "not found",
    "derived_only": "found only as a derived figure",
    "implied_only": "found only as an implied figure",
    "unconfirmed": "reported, but no source the curator could read confirms it",
}
# Tables a series may draw on: the ones holding dated figures or releases.
SERIES_TABLES = ("releases", "metrics", "investments", "capex_quarters", "adoption", "capability")
COVERAGE_COLUMNS = [
    "series_id",
    "series",
    "series_group",
    "cadence",
    "period_start",
    "period_end",
    "period",
    "status",
    "status_label",
    "due",
    "rows",
    "confidence",
    "searched",
    "detail",
]


def parse_match(text: str) -> dict[str, tuple[str, ...]]:
    """'company=Alibaba;row_kind=quarter' as {'company': ('Alibaba',), 'row_kind': ('quarter',)}."""
    match: dict[str, tuple[str, ...]] = {}
    for part in str(text).split(";"):
        if not part.strip():
            continue
        column, sep, values = part.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"'{part}' is not written column=value")
        match[column.strip()] = tuple(v.strip() for v in values.split("|"))
    return match


def _as_text(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.map({True: "true", False: "false"}).astype(object)
    return values.astype(object).where(values.notna(), None).map(lambda v: None if v is None else str(v))


def series_figures(tables: dict[str, pd.DataFrame], series: pd.Series) -> pd.DataFrame:
    """The rows of the series' table that belong to it; only figures their source states (figure_basis)."""
    frame = tables[str(series["table"])]
    keep = pd.Series(True, index=frame.index)
    for column, values in parse_match(series["match"]).items():
        keep &= _as_text(frame[column]).isin(values)
    if "figure_basis" in frame.columns:
        keep &= frame["figure_basis"].astype(str) == "stated"
    return frame[keep]


def due_date(start: pd.Timestamp, series: pd.Series) -> pd.Timestamp:
    """The day by which the period's figure is usually public."""
    anchor = start if str(series["due_from"]) == "start" else period_end_of(start, str(series["cadence"]))
    return anchor + pd.Timedelta(days=int(series["due_days"]))


@dataclass(frozen=True)
class _Period:
    start: pd.Timestamp
    end: pd.Timestamp
    due: pd.Timestamp


def series_periods(series: pd.Series, today: pd.Timestamp) -> list[_Period]:
    """Every period from the first tracked to the first one not yet due (or the last tracked)."""
    cadence = str(series["cadence"])
    step = pd.offsets.QuarterBegin(startingMonth=1) if cadence == "quarter" else pd.offsets.YearBegin()
    start = pd.Timestamp(series["first_period"])
    last = series["last_period"]
    periods = []
    while pd.isna(last) or start <= last:
        due = due_date(start, series)
        periods.append(_Period(start, period_end_of(start, cadence), due))
        if due > today:
            break
        start = start + step
    return periods


def coverage(tables: dict[str, pd.DataFrame], today: pd.Timestamp) -> pd.DataFrame:
    """One row per series and period: its status, the rows or search behind it, and when it is due."""
    today = pd.Timestamp(today).normalize()
    searches = tables["searches"]
    rows = []
    for _, series in tables["series"].iterrows():
        cadence = str(series["cadence"])
        spec = TABLES[str(series["table"])]
        figures = series_figures(tables, series)
        periods_of_rows = period_floor(figures[str(series["date_column"])], cadence)
        logged = searches[searches["series_id"] == series["series_id"]].set_index("period_start")
        for period in series_periods(series, today):
            found = figures[periods_of_rows == period.start]
            record = {
                "series_id": series["series_id"],
                "series": series["title"],
                "series_group": str(series["series_group"]),
                "cadence": cadence,
                "period_start": period.start,
                "period_end": period.end,
                "period": cadence_label(period.start, cadence),
                "due": period.due,
                "rows": ";".join(found[spec.key].astype(str)),
                "confidence": None,
                "searched": pd.NaT,
            }
            if len(found):
                best = max(found["confidence"].astype(str), key=CONFIDENCE_ORDER.get) if "confidence" in found else None
                record.update(status=RECORDED, confidence=best, detail=f"{len(found)} row(s): {record['rows']}")
            elif period.start in logged.index:
                search = logged.loc[period.start]
                words = OUTCOME_WORDS[str(search["outcome"])]
                record.update(
                    status=SEARCHED, searched=search["searched"], detail=f"searched {search['searched']:%Y-%m-%d}, {words}"
                )
            elif period.due <= today:
                record.update(status=OVERDUE, detail=f"usually public by {period.due:%Y-%m-%d}; neither recorded nor searched")
            else:
                record.update(status=NOT_DUE, detail=f"usually public by {period.due:%Y-%m-%d} ({series['publication']})")
            record["status_label"] = STATUS_LABELS[record["status"]]
            rows.append(record)
    frame = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame


@dataclass(frozen=True)
class SeriesOutlook:
    """What one series lacks and what comes next, for the line beside a page's headline chart."""

    series_id: str
    title: str
    missing: tuple[str, ...]
    overdue: tuple[str, ...]
    next_period: str | None
    next_due: pd.Timestamp | None
    publication: str
    latest: str | None
    latest_start: pd.Timestamp | None = None  # the first day of ``latest``, to order series by how current they are

    @property
    def sentence(self) -> str:
        """'Alibaba capex: missing Oct-Dec 2025 (searched 2026-12-03, not found). Next: ...'."""
        parts = [f"{self.title}:"]
        parts.append(f"latest {self.latest}." if self.latest else "nothing recorded yet.")
        if self.missing:
            parts.append("Missing " + "; ".join(self.missing) + ".")
        if self.overdue:
            parts.append("Overdue (neither recorded nor searched): " + ", ".join(self.overdue) + ".")
        if self.next_period:
            parts.append(f"Next: {self.next_period}, usually out {self.publication}: not yet recorded.")
        return " ".join(parts)


def series_outlook(frame: pd.DataFrame, series: pd.Series) -> SeriesOutlook:
    """Summarise one series' coverage rows (from coverage())."""
    own = frame[frame["series_id"] == series["series_id"]]
    searched = own[own["status"] == SEARCHED]
    recorded = own[own["status"] == RECORDED]
    upcoming = own[own["status"] == NOT_DUE]
    return SeriesOutlook(
        series_id=str(series["series_id"]),
        title=str(series["title"]),
        missing=tuple(f"{p} ({d})" for p, d in zip(searched["period"], searched["detail"])),
        overdue=tuple(own.loc[own["status"] == OVERDUE, "period"]),
        next_period=None if upcoming.empty else str(upcoming["period"].iloc[0]),
        next_due=None if upcoming.empty else upcoming["due"].iloc[0],
        publication=str(series["publication"]),
        latest=None if recorded.empty else str(recorded["period"].iloc[-1]),
        latest_start=None if recorded.empty else pd.Timestamp(recorded["period_start"].iloc[-1]),
    )


def coverage_due(frame: pd.DataFrame, series_id: str) -> list[pd.Timestamp]:
    """Period starts of one series whose figure is usually public by the coverage day (recorded or not)."""
    own = frame[(frame["series_id"] == series_id) & (frame["status"] != NOT_DUE)]
    return list(pd.to_datetime(own["period_start"]))


def lacking_periods(frame: pd.DataFrame, series_id: str, start: pd.Timestamp, end: pd.Timestamp) -> list[str]:
    """The due periods of a series between two days with no recorded figure, each with why ('searched ...')."""
    own = frame[(frame["series_id"] == series_id) & (frame["period_start"] >= start) & (frame["period_end"] <= end)]
    missing = own[own["status"].isin([SEARCHED, OVERDUE])]
    return [f"{period} ({detail.split(';')[0]})" for period, detail in zip(missing["period"], missing["detail"])]


def page_outlooks(tables: dict[str, pd.DataFrame], frame: pd.DataFrame, page: str) -> list[SeriesOutlook]:
    """The outlook of every series that names this page."""
    series = tables["series"]
    named = series["pages"].astype(object).fillna("").astype(str).map(lambda pages: [p.strip() for p in pages.split(";")])
    on_page = series[named.map(lambda pages: page in pages)]
    return [series_outlook(frame, row) for _, row in on_page.iterrows()]


def check_coverage(tables: dict[str, pd.DataFrame]) -> list[DataIssue]:
    """series.csv names real tables, columns and period starts; searches.csv names real series and periods; and no
    period is both recorded and logged as not found (reported on both files)."""
    series, searches = tables.get("series"), tables.get("searches")
    if series is None:
        return []
    issues: list[DataIssue] = []
    usable = {}
    for index, row in series.iterrows():
        line = int(index) + 1
        if str(row["table"]) in SERIES_TABLES and str(row["table"]) not in tables:
            continue  # that table's own problems are reported already
        problems = _series_problems(tables, row)
        issues += [DataIssue("series.csv", line, column, message) for column, message in problems]
        if not problems:
            usable[row["series_id"]] = row
    if searches is None:
        return issues
    seen: set[tuple[str, pd.Timestamp]] = set()
    for index, search in searches.iterrows():
        line = int(index) + 1
        row = usable.get(search["series_id"])
        if search["series_id"] not in set(series["series_id"]):
            issues.append(DataIssue("searches.csv", line, "series_id", f"unknown series '{search['series_id']}'"))
            continue
        if row is None:
            continue
        cadence, start = str(row["cadence"]), search["period_start"]
        if period_floor(pd.Series([start]), cadence).iloc[0] != start:
            issues.append(DataIssue("searches.csv", line, "period_start", f"must be the first day of a {cadence}"))
        elif start < row["first_period"] or (pd.notna(row["last_period"]) and start > row["last_period"]):
            issues.append(DataIssue("searches.csv", line, "period_start", "outside the periods the series tracks"))
        if search["searched"] < start:
            issues.append(DataIssue("searches.csv", line, "searched", "searched before the period began"))
        if (search["series_id"], start) in seen:
            issues.append(DataIssue("searches.csv", line, "period_start", "this series and period is logged already"))
        seen.add((search["series_id"], start))
        issues += _recorded_and_logged(tables, row, search, line)
    return issues


def _series_problems(tables: dict[str, pd.DataFrame], row: pd.Series) -> list[tuple[str, str]]:
    table = str(row["table"])
    if table not in SERIES_TABLES:
        return [("table", f"'{table}' is not a table a series can draw on; use one of: {', '.join(SERIES_TABLES)}")]
    spec = TABLES[table]
    names = {c.name: c for c in spec.columns}
    try:
        match = parse_match(row["match"])
    except ValueError as err:
        return [("match", str(err))]
    problems = [("match", f"{table}.csv has no column '{column}'") for column in match if column not in names]
    date_column = names.get(str(row["date_column"]))
    if date_column is None or date_column.kind != "date":
        problems.append(("date_column", f"'{row['date_column']}' is not a date column of {table}.csv"))
    cadence = str(row["cadence"])
    for column in ("first_period", "last_period"):
        value = row[column]
        if pd.notna(value) and period_floor(pd.Series([value]), cadence).iloc[0] != value:
            problems.append((column, f"must be the first day of a {cadence}"))
    if pd.notna(row["last_period"]) and row["last_period"] < row["first_period"]:
        problems.append(("last_period", "last_period is before first_period"))
    return problems


def _recorded_and_logged(tables: dict[str, pd.DataFrame], series: pd.Series, search: pd.Series, line: int) -> list[DataIssue]:
    figures = series_figures(tables, series)
    periods = period_floor(figures[str(series["date_column"])], str(series["cadence"]))
    clash = figures[periods == search["period_start"]]
    if clash.empty:
        return []
    spec = TABLES[str(series["table"])]
    keys = ", ".join(clash[spec.key].astype(str))
    issues = [
        DataIssue(
            "searches.csv",
            line,
            "outcome",
            f"{series['series_id']} has a figure for this period ({keys}); remove the search record or the figure",
        )
    ]
    for index in clash.index:
        issues.append(
            DataIssue(
                spec.file,
                int(index) + 1,
                spec.key,
                f"this figure fills a period that searches.csv logs as not found ({search['search_id']}); keep one of the two",
            )
        )
    return issues
