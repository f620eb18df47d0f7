"""Real-browser tests: headless Chromium against the app started as README says."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from alibaba_ai_data import filter_table, load_dataset
from dashboard.page_shell import base_url_script, inject
from dashboard.registry import table_link
from tests.browser.helpers import MAIN_CHARTS, choose_preset, exceptions, open_path, plotted_dates, range_in_url, wait_for_charts
from tests.conftest import FIXTURE_DATA_DIR

# Charts in each page's first view (the other views and the drawers run only when opened).
PAGES = {"": 1, "timeline": 1, "capex": 1, "competitors": 1, "metrics": 1, "data": 1}
# The default range (from the pledge's first year to the newest date) stays out of the link.
DEFAULT = (None, None)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(FIXTURE_DATA_DIR)


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_draws_its_charts(page, app_url, screenshot_dir, path):
    open_path(page, app_url, path, PAGES[path])
    assert exceptions(page) == 0
    assert page.locator(".js-plotly-plot, .vega-embed").count() >= PAGES[path]
    assert page.get_by_text("Sources:").first.is_visible() or page.get_by_text("Source:").first.is_visible()
    assert range_in_url(page) == DEFAULT
    # No code block on a page's first screen: Streamlit draws one with a 1.5 MB highlighter whose languages take
    # ~0.2 s of the browser's time to set up on every page load. The link's block waits in its popover.
    assert page.locator('[data-testid="stCode"]').count() == 0
    page.screenshot(path=screenshot_dir / f"{path or 'overview'}.png", full_page=True)
    assert page.watch.errors == []


# Each Plotly.react call per chart, with the layout keys that changed since the chart's previous call.
PLOTLY_CALLS = """(() => {
  const calls = window.__plotlyCalls = [];
  const layouts = new Map();
  let plotly;
  Object.defineProperty(window, 'Plotly', {configurable: true, get: () => plotly, set(value) {
    plotly = value;
    const react = value.react;
    value.react = function (gd, figure, ...rest) {
      const layout = (figure && figure.layout) || {};
      const before = layouts.get(gd);
      const changed = before ? Object.keys({...before, ...layout}).filter(k => JSON.stringify(before[k]) !== JSON.stringify(layout[k])) : null;
      layouts.set(gd, JSON.parse(JSON.stringify(layout)));
      calls.push({sidebar: !!gd.closest('[data-testid="stSidebar"]'), changed});
      const result = react.call(this, gd, figure, ...rest);
      // Plotly writes what it computed (autoranges) back into the layout it was given: compare with that.
      const settled = () => layouts.set(gd, JSON.parse(JSON.stringify(gd.layout)));
      if (result && result.then) result.then(settled, settled); else settled();
      return result;
    };
  }});
})();"""


@pytest.mark.parametrize("path", ["timeline", "capex", ""])
def test_a_page_at_its_own_path_connects_to_the_servers_root_first(page, app_url, path):
    """Without being told, Streamlit's frontend asks <page>/_stcore/health first, waits out a retry on the 404 and
    only then asks the root (dashboard/page_shell.py); told by the page, it asks the root at once."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlparse(request.url).path) if "/_stcore/" in request.url else None)
    open_path(page, app_url, path, PAGES[path])
    assert page.evaluate("window.__streamlit.BACKEND_BASE_URL") == app_url + "/"
    assert sorted(asked[:2]) == ["/_stcore/health", "/_stcore/host-config"], asked
    if path:
        assert not any(address.startswith(f"/{path}/") for address in asked), asked
    assert page.watch.errors == []


