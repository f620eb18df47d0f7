"""The living tracker's derived views: the pledge against reported spending, peers' plans against actuals,
the adoption race, and how current the data is.

Nothing here fills a gap: a quarter with no sourced figure stays empty (NaN), cumulative totals add only
reported quarters, and no figure is derived by subtracting one total from another.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from alibaba_ai_data.periods import calendar_label, fiscal_label, period_end

PLEDGE_ID = "alibaba_ai_cloud_commitment"
NOT_FOUND = "not found in sources"
NOT_YET = "not yet reported"
REPORTED = "reported"

# Metrics (from the articles and later reports) that belong on the adoption axes, by the adoption measure they match.
ADOPTION_METRICS = {"Qwen downloads": "downloads", "Qwen derivative models": "derivatives"}

STAGE_LABELS = {"capex_plan": "plan", "capex_actual": "reported", "capex_guidance": "guidance"}


@dataclass(frozen=True)
class PledgeWindow:
    """The three years the pledge covers, as recorded on its investments row, and its target."""

    start: pd.Timestamp
    end: pd.Timestamp
    target_bn: float
    currency: str
    announced: pd.Timestamp
    company: str = "Alibaba"

    @property
    def quarter_starts(self) -> list[pd.Timestamp]:
        return list(pd.date_range(self.start, self.end, freq="QS"))

    @property
    def label(self) -> str:
        starts = self.quarter_starts
        return f"{calendar_label(starts[0]).split('-')[0]} {starts[0].year} to {self.end:%b %Y} ({len(starts)} quarters)"


def pledge_window(investments: pd.DataFrame) -> PledgeWindow | None:
    """The pledge's window and target from the full investments table (None if the row is absent)."""
    rows = investments[investments["investment_id"] == PLEDGE_ID]
    if rows.empty or rows.iloc[0][["period_start", "period_end"]].isna().any():
        return None
    row = rows.iloc[0]
    return PledgeWindow(
        start=row["period_start"],
        end=row["period_end"],
        target_bn=float(row["amount_low_bn"]),
        currency=str(row["currency"]),
        announced=row["announced"],
        company=str(row["investor"]),
    )


def pledge_burn_up(
    capex: pd.DataFrame, window: PledgeWindow, as_of: pd.Timestamp, due: Collection[pd.Timestamp] | None = None
) -> pd.DataFrame:
    """One row per quarter of the window: the reported figure (NaN when none), its status, the running total of
    reported quarters (NaN at a gap, never carried across it as zero) and the straight-line path to the target.

    A quarter without a figure is "not yet reported" while it runs past ``as_of``; with ``due`` (the quarter starts
    whose results are usually public by now, from the coverage table) an ended quarter not yet due is too, so the
    chart and the coverage grid tell the same story."""
    quarters = capex[
        (capex["row_kind"].astype(str) == "quarter")
        & (capex["currency"].astype(str) == window.currency)
        & (capex["company"] == window.company)
    ]
    by_start = quarters.set_index("period_start")
    rows = []
    starts = window.quarter_starts
    for index, start in enumerate(starts, start=1):
        end = start + pd.offsets.QuarterEnd(0)
        found = by_start.loc[start] if start in by_start.index else None
        if found is not None:
            status = REPORTED
        elif end > as_of or (due is not None and start not in due):
            status = NOT_YET
        else:
            status = NOT_FOUND
        rows.append(
            {
                "quarter_start": start,
                "quarter_end": end,
                "calendar_label": calendar_label(start),
                "fiscal_label": fiscal_label(start),
                "reported_bn": np.nan if found is None else float(found["amount_bn"]),
                "qualifier": None if found is None else str(found["qualifier"]),
                "scope": None if found is None else str(found["scope"]),
                "capex_id": None if found is None else found["capex_id"],
                "source_id": None if found is None else found["source_id"],
                "status": status,
                "path_bn": window.target_bn * index / len(starts),
            }
        )
    burn_up = pd.DataFrame(rows)
    # A running total per scope: quarters reported as the company total and as AI and cloud spending never add up.
    reported = burn_up["reported_bn"].notna()
    running = burn_up[reported].groupby(burn_up.loc[reported, "scope"], sort=False)["reported_bn"].cumsum()
    burn_up["cumulative_reported_bn"] = running.reindex(burn_up.index)
    return burn_up


@dataclass(frozen=True)
class PledgeProgress:
    """The KPI: reported spending in the window so far against the target, and how many quarters it rests on."""

    spent_bn: float
    target_bn: float
    currency: str
    quarters_elapsed: int
    quarters_total: int
    quarters_reported: int
    quarters_not_found: tuple[str, ...]

    @property
    def share_of_target(self) -> float:
        return self.spent_bn / self.target_bn if self.target_bn else float("nan")


