"""Safe writes to data/: validated first, serialised by a lock, atomic per file, with the previous version kept.

New rows are appended in the file's own column order, quoting and line endings, so a git diff shows only them.
Nothing is written unless the whole dataset, with the new rows, passes the same validation as loading.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alibaba_ai_data.errors import DataIssue, DataValidationError
from alibaba_ai_data.loading import load_files
from alibaba_ai_data.schema import TABLES

LOCK_FILE = ".write.lock"
BACKUP_DIR = ".backup"
# Sources first: a crash between files then leaves at worst an unused source, never a dangling citation.
WRITE_ORDER = ["sources", *[name for name in TABLES if name != "sources"]]


class WriteRefused(Exception):
    """The rows were not written; `issues` says why (validation problems, or a key that already exists)."""

    def __init__(self, issues: list[DataIssue]):
        self.issues = issues
        super().__init__("; ".join(str(issue) for issue in issues[:10]))


@contextmanager
def data_lock(data_dir: Path, timeout: float = 30.0):
    """An exclusive lock on data/ shared by every writer (processes and threads), released on exit."""
    handle = open(data_dir / LOCK_FILE, "a+")  # noqa: SIM115 - held for the lock's lifetime
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError("another curator is writing to data/; try again in a moment") from None
                time.sleep(0.05)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _line_ending(raw: bytes) -> str:
    return "\r\n" if b"\r\n" in raw else "\n"


def appended_text(raw: bytes, rows: list[dict]) -> bytes:
    """The file's bytes with the rows appended in its header's order, minimal quoting and its line endings."""
    text = raw.decode("utf-8")
    ending = _line_ending(raw)
    header = next(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=ending, extrasaction="raise")
    for row in rows:
        writer.writerow({name: "" if row.get(name) is None else str(row.get(name)) for name in header})
    prefix = text if text.endswith(("\n", "\r\n")) else text + ending
    return (prefix + buffer.getvalue()).encode("utf-8")


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over the original."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _backup(path: Path, stamp: str) -> None:
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    shutil.copy2(path, folder / f"{path.name}.{stamp}")


def append_rows(data_dir: Path | str, new_rows: dict[str, list[dict]]) -> dict[str, int]:
    """Append rows (by table) to data/, or raise WriteRefused and write nothing. Returns rows written per table.

    A row whose key already exists with the same content is skipped (a repeated submission); one whose key exists
    with other content is refused.
    """
    data_dir = Path(data_dir)
    unknown = [name for name in new_rows if name not in TABLES]
    if unknown:
        raise WriteRefused([DataIssue(f"{name}.csv", None, None, "no such table") for name in unknown])
    with data_lock(data_dir):
        current = {name: (data_dir / spec.file).read_bytes() for name, spec in TABLES.items()}
        planned: dict[str, list[dict]] = {}
        issues: list[DataIssue] = []
        for name, rows in new_rows.items():
            spec = TABLES[name]
            existing = {row[spec.key]: row for row in csv.DictReader(io.StringIO(current[name].decode("utf-8")))}
            keep = []
            for number, row in enumerate(rows, start=1):
                key = str(row.get(spec.key, "")).strip()
                if key in existing:
                    same = all(str(existing[key].get(c.name, "")) == str(row.get(c.name, "") or "") for c in spec.columns)
                    if not same:
                        issues.append(
                            DataIssue(
                                spec.file, None, spec.key, f"new row {number}: key '{key}' already exists with other values"
                            )
                        )
                    continue
                existing[key] = {c.name: str(row.get(c.name, "") or "") for c in spec.columns}
                keep.append(row)
            if keep:
                planned[name] = keep
        if issues:
            raise WriteRefused(issues)
        if not planned:
            return {}
        updated = {name: appended_text(current[name], rows) for name, rows in planned.items()}
        # Validate the whole dataset as it would be, in memory, before touching data/.
        try:
            load_files(current | updated)
        except DataValidationError as err:
            raise WriteRefused(err.issues) from None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        for name in WRITE_ORDER:
            if name in updated:
                path = data_dir / TABLES[name].file
                _backup(path, stamp)
                _atomic_write(path, updated[name])
        return {name: len(rows) for name, rows in planned.items()}


def patch_files(new_rows: dict[str, list[dict]], data_dir: Path | str) -> dict[str, bytes]:
    """The new rows as CSV files per table (header plus rows), for a read-only data/ or a reviewer's pull request."""
    files = {}
    for name, rows in new_rows.items():
        if not rows:
            continue
        raw = (Path(data_dir) / TABLES[name].file).read_bytes()
        header_line = raw.decode("utf-8").splitlines()[0] + _line_ending(raw)
        files[f"{name}.csv"] = appended_text(header_line.encode("utf-8"), rows)
    return files
