"""Validation problems that name the file, the row and the column."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class DataIssue:
    """One problem in one cell (or row, or file) of a data file.

    ``row`` is the 1-based data row (blank lines are not rows); None when the problem concerns the whole file.
    The loader adds where the row sits: ``line``, the physical line of the file it starts on (blank lines and line
    breaks inside quoted cells counted), and ``key``, the row's key as written. Both follow from file and row, so
    they take no part in comparing issues.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    line: int | None = field(default=None, compare=False)
    key: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}" + (f" (line {self.line})" if self.line is not None else ""))
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(Exception):
    """Raised when data/ does not pass validation; carries every issue found."""

    def __init__(self, issues: list[DataIssue]):
        self.issues = sorted(set(issues), key=lambda i: (i.file, i.row or 0, i.column or "", i.message))
        count = len(self.issues)
        head = "\n".join(f"  - {issue}" for issue in self.issues[:50])
        more = f"\n  ... and {count - 50} more" if count > 50 else ""
        super().__init__(f"{count} data problem{'s' if count != 1 else ''} found:\n{head}{more}")
