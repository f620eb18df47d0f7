"""Each page's answer in one sentence, written from the data: the key figure, the period of its newest value and the
day that value was reported. Pure functions of tables; a page draws the sentence above its headline chart."""

from __future__ import annotations

import pandas as pd

from alibaba_ai_data.periods import as_of_label, calendar_label
from alibaba_ai_data.tracker import NOT_FOUND, REPORTED, PledgeWindow

CHINESE_DEVELOPERS = frozenset(
    {"Alibaba", "Alibaba International", "DeepSeek", "MiniMax", "Tencent", "Baidu", "Moonshot AI", "Zhipu AI (Z.ai)", "ByteDance"}
)


def _bn(value: float, currency: str) -> str:
    return f"{currency} {value:,.1f}bn"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _score(value: float) -> str:
    """A leaderboard figure as its board writes it: whole points on an Arena scale, one decimal on an index."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def _period(when: pd.Timestamp, precision: str) -> str:
    """A period as an analyst writes it: 'Apr-Jun 2026' for a quarter, else the date to its precision."""
    return calendar_label(when) if precision == "quarter" else as_of_label(when, precision)


def _published(sources: pd.DataFrame, source_id) -> str:
    """The day a source was published, to its precision ('' when the source is not in the table)."""
    row = sources.loc[sources["source_id"] == source_id]
    if row.empty or pd.isna(row["published"].iloc[0]):
        return ""
    return as_of_label(row["published"].iloc[0], str(row["date_precision"].iloc[0]))


def pledge_answer(burn_up: pd.DataFrame, window: PledgeWindow, as_of: pd.Timestamp, capex: pd.DataFrame) -> str:
    """'Since the RMB 380bn pledge Alibaba has reported capex of RMB 126.1bn (company total) in 3 quarters to Apr-Jun
    2026 (reported 2026-08-20); 1 ended quarter has no figure in the sources (Oct-Dec 2025).'

    Quarters reported on different scopes are never added: each scope gets its own clause, newest first. ``capex``
    is the capex_quarters table (for the day each quarter was reported)."""
    ended = burn_up[burn_up["quarter_end"] <= as_of]
    reported = ended[ended["status"] == REPORTED]
    pledge = f"{window.currency} {window.target_bn:g}bn"
    if reported.empty:
        return f"No quarter of {window.company}'s capex since the {pledge} pledge has a figure in the sources yet."
    when_reported = capex.set_index("capex_id")[["reported", "reported_precision"]]
    clauses = []
    scopes = reported.groupby(reported["scope"].astype(str), sort=False)
    for scope, part in sorted(scopes, key=lambda item: item[1]["quarter_start"].max(), reverse=True):
        newest = part.iloc[-1]
        when = ""
        if newest["capex_id"] in when_reported.index:
            day, precision = when_reported.loc[newest["capex_id"]]
            when = "" if pd.isna(day) else as_of_label(day, str(precision))
        count = len(part)
        clauses.append(
            f"{_bn(float(part['reported_bn'].sum()), window.currency)} ({scope}) in {count} quarter{'s' if count != 1 else ''} "
            f"to {newest['calendar_label']}" + (f" (reported {when})" if when else "")
        )
    missing = list(ended.loc[ended["status"] == NOT_FOUND, "calendar_label"])
    gaps = (
        f"; {len(missing)} ended quarter{'s have' if len(missing) != 1 else ' has'} no figure in the sources ({', '.join(missing)})"
        if missing
        else "; every ended quarter has a figure"
    )
    return f"Since the {pledge} pledge {window.company} has reported capex of {' and '.join(clauses)}{gaps}."


def releases_answer(releases: pd.DataFrame, company: str = "Alibaba") -> str:
    """'In this range Alibaba released 57 models, the newest Qwen4-Max (2026-11-16); its rivals released 88, the
    newest GPT-6.2 (OpenAI, 2026-11-17).'"""
    if releases.empty:
        return "No model releases fall in the selected range."
    ordered = releases.sort_values("release_date", kind="stable")
    own, rivals = ordered[ordered["developer"] == company], ordered[ordered["developer"] != company]
    parts = []
    if len(own):
        newest = own.iloc[-1]
        parts.append(
            f"{company} released {len(own)} model{'s' if len(own) != 1 else ''} in this range, the newest "
            f"{newest['model']} ({as_of_label(newest['release_date'], str(newest['date_precision']))})"
        )
    else:
        parts.append(f"{company} released no model in this range")
    if len(rivals):
        newest = rivals.iloc[-1]
        parts.append(
            f"its rivals released {len(rivals)}, the newest {newest['model']} ({newest['developer']}, "
            f"{as_of_label(newest['release_date'], str(newest['date_precision']))})"
        )
    return "; ".join(parts) + "."


def newest_standings(capability: pd.DataFrame, developer: str = "Alibaba") -> pd.DataFrame:
    """Per board, the newest snapshot that ranks ``developer``: each developer's best score in it, best first."""
    if capability.empty:
        return capability.iloc[0:0]
    scores = capability[(capability["figure_kind"].astype(str) == "board") & capability["value"].notna()]
    ranked = scores[scores["developer"] == developer]
    frames = []
    for board, part in ranked.groupby(ranked["board"].astype(str), sort=True):
        newest = part.sort_values("as_of").iloc[-1]
        snapshot = scores[
            (scores["board"].astype(str) == board)
            & (scores["board_version"].astype(str) == str(newest["board_version"]))
            & (scores["as_of"] == newest["as_of"])
        ]
        best = snapshot.sort_values("value", ascending=False).drop_duplicates("developer")
        frames.append(best.assign(rank=range(1, len(best) + 1)))
    return pd.concat(frames, ignore_index=True) if frames else scores.iloc[0:0]


