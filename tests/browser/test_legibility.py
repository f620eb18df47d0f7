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


# The chart's own figure drawn again at width x height in a page-level div (the copy Plotly makes when its camera
# button saves a sized PNG), with the plotly.js that ships with the Python package.
RELAID_OUT = """async ([title, width, height]) => {
  const plot = [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
    .find((p) => (p.querySelector('.gtitle') || {}).textContent === title);
  const host = document.createElement('div');
  host.id = 'relaid-out';
  Object.assign(host.style, {width: width + 'px', height: height + 'px'});
  document.body.appendChild(host);
  const layout = {...JSON.parse(JSON.stringify(plot.layout)), width, height, autosize: false};
  await Plotly.newPlot(host, JSON.parse(JSON.stringify(plot.data)), layout, {staticPlot: true});
  return plot._context.toImageButtonOptions;
}"""
JOINED = "From money to models to adoption to capability"


@pytest.mark.parametrize("link", list(LINKS.values()), ids=list(LINKS))
def test_the_joined_chart_saves_a_legible_16_9_slide(page, app_url, link, screenshot_dir):
    import struct
    from pathlib import Path

    import plotly

    page.goto(f"{app_url}/?{urlencode({**link, 'view': 'Money to capability'})}")
    wait_for_charts(page, 1)
    page.wait_for_function(SETTLED, timeout=60_000)
    chart = page.locator('[data-testid="stMain"] .js-plotly-plot', has=page.locator(".gtitle", has_text=JOINED))
    chart.hover()
    with page.expect_download() as saved:
        chart.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    png = Path(saved.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1600, 900)  # 16:9
    assert saved.value.suggested_filename.startswith("alibaba-ai_money-models-adoption-capability_")
    page.add_script_tag(path=str(Path(plotly.__file__).parent / "package_data" / "plotly.min.js"))
    options = page.evaluate(RELAID_OUT, [JOINED, 1600, 900])
    assert (options["width"], options["height"]) == (1600, 900)
    page.wait_for_timeout(500)
    slide = [chart for chart in page.evaluate(MEASURE) if chart["title"] == JOINED][-1]  # the relaid-out copy
    page.locator("#relaid-out").screenshot(path=screenshot_dir / f"joined-slide-{'-'.join(link.values()) or 'default'}.png")
    assert problems([slide]) == []
