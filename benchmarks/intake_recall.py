"""Recall and precision of the intake extractor on the four seed articles, against the curated rows citing them;
and, per target table, how many proposed rows validate as they stand against how many need edits.

A curated row counts when it cites the article with a number (metrics, investments) or with a date its evidence
states (releases, events). It is found when a candidate has the same value (and currency or unit kind) and an
excerpt sharing at least four consecutive words with the row's evidence; for dates, the same period. Precision
is candidates that match some curated row over all candidates.

Rows per table: each article's candidates become rows for the tables they feed (``alibaba_ai_data.curation``),
checked by the same load a write runs. A row is ready when it validates with no cell left 'unclear'; it is a
duplicate when data/ already holds its series, period and value (the curated row it reproduces). The "before"
figure runs the intake and curator code of an earlier commit (``--before``, read from git): there, only metric
candidates became rows, with a placeholder name ('Alibaba percentage') for the curator to replace, so those count
as needing an edit; every other candidate went to a CSV to complete by hand.

    python -m benchmarks.intake_recall          # prints the tables and writes the sections in benchmarks/RESULTS.md
    python -m benchmarks.intake_recall --before ''   # without the "before" column (no git history at hand)
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

from alibaba_ai_data import load_dataset
from alibaba_ai_data.curation.extract import Candidate, extract
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


def _articles(dataset):
    """(text, published date, source record) per seed article."""
    records = dataset.source_records
    for file, source_id in ARTICLES.items():
        record = dict(records[source_id]) | {"source_id": source_id}
        record["published"] = f"{record['published']:%Y-%m-%d}"
        yield (SEEDS / file).read_text(encoding="utf-8"), date.fromisoformat(record["published"]), record


def rows_per_table() -> pd.DataFrame:
    """The current intake: proposed rows per target table, ready as they stand or needing edits, and duplicates."""
    from alibaba_ai_data.curation.check import check_proposals
    from alibaba_ai_data.curation.compare import compare_with_data
    from alibaba_ai_data.curation.proposals import propose, summary
    from alibaba_ai_data.loading import read_files

    dataset = load_dataset()
    files = read_files(ROOT / "data")
    everything = []
    for text, published, source in _articles(dataset):
        proposals = propose(extract(text, published, source["source_id"]), source, dataset)
        compare_with_data(proposals, dataset)
        check_proposals(proposals, [], files)
        everything += proposals
    return summary(everything)


def _module_at(commit: str, path: str, name: str):
    """A module of this package as it was at ``commit`` (read with git show), imported under another name."""
    code = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    folder = Path(tempfile.mkdtemp())
    file = folder / f"{name}.py"
    file.write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def rows_per_table_before(commit: str) -> pd.DataFrame:
    """The same count for the intake and curator code at ``commit``: the curator page then turned metric candidates
    into rows (named '<entity> <kind>' until the curator renamed them) and sent every other candidate to a CSV."""
    from alibaba_ai_data.curation.check import check_proposals
    from alibaba_ai_data.curation.proposals import Proposal
    from alibaba_ai_data.loading import read_files

    old_intake = _module_at(commit, "alibaba_ai_data/intake.py", "intake_before")
    old_curation = _module_at(commit, "alibaba_ai_data/curation.py", "curation_before")
    dataset = load_dataset()
    counts: dict[str, dict] = {}
    for text, published, source in _articles(dataset):
        frame = old_intake.candidates_frame(old_intake.extract(text, published, source["source_id"]))
        for table, group in frame.groupby("table"):
            entry = counts.setdefault(table, dict(table=table, proposals=0, ready=0, needs_edit=0, duplicates=0, conflicts=0))
            entry["proposals"] += len(group)
            if table != "metrics":
                entry["needs_edit"] += len(group)  # not in the table's columns: completed by hand
                continue
            named = group.assign(
                metric=group["entity"].where(group["entity"] != "", "Unnamed") + " " + group["kind"], metric_group="adoption"
            )
            rows = old_curation.metric_rows(named, source, set(dataset["metrics"]["metric_id"]))
            proposals = [Proposal("metrics", row, i, ["metric"]) for i, row in enumerate(rows)]
            check_proposals(proposals, [], read_files(ROOT / "data"))
            entry["needs_edit"] += len(proposals)  # every name is a placeholder the curator must replace
            duplicates = old_curation.flag_duplicates(named.assign(date=named["date"]), dataset["metrics"])
            entry["duplicates"] += int((duplicates != "").sum())
    return pd.DataFrame(list(counts.values()), columns=["table", "proposals", "ready", "needs_edit", "duplicates", "conflicts"])


TABLE_START, TABLE_END = "<!-- intake-rows -->", "<!-- /intake-rows -->"
# The last commit before the intake proposed rows per table (issue 24): the "before" of the comparison.
BEFORE_COMMIT = "49063b3"


def rows_markdown(after: pd.DataFrame, before: pd.DataFrame | None, commit: str) -> str:
    lines = [
        TABLE_START,
        "## Curator intake: rows per target table that validate as they stand",
        "",
        "Measured by `python -m benchmarks.intake_recall` (and `benchmarks.run`) on the four seed articles. A proposed row",
        "is ready when the same load a write runs accepts it and no cell says 'unclear'; a duplicate reproduces a row",
        "already in data/ (same series, period and value). Before: the intake and curator code at " + commit + ", where",
        "only metric candidates became rows, each with a placeholder name for the curator to replace.",
        "",
        "| when | table | proposed | ready as they stand | need edits | duplicates of data/ | conflicts |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, frame in (("before", before), ("after", after)):
        if frame is None:
            continue
        for row in frame.itertuples():
            lines.append(
                f"| {label} | {row.table} | {row.proposals} | {row.ready} | {row.needs_edit} | {row.duplicates} | {row.conflicts} |"
            )
        lines.append(
            f"| {label} | all | {frame['proposals'].sum()} | {frame['ready'].sum()} | {frame['needs_edit'].sum()} "
            f"| {frame['duplicates'].sum()} | {frame['conflicts'].sum()} |"
        )
    return "\n".join([*lines, TABLE_END]) + "\n"


def _replace_section(text: str, start: str, end: str, section: str) -> str:
    if start in text and end in text:
        return text[: text.index(start)] + section + text[text.index(end) + len(end) + 1 :]
    return text.rstrip("\n") + "\n\n" + section


START, END = "<!-- intake-recall -->", "<!-- /intake-recall -->"


def markdown(frame: pd.DataFrame) -> str:
    """The results as a Markdown section for benchmarks/RESULTS.md."""
    lines = [
        START,
        "## Curator intake: recall and precision on the four seed articles",
        "",
        "Measured by `python -m benchmarks.intake_recall` (rules in `alibaba_ai_data/curation/`). A curated row citing the",
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


def update_results(
    path: Path, frame: pd.DataFrame, rows: pd.DataFrame | None = None, before: pd.DataFrame | None = None, commit: str = ""
) -> None:
    """Put the sections into RESULTS.md, replacing earlier ones (the rows section only when it was measured)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    text = _replace_section(text, START, END, markdown(frame))
    if rows is not None:
        text = _replace_section(text, TABLE_START, TABLE_END, rows_markdown(rows, before, commit))
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.intake_recall", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--before",
        default=BEFORE_COMMIT,
        help=f"an earlier commit whose intake to measure (default {BEFORE_COMMIT}; '' for none)",
    )
    args = parser.parse_args(argv)
    frame = evaluate()
    shown = frame.assign(recall=frame["recall"].map("{:.0%}".format), precision=frame["precision"].map("{:.0%}".format))
    print(shown.to_string(index=False))
    rows = rows_per_table()
    try:
        before = rows_per_table_before(args.before) if args.before else None
    except (subprocess.CalledProcessError, OSError) as err:
        print(f"no 'before' figure: cannot read {args.before} from git ({err.__class__.__name__})", file=sys.stderr)
        before = None
    if before is not None:
        print(f"\nrows per table before ({args.before}):\n" + before.to_string(index=False))
    print("\nrows per table now:\n" + rows.to_string(index=False))
    update_results(ROOT / "benchmarks" / "RESULTS.md", frame, rows, before, args.before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
