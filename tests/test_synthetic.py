"""The benchmark's synthetic copies of data/ must validate, or the scale benchmark measures the error path."""

from __future__ import annotations

from benchmarks.synthetic import row_counts, scaled_copy


def test_a_scaled_copy_validates_and_scales_every_table_but_the_coverage_log(tmp_path):
    base = row_counts()
    scaled = row_counts(scaled_copy(3, tmp_path / "data_x3"))  # load_dataset raises if it does not validate
    for table, rows in base.items():
        if table == "searches":
            assert scaled[table] == 0  # a shifted copy may fill a period the log calls not found
        elif table in ("responses", "series"):
            assert scaled[table] == rows
        else:
            assert scaled[table] == 3 * rows, table
