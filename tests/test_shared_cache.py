"""The one shared cache: its key is the builder and every input, so two builders never share an entry, a change in any
input is a new entry, and an input the key cannot see is refused instead of silently shared."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from alibaba_ai_data import Dataset
from dashboard import shared_cache
from dashboard.shared_cache import MAX_ENTRIES, cache_key, cached
from dashboard.url_params import DateRange

SPAN = DateRange(date(2025, 1, 1), date(2025, 12, 31))
SOME_ROWS = pd.DataFrame({"a": [1, 2]})  # a global holding data: a builder must not read it


@pytest.fixture(autouse=True)
def _empty_cache():
    shared_cache.clear()
    yield
    shared_cache.clear()


def described(dataset: Dataset, span: DateRange, currency: str = "USD", rows: pd.DataFrame | None = None) -> tuple:
    """What the builder was given (a fresh tuple each build: ``is`` tells a shared entry from a new one)."""
    return (dataset.data_version, span, currency, None if rows is None else len(rows), object())


def described_too(dataset: Dataset, span: DateRange, currency: str = "USD", rows: pd.DataFrame | None = None) -> tuple:
    return (dataset.data_version, span, currency, None if rows is None else len(rows), object())


def reads_a_global_frame(dataset: Dataset) -> int:
    return len(SOME_ROWS)


def a_dataset(version: str) -> Dataset:
    return Dataset(tables={}, data_version=version)


def test_two_builders_never_share_an_entry():
    first = cached(described, a_dataset("v1"), SPAN)
    second = cached(described_too, a_dataset("v1"), SPAN)
    assert first[:4] == second[:4] and first is not second
    assert cached(described, a_dataset("v1"), SPAN) is first and cached(described_too, a_dataset("v1"), SPAN) is second


def test_builders_of_one_name_in_two_page_scripts_do_not_share():
    """Page scripts all run as __main__: the file tells their builders apart."""
    made = {}
    for path in ("app_pages/one.py", "app_pages/two.py"):
        scope = {"__name__": "__main__"}
        exec(compile("def figure(ctx):\n    return [ctx]\n", path, "exec"), scope)
        made[path] = cached(scope["figure"], "same input")
    assert made["app_pages/one.py"] is not made["app_pages/two.py"]


@pytest.mark.parametrize(
    "change",
    [
        {"dataset": a_dataset("v2")},
        {"span": DateRange(date(2025, 1, 1), date(2025, 6, 30))},
        {"currency": "RMB"},
        {"rows": pd.DataFrame({"a": [1, 2, 3]})},
    ],
    ids=["data version", "range", "option", "frame content"],
)
def test_a_change_in_any_input_is_a_new_entry_and_the_same_inputs_share_one(change):
    inputs = {"dataset": a_dataset("v1"), "span": SPAN, "currency": "USD", "rows": pd.DataFrame({"a": [1, 2]})}
    before = cached(described, **inputs)
    assert cached(described, **{**inputs, "rows": pd.DataFrame({"a": [1, 2]})}) is before  # equal content: shared
    after = cached(described, **{**inputs, **change})
    assert after is not before
    assert cached(described, **{**inputs, **change}) is after


def test_defaults_and_keywords_key_like_the_same_call_written_out():
    shared = cached(described, a_dataset("v1"), SPAN)
    assert cached(described, a_dataset("v1"), span=SPAN, currency="USD") is shared
    assert cached(described, dataset=a_dataset("v1"), span=SPAN, currency="USD", rows=None) is shared


def test_every_field_of_the_page_context_is_part_of_its_key(dataset):
    """The context stands for everything a page derives from: its data version, range, default range, release
    filters, page and coverage day. The overview chart once left the coverage day out of its key."""
    from dashboard.page import default_context

    ctx = default_context("app_pages/overview.py", dataset)
    others = {
        "spec": dataclasses.replace(ctx.spec, title="Another"),
        "dataset": a_dataset("another version"),
        "span": SPAN,
        "default": SPAN,
        "release_filters": {**ctx.release_filters, "developer": ("Alibaba",)},
        "coverage_today": ctx.coverage_today + pd.Timedelta(days=1),
    }
    assert set(others) == {field.name for field in dataclasses.fields(ctx)}
    for name, value in others.items():
        assert cache_key(dataclasses.replace(ctx, **{name: value})) != cache_key(ctx), name


def test_the_overview_chart_is_rebuilt_when_the_coverage_day_changes(dataset):
    from dashboard.overview_charts import joined_chart
    from dashboard.page import default_context

    ctx = default_context("app_pages/overview.py", dataset)
    spec = joined_chart(ctx)
    today = ctx.prepared_chart(spec["build"], caveat=spec["caveat"])
    assert ctx.prepared_chart(spec["build"], caveat=spec["caveat"]) is today
    tomorrow = dataclasses.replace(ctx, coverage_today=ctx.coverage_today + pd.Timedelta(days=120))
    assert tomorrow.prepared_chart(spec["build"], caveat=spec["caveat"]) is not today


def test_inputs_the_key_cannot_see_are_refused():
    def nested(dataset: Dataset) -> int:
        return 1

    with pytest.raises(TypeError, match="lambda, a nested function or a closure"):
        cached(lambda dataset: 1, a_dataset("v1"))
    with pytest.raises(TypeError, match="lambda, a nested function or a closure"):
        cached(nested, a_dataset("v1"))
    with pytest.raises(TypeError, match="reads the global 'SOME_ROWS'"):
        cached(reads_a_global_frame, a_dataset("v1"))
    with pytest.raises(TypeError, match="cannot be part of a cache key"):
        cached(described, a_dataset("v1"), SPAN, currency=object())


def test_the_cache_holds_a_bounded_number_of_entries():
    first = cached(described, a_dataset("v0"), SPAN)
    for i in range(1, MAX_ENTRIES + 1):
        cached(described, a_dataset(f"v{i}"), SPAN)
    assert cached(described, a_dataset("v0"), SPAN) is not first  # the oldest entry made room


def rows_of(n: int) -> pd.DataFrame:
    return pd.DataFrame({"a": range(n)})


def total(frame: pd.DataFrame) -> object:
    return (int(frame["a"].sum()), object())


def test_a_frame_the_cache_served_is_keyed_by_its_key_not_hashed_again(monkeypatch):
    served = cached(rows_of, 3)
    first = cached(total, served)
    hashed = []
    real = shared_cache._content_digest
    monkeypatch.setattr(shared_cache, "_content_digest", lambda frame: hashed.append(len(frame)) or real(frame))
    assert cached(total, cached(rows_of, 3)) is first  # the same served frame: same entry, no hashing
    assert hashed == []
    fresh = rows_of(3)  # equal content made elsewhere: hashed, a key of its own
    assert cached(total, fresh)[0] == 3 and hashed == [3]
    assert cache_key(fresh) != cache_key(served)


def test_a_reused_identity_whose_served_frame_has_died_is_hashed():
    other = rows_of(5)
    shared_cache._SERVED[id(other)] = (lambda: None, "stale")  # the entry of a dead frame that had this id
    assert cache_key(other) == ("DataFrame", shared_cache._content_digest(other))
