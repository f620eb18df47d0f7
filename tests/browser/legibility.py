"""What a reader can read on a chart, measured in the page: every Plotly chart's visible text boxes, as drawn."""

from __future__ import annotations

# Pairs of visible text boxes overlapping by more than a quarter of the smaller box, text drawn past the chart's
# edge, tick labels written to the millisecond, and legend entries cut by the legend's clipped box or the figure's
# edge, per chart (each chart named by its title).
MEASURE = r"""() => {
  const visible = (el) => {
    if (!el.textContent.trim()) return false;
    for (let node = el; node && node.nodeType === 1; node = node.parentNode) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
      if (node.classList && node.classList.contains('js-plotly-plot')) break;
    }
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const charts = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('.main-svg');
    if (!svg) continue;
    const frame = svg.getBoundingClientRect();
    const title = (plot.querySelector('.gtitle') || {}).textContent || '(untitled)';
    const texts = [...plot.querySelectorAll('svg text')].filter(visible).map((el) => {
      const r = el.getBoundingClientRect();
      return {text: el.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              tick: !!el.closest('.xtick, .ytick, .x2tick, .y2tick') || /tick/.test(el.parentNode.getAttribute('class') || '')};
    });
    const overlaps = [], outside = [], millis = [], clipped = [];
    // A legend entry is drawn inside the legend's box, which Plotly clips to its own size: text reaching past that
    // box (or past the figure's edge) is cut, though its box as measured still lies inside the chart.
    for (const legend of plot.querySelectorAll('.legend')) {
      const bg = legend.querySelector('.bg');
      if (!bg) continue;
      const box = bg.getBoundingClientRect();
      for (const el of legend.querySelectorAll('.traces text')) {
        if (!visible(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.right > Math.min(box.right, frame.right) + 1.5 || r.left < Math.max(box.left, frame.left) - 1.5 ||
            r.bottom > Math.min(box.bottom, frame.bottom) + 1.5 || r.top < Math.max(box.top, frame.top) - 1.5)
          clipped.push(el.textContent.trim());
      }
    }
    for (let i = 0; i < texts.length; i++) {
      const a = texts[i];
      if (a.left < frame.left - 1 || a.right > frame.right + 1 || a.top < frame.top - 1 || a.bottom > frame.bottom + 1)
        outside.push(a.text);
      if (a.tick && /\d:\d\d:\d\d\.\d|\.\d{3}\b/.test(a.text)) millis.push(a.text);
      for (let j = i + 1; j < texts.length; j++) {
        const b = texts[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w <= 0 || h <= 0) continue;
        const smaller = Math.min((a.right - a.left) * (a.bottom - a.top), (b.right - b.left) * (b.bottom - b.top));
        if (w * h > smaller / 4) overlaps.push([a.text, b.text]);
      }
    }
    charts.push({title, overlaps, outside, millis, clipped});
  }
  return charts;
}"""


def problems(charts: list[dict]) -> list[str]:
    """One line per problem found, naming its chart."""
    lines = []
    for chart in charts:
        lines += [f"{chart['title']}: {a!r} overlaps {b!r}" for a, b in chart["overlaps"]]
        lines += [f"{chart['title']}: {text!r} extends past the chart" for text in chart["outside"]]
        lines += [f"{chart['title']}: tick {text!r} is written to the millisecond" for text in chart["millis"]]
        lines += [f"{chart['title']}: legend entry {text!r} is cut by the legend's box" for text in chart["clipped"]]
    return lines


# The app has finished its run: no script running, nothing stale, and every Plotly chart drawn.
SETTLED = """() => {
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  const stale = document.querySelector('[data-stale="true"]');
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  return !running && !stale && document.querySelector('[data-testid="stSidebar"]') && plots.every(p => p.querySelector('.main-svg'));
}"""
