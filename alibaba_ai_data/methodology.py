"""How figures are classed, from the data itself: company-reported, press-reported, company guidance or estimate."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from alibaba_ai_data.loading import DEFAULT_DATA_DIR

FIGURE_CLASSES = {
    "company-reported": "a figure the company published itself: a results release, filing, official README or model card",
    "press-reported": "a figure from a news report or one of the four articles, not traced to a company document",
    "company guidance": "a plan, target or expectation a company stated for a later period",
    "estimate": "a third party's measurement or estimate: research reports such as ATOM, leaderboards, analysts",
    "implied": "a figure the sources imply or extrapolate but nobody stated; kept out of every reported series",
}
# Tables whose rows are figures (numbers) rather than dates or descriptions.
FIGURE_TABLES = {
    "metrics": "metric_id",
    "investments": "investment_id",
    "capex_quarters": "capex_id",
    "adoption": "adoption_id",
    "pledge_statements": "statement_id",
}
GUIDANCE_CATEGORIES = ("commitment", "capex_plan", "capex_guidance")
KIND_CLASSES = {
    "company": "company-reported",
    "primary": "company-reported",
    "news": "press-reported",
    "article": "press-reported",
    "aggregator": "press-reported",
    "reference": "estimate",
    "research_note": "estimate",
}


def classify_figures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per figure: its table, key, class and the kind of source behind it."""
    kinds = dict(zip(tables["sources"]["source_id"], tables["sources"]["kind"].astype(str)))
    parts = []
    for table, key in FIGURE_TABLES.items():
        frame = tables.get(table)
        if frame is None or frame.empty:
            continue
        source_kind = frame["source_id"].map(kinds)
        classes = source_kind.map(KIND_CLASSES)
        if table == "investments":
            classes = classes.where(~frame["category"].astype(str).isin(GUIDANCE_CATEGORIES), "company guidance")
        if table == "pledge_statements":
            classes = classes.where(frame["status"].astype(str) != "confirmed", "company guidance")
        if "figure_basis" in frame.columns:
            basis = frame["figure_basis"].astype(str)
            classes = classes.where(basis != "estimate", "estimate").where(basis != "implied", "implied")
        parts.append(pd.DataFrame({"table": table, "key": frame[key], "figure_class": classes, "source_kind": source_kind}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["table", "key", "figure_class", "source_kind"])


def class_counts(classified: pd.DataFrame) -> pd.DataFrame:
    """How many figures fall in each class, per table."""
    counts = classified.groupby(["figure_class", "table"]).size().unstack(fill_value=0)
    counts = counts.reindex(list(FIGURE_CLASSES), fill_value=0)
    counts.insert(0, "meaning", [FIGURE_CLASSES[c] for c in counts.index])
    return counts.reset_index()


def changelog_entries(data_dir: Path | str = DEFAULT_DATA_DIR, limit: int = 2) -> list[str]:
    """The newest changelog entries, each as the markdown under its '## version (date)' heading."""
    path = Path(data_dir) / "CHANGELOG.md"
    if not path.exists():
        return []
    blocks = re.split(r"(?m)^(?=## )", path.read_text(encoding="utf-8"))
    return [block.strip() for block in blocks if block.startswith("## ")][:limit]