def standing_answer(capability: pd.DataFrame, developer: str = "Alibaba") -> str:
    """'On the newest LMArena text snapshot (2026-07-30) Alibaba's best model, qwen3.7-max-preview, ranks 4th of 14
    developers at 1,475, 33 points behind Anthropic's claude-opus-5; the best US model leads the best Chinese one by
    20 points.' One clause per board, newest snapshot first."""
    standings = newest_standings(capability, developer)
    if standings.empty:
        return f"No leaderboard in the selected range ranks {developer}'s models."
    clauses = []
    boards = standings.groupby(standings["board"].astype(str), sort=False)
    for board, part in sorted(boards, key=lambda item: item[1]["as_of"].max(), reverse=True)[:2]:
        own = part[part["developer"] == developer].iloc[0]
        leader = part.iloc[0]
        when = as_of_label(own["as_of"], str(own["as_of_precision"]))
        position = f"ranks {_ordinal(int(own['rank']))} of {len(part)} developers at {_score(own['value'])}"
        if leader["developer"] == developer:
            lead = "ahead of every other developer"
        else:
            lead = f"{_score(leader['value'] - own['value'])} points behind {leader['developer']}'s {leader['model']}"
        china = part[part["developer"].isin(CHINESE_DEVELOPERS)]
        us = part[~part["developer"].isin(CHINESE_DEVELOPERS)]
        gap = ""
        if len(china) and len(us):
            difference = us["value"].iloc[0] - china["value"].iloc[0]
            gap = (
                f"; the best US model leads the best Chinese one by {_score(difference)}"
                if difference > 0
                else f"; the best Chinese model leads the best US one by {_score(-difference)}"
            )
        clauses.append(f"on {board} ({when}) {developer}'s best model, {own['model']}, {position}, {lead}{gap}")
    sentence = "; ".join(clauses)
    return sentence[0].upper() + sentence[1:] + "."


def business_answer(metrics: pd.DataFrame, sources: pd.DataFrame) -> str:
    """'AI Cloud and Compute Services revenue was RMB 48.4bn in the quarter to 2026-06-30, up 45% year on year
    (reported 2026-08-20); AI-related product revenue grew by triple digits for 12 quarters in a row.' From the
    newest cloud segment revenue on any basis (a new segment is named as such, never joined to the old one)."""
    revenue = metrics[metrics["metric"].isin(["AI Cloud and Compute Services revenue", "Alibaba Cloud revenue"])]
    if revenue.empty:
        return "No cloud revenue figure falls in the selected range."
    newest = revenue.sort_values("as_of", kind="stable").iloc[-1]
    growth = metrics[(metrics["metric"] == f"{newest['metric']} growth") & (metrics["as_of"] == newest["as_of"])]
    period = _period(newest["as_of"], str(newest["as_of_precision"]))
    reported = _published(sources, newest["source_id"])
    unit = str(newest["unit"])
    currency = unit.split()[0] if unit.endswith("bn") else ""
    sentence = f"{newest['metric']} was {_bn(float(newest['value']), currency) if currency else newest['value']} in {period}"
    if len(growth):
        sentence += f", up {growth.iloc[0]['value']:g}% year on year"
    if reported:
        sentence += f" (reported {reported})"
    streak = metrics[metrics["metric"] == "Consecutive quarters of triple-digit AI revenue growth"]
    if len(streak):
        last = streak.sort_values("as_of", kind="stable").iloc[-1]
        sentence += (
            f"; AI-related product revenue grew by triple digits for {last['value']:g} quarters in a row "
            f"to {_period(last['as_of'], str(last['as_of_precision']))}"
        )
    return sentence + "."


def rank_bases(rank: pd.Series | None, events: pd.DataFrame, sources: pd.DataFrame) -> str:
    """Why a stated rank and the dated adoption events about the same family can both hold: each on its own basis
    and date. 'They count different things. Rank among open model families (downloads and derivatives) puts Qwen 2nd, behind Meta's
    Llama only (as of Oct 2025). Adoption events, each on its own count and date: Qwen passes Llama in downloads
    (ATOM: by Sep 2025), Sep 2025; ...'. Empty when there is no rank or no adoption event names the entity."""
    if rank is None:
        return ""
    entity = str(rank["entity"])
    named = events[(events["category"].astype(str) == "adoption") & events["title"].str.contains(entity, regex=False)]
    if named.empty:
        return ""
    when = as_of_label(rank["as_of"], str(rank["as_of_precision"]))
    reported = _published(sources, rank["source_id"])
    stated = f"{rank['metric']} puts {entity} {_ordinal(int(rank['value']))}" + (
        f", {rank['basis']}" if isinstance(rank["basis"], str) and rank["basis"] else ""
    )
    dated = named.sort_values("date", kind="stable")
    listed = "; ".join(f"{row.title}, {as_of_label(row.date, str(row.date_precision))}" for row in dated.itertuples())
    return (
        f"They count different things. {stated} (as of {when}"
        + (f", reported {reported}" if reported and reported != when else "")
        + f"). Adoption events, each on its own count and date: {listed}."
    )
