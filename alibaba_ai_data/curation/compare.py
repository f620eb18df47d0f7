"""Compare proposals with data/: the same series and period with the same value is a duplicate, with another value
a conflict (both values shown, for the curator to decide)."""

from __future__ import annotations

import pandas as pd

from alibaba_ai_data.curation.cells import normalised, number_text
from alibaba_ai_data.curation.proposals import Proposal
from alibaba_ai_data.periods import period_end
from alibaba_ai_data.schema import TABLES


def _same_number(proposed: str, existing: float) -> bool:
    """Equal to the precision the proposal states: 39.8 matches a recorded 39.824, 34 matches 34."""
    try:
        value = float(proposed)
    except (TypeError, ValueError):
        return False
    if existing is None or pd.isna(existing):  # a recorded statement with no figure (a pledge without a target)
        return False
    decimals = len(proposed.split(".")[1]) if "." in proposed else 0
    return round(float(existing), decimals) == round(value, decimals)


def _series_rows(p: Proposal, dataset) -> tuple[pd.DataFrame, str, str]:
    """Rows of data/ in the proposal's series and period, the column holding their value, and a unit label."""
    row, frame = p.row, dataset[p.table]
    if p.table == "capex_quarters":
        same = (frame["company"] == row["company"]) & (frame["period_start"] == pd.Timestamp(row["period_start"] or "NaT"))
        same &= frame["period_end"] == pd.Timestamp(row["period_end"] or "NaT")
        return frame[same & (frame["currency"] == row["currency"])], "amount_bn", f"{row['currency']} bn"
    if p.table == "metrics":
        same = (frame["entity"].map(normalised) == normalised(row["entity"])) & (
            frame["metric"].map(normalised) == normalised(row["metric"])
        )
        same &= frame["as_of_precision"] == row["as_of_precision"]
        return frame[same & (frame["as_of"] == pd.Timestamp(row["as_of"]))], "value", row["unit"]
    if p.table == "adoption":
        same = (frame["entity"].map(normalised) == normalised(row["entity"])) & (frame["measure"] == row["measure"])
        return frame[same & (frame["as_of"] == pd.Timestamp(row["as_of"]))], "value", row["unit"]
    if p.table == "releases":
        names = frame["model"].str.replace(r"\s*\(.*\)$", "", regex=True).map(normalised)
        return frame[names == normalised(row["model"])], "release_date", ""
    if p.table == "pledge_statements":
        same = (frame["kind"] == row["kind"]) & (frame["date"] == pd.Timestamp(row["date"] or "NaT"))
        return frame[same], "target_bn", row["currency"] + " bn"
    if p.table == "investments":
        same = (frame["investor"].map(normalised) == normalised(row["investor"])) & (frame["currency"] == row["currency"])
        return (
            frame[same & (frame["announced"] == pd.Timestamp(row["announced"] or "NaT"))],
            "amount_low_bn",
            row["currency"] + " bn",
        )
    same = (frame["date"] == pd.Timestamp(row["date"] or "NaT")) & (frame["actor"].map(normalised) == normalised(row["actor"]))
    return frame[same], "", ""


def _release_date_agrees(p: Proposal, existing: pd.Series) -> bool:
    if not p.row["release_date"]:
        return True  # the sentence gives no date: nothing in it disagrees with the recorded one
    start = pd.Timestamp(p.row["release_date"])
    end = period_end(pd.Series([start]), pd.Series([p.row["date_precision"] or "day"])).iloc[0]
    recorded = existing["release_date"]
    recorded_end = period_end(pd.Series([recorded]), pd.Series([existing["date_precision"]])).iloc[0]
    return start <= recorded_end and recorded <= end


def compare_with_data(proposals: list[Proposal], dataset) -> None:
    """Flag each proposal against data/: duplicate (same series, period and value), conflict (another value)."""
    for p in proposals:
        try:
            rows, column, unit = _series_rows(p, dataset)
        except (ValueError, TypeError):
            continue  # an unparseable date: nothing to compare with until the curator fixes it
        if rows.empty:
            continue
        key = TABLES[p.table].key
        if p.table == "releases":
            same = [r for _i, r in rows.iterrows() if _release_date_agrees(p, r)]
            shown = "; ".join(f"{r[key]} ({r['release_date']:%Y-%m-%d}, {r['date_precision']})" for _i, r in rows.iterrows())
        elif p.table == "events":
            same, shown = [r for _i, r in rows.iterrows()], ", ".join(rows[key])
        else:
            same = [r for _i, r in rows.iterrows() if _same_number(str(p.row[column]), r[column])]  # same column in both
            shown = "; ".join(f"{r[key]} = {number_text(float(r[column]))} {unit}".strip() for _i, r in rows.iterrows())
        if same:
            p.match, p.match_detail = "duplicate", "same as " + ", ".join(str(r[key]) for r in same)
        else:
            p.match, p.match_detail = "conflict", f"data/ has {shown}"