@pytest.mark.parametrize(
    ("path", "base"),
    [
        ("/timeline", "/"),
        ("/timeline/", "/"),
        ("/", "/"),
        ("/tracker/capex", "/tracker/"),  # behind a proxy that serves the app under a prefix
        ("/tracker", "/tracker/"),  # the prefix's own default page
        ("/not-a-page", "/not-a-page/"),  # unknown: left to the frontend's own guess, as before
    ],
)
def test_the_page_script_finds_the_servers_root_from_the_location(page, path, base):
    """The script page_shell adds, run by the browser at various locations (served here by the test itself)."""
    origin = "http://tracker.test"
    html = inject(b"<html><head></head><body></body></html>", base_url_script(["timeline", "capex"]))
    page.route(f"{origin}/**", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(origin + path)
    assert page.evaluate("window.__streamlit.BACKEND_BASE_URL") == origin + base


def test_charts_are_drawn_again_only_for_their_width(page, app_url):
    """Streamlit draws a chart before it knows its width, then again at that width. A chart that reports selections
    would get a third kind of change (click, hover and drag modes set in the browser, a second full draw with the
    width); the figures carry those modes already (dashboard/charts.py selection_modes), so only the size changes."""
    page.add_init_script(PLOTLY_CALLS)
    open_path(page, app_url, "", PAGES[""])
    page.wait_for_timeout(500)
    calls = page.evaluate("window.__plotlyCalls")
    assert sum(call["sidebar"] for call in calls) >= 1 and sum(not call["sidebar"] for call in calls) >= PAGES[""]
    for call in calls:
        assert call["changed"] is None or set(call["changed"]) <= {"width", "height"}, call


def test_clicking_a_view_runs_it_and_puts_it_in_the_link(page, app_url):
    open_path(page, app_url, "competitors?start=2025-01-01&end=2025-12-31")
    assert page.locator(MAIN_CHARTS).count() == 1
    page.get_by_role("tab", name="China").click()
    page.wait_for_url("**view=China**")
    page.get_by_text("Release race among Chinese developers").first.wait_for(timeout=30_000)
    wait_for_charts(page, 1)
    assert range_in_url(page) == ("2025-01-01", "2025-12-31")
    assert all("2025-01-01" <= d[:10] <= "2025-12-31" for d in plotted_dates(page))
    assert exceptions(page) == 0


def test_sidebar_range_changes_the_chart(page, app_url):
    open_path(page, app_url, "timeline")
    everything = plotted_dates(page)
    choose_preset(page, "2024")
    page.wait_for_url("**start=2024-01-01**")
    wait_for_charts(page)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.data)")  # every chart
    narrowed = plotted_dates(page)
    assert narrowed and len(narrowed) < len(everything)
    assert all(d.startswith("2024") for d in narrowed)
    assert range_in_url(page) == ("2024-01-01", "2024-12-31")


def test_url_range_changes_the_chart_and_survives_page_switches(page, app_url):
    open_path(page, app_url, "timeline?start=2025-01-01&end=2025-03-31")
    assert all("2025-01-01" <= d <= "2025-03-31" for d in plotted_dates(page))
    assert page.get_by_text("2025-01-01 to 2025-03-31").first.is_visible()
    page.locator('[data-testid="stSidebar"] a', has_text="Capex and investments").click()
    page.wait_for_url("**/capex**")
    wait_for_charts(page, 1)
    page.wait_for_url("**start=2025-01-01**")
    assert range_in_url(page) == ("2025-01-01", "2025-03-31")
    page.locator('[data-testid="stSidebar"] a', has_text="Overview").click()
    wait_for_charts(page)
    page.wait_for_url("**start=2025-01-01**")
    assert range_in_url(page) == ("2025-01-01", "2025-03-31")


def test_permalink_restores_the_view_in_a_fresh_browser(browser, page, app_url):
    open_path(page, app_url, "timeline")
    choose_preset(page, "Since DeepSeek-R1")
    page.wait_for_url("**start=2025-01-20**")
    wait_for_charts(page)
    shared = page.url
    shown = sorted(plotted_dates(page))
    colleague = browser.new_context(viewport={"width": 1400, "height": 2200})
    try:
        other = colleague.new_page()
        other.goto(shared)
        wait_for_charts(other)
        assert sorted(plotted_dates(other)) == shown
        assert other.get_by_text("2025-01-20 to 2026-09-20").first.is_visible()
    finally:
        colleague.close()


