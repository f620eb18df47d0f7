"""Every page the dashboard serves, in one place: navigation, sections, link parameters, the overview's page for
each table, the benchmark and the tests all read this registry. Adding a page is one entry here and one file in
app_pages/."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from alibaba_ai_data.filters import RELEASE_FILTERS

# Drawer keys (expanders bound to the link) and the tab rows inside a view; a page lists the ones it uses.
TABLE_DRAWER, SINCE_DRAWER, GROWTH_DRAWER = "table", "since", "cloud_growth"
# The details under a page's coverage status (dashboard/coverage_view.py): every page that charts tracked series.
GAPS_DRAWER = "gaps"
VIEW_PARAM = "view"
MEASURE_PARAM = "measure"
BOARD_PARAM = "board"
GROUP_PARAM = "group"
COMPARED_PARAM = "compared"


@dataclass(frozen=True)
class PageSpec:
    """One page: its file, sidebar title and URL path (None: the default page, at /), plus what it keeps in the
    link. ``views`` are its tabs (the first is the default and needs no parameter), ``drawers`` its expanders,
    ``params`` its own controls' link parameters, ``tables`` the tables whose rows it shows in full (in the view
    named in ``table_views``, else in its table drawer)."""

    path: str
    title: str
    url: str | None
    views: tuple[str, ...] = ()
    drawers: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    table_views: tuple[tuple[str, str], ...] = ()
    shows_releases: bool = False
    has_charts: bool = True

    @property
    def href(self) -> str:
        """The page's path on the server ('/' for the default page)."""
        return "/" + (self.url or "")

    @property
    def slug(self) -> str:
        """A short name for file names and test ids ('overview' for the default page)."""
        return self.url or "overview"


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "app_pages/overview.py",
        "Overview",
        None,
        views=("Key events", "Money to capability"),
        drawers=(TABLE_DRAWER, SINCE_DRAWER, GAPS_DRAWER),
        tables=("events",),
        shows_releases=True,
    ),
    PageSpec(
        "app_pages/timeline.py",
        "Model release timeline",
        "timeline",
        drawers=(TABLE_DRAWER, GAPS_DRAWER),
        params=("rivals", "events"),
        tables=("releases",),
        shows_releases=True,
    ),
    PageSpec(
        "app_pages/capex.py",
        "Capex and investments",
        "capex",
        views=("Pledge", "Peers", "Like for like", "Stakes", "Investments"),
        drawers=(GROWTH_DRAWER, TABLE_DRAWER, GAPS_DRAWER),
        params=("currency",),
        tables=("investments", "capex_quarters", "pledge_statements"),
        table_views=(("investments", "Investments"),),
    ),
    PageSpec(
        "app_pages/competitors.py",
        "Competitor comparisons",
        "competitors",
        views=("Capability race", "How far behind?", "Positioning", "Adoption race", "China", "Response gaps", "Tables"),
        drawers=(GAPS_DRAWER,),
        params=(MEASURE_PARAM, BOARD_PARAM, GROUP_PARAM, COMPARED_PARAM),
        tables=("competitors", "adoption", "responses", "capability", "gap_estimates"),
        table_views=(
            ("competitors", "Tables"),
            ("adoption", "Tables"),
            ("responses", "Tables"),
            ("capability", "Tables"),
            ("gap_estimates", "How far behind?"),
        ),
        shows_releases=True,
    ),
    PageSpec(
        "app_pages/metrics.py",
        "Alibaba's business",
        "metrics",
        views=("Revenue", "Share price", "All figures"),
        drawers=(GAPS_DRAWER,),
        tables=("metrics",),
        table_views=(("metrics", "All figures"),),
    ),
    PageSpec(
        "app_pages/data.py",
        "Sources and data",
        "data",
        views=("Claims", "Sources", "Browse", "Dictionary", "Cite and snapshot", "Compare"),
        drawers=(TABLE_DRAWER,),
        tables=("claims", "sources"),
        table_views=(("sources", "Sources"),),
    ),
    PageSpec("app_pages/methodology.py", "Methodology", "methodology", has_charts=False),
)
# The benchmark (benchmarks/run.py) serves its baseline page beside the real ones, in one server.
BASELINE = PageSpec("benchmarks/baseline_page.py", "Benchmark baseline", "baseline")
# Served only when the server has a curator secret (dashboard/curator.py); viewers never see it.
CURATOR = PageSpec("app_pages/curate.py", "Curate", "curate", has_charts=False)
# Every page a server may serve, whichever of them this one does (dashboard/navigation.py decides).
EVERY_PAGE: tuple[PageSpec, ...] = (*PAGES, BASELINE, CURATOR)

DRAWER_PARAMS = tuple(dict.fromkeys(d for spec in EVERY_PAGE for d in spec.drawers))
# Every parameter any page keeps in its link, so no page warns about another page's state.
LINK_PARAMS = tuple(
    dict.fromkeys(
        [
            *RELEASE_FILTERS,
            VIEW_PARAM,
            *DRAWER_PARAMS,
            *(p for spec in EVERY_PAGE for p in spec.params),
        ]
    )
)


def page_spec(path: str) -> PageSpec:
    """The registry entry of a page file (its path relative to the project, as in PageSpec.path)."""
    for spec in EVERY_PAGE:
        if spec.path == path:
            return spec
    raise KeyError(f"{path!r} is not a registered page")


def table_link(table: str, params: dict[str, str] | None = None) -> str | None:
    """The link that opens a table's rows in full: its page, with the view or drawer that holds them, plus
    ``params`` (a range, say); None for a table no page shows."""
    spec = next((s for s in PAGES if table in s.tables), None)
    if spec is None:
        return None
    view = dict(spec.table_views).get(table)
    opened = {VIEW_PARAM: view} if view else ({TABLE_DRAWER: "true"} if TABLE_DRAWER in spec.drawers else {})
    query = urlencode({**(params or {}), **opened})
    return spec.href + (f"?{query}" if query else "")


def every_view(spec: PageSpec) -> list[dict[str, str]]:
    """Link parameters that together show everything on a page: each view with every drawer open."""
    drawers = dict.fromkeys(spec.drawers, "true")
    labels = spec.views or ("",)
    return [{**drawers, **({VIEW_PARAM: label} if label and i else {})} for i, label in enumerate(labels)]
