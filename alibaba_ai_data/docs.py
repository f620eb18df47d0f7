"""The data dictionary section of data/README.md, generated from the schema so the two cannot drift.

Run ``python -m alibaba_ai_data.docs`` after changing the schema to rewrite that section in place.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alibaba_ai_data.loading import DEFAULT_DATA_DIR
from alibaba_ai_data.schema import TABLES, TableSpec, data_dictionary

TABLES_HEADING = "## Tables"
TABLES_FOOTER = (
    "`sources.csv` is dated by `published`, but date filters narrow it to the sources cited by the rows in range, "
    "so a citation never dangles."
)


def _dating(spec: TableSpec) -> str:
    if spec.dates is None:
        return "Undated: date filters keep it whole."
    text = f"Dated by `{spec.dates.date}`"
    if spec.dates.precision:
        text += f" (precision `{spec.dates.precision}`)"
    if spec.dates.end:
        text += f", spanning to `{spec.dates.end}`"
    return text + "."


def tables_markdown() -> str:
    """The '## Tables' section: one heading, summary and column table per data file."""
    dictionary = data_dictionary()
    parts = [TABLES_HEADING, ""]
    for spec in TABLES.values():
        parts += [f"### `{spec.file}`", "", f"{spec.description} Key: `{spec.key}`. {_dating(spec)}", ""]
        parts += ["| column | type | required | allowed values / minimum | meaning |", "|---|---|---|---|---|"]
        for row in dictionary[dictionary["table"] == spec.name].itertuples():
            limits = row.allowed_values or ("" if row.minimum is None or row.minimum != row.minimum else f">= {row.minimum:g}")
            parts.append(f"| `{row.column}` | {row.type} | {'yes' if row.required else 'no'} | {limits} | {row.description} |")
        parts.append("")
    parts.append(TABLES_FOOTER)
    return "\n".join(parts) + "\n"


def readme_with_tables(readme: str) -> str:
    """The README text with its '## Tables' section (to the end of the file) replaced by the generated one."""
    head, _, _ = readme.partition(TABLES_HEADING)
    return head + tables_markdown()


def main(argv: list[str] | None = None) -> int:
    path = Path(argv[0]) if argv else DEFAULT_DATA_DIR / "README.md"
    text = path.read_text(encoding="utf-8")
    updated = readme_with_tables(text)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        print(f"updated {path}")
    else:
        print(f"{path} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