def download(page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).first.click()
    return open(info.value.path(), "rb").read()


@pytest.mark.parametrize(
    ("path", "table", "sort", "charts"),
    [("timeline", "releases", "release_date", 1), ("", "events", "date", 1), ("metrics", "metrics", "as_of", 0)],
)
def test_csv_download_holds_the_rows_shown(page, app_url, dataset, path, table, sort, charts):
    # The page's own link to the table: its drawer, or the view that holds it (metrics: "All figures").
    link = table_link(table, {"start": "2024-07-01", "end": "2025-02-28"})
    assert link.startswith(f"/{path}?")
    open_path(page, app_url, link.lstrip("/"), charts)
    expected = filter_table(table, dataset[table], date(2024, 7, 1), date(2025, 2, 28)).sort_values(sort)
    data = download(page, f"Download CSV ({len(expected)} rows)")
    back = pd.read_csv(io.BytesIO(data))
    assert back.iloc[:, 0].tolist() == expected.iloc[:, 0].tolist()


def test_snapshot_zip_holds_the_range(page, app_url, dataset):
    page.goto(f"{app_url}/data?start=2023-01-01&end=2023-12-31&view=Cite+and+snapshot")
    data = download(page, "Download snapshot ZIP")
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["filters"] == {"start": "2023-01-01", "end": "2023-12-31"}
    for table in ("releases", "events", "metrics", "investments"):
        expected = filter_table(table, dataset[table], date(2023, 1, 1), date(2023, 12, 31))
        assert manifest["tables"][table]["rows"] == len(expected)
        assert len(pd.read_csv(archive.open(f"{table}.csv"))) == len(expected)


@pytest.mark.parametrize(
    "query",
    [
        "start=garbage&end=2024-01-01",
        "start=2025-06-01&end=2024-01-01",
        "start=2024-01-01&end=9999-12-31",
        "start=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E",
        "start=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E&end=2025-01-01",
    ],
)
def test_hostile_links_warn_and_show_defaults(page, app_url, query):
    open_path(page, app_url, f"timeline?{query}")
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    assert warning.count() >= 1 and "not used" in warning.first.inner_text()
    assert range_in_url(page) == DEFAULT
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator('[data-testid="stMain"] img[src="x"], [data-testid="stMain"] script').count() == 0
    assert exceptions(page) == 0


# The customdata (table, key) of every drawn point of the page's first chart, in the order of its point paths; null
# for a point within 16 px of another, where a click might pick its neighbour (Plotly picks the nearest point).
POINT_KEYS = """() => {
  const paths = [...[...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')][0]
    .querySelectorAll('.scatterlayer .trace .points path')];
  const centres = paths.map((path) => { const b = path.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; });
  return paths.map((path, i) => {
    const trace = path.closest('.trace').__data__[0].trace;
    const data = trace.customdata && trace.customdata[path.__data__.i];
    const alone = centres.every(([x, y], j) => j === i || Math.hypot(x - centres[i][0], y - centres[i][1]) > 16);
    return data && alone ? [String(data[0]), String(data[1])] : null;
  });
}"""


def test_clicking_a_chart_point_shows_its_evidence_under_that_chart(page, app_url, dataset, screenshot_dir):
    open_path(page, app_url, "timeline")
    releases = dataset["releases"].set_index("release_id")
    quoted = releases[releases["evidence"].notna() & (releases["date_precision"] == "day")]
    keys = page.evaluate(POINT_KEYS)
    index = next(i for i, key in enumerate(keys) if key and key[0] == "releases" and key[1] in quoted.index)
    row = quoted.loc[keys[index][1]]
    page.locator(f"{MAIN_CHARTS} .scatterlayer .trace .points path").nth(index).click(force=True)
    heading = page.get_by_text(f"Clicked point: {row['model']}, {row['release_date']:%Y-%m-%d}").first
    heading.wait_for(timeout=30_000)
    wait_for_charts(page)
    chart = page.locator(MAIN_CHARTS).first.bounding_box()
    panel = heading.bounding_box()
    assert 0 <= panel["y"] - (chart["y"] + chart["height"]) < 80  # right under its own chart, not at the page's foot
    quote = page.locator("blockquote", has_text=row["evidence"][:40]).first
    assert quote.is_visible() and 0 < quote.bounding_box()["y"] - panel["y"] < 300
    assert page.get_by_text("Source:").first.is_visible()
    page.screenshot(path=screenshot_dir / "timeline-clicked-point.png", full_page=True)


