"""Parsing link parameters: valid links are honoured, anything else falls back with a warning."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.url_params import DateRange, parse_choice, parse_date_range, shown, unknown_params

DEFAULT = DateRange(date(2020, 1, 1), date(2026, 9, 20))


def test_valid_range_is_used():
    assert parse_date_range({"start": ["2024-01-01"], "end": ["2024-12-31"]}, DEFAULT) == (
        DateRange(date(2024, 1, 1), date(2024, 12, 31)),
        [],
    )


def test_missing_end_takes_default_end():
    chosen, warnings = parse_date_range({"start": ["2025-01-20"]}, DEFAULT)
    assert chosen == DateRange(date(2025, 1, 20), DEFAULT.end) and warnings == []


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"start": ["garbage"]}, "must be a date written YYYY-MM-DD"),
        ({"start": ["2024-02-30"]}, "not a real calendar date"),
        ({"start": ["2025-01-01"], "end": ["2024-01-01"]}, "is after end"),
        ({"end": ["9999-12-31"]}, "outside the supported window"),
        ({"start": ["2024-01-01", "2025-01-01"]}, "given 2 times"),
        ({"start": ["<script>alert(1)</script>"]}, "must be a date"),
        ({"start": [""]}, "must be a date"),
    ],
)
def test_bad_links_fall_back_to_default_with_a_warning(params, fragment):
    chosen, warnings = parse_date_range(params, DEFAULT)
    assert chosen == DEFAULT
    assert any(fragment in w for w in warnings)
    assert not any(c in "".join(warnings) for c in "<>")


def test_choice_and_unknown_params():
    assert parse_choice({"currency": ["RMB"]}, "currency", ["USD", "RMB"], "USD") == ("RMB", [])
    value, warnings = parse_choice({"currency": ["**EUR**"]}, "currency", ["USD", "RMB"], "USD")
    assert value == "USD" and "EUR" in warnings[0] and "*" not in warnings[0]
    assert unknown_params({"start": ["x"], "utm_source": ["y"]}, ["start", "end"]) == [
        "ignored unknown link parameter: utm_source"
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["start", "end", "currency", "x<y>"]), st.lists(st.text(max_size=40), min_size=1, max_size=3))
)
def test_any_params_give_a_valid_range_and_safe_warnings(params):
    chosen, warnings = parse_date_range(params, DEFAULT)
    assert chosen.start <= chosen.end
    assert date(2015, 1, 1) <= chosen.start and chosen.end <= date(2030, 12, 31)
    for warning in warnings:
        assert not re.search(r"[<>\[\]`*]", warning)


@given(st.text())
def test_shown_values_are_inert(value):
    assert re.fullmatch(r"[0-9A-Za-z_.-]{1,24}|\(unreadable\)", shown(value))


def test_multi_choice_accepts_repeats_commas_and_case_and_names_bad_values():
    from dashboard.url_params import parse_multi_choice

    choices = ["Alibaba", "DeepSeek", "Meta"]
    assert parse_multi_choice({"developer": ["Alibaba", "deepseek,Meta"]}, "developer", choices) == (
        ("Alibaba", "DeepSeek", "Meta"),
        [],
    )
    kept, warnings = parse_multi_choice({"developer": ["Alibaba", "<b>Nobody</b>"]}, "developer", choices)
    assert kept == ("Alibaba",)
    assert "'developer'" in warnings[0] and "allowed: Alibaba, DeepSeek, Meta" in warnings[0] and "<" not in warnings[0]
    assert parse_multi_choice({}, "developer", choices) == ((), [])


def test_the_default_range_opens_on_the_pledge_years_and_all_dates_is_a_preset(dataset):
    from dashboard.data_access import default_range, full_range, range_presets

    everything, opening = full_range(dataset), default_range(dataset)
    assert everything == DateRange(date(2020, 1, 1), date(2026, 9, 20))
    # The commitment row's period starts on 2025-01-01: the range opens at the start of that year.
    assert opening == DateRange(date(2025, 1, 1), everything.end)
    presets = range_presets(dataset)
    assert presets["All dates"] == everything and presets["Since 2025 (default)"] == opening
    assert presets["Since DeepSeek-R1"] == DateRange(date(2025, 1, 20), everything.end)


def test_the_default_and_the_deepseek_preset_come_from_data_fields_not_ids(data_copy):
    from alibaba_ai_data import load_dataset
    from dashboard.data_access import default_range, full_range, range_presets
    from tests.conftest import read_rows, write_rows

    for path in data_copy.glob("*.csv"):  # a new id for R1 everywhere it is referenced
        path.write_text(re.sub(r"\bdeepseek_r1\b", "deepseek_reasoner_one", path.read_text(encoding="utf-8")), encoding="utf-8")
    rows = read_rows(data_copy / "investments.csv")
    pledge = next(r for r in rows if r["category"] == "commitment")
    pledge["period_start"], pledge["announced"] = "2024-03-01", "2024-03-01"
    write_rows(data_copy / "investments.csv", rows)
    moved = load_dataset(data_copy)
    assert default_range(moved).start == date(2024, 1, 1)
    assert range_presets(moved)["Since DeepSeek-R1"].start == date(2025, 1, 20)

    write_rows(data_copy / "investments.csv", [r for r in rows if r["category"] != "commitment"])
    unpledged = load_dataset(data_copy)
    assert default_range(unpledged) == full_range(unpledged)
    assert not any(name.endswith("(default)") for name in range_presets(unpledged))
