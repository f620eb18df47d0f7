"""The curator CLI: summary and exit 0 on good data, every problem and exit 1 on bad."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, set_cell


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "alibaba_ai_data.validate", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_valid_data_prints_a_summary():
    result = run_cli()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK:")
    for word in ("releases", "events", "metrics", "investments", "2020-01-01", "art_transformation", "sources:"):
        assert word in result.stdout


def test_invalid_data_lists_problems_and_exits_1(data_copy):
    set_cell(data_copy, "investments", 2, "currency", "GBP")
    set_cell(data_copy, "events", 4, "source_id", "nobody")
    result = run_cli("--data-dir", str(data_copy))
    assert result.returncode == 1
    assert "investments.csv, row 2 (line 3), column 'currency'" in result.stderr
    assert "events.csv, row 4 (line 5), column 'source_id': unknown source_id 'nobody'" in result.stderr


def test_missing_directory_is_an_error(tmp_path):
    result = run_cli("--data-dir", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "file is missing" in result.stderr
