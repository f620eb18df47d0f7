"""data/datapackage.json: generated from the schema, valid for the standard validator, which agrees with ours."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from alibaba_ai_data import DataValidationError, load_dataset
from alibaba_ai_data.datapackage import build_descriptor, descriptor_text
from alibaba_ai_data.loading import DEFAULT_DATA_DIR
from alibaba_ai_data.schema import TABLES
from tests.conftest import set_cell

frictionless = pytest.importorskip("frictionless")


def test_datapackage_json_is_what_the_schema_generates():
    on_disk = (DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8")
    assert on_disk == descriptor_text(build_descriptor()), "run `python -m alibaba_ai_data.datapackage` to regenerate it"


def test_every_table_and_column_is_described_with_types_keys_and_constraints():
    descriptor = build_descriptor()
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0" and descriptor["version"]
    assert {"name", "title", "description", "version", "created", "licenses", "sources", "contributors"} <= set(descriptor)
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == set(TABLES)
    releases = {f["name"]: f for f in resources["releases"]["schema"]["fields"]}
    assert releases["release_date"]["type"] == "date" and releases["open_weights"]["type"] == "boolean"
    assert releases["max_params_b"]["constraints"]["minimum"] == 0
    assert releases["release_id"]["constraints"] == {"required": True, "unique": True}
    assert "vision" in releases["modality"]["constraints"]["enum"]
    assert resources["releases"]["schema"]["primaryKey"] == ["release_id"]
    references = {fk["fields"] for fk in resources["releases"]["schema"]["foreignKeys"]}
    assert references == {"source_id", "date_source_id"}
    assert {fk["fields"] for fk in resources["claims"]["schema"]["foreignKeys"]} == {"source_id", "settled_by_source_id"}
    assert all(f["description"] for r in resources.values() for f in r["schema"]["fields"])


def test_the_standard_validator_passes_the_data_package():
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", str(DEFAULT_DATA_DIR / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def frictionless_errors(directory) -> list[tuple[str, str]]:
    report = frictionless.validate(str(directory / "datapackage.json"))
    return [(task.name, error.type) for task in report.tasks for error in task.errors]


# Corruptions Table Schema can express: both validators must reject them, naming the same file.
EXPRESSIBLE = [
    ("wrong type", "metrics", 2, "value", "n/a", "type-error"),
    ("missing required", "releases", 3, "model", "", "constraint-error"),
    ("unknown enum value", "events", 3, "category", "gossip", "constraint-error"),
    ("duplicate key", "claims", 5, "claim_id", "qwq_first_open_reasoning", "primary-key"),
    ("unknown source_id", "responses", 2, "source_id", "unknown_paper", "foreign-key"),
    ("below the minimum", "investments", 2, "amount_high_bn", "-1", "constraint-error"),
    ("not a date", "adoption", 1, "as_of", "2026/03/01", "type-error"),
    ("not a boolean", "releases", 2, "open_weights", "yes", "type-error"),
]


@pytest.mark.parametrize(("label", "table", "row", "column", "value", "error_type"), EXPRESSIBLE, ids=[c[0] for c in EXPRESSIBLE])
def test_both_validators_reject_what_table_schema_can_express(data_copy, label, table, row, column, value, error_type):
    assert frictionless_errors(data_copy) == []
    set_cell(data_copy, table, row, column, value)
    with pytest.raises(DataValidationError) as ours:
        load_dataset(data_copy)
    assert f"{table}.csv" in {issue.file for issue in ours.value.issues}
    theirs = frictionless_errors(data_copy)
    assert (table, error_type) in theirs, theirs


def test_cross_table_rules_only_ours_checks_are_listed_in_the_data_readme():
    readme = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "Rules only our validator checks" in readme
    for rule in ("evidence", "first day", "amount × rate", "quarter", "retrieved", "response"):
        assert rule in readme.split("Rules only our validator checks", 1)[1], rule


def test_package_json_lists_every_file_that_exists():
    descriptor = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert (DEFAULT_DATA_DIR / resource["path"]).exists()


def test_citation_file_and_licences_match_the_data_version():
    from alibaba_ai_data.datapackage import data_release

    root = DEFAULT_DATA_DIR.parent
    citation = (root / "CITATION.cff").read_text(encoding="utf-8")
    version, released = data_release()
    assert f'version: "{version}"' in citation and f'date-released: "{released}"' in citation
    assert "license: CC-BY-4.0" in citation
    assert "MIT License" in (root / "LICENSE").read_text(encoding="utf-8")
