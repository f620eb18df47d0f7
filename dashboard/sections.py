"""What a page computes only when asked: its views (tabs) and its drawers (expanders).

A page's first paint carries its headline chart; the other views and the tables sit in tabs and expanders
whose content is computed and sent to the browser only when opened (Streamlit runs a tracked tab or
expander's body only while it is open). Both live in the link, so a shared link opens the same view
(``?view=Peers``) and the same drawers (``?table=true``); a bad value falls back to the default.
Measured effect: benchmarks/RESULTS.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

VIEW_PARAM = "view"
# Every drawer key any page uses, so no page calls another's parameter unknown.
DRAWER_PARAMS = ("table", "since")
# Tabs inside a view (the adoption race's measures).
SUBVIEW_PARAMS = ("measure",)
SECTION_PARAMS = (VIEW_PARAM, *SUBVIEW_PARAMS, *DRAWER_PARAMS)

# The views of each page with more than one; the first is the default and needs no parameter.
PAGE_VIEWS: dict[str, tuple[str, ...]] = {
    "pages/capex.py": ("Pledge", "Peers", "Like for like", "Stakes", "Investments"),
    "pages/competitors.py": ("Positioning", "Adoption race", "China", "Response gaps", "Tables"),
    "pages/metrics.py": ("Observations", "Adoption", "Stock and cloud"),
    "pages/data.py": ("Claims", "Sources", "Browse", "Dictionary", "Cite and snapshot", "Compare"),
}
# The drawers on each page (all of them open in a link that sets these parameters to "true").
PAGE_DRAWERS: dict[str, tuple[str, ...]] = {
    "pages/overview.py": ("table", "since"),
    "pages/timeline.py": ("table",),
    "pages/capex.py": ("table",),
    "pages/metrics.py": ("table",),
    "pages/data.py": ("table",),
}


def views(page: str) -> dict[str, st.delta_generator.DeltaGenerator | None]:
    """The page's tabs by label: the open one's container, None for the others (their content is not run)."""
    labels = PAGE_VIEWS[page]
    tabs = st.tabs(list(labels), key=VIEW_PARAM, bind="query-params")
    return {label: tab if tab.open else None for label, tab in zip(labels, tabs)}


def drawer(label: str, key: str) -> st.delta_generator.DeltaGenerator | None:
    """An expander whose content runs only while it is open (None when closed); its state is in the link.

    The label must not change between runs (Streamlit would take it for a new expander and close it).
    """
    if key not in DRAWER_PARAMS:
        raise ValueError(f"drawer key {key!r} is not listed in DRAWER_PARAMS")
    box = st.expander(label, key=key, bind="query-params")
    return box if box.open else None


def every_view(page: str) -> list[dict[str, str]]:
    """Link parameters that together show everything on a page: each view with every drawer open."""
    drawers = dict.fromkeys(PAGE_DRAWERS.get(page, ()), "true")
    labels: Sequence[str] = PAGE_VIEWS.get(page, ("",))
    return [{**drawers, **({VIEW_PARAM: label} if label and i else {})} for i, label in enumerate(labels)]
