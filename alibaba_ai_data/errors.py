"""Validation problems that name the file, the row and the column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataIssue:
    """One problem in one cell (or row, or file) of a data file.

    ``row`` is the 1-based data row (the CSV line number minus one, as the header is line 1);
    None when the problem concerns the whole file.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
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
