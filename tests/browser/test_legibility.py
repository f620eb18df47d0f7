"""Every Plotly chart on every page and view, at the default link and at a one-year link, measured as drawn: no two
text boxes overlapping by more than a quarter of the smaller, no text past the chart's edge, no tick written to the
millisecond (the label layout step, dashboard/figures/labels.py, and the shared axis rules keep it so)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from dashboard.registry import PAGES, every_view
from tests.browser.helpers import wait_for_charts
from tests.browser.legibility import MEASURE, SETTLED, problems

LINKS = {"default": {}, "one year": {"start": "2025-01-01", "end": "2025-12-31"}}
# Views that show only tables (and so no chart to measure).
TABLE_ONLY = {
    ("competitors", "Tables"),
    ("capex", "Stakes"),
    ("capex", "Investments"),
    ("metrics", "All figures"),
    *(("data", view) for view in ("Sources", "Browse", "Dictionary", "Cite and snapshot", "Compare")),
}
VIEWS = [
    pytest.param(spec, params, id=f"{spec.slug}-{params.get('view', 'first view')}")
    for spec in PAGES
    if spec.has_charts
    for params in every_view(spec)
]


@pytest.mark.parametrize(("spec", "params"), VIEWS)
def test_every_chart_is_legible_as_drawn(page, app_url, spec, params):
    found, measured = [], 0
    charts = (spec.slug, params.get("view", "")) not in TABLE_ONLY
    for name, link in LINKS.items():
        page.goto(f"{app_url}{spec.href}?{urlencode({**link, **params})}")
        if charts:
            wait_for_charts(page, 1)
        page.wait_for_function(SETTLED, timeout=60_000)
        page.wait_for_timeout(500)
        page.wait_for_function(SETTLED, timeout=60_000)
        drawn = page.evaluate(MEASURE)
        measured += len(drawn)
        found += [f"{name} link: {line}" for line in problems(drawn)]
    assert found == []
    assert measured > 0 or not charts