def test_selecting_a_table_row_shows_its_evidence(page, app_url):
    open_path(page, app_url, "?start=2020-01-01&end=2026-09-20")  # all dates: the first row is from 2020
    page.get_by_text("Key events: table and CSV").first.click()  # the drawer opens and its table is sent
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    assert "table=true" in page.url
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 18)  # the selection cell of the first row (sorted by date)
    quote = page.locator("blockquote", has_text="Between 2020 and 2022")
    quote.wait_for(timeout=30_000)
    assert page.get_by_text("Provenance: Regulatory crackdown").first.is_visible()


@pytest.mark.parametrize(
    ("path", "charts", "texts"),
    [
        (
            "capex?start=2025-01-01&end=2025-09-30",
            1,
            # The share of the pledge is in the card's tooltip now (tests/test_pages.py checks it); the window is a card.
            ["Reported capex, company total", "Reported capex, AI and cloud infrastructure", "Three-year window assumed"],
        ),
        (
            "competitors?start=2025-06-01&end=2026-07-04&view=Adoption+race",
            1,
            ["Share of new derivatives", "Cumulative downloads by model family"],
        ),
        ("?start=2026-01-01&end=2026-07-04&since=true", 1, ["Since the articles", "Data as of 2026-09-20"]),
        ("?start=2024-01-01&end=2026-12-31&view=Money+to+capability", 1, ["From money to models to adoption to capability"]),
        (
            "competitors?start=2024-01-01&end=2026-12-31&view=How+far+behind%3F&compared=China+vs+US",
            2,
            ["published estimates of the lag in time", "no average is taken"],
        ),
        ("competitors?start=2025-01-01&end=2025-12-31&group=Country&open_weights=no", 1, ["One line per"]),
    ],
)
def test_living_tracker_views_with_a_range(page, app_url, screenshot_dir, path, charts, texts):
    open_path(page, app_url, path, charts)
    assert exceptions(page) == 0
    for text in texts:
        assert page.get_by_text(text).first.is_visible(), text
    start, end = range_in_url(page)
    assert all(start <= d <= end for d in plotted_dates(page) if not path.startswith("capex"))
    if path.startswith("capex"):
        band_labels = page.locator(MAIN_CHARTS).first.get_by_text("not found in sources")
        assert band_labels.count() >= 1
    name = (path.split("?")[0] or "overview") + ("-" + path.split("view=")[1].split("&")[0] if "view=" in path else "")
    page.screenshot(path=screenshot_dir / f"tracker-{name}-{len(path)}.png", full_page=True)
    assert page.watch.errors == []


def first_deep_link(browser, script: str, path: str, heading: str) -> list[tuple]:
    """What a fresh server shows on its very first request: (document title, main column width, sidebar links)
    sampled every 50 ms until the page's heading and its links are drawn."""
    from tests.browser.server import streamlit_server

    seen: list[tuple] = []
    with streamlit_server(script=script) as (base_url, _process):
        context = browser.new_context(viewport={"width": 1400, "height": 1200})
        page = context.new_page()
        page.goto(f"{base_url}{path}", wait_until="commit")
        for _ in range(300):
            state = page.evaluate(
                """() => [document.title,
                    document.querySelector('[data-testid=stMainBlockContainer]')?.getBoundingClientRect().width ?? 0,
                    [...document.querySelectorAll('[data-testid=stSidebar] a')].map(a => a.innerText.trim())]"""
            )
            drawn = page.locator("h1", has_text=heading).count() > 0
            seen.append((state[0], state[1], tuple(state[2]), drawn))
            if drawn and state[2] and len(seen) > 1:
                break
            page.wait_for_timeout(50)
        if not seen[-1][2]:  # a page run without app.py draws no links at all: give it time to prove that
            page.wait_for_timeout(3000)
            seen.append((page.title(), seen[-1][1], (), True))
        context.close()
    return seen