def pledge_progress(burn_up: pd.DataFrame, window: PledgeWindow, as_of: pd.Timestamp) -> PledgeProgress:
    """Sum of the quarters reported so far (a lower bound while any elapsed quarter is not found). A quarter counts
    as elapsed once its figure is reported or due."""
    elapsed = burn_up[(burn_up["quarter_end"] <= as_of) & (burn_up["status"] != NOT_YET)]
    reported = elapsed[elapsed["status"] == REPORTED]
    return PledgeProgress(
        spent_bn=float(reported["reported_bn"].sum()),
        target_bn=window.target_bn,
        currency=window.currency,
        quarters_elapsed=len(elapsed),
        quarters_total=len(burn_up),
        quarters_reported=len(reported),
        quarters_not_found=tuple(elapsed.loc[elapsed["status"] == NOT_FOUND, "calendar_label"]),
    )


@dataclass(frozen=True)
class Kpi:
    """One headline figure as a page shows it: label, value, the row it cites, when it dates from and how it was
    arrived at. Assembled here so a page only draws it."""

    label: str
    value: str
    row: pd.Series | None
    as_of: str = ""
    detail: str = ""


def pledge_kpis(
    burn_up: pd.DataFrame,
    window: PledgeWindow,
    as_of: pd.Timestamp,
    lacking: list[str],
    investments: pd.DataFrame,
    statements: pd.DataFrame,
) -> list[Kpi]:
    """The pledge view's three cards: spending so far against the target (a lower bound while a quarter lacks a
    figure, ``lacking`` from the coverage grid), the window assumed, and the latest statement about the target.
    ``burn_up`` is the whole window's quarter table (pledge_burn_up), ``investments`` the full table."""
    progress = pledge_progress(burn_up, window, as_of)
    reported = burn_up[(burn_up["status"] == REPORTED) & (burn_up["quarter_end"] <= as_of)]
    gaps = f"lacking {'; '.join(lacking)}, so a lower bound" if lacking else "no quarter missing"
    # One card per scope: quarters reported as the company total and as AI and cloud spending are never added up.
    spent = []
    for scope, part in reported.groupby(reported["scope"].astype(str), sort=False):
        total = float(part["cumulative_reported_bn"].iloc[-1])  # the burn-up's own running total of this scope
        share = total / progress.target_bn if progress.target_bn else float("nan")
        quarters = len(part)
        spent.append(
            Kpi(
                f"Reported capex, {scope}",
                f"{progress.currency} {total:,.1f}bn",
                part.iloc[-1],
                as_of=f"{quarters} quarter{'s' if quarters != 1 else ''} to {part['calendar_label'].iloc[-1]}",
                detail=f"{share:.0%} of the {progress.currency} {progress.target_bn:g}bn pledge; "
                f"{', '.join(part['calendar_label'])}; {gaps}",
            )
        )
    if not spent:
        spent.append(Kpi("Reported capex since the pledge", "none yet", None, detail=gaps))
    pledge_row = investments.set_index("investment_id", drop=False).loc[PLEDGE_ID]
    assumed = Kpi(
        "Three-year window assumed",
        f"{window.start:%Y}-{window.end:%Y}",
        pledge_row,
        as_of=f"announced {window.announced:%Y-%m-%d}",
        detail=f"{window.label}, the period recorded with the pledge; one report reads it as running to February 2028",
    )
    latest = statements.sort_values("date").iloc[-1] if len(statements) else None
    statement = Kpi(
        "Latest statement about the target",
        "" if latest is None else str(latest["kind"]).replace("_", " "),
        latest,
        as_of="" if latest is None else ("after " if latest["date_basis"] == "after" else "") + f"{latest['date']:%Y-%m-%d}",
        detail="" if latest is None else f"{latest['status']}: {latest['summary']}",
    )
    return [*spent, assumed, statement]


def basis_label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'calendar 2025', or 'fiscal year Jul 2024-Jun 2025', or 'Jul-Sep 2025' for a quarter."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 and start.year == end.year:
        return f"calendar {start.year}"
    if (end - start).days < 100:
        return calendar_label(start)
    return f"fiscal year {start:%b %Y}-{end:%b %Y}"


REVISED = "revised guidance"


def plan_vs_actual(investments_shown: pd.DataFrame) -> pd.DataFrame:
    """Peers' one-year plans, reported spending and later guidance, each with its period basis (annual rows only:
    a single reported quarter is never scaled up to a year)."""
    rows = investments_shown[
        investments_shown["category"].astype(str).isin(list(STAGE_LABELS)) & (investments_shown["period_years"] == 1)
    ].copy()
    rows["stage"] = rows["category"].astype(str).map(STAGE_LABELS)
    rows["basis"] = pd.Series(
        [basis_label(s, e) for s, e in zip(rows["period_start"], rows["period_end"])], index=rows.index, dtype=object
    )
    # Guidance revised later in the same period is a step, not a second plan: the first figure keeps its stage and
    # each later one becomes "revised guidance", dated, so a raise shows as its own bar.
    rows = rows.sort_values(["investor", "period_start", "category", "announced"], kind="stable")
    later = rows.duplicated(["investor", "category", "period_start", "period_end"], keep="first") & (
        rows["category"].astype(str) == "capex_guidance"
    )
    rows.loc[later, "stage"] = REVISED
    rows.loc[later, "basis"] = (
        rows.loc[later, "basis"] + ", given " + pd.to_datetime(rows.loc[later, "announced"]).dt.strftime("%Y-%m-%d")
    )
    # Only the newest revision of a period is drawn (two revisions would share one bar's place); the earlier ones stay
    # in the Investments table, and the newest bar's basis names the day it was given.
    superseded = (rows["stage"] == REVISED) & rows.duplicated(["investor", "category", "period_start", "period_end"], keep="last")
    rows = rows[~superseded]
    rows["label"] = rows["stage"] + ", " + rows["basis"]
    return rows


