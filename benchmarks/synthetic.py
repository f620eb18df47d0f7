"""Synthetic copies of data/ at N times the curated row counts, made by resampling the real rows.

Each table keeps its original rows and gains resampled copies with suffixed keys; copies of
day-precision rows are shifted by up to half a year (inside the plausible window) so charts
spread out. Every copy still passes validation: citations resolve and money still adds up.
The coverage tables are not scaled: `series` stays as curated, and `searches` keeps only its header,
since a shifted copy may land in a period the log records as searched and not found (which the
validator rightly refuses); coverage then reports those periods as recorded or overdue.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from alibaba_ai_data import load_dataset
from alibaba_ai_data.loading import DEFAULT_DATA_DIR
from alibaba_ai_data.schema import EARLIEST_DATE, LATEST_DATE, TABLES

# Columns that make a copy a different row where the data allows one figure per value (one capex figure per company
# and quarter): the copies become synthetic companies rather than second reports of Alibaba's quarters.
DISTINCT_PER_COPY = {"capex_quarters": ("company",)}


def _read_raw(name: str) -> pd.DataFrame:
    return pd.read_csv(DEFAULT_DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


def scaled_copy(factor: int, target: Path, seed: int = 7) -> Path:
    """Write data/ scaled by `factor` into `target` and return it."""
    rng = np.random.default_rng(seed)
    target.mkdir(parents=True, exist_ok=True)
    for name, spec in TABLES.items():
        raw = _read_raw(name)
        extra = len(raw) * (factor - 1)
        if name == "searches":
            raw.iloc[0:0].to_csv(target / spec.file, index=False)
            continue
        if name in ("responses", "series") or extra <= 0:
            raw.to_csv(target / spec.file, index=False)  # pairs point at curated rows; keep them as they are
            continue
        copies = raw.iloc[rng.integers(0, len(raw), extra)].copy()
        copies[spec.key] = [f"{key}__s{i}" for i, key in enumerate(copies[spec.key])]
        for column in DISTINCT_PER_COPY.get(name, ()):
            copies[column] = [f"{value} s{i}" for i, value in enumerate(copies[column])]
        if spec.dates is not None and spec.dates.precision:
            day_rows = copies[spec.dates.precision] == "day"
            when = pd.to_datetime(copies.loc[day_rows, spec.dates.date])
            shifted = when + pd.to_timedelta(rng.integers(-180, 181, day_rows.sum()), unit="D")
            shifted = shifted.clip(EARLIEST_DATE, LATEST_DATE)
            if spec.dates.end:
                ends = pd.to_datetime(copies.loc[day_rows, spec.dates.end].replace("", None))
                shifted = shifted.where(ends.isna() | (shifted <= ends), when)
            copies.loc[day_rows, spec.dates.date] = shifted.dt.strftime("%Y-%m-%d")
            if "retrieved" in copies.columns:
                # A shifted copy cannot have been read before it was published.
                read = pd.to_datetime(copies.loc[day_rows, "retrieved"].replace("", None))
                copies.loc[day_rows, "retrieved"] = (
                    read.where(read.isna() | (read >= shifted), shifted).dt.strftime("%Y-%m-%d").fillna("")
                )
        pd.concat([raw, copies]).to_csv(target / spec.file, index=False)
    load_dataset(target)  # a synthetic copy that does not validate would measure the error path
    return target


def row_counts(directory: Path | str = DEFAULT_DATA_DIR) -> dict[str, int]:
    return {name: len(frame) for name, frame in load_dataset(directory).tables.items()}


if __name__ == "__main__":
    import sys
    import tempfile

    factor = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    out = scaled_copy(factor, Path(tempfile.mkdtemp()) / f"data_x{factor}")
    print(out, row_counts(out))
