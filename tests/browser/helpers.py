"""What an analyst does in the browser, as small functions the tests share."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

# The page's own charts: the sidebar's range navigator is a chart too, drawn on every page.
MAIN_CHARTS = '[data-testid="stMain"] .js-plotly-plot'

CHARTS_DRAWN = """(expected) => {
  const plotly = [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].filter(p => p.querySelector('.main-svg') && p.data);
  const vega = [...document.querySelectorAll('.vega-embed')].filter(v => v.querySelector('canvas, svg'));
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  const stale = document.querySelector('[data-stale="true"]');
  return !running && !stale && plotly.length + vega.length >= expected;
}"""

PLOTTED_DATES = """() => {
  const dates = [];
  for (const plot of document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')) {
    for (const trace of plot.data || []) {
      if (!trace.customdata || !trace.x) continue;
      for (const x of Array.from(trace.x)) if (typeof x === 'string' && /^\\d{4}-\\d{2}-\\d{2}/.test(x)) dates.push(x.slice(0, 10));
    }
  }
  return dates;
}"""


# Every socket the page opens (Streamlit's client reconnects on its own), with when it opened, how many messages it
# has carried and when the last one came (performance.now() milliseconds).
SOCKETS = """(() => {
  const w = window.__ws = {sockets: []};
  const Socket = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Socket(...args);
    const entry = {opened: performance.now(), messages: 0, last: 0};
    w.sockets.push(entry);
    socket.addEventListener('message', () => { entry.messages++; entry.last = performance.now(); });
    return socket;
  };
  window.WebSocket.prototype = Socket.prototype;
  Object.assign(window.WebSocket, Socket);
})();"""

# Drawn again over a new socket: the page's newest socket (not its first) has carried messages and then none for
# `quiet` ms, and no run is in progress. Judged by the old socket instead, a page still showing the dead replica's
# elements passed for redrawn before the new replica's run had even registered the page's download (CI,
# 2026-12-07: the download then came back 404 from the new replica).
REDRAWN = """(quiet) => {
  const sockets = window.__ws.sockets, newest = sockets[sockets.length - 1];
  const busy = document.querySelector('[data-testid="stStatusWidget"]') || document.querySelector('[data-stale="true"]');
  const charts = [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].filter(p => p.querySelector('.main-svg') && p.data);
  return sockets.length > 1 && newest.messages > 0 && performance.now() - newest.last > quiet && !busy && charts.length > 0;
}"""


def wait_redrawn(page, since: float, quiet: int = 1000, timeout: float = 10_000) -> float:
    """Wait until a reconnected page is drawn again (REDRAWN); seconds from `since` (the page's performance.now(),
    taken before the fault) to the last message of that redraw, so the quiet wait is not counted."""
    page.wait_for_function(REDRAWN, arg=quiet, timeout=timeout, polling=100)
    last = page.evaluate("() => window.__ws.sockets[window.__ws.sockets.length - 1].last")
    return (last - since) / 1000


def serving_replica(page) -> int:
    """The port of the replica that serves this reader (the proxy names it; the reader's cookie keeps it)."""
    address = page.evaluate("fetch('/_stcore/health').then(r => r.headers.get('X-Replica'))")
    return int(address.rsplit(":", 1)[1])


def wait_for_charts(page, expected: int = 1, timeout: float = 60_000) -> None:
    """Wait until at least `expected` Plotly or Vega charts are drawn and no script run is in progress."""
    page.wait_for_selector('[data-testid="stSidebar"]', timeout=timeout)
    page.wait_for_function(CHARTS_DRAWN, arg=expected, timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_function(CHARTS_DRAWN, arg=expected, timeout=timeout)


def open_path(page, base_url: str, path: str, expected_charts: int = 1) -> None:
    page.goto(f"{base_url}/{path}")
    wait_for_charts(page, expected_charts)


def range_in_url(page) -> tuple[str | None, str | None]:
    query = parse_qs(urlparse(page.url).query)
    return (query.get("start", [None])[0], query.get("end", [None])[0])


def plotted_dates(page) -> list[str]:
    return page.evaluate(PLOTTED_DATES)


def choose_preset(page, name: str) -> None:
    """Pick a preset in the sidebar's date-range selectbox."""
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=name, exact=True).click()


def exceptions(page) -> int:
    return page.locator('[data-testid="stException"]').count()
