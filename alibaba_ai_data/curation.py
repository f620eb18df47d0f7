"""From accepted intake candidates to rows for data/: metric rows and the new source, duplicates flagged."""

from __future__ import annotations

import re

import pandas as pd

from alibaba_ai_data.schema import METRICS

QUALIFIER_FOR_METRICS = {"more than": "more than", "about": "about", "at least": "at least"}
SCALE = {"million": 1e6, "billion": 1e9, "thousand": 1e3}
SOURCE_ID = re.compile(r"^[a-z0-9_]{3,60}$")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:50] or "row"


def metric_value(candidate: pd.Series) -> float:
    """The candidate's number as metrics.csv stores it (counts in units; money in billions of its currency)."""
    value = float(candidate["value"])
    if candidate["kind"] == "money":
        return value * SCALE.get(str(candidate["unit"]), 1e9) / 1e9
    return value


def flag_duplicates(candidates: pd.DataFrame, metrics: pd.DataFrame) -> pd.Series:
    """For each candidate, the key of a metrics row with the same entity, metric and as-of date (or '')."""
    existing = {(str(r.entity).lower(), str(r.metric).lower(), f"{r.as_of:%Y-%m-%d}"): r.metric_id for r in metrics.itertuples()}
    return pd.Series(
        [existing.get((str(c.entity).lower(), str(c.metric).lower(), str(c.date or "")), "") for c in candidates.itertuples()],
        index=candidates.index,
        dtype=object,
    )


def metric_rows(accepted: pd.DataFrame, source: dict, taken: set[str]) -> list[dict]:
    """Rows for metrics.csv from accepted metric candidates; keys made unique against `taken`."""
    rows = []
    for candidate in accepted.itertuples():
        # A metric is dated by the period it measures (a quarter, a year), not the day it was reported; a half year
        # has no precision of its own in metrics.csv, so it keeps the reported date for the curator to settle.
        measured = getattr(candidate, "period_start", "") and getattr(candidate, "period_precision", "") in ("quarter", "year")
        as_of = candidate.period_start if measured else (candidate.date or source["published"])
        precision = candidate.period_precision if measured else (candidate.date_precision or source["date_precision"])
        key = slug(f"{candidate.metric}_{as_of}")
        while key in taken:
            key += "_2"
        taken.add(key)
        rows.append(
            {
                "metric_id": key,
                "metric": candidate.metric,
                "metric_group": candidate.metric_group,
                "entity": candidate.entity,
                "value": f"{metric_value(pd.Series(candidate._asdict())):.6f}".rstrip("0").rstrip("."),
                "unit": (
                    "%" if candidate.unit == "%" else f"{candidate.currency} bn" if candidate.kind == "money" else candidate.unit
                ),
                "qualifier": QUALIFIER_FOR_METRICS.get(candidate.qualifier, "as stated"),
                "figure_basis": "stated",
                "basis": candidate.basis or "as stated by the source",
                "as_of": as_of,
                "as_of_precision": precision,
                "source_id": source["source_id"],
                # Evidence belongs only to rows from an article; other sources' rows link to the page instead.
                "evidence": candidate.evidence if source["kind"] == "article" else "",
                "date_source_id": "",
                "notes": "Added through curator intake"
                + (f"; measures {candidate.period_label}" if measured else "")
                + (" (year inferred from the publication date)" if measured and candidate.period_inferred else "")
                + (" (date inferred from a relative phrase)" if candidate.date_inferred and not measured else ""),
            }
        )
    return rows


def source_row(
    title: str, publisher: str, url: str, published: str, precision: str, kind: str, source_id: str, retrieved: str
) -> dict:
    return {
        "source_id": source_id,
        "kind": kind,
        "title": title,
        "publisher": publisher,
        "published": published,
        "date_precision": precision,
        "date_basis": "stated by the source",
        "url": url,
        "url_scope": "document" if url else "none",
        "confidence": {"article": "", "company": "high", "primary": "high", "news": "medium"}.get(kind, "low"),
        "retrieved": retrieved,
        "notes": "",
    }


METRIC_GROUPS = list(METRICS.column("metric_group").allowed or ())