def app_configured(seen: list[tuple]) -> bool:
    """Every state showing the page's heading has app.py's title, its wide layout and the registry's links."""
    from dashboard.navigation import PAGE_TITLE
    from dashboard.registry import PAGES

    own = tuple(spec.title for spec in PAGES)
    shown = [s for s in seen if s[3]]
    return (
        bool(shown)
        and own in {s[2] for s in shown}
        and all(title == PAGE_TITLE and width > 1000 and links in {(), own} for title, width, links, _ in shown)
    )


def test_a_fresh_servers_first_deep_link_runs_through_app_py(browser):
    """A first request for /data, on a server that has run nothing yet, gets app.py's page configuration (title,
    wide layout) and the registry's navigation, and never a page run on its own. The control serves the page file
    without app.py and must fail the same check."""
    assert app_configured(first_deep_link(browser, "app.py", "/data", "Sources and data"))
    assert not app_configured(first_deep_link(browser, "app_pages/data.py", "/", "Sources and data"))


def test_snapshot_diff_upload_shows_changes_and_refuses_hostile_files(page, app_url, tmp_path, dataset):
    from tests.test_snapshot_diff import rewrite, snapshot_bytes

    def edit(name, data):
        if name != "metrics.csv":
            return data
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        return frame.iloc[1:].to_csv(index=False).encode()  # the data now has one row the snapshot lacks

    modified = tmp_path / "alibaba-ai_snapshot_old.zip"
    modified.write_bytes(rewrite(snapshot_bytes(dataset), edit))
    page.goto(f"{app_url}/data?view=Compare")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(modified))
    page.get_by_text("Rows added").first.wait_for(timeout=30_000)
    page.get_by_text("filtered to the snapshot's range (2025-01-01 to 2025-12-31)").first.wait_for(timeout=30_000)
    hostile = tmp_path / "not-really.zip"
    hostile.write_bytes(b"<script>alert(1)</script>")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(hostile))
    page.get_by_text("This file cannot be compared").first.wait_for(timeout=30_000)
    page.get_by_text("not a ZIP archive").first.wait_for(timeout=30_000)
    assert page.locator("script", has_text="alert(1)").count() == 0
    assert exceptions(page) == 0


def test_release_filters_from_a_pasted_link_reach_the_csv_and_survive_a_page_switch(page, app_url, dataset):
    from alibaba_ai_data.filters import filter_releases

    # All dates: the expected rows are every release the filters keep (the default range starts in 2025).
    open_path(
        page, app_url, "timeline?start=2020-01-01&end=2026-09-20&developer=Alibaba&modality=vision&open_weights=yes&table=true"
    )
    expected = filter_releases(
        dataset["releases"], {"developer": ("Alibaba",), "modality": ("vision",), "open_weights": ("yes",)}
    )
    frame = pd.read_csv(io.BytesIO(download(page, f"Download CSV ({len(expected)} rows)")))
    assert set(frame["release_id"]) == set(expected["release_id"])
    assert set(frame["developer"]) == {"Alibaba"} and set(frame["modality"]) == {"vision"} and frame["open_weights"].all()
    assert page.get_by_text("Release filters: developer Alibaba; modality vision; open weights yes").first.is_visible()
    page.locator('[data-testid="stSidebar"] a', has_text="Competitor comparisons").click()
    page.wait_for_url("**developer=Alibaba**")
    # Alibaba's models on the boards are closed or not stated as open, so the race says so instead of drawing an empty chart.
    page.get_by_text("No leaderboard scores in the selected range for the chosen filters.").first.wait_for(timeout=60_000)
    assert "modality=vision" in page.url and "open_weights=yes" in page.url
    assert exceptions(page) == 0