def adoption_series(adoption: pd.DataFrame, metrics: pd.DataFrame, sources: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One measure's observations from the adoption table and the matching metrics rows (the articles' own figures
    among them, marked origin 'article'), oldest first."""
    kinds = dict(zip(sources["source_id"], sources["kind"].astype(str)))
    confidence = dict(zip(sources["source_id"], sources["confidence"].astype(object)))
    own = adoption[adoption["measure"].astype(str) == measure].assign(
        table="adoption", key=lambda f: f["adoption_id"], origin="tracker"
    )
    wanted = [name for name, kind in ADOPTION_METRICS.items() if kind == measure]
    matching = metrics[metrics["metric"].isin(wanted)]
    from_article = matching["source_id"].map(kinds).eq("article")
    articles = matching.assign(
        table="metrics",
        key=matching["metric_id"],
        origin=from_article.map({True: "article", False: "tracker"}),
        scope=matching["basis"].where(~from_article, "as the article states it"),
        confidence=matching["source_id"].map(confidence).where(~from_article, None),
    )
    columns = [
        "table",
        "key",
        "entity",
        "value",
        "unit",
        "qualifier",
        "scope",
        "as_of",
        "as_of_precision",
        "source_id",
        "confidence",
        "origin",
    ]
    combined = pd.concat([own[columns], articles[columns]], ignore_index=True)
    return combined.sort_values(["as_of", "entity"], kind="stable").reset_index(drop=True)


def data_as_of(sources: pd.DataFrame) -> pd.Timestamp | None:
    """How current the data is: the newest publication date among the sources (None when no source is recorded)."""
    newest = sources["published"].max()
    return None if pd.isna(newest) else pd.Timestamp(newest)


def last_article_day(sources: pd.DataFrame) -> pd.Timestamp:
    """The last day covered by the newest of the four articles' publication periods."""
    articles = sources[sources["kind"].astype(str) == "article"]
    return pd.Timestamp(period_end(articles["published"], articles["date_precision"]).max())


def _describe(table: str, frame: pd.DataFrame) -> pd.Series:
    if table == "releases":
        return frame["model"] + " (" + frame["developer"] + ")"
    if table == "events":
        return frame["title"]
    if table == "metrics":
        return frame["metric"] + ": " + frame["value"].map("{:g}".format) + " " + frame["unit"] + " (" + frame["basis"] + ")"
    if table == "investments":
        return frame["investor"] + ": " + frame["description"]
    if table == "capex_quarters":
        return (
            frame["company"]
            + " capex "
            + frame["calendar_label"]
            + ": "
            + frame["currency"].astype(str)
            + " "
            + frame["amount_bn"].map("{:g}".format)
            + "bn"
        )
    if table == "pledge_statements":
        return frame["summary"]
    return (
        frame["entity"] + " " + frame["measure"].astype(str).str.replace("_", " ") + ": " + frame["value"].map("{:,.0f}".format)
    )


# Which date places each table's rows in the "since the articles" list.
SINCE_DATES = {
    "releases": ("release_id", "release_date", "date_precision"),
    "events": ("event_id", "date", "date_precision"),
    "metrics": ("metric_id", "as_of", "as_of_precision"),
    "investments": ("investment_id", "announced", "date_precision"),
    "capex_quarters": ("capex_id", "reported", "reported_precision"),
    "pledge_statements": ("statement_id", "date", "date_precision"),
    "adoption": ("adoption_id", "as_of", "as_of_precision"),
}


def since_articles(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows from non-article sources dated after the newest article's period, newest first."""
    sources = tables["sources"]
    kinds = dict(zip(sources["source_id"], sources["kind"].astype(str)))
    cutoff = last_article_day(sources) if (sources["kind"].astype(str) == "article").any() else pd.Timestamp.min
    parts = []
    for table, (key, date, precision) in SINCE_DATES.items():
        frame = tables.get(table)
        if frame is None or frame.empty:
            continue
        new = frame[(frame[date] > cutoff) & frame["source_id"].map(kinds).ne("article")]
        if new.empty:
            continue
        parts.append(
            pd.DataFrame(
                {
                    "date": new[date].to_numpy(),
                    "date_precision": new[precision].astype(str).to_numpy(),
                    "table": table,
                    "key": new[key].to_numpy(),
                    "what": _describe(table, new).to_numpy(),
                    "source_id": new["source_id"].to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["date", "date_precision", "table", "key", "what", "source_id"])
    return (
        pd.concat(parts, ignore_index=True)
        .sort_values(["date", "table"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )
