"""The figures' wire form (dashboard/figure_wire.py) in the browser: every chart on every page and view is drawn
once on load, Streamlit's later Plotly.react of its copy changing nothing on the page; and every figure the pages
make draws, in its wire form, exactly as the figure plotly.py wrote draws."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from dashboard.registry import PAGES, every_view
from tests.browser.helpers import wait_for_charts
from tests.browser.legibility import SETTLED
from tests.browser.test_legibility import TABLE_ONLY

# Each Plotly.react on a chart, with the DOM changes it made: counted by a MutationObserver on the chart, from the
# call until the draw it starts has finished. A call that gives the chart another size is a real redraw.
REACTS = """(() => {
  window.__reacts = [];
  const wrap = (plotly) => {
    const react = plotly.react;
    plotly.react = function (gd, figure) {
      const before = gd._fullLayout ? [gd._fullLayout.width, gd._fullLayout.height] : null;
      const layout = (figure && figure.layout) || arguments[2] || {};
      let changes = 0;
      const watch = new MutationObserver((records) => { changes += records.length; });
      watch.observe(gd, {subtree: true, attributes: true, childList: true, characterData: true});
      const done = () => {
        changes += watch.takeRecords().length;
        watch.disconnect();
        window.__reacts.push({
          title: ((gd.layout && gd.layout.title) || {}).text || '(untitled)',
          first: before === null,
          resized: before !== null && (layout.width !== before[0] || layout.height !== before[1]),
          changes,
        });
      };
      const drawn = react.apply(this, arguments);
      if (drawn && drawn.then) drawn.then(done, done); else done();
      return drawn;
    };
  };
  // Wrapped the moment Plotly's bundle sets it, before its first draw.
  let plotly;
  Object.defineProperty(window, 'Plotly', {
    configurable: true,
    get: () => plotly,
    set: (value) => { plotly = value; if (value && value.react && !value.__watched) { value.__watched = true; wrap(value); } },
  });
})();"""

VIEWS = [
    pytest.param(spec, params, id=f"{spec.slug}-{params.get('view', 'first view')}")
    for spec in PAGES
    if spec.has_charts
    for params in every_view(spec)
    if (spec.slug, params.get("view", "")) not in TABLE_ONLY
]


@pytest.mark.parametrize(("spec", "params"), VIEWS)
def test_every_chart_is_drawn_once_on_load(context, app_url, spec, params):
    page = context.new_page()
    page.add_init_script(REACTS)
    page.goto(f"{app_url}{spec.href}?{urlencode(params)}")
    wait_for_charts(page, 1)
    page.wait_for_function(SETTLED, timeout=60_000)
    page.wait_for_timeout(500)
    reacts = page.evaluate("window.__reacts")
    page.close()
    assert [r for r in reacts if r["first"]], "no chart was drawn"
    # Streamlit hands every chart a JSON copy of its figure once it has mounted; the copy must change nothing.
    redrawn = [r for r in reacts if not r["first"] and not r["resized"] and r["changes"]]
    assert redrawn == [], redrawn
    assert [r for r in reacts if not r["first"] and not r["resized"]], "Streamlit's second Plotly.react was not seen"


# Both forms of each figure drawn in turn at one size, as static plots, each trace with the same uid; the SVG of each,
# with the plot's own random id taken out, compared.
DRAW_BOTH = """async ([figures, width]) => {
  const markup = async (figure) => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    figure.data.forEach((trace, i) => { trace.uid = 'trace' + i; });
    await Plotly.newPlot(host, figure.data, {...figure.layout, width, autosize: false}, {staticPlot: true});
    // Each element as its tag, its attributes in name order (the order they were set in differs by code path and
    // draws nothing) and its children.
    const node = (el) => {
      if (el.nodeType === 3) return el.textContent;
      const attributes = [...el.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
      return `<${el.tagName} ${attributes}>${[...el.childNodes].map(node).join('')}</${el.tagName}>`;
    };
    const svg = [...host.querySelectorAll('.main-svg')].map(node).join('');
    const text = svg.split(host._fullLayout._uid).join('UID');
    Plotly.purge(host);
    host.remove();
    return text;
  };
  const differing = [];
  for (const [written, wire] of figures) {
    const title = ((written.layout.title || {}).text || '(untitled)').slice(0, 80);
    if (await markup(written) !== await markup(wire)) differing.push(title);
  }
  return differing;
}"""


def test_every_pages_figure_draws_the_same_in_its_wire_form(page, app_url, monkeypatch):
    """Each figure every view of every page makes (all dates, and one year), drawn by the app's own Plotly from the
    dict plotly.py writes and from its wire form: the two drawings are the same SVG."""
    import plotly.graph_objects as go
    from plotly.io.json import to_json_plotly

    from dashboard import charts, shared_cache
    from dashboard.figure_wire import wire_form
    from tests.test_generated_datasets import render_every_view

    made: list[go.Figure] = []
    prepare = charts.PreparedFigure.__init__

    def recording(self, fig):
        prepare(self, fig)
        made.append(self)

    monkeypatch.setattr(charts.PreparedFigure, "__init__", recording)
    shared_cache.clear()  # every figure made anew, so each is seen
    try:
        render_every_view({"start": "2020-01-01", "end": "2026-12-31"})
        render_every_view({"start": "2025-01-01", "end": "2025-12-31"})
    finally:
        shared_cache.clear()
    written = {to_json_plotly(go.Figure.to_dict(fig)) for fig in made}
    assert len(written) >= 20, len(written)
    pairs = [(json.loads(text), wire_form(json.loads(text))) for text in sorted(written)]
    page.goto(f"{app_url}/baseline")
    wait_for_charts(page, 1)
    page.wait_for_function("() => !!window.Plotly")
    assert page.evaluate(DRAW_BOTH, [pairs, 900]) == []
