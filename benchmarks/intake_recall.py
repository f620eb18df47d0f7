"""Recall and precision of the intake extractor on the four seed articles, against the curated rows citing them.

A curated row counts when it cites the article with a number (metrics, investments) or with a date its evidence
states (releases, events). It is found when a candidate has the same value (and currency or unit kind) and an
excerpt sharing at least four consecutive words with the row's evidence; for dates, the same period. Precision
is candidates that match some curated row over all candidates.

    python -m benchmarks.intake_recall          # prints a table and writes the section in benchmarks/RESULTS.md
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from alibaba_ai_data import load_dataset
from alibaba_ai_data.intake import Candidate, extract
from alibaba_ai_data.periods import period_end

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
# Seed file -> (source_id, publication date used for relative phrases: the article's recorded date)
ARTICLES = {
    "000_53e6fad8e3d09769.txt": "art_crn_could_lead",
    "001_0b5bb6ea946f3403.txt": "art_transformation",
    "002_5db3e750ddc05b0e.txt": "art_investing_tsai",
    "003_52881a1034494045.txt": "art_new_phase",
}
SCALE_TO_BN = {"billion": 1.0, "million": 1e-3, "thousand": 1e-6, "trillion": 1e3}


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def overlaps(a: str, b: str, n: int = 4) -> bool:
    left, right = words(a), words(b)
    grams = {tuple(left[i : i + n]) for i in range(len(left) - n + 1)}
    return any(tuple(right[i : i + n]) in grams for i in range(len(right) - n + 1)) or (
        min(len(left), len(right)) < n and " ".join(left) in " ".join(right)
    )


def candidate_numbers(c: Candidate) -> list[float]:
    """The candidate's value and, for a range, its high end (money in billions)."""
    if c.kind in ("date", "release") or not c.value:
        return []
    values = [float(v) for v in (c.value, c.value_high) if v]
    return [v * SCALE_TO_BN.get(c.unit, 1.0) for v in values] if c.kind == "money" else values


def targets(dataset, source_id: str) -> list[dict]:
    """The curated rows citing this article with a number or a stated date."""
    rows = []
    for row in dataset["metrics"][dataset["metrics"]["source_id"] == source_id].itertuples():
        rows.append(
            dict(
                key=("metrics", row.metric_id),
                number=float(row.value),
                currency="",
                percent=row.unit.startswith("%"),
                evidence=row.evidence,
            )
        )
    for row in dataset["investments"][dataset["investments"]["source_id"] == source_id].itertuples():
        rows.append(
            dict(
                key=("investments", row.investment_id),
                number=float(row.amount_low_bn),
                currency=str(row.currency),
                percent=False,
                evidence=row.evidence,
            )
        )
    for table, when, key in (
        ("releases", "release_date", "release_id"),
        ("events", "date", "event_id"),
    ):
        frame = dataset[table][dataset[table]["source_id"] == source_id]
        for row in frame.itertuples():
            if isinstance(row.evidence, str) and re.search(r"\b(19|20)\d\d\b", row.evidence):
                rows.append(dict(key=(table, getattr(row, key)), date=getattr(row, when), evidence=row.evidence))
    return rows


def matches(target: dict, c: Candidate) -> bool:
    if not overlaps(target["evidence"], c.evidence):
        return False
    if "date" in target:
        if not c.date:
            return False
        start = pd.Timestamp(c.date)
        end = period_end(pd.Series([start]), pd.Series([c.date_precision or "day"])).iloc[0]
        return start <= target["date"] <= end or start == target["date"]
    numbers = candidate_numbers(c)
    if not numbers:
        return False
    same = any(abs(n - target["number"]) <= 1e-6 * max(1.0, abs(target["number"])) for n in numbers)
    if target["currency"] and c.currency and c.currency != target["currency"]:
        return False
    return same and (c.unit == "%") == target["percent"]


def evaluate() -> pd.DataFrame:
    dataset = load_dataset()
    published = dict(zip(dataset.sources["source_id"], dataset.sources["published"]))
    rows = []
    for file, source_id in ARTICLES.items():
        text = (SEEDS / file).read_text(encoding="utf-8")
        candidates = extract(text, date.fromisoformat(f"{published[source_id]:%Y-%m-%d}"), source_id)
        assert all(c.evidence in text and len(c.evidence.split()) <= 25 for c in candidates), "an excerpt is not verbatim"
        wanted = targets(dataset, source_id)
        found = [t for t in wanted if any(matches(t, c) for c in candidates)]
        useful = [c for c in candidates if any(matches(t, c) for t in wanted)]
        rows.append(
            dict(
                article=source_id,
                curated_rows=len(wanted),
                found=len(found),
                recall=len(found) / len(wanted) if wanted else float("nan"),
                candidates=len(candidates),
                matching_candidates=len(useful),
                precision=len(useful) / len(candidates) if candidates else float("nan"),
                missed=", ".join(t["key"][1] for t in wanted if t not in found),
            )
        )
    frame = pd.DataFrame(rows)
    total = dict(
        article="all four",
        curated_rows=frame["curated_rows"].sum(),
        found=frame["found"].sum(),
        recall=frame["found"].sum() / frame["curated_rows"].sum(),
        candidates=frame["candidates"].sum(),
        matching_candidates=frame["matching_candidates"].sum(),
        precision=frame["matching_candidates"].sum() / frame["candidates"].sum(),
        missed="",
    )
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


START, END = "<!-- intake-recall -->", "<!-- /intake-recall -->"


def markdown(frame: pd.DataFrame) -> str:
    """The results as a Markdown section for benchmarks/RESULTS.md."""
    lines = [
        START,
        "## Curator intake: recall and precision on the four seed articles",
        "",
        "Measured by `python -m benchmarks.intake_recall` (rules in `alibaba_ai_data/intake.py`). A curated row citing the",
        "article with a number or a stated date counts as found when a candidate has the same value (and currency or unit",
        "kind, or the same date period) and an excerpt sharing at least four consecutive words with the row's evidence.",
        "Precision: candidates matching a curated row over all candidates (strict: proposals worth recording that no",
        "curated row holds count against it). Every excerpt was checked verbatim and at most 25 words.",
        "",
        "| article | curated rows | found | recall | candidates | matching | precision | missed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in frame.itertuples():
        recall = "n/a (no numbered or dated rows)" if row.curated_rows == 0 else f"{row.recall:.0%}"
        lines.append(
            f"| {row.article} | {row.curated_rows} | {row.found} | {recall} | {row.candidates} | {row.matching_candidates} "
            f"| {row.precision:.0%} | {row.missed or '-'} |"
        )
    return "\n".join([*lines, END]) + "\n"


def update_results(path: Path, frame: pd.DataFrame) -> None:
    """Put the section into RESULTS.md, replacing an earlier one."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    section = markdown(frame)
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> int:
    frame = evaluate()
    shown = frame.assign(recall=frame["recall"].map("{:.0%}".format), precision=frame["precision"].map("{:.0%}".format))
    print(shown.to_string(index=False))
    update_results(ROOT / "benchmarks" / "RESULTS.md", frame)
    return 0


if __name__ == "__main__":
    sys.exit(main())
