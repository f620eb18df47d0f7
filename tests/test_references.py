"""Long-lived frames do not collect dead weak references: pandas' copy-on-write list is pruned."""

import pandas as pd

from dashboard import references, shared_cache
from dashboard.references import prune_dead_views, prune_now_and_then
from dashboard.shared_cache import cached, served_frames


def tables(n: int) -> dict[str, pd.DataFrame]:
    return {"releases": pd.DataFrame({"a": range(n), "b": [0.5] * n})}


def reference_count(frame: pd.DataFrame) -> int:
    return sum(len(block.refs.referenced_blocks) for block in frame._mgr.blocks)


def test_views_of_a_long_lived_frame_leave_no_dead_references_after_pruning():
    frame = pd.DataFrame({"a": range(10), "b": [1.0] * 10})
    for _ in range(300):
        frame["a"].sum()  # a view each time, dropped at once: pandas keeps a dead weak reference to it
    assert reference_count(frame) > 300
    kept = frame["b"]
    assert prune_dead_views([frame]) == len(frame._mgr.blocks)
    assert reference_count(frame) == len(frame._mgr.blocks) + 1  # each block itself, and the live view
    assert kept.sum() == 10.0


def test_frames_inside_a_served_dict_are_known_to_the_cache_and_keyed_by_it():
    shared_cache.clear()
    served = cached(tables, 3)
    assert any(frame is served["releases"] for frame in served_frames())
    assert shared_cache.cache_key(served["releases"])[1] == "served"
    assert shared_cache.cache_key(tables(3)["releases"])[1] != "served"
    shared_cache.clear()


def test_pruning_runs_at_most_every_few_seconds(monkeypatch):
    monkeypatch.setattr(references, "_last", {"at": 0.0})
    monkeypatch.setattr(references, "long_lived_frames", list)
    assert prune_now_and_then(now=100.0)
    assert not prune_now_and_then(now=100.0 + references.PRUNE_SECONDS / 2)
    assert prune_now_and_then(now=100.0 + references.PRUNE_SECONDS)
