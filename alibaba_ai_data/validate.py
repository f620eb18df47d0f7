"""Curator CLI: `python -m alibaba_ai_data.validate [--data-dir DIR]`.

Prints a summary of the tables when data/ is valid, or every problem found (exit code 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alibaba_ai_data.errors import DataValidationError
from alibaba_ai_data.filters import cited_source_ids
from alibaba_ai_data.loading import DEFAULT_DATA_DIR, Dataset, load_dataset


def summarise(dataset: Dataset) -> str:
    """A plain-text summary: rows and date extent per table, and sources by kind."""
    lines = [f"data version {dataset.data_version}", "", f"{'table':<12} {'rows':>5}  dates"]
    for name, frame in dataset.tables.items():
        extent = "undated"
        if name in dataset.intervals and not frame.empty:
            starts, ends = dataset.intervals[name]
            extent = f"{starts.min():%Y-%m-%d} to {ends.max():%Y-%m-%d}"
        lines.append(f"{name:<12} {len(frame):>5}  {extent}")
    kinds = dataset.sources["kind"].astype(str).value_counts()
    lines += ["", "sources: " + ", ".join(f"{count} {kind}" for kind, count in kinds.items())]
    cited = cited_source_ids(dataset.tables)
    articles = dataset.sources.loc[dataset.sources["kind"] == "article", "source_id"]
    for article in articles:
        rows = sum(
            int((frame["source_id"] == article).sum())
            for name, frame in dataset.tables.items()
            if name != "sources" and "source_id" in frame.columns
        )
        lines.append(f"  {article}: {rows} rows cite it")
    uncited = sorted(set(dataset.sources["source_id"]) - cited)
    if uncited:
        lines.append("sources cited by no row: " + ", ".join(uncited))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m alibaba_ai_data.validate", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="folder holding the CSV tables")
    args = parser.parse_args(argv)
    try:
        dataset = load_dataset(args.data_dir)
    except DataValidationError as err:
        print(f"INVALID: {args.data_dir}", file=sys.stderr)
        print(err, file=sys.stderr)
        return 1
    print(f"OK: {args.data_dir}")
    print(summarise(dataset))
    return 0


if __name__ == "__main__":
    sys.exit(main())
