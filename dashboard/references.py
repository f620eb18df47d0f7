"""Keep pandas' copy-on-write bookkeeping on long-lived frames short.

Each view taken of a frame (a column, a slice) adds a weak reference to the frame's blocks' reference list, and
pandas drops the dead ones only when a list passes 500 entries. The frames the server keeps (the dataset and the
shared cache's frames) are sliced on every page run, so without pruning their lists fill with dead references: the
soak test counted ~23 more tracked objects per rerun, all of them dead weak references in these lists, bounded only
by 500 per block of every cached frame. `prune_dead_views` asks each block whether it still has references, which
makes pandas drop the dead ones; the navigation calls it after a page run, at most every PRUNE_SECONDS.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable

import pandas as pd

PRUNE_SECONDS = 5.0
_last = {"at": 0.0}
_lock = threading.Lock()


def prune_dead_views(frames: Iterable[pd.DataFrame | pd.Series]) -> int:
    """Drop the dead weak references on each block of these frames; returns the number of blocks visited. A pandas
    without this bookkeeping (no block.refs) is left alone."""
    visited = 0
    for frame in frames:
        for block in getattr(getattr(frame, "_mgr", None), "blocks", ()):
            refs = getattr(block, "refs", None)
            if refs is not None and hasattr(refs, "has_reference"):
                refs.has_reference()  # pandas clears the dead references before it answers
                visited += 1
    return visited


def long_lived_frames() -> list[pd.DataFrame | pd.Series]:
    """The dataset's tables and every frame the shared cache has served that is still alive."""
    from alibaba_ai_data import DataValidationError
    from dashboard.data_access import get_dataset
    from dashboard.shared_cache import served_frames

    frames = served_frames()
    with contextlib.suppress(DataValidationError, OSError):  # no valid dataset: only the cache's frames
        frames.extend(get_dataset().tables.values())
    return frames


def prune_now_and_then(now: float | None = None) -> bool:
    """Prune the long-lived frames if PRUNE_SECONDS have passed since the last time (any session); True if it ran."""
    now = time.monotonic() if now is None else now
    with _lock:
        if now - _last["at"] < PRUNE_SECONDS:
            return False
        _last["at"] = now
    prune_dead_views(long_lived_frames())
    return True
