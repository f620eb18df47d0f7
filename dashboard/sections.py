"""What a page computes only when asked: its views (tabs) and its drawers (expanders).

A page's first paint carries its headline chart; the other views and the tables sit in tabs and expanders
whose content is computed and sent to the browser only when opened (Streamlit runs a tracked tab or
expander's body only while it is open). Both live in the link, so a shared link opens the same view
(``?view=Peers``) and the same drawers (``?table=true``); a bad value falls back to the default.
Each page's views and drawers are listed in its registry entry (dashboard/registry.py).
Measured effect: benchmarks/RESULTS.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.registry import VIEW_PARAM, PageSpec


def linked_tabs(labels: Sequence[str], key: str) -> dict[str, st.delta_generator.DeltaGenerator | None]:
    """Tabs bound to a link parameter, by label: the open one's container, None for the others (not run)."""
    tabs = st.tabs(list(labels), key=key, bind="query-params")
    return {label: tab if tab.open else None for label, tab in zip(labels, tabs)}


def views(spec: PageSpec) -> dict[str, st.delta_generator.DeltaGenerator | None]:
    """The page's views (its registry entry's tabs) by label; only the open one has a container."""
    return linked_tabs(spec.views, VIEW_PARAM)


def drawer(spec: PageSpec, label: str, key: str) -> st.delta_generator.DeltaGenerator | None:
    """An expander whose content runs only while it is open (None when closed); its state is in the link.

    The label must not change between runs (Streamlit would take it for a new expander and close it).
    """
    if key not in spec.drawers:
        raise ValueError(f"drawer key {key!r} is not listed in the registry entry of {spec.path}")
    box = st.expander(label, key=key, bind="query-params")
    return box if box.open else None
