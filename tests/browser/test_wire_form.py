"""The figures' wire form (dashboard/figure_wire.py) in the browser: every chart sent in it, on every page and view,
is drawn once on load, Streamlit's later Plotly.react of its copy changing nothing on the page; Plotly's draw writes
nothing into such a figure, so the copy is the same whenever it is taken; and every figure the pages make draws, in
its wire form, exactly as the figure plotly.py wrote draws."""

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
          wire: layout.datarevision !== undefined,
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
    # Streamlit hands every chart a JSON copy of its figure once it has mounted; for one in the wire form, the copy
    # must change nothing. (A figure sent as plotly.py writes it is drawn again: tests/test_figure_wire.py.)
    wire = [r for r in reacts if r["wire"]]
    redrawn = [r for r in wire if not r["first"] and not r["resized"] and r["changes"]]
    assert redrawn == [], redrawn
    if any(r["first"] for r in wire):
        assert [r for r in wire if not r["first"] and not r["resized"]], "Streamlit's second Plotly.react was not seen"


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


# Each figure drawn at one size from an object of its own, which is then compared with the figure as given: the
# titles of those Plotly wrote into as it drew.
WRITTEN_INTO = """async ([figures, width]) => {
  const written = [];
  for (const figure of figures) {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const given = JSON.parse(JSON.stringify(figure));
    given.layout.width = width;
    const before = JSON.stringify(given);
    await Plotly.newPlot(host, given.data, given.layout, {displaylogo: false});
    if (JSON.stringify(given) !== before) written.push(((figure.layout.title || {}).text || '(untitled)').slice(0, 80));
    Plotly.purge(host);
    host.remove();
  }
  return written;
}"""


# Each figure drawn at one size; the titles of those whose margins Plotly had to widen (automargin), with the sides
# and by how much: each such widening costs a second full draw of the chart.
WIDENED = """async ([figures, width]) => {
  const plotlys = {l: 80, r: 80, t: 100, b: 80};
  const widened = [];
  for (const figure of figures) {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const given = JSON.parse(JSON.stringify(figure));
    await Plotly.newPlot(host, given.data, {...given.layout, width}, {displaylogo: false});
    const size = host._fullLayout._size, margin = figure.layout.margin || {};
    const sides = ['l', 'r', 't', 'b'].filter((k) => Math.round(size[k]) > (margin[k] ?? plotlys[k]));
    if (sides.length) {
      const title = ((figure.layout.title || {}).text || '(untitled)').slice(0, 60);
      widened.push(title + ': ' + sides.map((k) => `${k} ${margin[k] ?? plotlys[k]} -> ${Math.round(size[k])}`).join(', '));
    }
    Plotly.purge(host);
    host.remove();
  }
  return widened;
}"""


def test_every_pages_figure_draws_the_same_in_its_wire_form(page, app_url, monkeypatch):
    """Each figure every view of every page makes (all dates, and one year), drawn by the app's own Plotly from the
    dict plotly.py writes and from its wire form: the two drawings are the same SVG. Every chart of markers and
    lines without linked axes goes to the browser in that form, and Plotly's draw writes nothing into any figure that
    does: Streamlit's copy of it is the same whenever it is taken. And no figure, at the width the label layout
    assumes, needs Plotly to widen a margin its margins step reserved (a second full draw)."""
    import plotly.graph_objects as go
    from plotly.io.json import to_json_plotly

    from dashboard import charts, shared_cache
    from dashboard.figure_wire import settled, wire_form
    from dashboard.figures.labels import ASSUMED_WIDTH
    from tests.test_generated_datasets import render_every_view

    made: list[go.Figure] = []
    prepare = charts.PreparedFigure.__init__

    def recording(self, fig):
        prepare(self, fig)
        made.append(self)

    # Each chart with bars whose axes the settling step set, as it was before (autoranged) and after.
    bars_settled: list[tuple[str, str]] = []
    settle = charts.settle_axes

    def settling(fig):
        before = to_json_plotly(go.Figure.to_dict(fig))
        done = settle(fig)
        if done and any(isinstance(trace, go.Bar) for trace in fig.data):
            bars_settled.append((before, to_json_plotly(go.Figure.to_dict(fig))))
        return done

    monkeypatch.setattr(charts.PreparedFigure, "__init__", recording)
    monkeypatch.setattr(charts, "settle_axes", settling)
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
    # The ranges given to bars are the ones Plotly's autorange draws: each such chart draws the same SVG as before.
    titles = {json.loads(after)["layout"]["title"]["text"] for _, after in bars_settled}
    assert len(titles) >= 6, titles  # revenue, growth, share price, claims, spending plans, peers' capex...
    bar_pairs = [[json.loads(before), json.loads(after)] for before, after in sorted(set(bars_settled))]
    assert page.evaluate(DRAW_BOTH, [bar_pairs, 900]) == []

    sent = [fig.to_dict() for fig in made]
    wire = [figure for figure in sent if "datarevision" in figure["layout"]]
    lines_and_markers = [
        figure
        for figure in sent
        if figure["data"]
        and all(trace.get("type", "scatter") == "scatter" for trace in figure["data"])
        and not any(axis.get("matches") for key, axis in figure["layout"].items() if key[1:5] == "axis")
    ]
    assert lines_and_markers and all(figure in wire for figure in lines_and_markers)
    with_bars = [figure for figure in sent if (figure["layout"].get("title") or {}).get("text") in titles]
    assert with_bars and all(figure in wire for figure in with_bars)  # charts of bars settled go in the wire form too
    assert all(settled(figure) for figure in wire)
    assert page.evaluate(WRITTEN_INTO, [wire, 900]) == []
    assert page.evaluate(WIDENED, [sent, ASSUMED_WIDTH]) == []
