"""The curator's command line: one article in, rows per table out, each checked as it stands and compared with data/.

python -m alibaba_ai_data.curation ARTICLE.txt --published YYYY-MM-DD [--publisher P --url U] [--format csv|json]
python -m alibaba_ai_data.curation ARTICLE.txt --published YYYY-MM-DD --candidates   # the raw candidates
python -m alibaba_ai_data.curation ARTICLE.txt --published YYYY-MM-DD --write        # append the ready, new rows
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from alibaba_ai_data.curation.check import check_proposals
from alibaba_ai_data.curation.compare import compare_with_data
from alibaba_ai_data.curation.extract import candidates_frame, extract
from alibaba_ai_data.curation.proposals import TARGETS, Proposal, proposals_frame, propose, summary
from alibaba_ai_data.curation.text import slug, source_row
from alibaba_ai_data.curation.write import write_ready
from alibaba_ai_data.errors import DataValidationError
from alibaba_ai_data.loading import DEFAULT_DATA_DIR, load_files, read_files
from alibaba_ai_data.writes import WriteRefused

PROG = "python -m alibaba_ai_data.curation"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Propose rows from an article, grouped by the table each feeds, each validated as it stands and "
        "compared with data/ (duplicate or conflict). With --candidates, print the raw candidates instead.",
    )
    parser.add_argument("article", help="path to the article's text (UTF-8)")
    parser.add_argument("--published", required=True, help="publication date, YYYY-MM-DD")
    parser.add_argument("--source-id", default="", help="source_id for every row (an existing source, or the new one's)")
    parser.add_argument("--kind", default="news", choices=["news", "company", "primary", "article"], help="kind of new source")
    parser.add_argument("--title", default="", help="title of the new source (default: the file's name)")
    parser.add_argument("--publisher", default="", help="publisher of the new source")
    parser.add_argument("--url", default="", help="https:// address of the new source")
    parser.add_argument("--data-dir", default="", help="data/ to compare and validate against (default: the package's)")
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--candidates", action="store_true", help="print the raw candidates, not rows per table")
    parser.add_argument(
        "--write", action="store_true", help="append the new source and the rows ready as they stand and new to data/"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        published = date.fromisoformat(args.published)
    except ValueError:
        print(f"error: --published must be a date written YYYY-MM-DD, got {args.published!r}", file=sys.stderr)
        return 2
    try:
        text = Path(args.article).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(f"error: cannot read {args.article}: {err.__class__.__name__}: {err}", file=sys.stderr)
        return 2
    candidates = extract(text, published, args.source_id)
    if args.candidates:
        frame = candidates_frame(candidates)
        if args.format == "json":
            print(json.dumps(frame.to_dict("records"), indent=2, ensure_ascii=False))
        else:
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False)
            sys.stdout.write(buffer.getvalue())
        print(f"{len(frame)} candidates", file=sys.stderr)
        return 0
    data_dir = Path(args.data_dir) if args.data_dir else DEFAULT_DATA_DIR
    try:
        files = read_files(data_dir)
        dataset = load_files(files)
    except (DataValidationError, OSError) as err:
        print(f"error: {data_dir} does not load, so nothing can be compared with it: {err}", file=sys.stderr)
        return 2
    source, new_sources = _source(args, published, dataset.source_records)
    for c in candidates:
        c.source_id = source["source_id"]
    proposals = propose(candidates, source, dataset)
    compare_with_data(proposals, dataset)
    problems = check_proposals(proposals, new_sources, files)
    for problem in problems:
        print(f"source row: {problem}", file=sys.stderr)
    _print(args, proposals, source, new_sources, problems)
    print(summary(proposals).to_string(index=False), file=sys.stderr)
    return _write(data_dir, proposals, new_sources) if args.write else 0


def _source(args: argparse.Namespace, published: date, known: dict[str, dict]) -> tuple[dict, list[dict]]:
    """The rows' source (a recorded one, or a new row from the arguments) and the new source rows to add."""
    source_id = args.source_id or slug(f"{args.publisher or 'source'}_{published:%Y_%m_%d}")
    if source_id in known:
        source = dict(known[source_id], source_id=source_id)
        source["published"] = f"{pd.Timestamp(source['published']):%Y-%m-%d}"
        return source, []
    source = source_row(
        args.title or Path(args.article).stem,
        args.publisher,
        args.url,
        f"{published:%Y-%m-%d}",
        "day",
        args.kind,
        source_id,
        f"{date.today():%Y-%m-%d}",
    )
    return source, [source]


def _print(args: argparse.Namespace, proposals: list[Proposal], source: dict, new_sources: list, problems: list) -> None:
    if args.format == "json":
        out = {
            "source": source if new_sources else {"source_id": source["source_id"], "existing": True},
            "source_problems": problems,
            "summary": summary(proposals).to_dict("records"),
            "tables": {
                t: proposals_frame(proposals, t).to_dict("records") for t in TARGETS if any(p.table == t for p in proposals)
            },
        }
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
        return
    for table in TARGETS:
        frame = proposals_frame(proposals, table)
        if frame.empty:
            continue
        ready = int((frame["check"] == "ready").sum())
        sys.stdout.write(f"# {table}: {len(frame)} proposed, {ready} ready as they stand, {len(frame) - ready} need edits\n")
        buffer = io.StringIO()
        frame.drop(columns="accept").to_csv(buffer, index=False)
        sys.stdout.write(buffer.getvalue() + "\n")


def _write(data_dir: Path, proposals: list[Proposal], new_sources: list[dict]) -> int:
    try:
        written = write_ready(data_dir, proposals, new_sources)
    except (WriteRefused, TimeoutError) as err:
        print(f"error: nothing was written: {err}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} row(s) to {t}.csv" for t, n in written.items())
    print(f"written: {counts}" if written else "written: nothing (no row is ready as it stands and new)", file=sys.stderr)
    return 0
