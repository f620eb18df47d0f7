"""The curator CLI, ``python -m alibaba_ai_data.curation``: raw candidates, rows per table with each check and
match, a clear refusal of unreadable input, the write of ready rows, and the old ``intake`` name."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from tests.conftest import ROOT
from tests.curation.conftest import STORY


def run_cli(*args: str, module: str = "alibaba_ai_data.curation") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_cli_prints_raw_candidates_as_csv_and_json_with_the_documented_columns(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Alibaba will invest more than 380 billion yuan over three years, it said on Tuesday.", encoding="utf-8")
    csv_out = run_cli(str(article), "--published", "2025-02-27", "--source-id", "new_src", "--candidates")
    assert csv_out.returncode == 0, csv_out.stderr
    header = csv_out.stdout.splitlines()[0].split(",")
    assert {"table", "entity", "value", "unit", "currency", "qualifier", "date", "date_precision", "evidence"} <= set(header)
    assert {"measure", "period_start", "period_precision"} <= set(header)
    json_out = run_cli(str(article), "--published", "2025-02-27", "--format", "json", "--candidates")
    rows = json.loads(json_out.stdout)
    assert rows[0]["value"] == "380" and rows[0]["currency"] == "RMB" and rows[0]["date"] == "2025-02-25"
    assert rows[0]["measure"] == "commitment" and rows[0]["statement"] == "announced"


def test_cli_groups_rows_by_table_with_each_validation_result_and_match(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text(STORY, encoding="utf-8")
    args = ("--published", "2025-11-25", "--publisher", "Story Wire", "--url", "https://example.org/story")
    out = run_cli(str(article), *args, "--format", "json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["source"]["source_id"] == "story_wire_2025_11_25" and report["source_problems"] == []
    assert set(report["tables"]) == {"capex_quarters", "metrics", "releases"}
    (capex,) = report["tables"]["capex_quarters"]
    assert (capex["period_start"], capex["amount_bn"], capex["in_data"]) == ("2025-07-01", "31.5", "duplicate")
    assert capex["check"] == "needs edit: scope unclear"
    counts = {row["table"]: (row["proposals"], row["ready"], row["needs_edit"]) for row in report["summary"]}
    assert counts == {"capex_quarters": (1, 0, 1), "metrics": (2, 1, 1), "releases": (1, 0, 1)}
    text = run_cli(str(article), *args)
    assert text.returncode == 0, text.stderr
    assert "# capex_quarters: 1 proposed, 0 ready as they stand, 1 need edits" in text.stdout.splitlines()
    assert "# metrics: 2 proposed, 1 ready as they stand, 1 need edits" in text.stdout.splitlines()


def test_cli_refuses_unreadable_input_with_a_clear_message(tmp_path):
    missing = run_cli(str(tmp_path / "nope.txt"), "--published", "2025-01-01")
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    binary = tmp_path / "latin.txt"
    binary.write_bytes("Zürich".encode("latin-1"))
    assert run_cli(str(binary), "--published", "2025-01-01").returncode == 2
    bad_date = run_cli(str(binary), "--published", "27/02/2025")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr


def test_the_old_intake_name_runs_the_same_cli(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Alibaba will invest more than 380 billion yuan over three years.", encoding="utf-8")
    old = run_cli(str(article), "--published", "2025-02-27", "--candidates", module="alibaba_ai_data.intake")
    new = run_cli(str(article), "--published", "2025-02-27", "--candidates")
    assert old.returncode == 0 and old.stdout == new.stdout
    assert "python -m alibaba_ai_data.curation" in old.stderr


def test_write_appends_the_new_source_and_the_ready_new_rows(tmp_path, data_copy):
    article = tmp_path / "story.txt"
    article.write_text(
        "Qwen models passed 700 million downloads on Hugging Face in January 2026, the team said.", encoding="utf-8"
    )
    args = ("--published", "2026-02-10", "--publisher", "Story Wire", "--url", "https://example.org/story")
    out = run_cli(str(article), *args, "--data-dir", str(data_copy), "--write")
    assert out.returncode == 0, out.stderr
    assert "written: 1 row(s) to sources.csv, 1 row(s) to adoption.csv" in out.stderr
    added = pd.read_csv(data_copy / "adoption.csv").iloc[-1]
    assert (added["entity"], added["value"], added["source_id"]) == ("Qwen", 700000000, "story_wire_2026_02_10")
    again = run_cli(str(article), *args, "--data-dir", str(data_copy), "--write")  # now a duplicate: nothing to write
    assert again.returncode == 0 and "written: nothing" in again.stderr