def test_a_curator_goes_from_pasted_text_to_rows_written_in_a_scratch_copy(browser, tmp_path):
    import shutil

    from dashboard.curator import SECRET_ENV
    from dashboard.data_access import DATA_DIR_ENV
    from tests.browser.server import streamlit_server

    scratch = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA_DIR, scratch)
    with streamlit_server(env={SECRET_ENV: "browser-secret", DATA_DIR_ENV: str(scratch)}) as (base_url, _process):
        context = browser.new_context(viewport={"width": 1400, "height": 2200})
        page = context.new_page()
        page.goto(f"{base_url}/curate")
        page.get_by_role("textbox", name="Curator secret").fill("browser-secret")
        page.get_by_role("button", name="Unlock curator mode").click()
        page.get_by_role("textbox", name="Title").fill("Qwen passes a billion downloads")
        page.get_by_role("textbox", name="Publisher").fill("Browser Wire")
        page.get_by_role("textbox", name="URL (https://...)").fill("https://example.org/qwen")
        page.get_by_role("textbox", name="Article text").fill(
            "Qwen passed 1.2 billion downloads on Hugging Face in February 2026, the team said."
        )
        page.get_by_role("button", name="Propose rows").click()
        page.get_by_text("1 proposed row in 1 table").wait_for(timeout=30_000)
        page.get_by_role("tab", name="Adoption rows (1)").wait_for(timeout=30_000)
        page.get_by_role("button", name="Write the accepted rows into data/").click()
        page.get_by_text("Written:").wait_for(timeout=30_000)
        context.close()
    adoption = pd.read_csv(scratch / "adoption.csv")
    added = adoption[adoption["source_id"].str.startswith("browser_wire_")]
    assert added[["entity", "measure", "value", "as_of"]].values.tolist() == [["Qwen", "downloads", 1_200_000_000, "2026-02-01"]]
    assert load_dataset(scratch)["adoption"]["adoption_id"].str.startswith("qwen_downloads_2026_02").any()


def test_coverage_grid_and_the_missing_next_lines_are_on_screen(page, app_url, dataset, screenshot_dir):
    from alibaba_ai_data.coverage import coverage
    from dashboard.coverage_view import DETAILS_LABEL, coverage_today

    open_path(page, app_url, "capex", 1)
    lacks = page.locator("p").filter(has_text="What this page lacks.").first
    assert lacks.is_visible() and "gaps in" in lacks.inner_text() and "Next figure due by" in lacks.inner_text()
    assert page.locator("table").filter(has_text="Newest period").count() == 0  # the status rows are one click away
    page.get_by_text(DETAILS_LABEL).first.click()
    details = page.locator('[data-testid="stExpander"]').filter(has_text=DETAILS_LABEL).first
    details.get_by_text("Next: Oct-Dec 2026", exact=False).first.wait_for()  # made and sent once opened
    assert "gaps=true" in page.url
    status = details.locator("table").filter(has_text="Newest period").first
    assert status.get_by_role("cell", name="Alibaba capex per quarter", exact=True).is_visible()
    line = details.inner_text()
    assert "Oct-Dec 2025 (searched 2026-12-03, not found)" in line and "Next: Oct-Dec 2026" in line
    page.screenshot(path=screenshot_dir / "capex-coverage.png", full_page=True)

    open_path(page, app_url, "methodology", 0)
    page.get_by_role("heading", name="Coverage: what is recorded, searched, overdue or not due").wait_for()
    grid = page.locator('[data-testid="stTable"]').first
    grid.get_by_text("Alibaba capex per quarter", exact=True).first.wait_for()
    assert grid.get_by_text("searched 2026-12-03, none").count() > 0
    assert grid.get_by_text("recorded (medium)").count() > 0
    expected = coverage(dataset.tables, coverage_today())
    data = download(page, f"Download CSV ({len(expected)} rows)")
    back = pd.read_csv(io.BytesIO(data))
    assert len(back) == len(expected) and set(back["status_label"]) == set(expected["status_label"])
    page.screenshot(path=screenshot_dir / "methodology-coverage.png", full_page=True)
    assert exceptions(page) == 0 and page.watch.errors == []


def test_dragging_across_the_range_navigator_sets_the_range_in_the_link(page, app_url):
    open_path(page, app_url, "timeline")
    navigator = page.locator('[data-testid="stSidebar"] .js-plotly-plot .nsewdrag').first
    navigator.wait_for()
    page.wait_for_timeout(1000)
    box = navigator.bounding_box()
    y = box["y"] + box["height"] * 0.5
    page.mouse.move(box["x"] + box["width"] * 0.70, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.85, y, steps=8)
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('start=')", timeout=30_000)
    start, end = range_in_url(page)
    assert start < end and start[5:] in ("01-01", "04-01", "07-01", "10-01")  # whole quarters, as the bars are
    assert end[5:] in ("03-31", "06-30", "09-30", "12-31")
    wait_for_charts(page)
    assert page.get_by_label("From", exact=True).input_value() == start


def test_the_link_to_this_view_carries_every_parameter_of_the_page(page, app_url):
    open_path(page, app_url, "timeline?start=2025-01-01&end=2025-12-31&developer=Alibaba&developer=DeepSeek&rivals=no")
    assert page.locator('[data-testid="stCode"]').count() == 0  # no code block until asked for (see share_link)
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Link to this view").click()
    link = page.locator('[data-testid="stCode"]').last.inner_text().replace("\n", "")
    assert link.startswith(f"{app_url}/timeline?")
    query = parse_qs(urlparse(link).query)
    assert query["start"] == ["2025-01-01"] and query["end"] == ["2025-12-31"] and query["rivals"] == ["no"]
    assert sorted(query["developer"]) == ["Alibaba", "DeepSeek"]


AXIS_STARTS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .map(p => p._fullLayout && p._fullLayout.xaxis && p._fullLayout.xaxis.type === 'date' ? String(p._fullLayout.xaxis.range[0]) : null)"""


def test_a_typed_date_applies_on_enter(page, app_url):
    open_path(page, app_url, "timeline")
    assert range_in_url(page) == DEFAULT
    before = page.evaluate(AXIS_STARTS)[0]
    assert before[:4] == "2024"  # the default opens on 2025, with the axis' own padding before it
    typed = page.get_by_label("From", exact=True)
    typed.click()
    typed.fill("2023-03-01")
    typed.press("Enter")  # no other click: Enter applies the date
    page.wait_for_url("**start=2023-03-01**", timeout=30_000)
    wait_for_charts(page)
    page.wait_for_function("(before) => " + AXIS_STARTS[6:] + "[0] !== before", arg=before, timeout=30_000)
    assert range_in_url(page) == ("2023-03-01", "2026-09-20")
    after = page.evaluate(AXIS_STARTS)[0]
    # The axis now reaches back to the typed date (less its padding), not to the data's first year (2020).
    assert "2022-06-01" < after[:10] < "2023-03-01" and after < before
    assert all(d >= "2023-01-01" for d in plotted_dates(page))  # a row dated to its quarter or year overlaps the range
    assert page.get_by_text("2023-03-01 to 2026-09-20").first.is_visible()
    to = page.get_by_label("To", exact=True)
    to.fill("2023-02-30")
    to.press("Enter")
    page.get_by_text("not a real calendar date").first.wait_for(timeout=30_000)
    assert range_in_url(page) == ("2023-03-01", "2026-09-20")  # a bad date is refused, the range kept
