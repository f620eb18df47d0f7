"""Every page through AppTest: renders, honours links, follows the range, downloads what it shows."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import date

import numpy as np
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from alibaba_ai_data import filter_table
from alibaba_ai_data.exports import range_slug, to_csv_bytes
from dashboard.coverage_view import DETAILS_LABEL
from dashboard.data_access import DATA_DIR_ENV
from dashboard.figures.common import point_field
from dashboard.figures.labels import LABEL_TRACE, LEADER_TRACE
from dashboard.navigator import NAVIGATOR_KEY
from dashboard.registry import PAGES as PAGE_SPECS
from dashboard.registry import every_view, page_spec
from tests.conftest import ROOT, set_cell

PAGES = [spec.path for spec in PAGE_SPECS]
OPEN_TABLE = {"table": "true"}  # the drawer holding a page's main table (dashboard/sections.py)
# Every date of the fixture data: the "All dates" preset (a page opens on the pledge's years unless the link says so).
ALL_DATES = {"start": "2020-01-01", "end": "2026-09-20"}


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """What st.download_button was given, by file id: bytes, or the callable that makes them on click."""
    stored: dict = {}
    original_eager = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def keep_eager(self, path_or_data, mimetype, kind, filename=None):
        file_id = original_eager(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = path_or_data
        return file_id

    def keep_deferred(self, data_callable, *args, **kwargs):
        file_id = original_deferred(self, data_callable, *args, **kwargs)
        stored[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep_eager)
    monkeypatch.setattr(MediaFileManager, "add_deferred", keep_deferred)
    return stored


def download(at: AppTest, stored: dict, label_start: str, key: str | None = None) -> tuple[str, bytes]:
    """The label of the first matching download button (by label, and widget key if given) and its bytes."""
    buttons = [
        b
        for b in at.get("download_button")
        if b.proto.label.startswith(label_start) and (key is None or b.proto.id.endswith(f"-{key}"))
    ]
    assert buttons, [b.proto.label for b in at.get("download_button")]
    proto = buttons[0].proto
    file_id = proto.deferred_file_id or next(i for i in stored if i in proto.url)
    data = stored[file_id]
    return proto.label, data() if callable(data) else data


def open_page(page: str = "app_pages/overview.py", params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page != "app_pages/overview.py":
        at.run()  # through app.py first, as a browser does
        # The switched-to page must run once before its link-bound tabs and drawers read parameters set below.
        at.switch_page(page).run()
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def page_charts(at: AppTest) -> list:
    """The page's Plotly charts (the sidebar's range navigator aside)."""
    return [c for c in at.get("plotly_chart") if not c.proto.id.endswith(NAVIGATOR_KEY)]


def plotly_spec(at: AppTest, title_start: str) -> dict:
    """The JSON spec of the Plotly chart whose title starts with the given text, its data holding the traces that
    stand for rows (the traces that draw labels and their leader lines, which stand for none, left out)."""
    for chart in page_charts(at):
        spec = json.loads(chart.proto.spec)
        if spec["layout"].get("title", {}).get("text", "").startswith(title_start):
            return {**spec, "data": [t for t in spec["data"] if t.get("name") not in (LABEL_TRACE, LEADER_TRACE)]}
    raise AssertionError(f"no chart titled {title_start!r}")


def charts(at: AppTest) -> list:
    return list(page_charts(at)) + list(at.get("arrow_vega_lite_chart")) + list(at.get("vega_lite_chart"))


def decode(values) -> list:
    """Plotly sends numeric arrays as base64 typed arrays; lists come through as they are."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return list(values or [])


def plotted_dates(at: AppTest) -> list[pd.Timestamp]:
    """Every date on the x axis of point traces (with row provenance) in the page's Plotly charts."""
    dates = []
    for chart in page_charts(at):
        for trace in json.loads(chart.proto.spec)["data"]:
            if trace.get("customdata") and trace.get("type", "scatter") == "scatter":
                dates += [pd.Timestamp(x) for x in decode(trace.get("x")) if isinstance(x, str)]
    return dates


CHART_PAGES = [p for p in PAGES if p != "app_pages/methodology.py"]


@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_page_renders_with_charts_and_sources(page):
    at = open_page(page)
    assert at.title and charts(at)
    # The default range (from the pledge's first year to the newest date) is kept out of the link.
    assert "start" not in at.query_params and "end" not in at.query_params
    assert "2025-01-01 to 2026-09-20" in at.caption[0].value
    captions = " ".join(c.value for c in at.caption)
    assert "Sources:" in captions or "Source:" in captions
    assert not at.warning


@pytest.mark.parametrize("page", PAGES)
def test_link_range_is_honoured_on_every_page(page):
    at = open_page(page, {"start": "2024-01-01", "end": "2024-12-31"})
    assert at.query_params["start"] == "2024-01-01"
    assert "2024-01-01 to 2024-12-31" in at.caption[0].value
    assert all(pd.Timestamp("2023-10-01") <= d <= pd.Timestamp("2024-12-31") for d in plotted_dates(at))


def test_range_change_changes_chart_and_table(dataset):
    at = open_page("app_pages/timeline.py", OPEN_TABLE)
    before_points, before_rows = len(plotted_dates(at)), len(at.dataframe[0].value)
    at.sidebar.selectbox[0].set_value("2023").run()
    assert at.query_params["start"] == "2023-01-01" and at.query_params["end"] == "2023-12-31"
    table = at.dataframe[0].value
    expected = filter_table("releases", dataset["releases"], date(2023, 1, 1), date(2023, 12, 31))
    assert set(table["release_id"]) == set(expected["release_id"])
    assert len(table) < before_rows and len(plotted_dates(at)) < before_points
    assert {d.year for d in plotted_dates(at)} == {2023}


def test_typed_dates_set_the_range_and_a_bad_one_is_refused_in_place():
    at = open_page("app_pages/overview.py")
    assert at.sidebar.selectbox[0].value == "Since 2025 (default)"
    at.text_input(key="date_range_from").set_value("2025-01-20").run()
    at.text_input(key="date_range_to").set_value("2025-03-31").run()
    assert at.query_params["start"] == "2025-01-20" and at.query_params["end"] == "2025-03-31"
    assert at.sidebar.selectbox[0].value == "Custom"
    at.text_input(key="date_range_to").set_value("2025-02-30").run()
    assert "not a real calendar date" in at.sidebar.error[0].value
    assert at.text_input(key="date_range_to").value == "2025-02-30"  # the entry stays to be corrected
    assert at.query_params["end"] == "2025-03-31"
    next(b for b in at.sidebar.button if b.label == "Reset all filters").click().run()
    assert "start" not in at.query_params and at.sidebar.selectbox[0].value == "Since 2025 (default)"
    assert at.text_input(key="date_range_from").value == "2025-01-01"


def test_all_dates_is_one_click_away_and_goes_into_the_link():
    at = open_page("app_pages/timeline.py")
    before = plotted_dates(at)
    assert before and min(before) >= pd.Timestamp("2024-10-01")  # the default opens on the pledge's years
    next(b for b in at.sidebar.button if b.label == "All dates").click().run()
    assert at.query_params["start"] == "2020-01-01" and at.query_params["end"] == "2026-09-20"
    assert at.sidebar.selectbox[0].value == "All dates"
    assert min(plotted_dates(at)) < pd.Timestamp("2024-01-01")
    assert next(b for b in at.sidebar.button if b.label == "All dates").disabled


def test_range_survives_page_switches_even_when_the_url_is_cleared():
    at = open_page("app_pages/overview.py")
    at.sidebar.selectbox[0].set_value("Since DeepSeek-R1").run()
    for page in ("app_pages/capex.py", "app_pages/metrics.py"):
        at.switch_page(page)
        for key in list(at.query_params):
            del at.query_params[key]  # what the browser does on a page switch
        at.run()
        assert not at.exception
        assert at.query_params["start"] == "2025-01-20" and at.query_params["end"] == "2026-09-20"


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"start": "garbage"}, "must be a date written YYYY-MM-DD"),
        ({"start": "2025-01-01", "end": "2024-01-01"}, "is after end"),
        ({"start": "2024-01-01", "end": "3024-01-01"}, "outside the supported window"),
        ({"start": "<img src=x onerror=alert(1)>"}, "must be a date"),
        ({"start": "2024-01-01", "utm": "<b>x</b>"}, "ignored unknown link parameter"),
    ],
)
def test_hostile_links_warn_and_fall_back(params, fragment):
    at = open_page("app_pages/timeline.py", params)
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")  # markdown escapes
    assert fragment in warnings and "<" not in warnings
    if "utm" not in params:
        assert "start" not in at.query_params and "end" not in at.query_params  # the default range
    assert charts(at)


@pytest.mark.parametrize(
    ("page", "button", "table", "sort", "opened"),
    [
        ("app_pages/overview.py", "Download CSV", "events", "date", OPEN_TABLE),
        ("app_pages/timeline.py", "Download CSV", "releases", "release_date", OPEN_TABLE),
        ("app_pages/metrics.py", "Download CSV", "metrics", "as_of", {"view": "All figures"}),
    ],
)
def test_csv_download_equals_the_filtered_table(dataset, downloads, page, button, table, sort, opened):
    at = open_page(page, {"start": "2025-01-01", "end": "2025-06-30", **opened})
    label, data = download(at, downloads, button)
    expected = filter_table(table, dataset[table], date(2025, 1, 1), date(2025, 6, 30)).sort_values(sort)
    assert data == to_csv_bytes(expected)
    assert f"({len(expected)} rows)" in label
    shown = at.dataframe[0].value
    assert pd.read_csv(io.BytesIO(data)).iloc[:, 0].tolist() == shown.iloc[:, 0].tolist()


def test_capex_currency_switch_and_download(dataset, downloads):
    at = open_page("app_pages/capex.py", {"currency": "RMB", "view": "Like for like"})
    assert at.query_params["currency"] == "RMB"
    bar = plotly_spec(at, "Spending plans per year")["data"][0]
    values = dict(zip(decode(bar["y"]), decode(bar["x"])))
    assert values["Alibaba (3-yr average)"] == pytest.approx(380 / 3)
    assert any("7.1698 RMB" in c.value for c in at.caption)
    at = open_page("app_pages/capex.py", {"currency": "RMB", "view": "Investments"})
    _, data = download(at, downloads, "Download CSV", key="capex_table_csv")
    back = pd.read_csv(io.BytesIO(data))
    assert set(back["shown_currency"]) == {"RMB"} and len(back) == len(dataset["investments"])
    bad = open_page("app_pages/capex.py", {"currency": "EUR", "view": "Peers"})
    assert "currency" in bad.warning[0].value and bad.query_params["currency"] == "USD"


def test_snapshot_zip_matches_the_range(dataset, downloads):
    at = open_page("app_pages/data.py", {"start": "2024-01-01", "end": "2024-12-31", "view": "Cite and snapshot"})
    label, data = download(at, downloads, "Download snapshot ZIP")
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["filters"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert manifest["data_version"] == dataset.data_version
    releases = filter_table("releases", dataset["releases"], date(2024, 1, 1), date(2024, 12, 31))
    assert manifest["tables"]["releases"]["rows"] == len(releases)
    assert pd.read_csv(archive.open("releases.csv"))["release_id"].tolist() == releases["release_id"].tolist()
    assert f"{sum(t['rows'] for t in manifest['tables'].values())} rows" in label


def test_browse_search_filters_the_table(downloads):
    at = open_page("app_pages/data.py", {"view": "Browse", **ALL_DATES})
    at.selectbox(key="browse_table").set_value("releases").run()
    at.text_input(key="browse_query").set_value("deepseek").run()
    label, data = download(at, downloads, "Download CSV")
    grid = [d for d in at.dataframe if "release_id" in d.value.columns][0].value
    assert {"deepseek_v3", "deepseek_r1"} <= set(grid["release_id"]) and len(grid) < 32
    assert all("deepseek" in " ".join(map(str, row)).lower() for row in grid.itertuples())
    assert f"({len(grid)} rows)" in label and set(pd.read_csv(io.BytesIO(data))["release_id"]) == set(grid["release_id"])


@pytest.mark.parametrize("page", PAGES)
def test_invalid_data_shows_one_clear_error_and_no_charts(page, data_copy, monkeypatch):
    set_cell(data_copy, "metrics", 3, "as_of", "not-a-date")
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = open_page(page)
    assert len(at.error) == 1 and "failed validation" in at.error[0].value
    assert "metrics.csv, row 3 (line 4), column 'as_of'" in at.code[0].value
    assert not charts(at) and not at.dataframe


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_how_current_its_data_is(dataset, page):
    at = open_page(page)
    newest = dataset.sources["published"].max()
    assert f"its newest source is dated {newest:%Y-%m-%d}" in at.caption[0].value


def spent_by_scope(dataset, end: str) -> dict[str, str]:
    """The capex cards the page should show for a range ending on ``end``: one per scope, never a sum across scopes."""
    capex = dataset["capex_quarters"]
    quarters = capex[
        (capex["company"] == "Alibaba")
        & (capex["row_kind"].astype(str) == "quarter")
        & (capex["currency"].astype(str) == "RMB")
        & (capex["period_start"] >= pd.Timestamp("2025-01-01"))
        & (capex["period_end"] <= pd.Timestamp(end))
    ]
    sums = quarters.groupby(quarters["scope"].astype(str))["amount_bn"].sum()
    return {f"Reported capex, {scope}": f"RMB {total:,.1f}bn" for scope, total in sums.items()}


def test_capex_page_answers_how_much_of_the_pledge_is_spent(dataset):
    from alibaba_ai_data.coverage import coverage, coverage_due
    from dashboard.coverage_view import coverage_today

    # Quarters count as elapsed once their results are usually public, judged on the same day as the coverage grid.
    today = coverage_today()
    due = [q for q in coverage_due(coverage(dataset.tables, today), "alibaba_capex") if q >= pd.Timestamp("2025-01-01")]
    at = open_page("app_pages/capex.py", {"gaps": "true"})  # the coverage details drawer open
    labels = {m.label: m.value for m in at.metric}
    expected = spent_by_scope(dataset, f"{today:%Y-%m-%d}")
    assert len(expected) == 2  # the fixture reports quarters in two scopes: each gets its own card
    assert {k: labels.get(k) for k in expected} == expected
    assert labels["Three-year window assumed"] == "2025-2027"
    captions = [c.value.replace("\\", "") for c in at.caption]
    tooltips = [m.proto.help.replace("\\", "") for m in at.metric]  # a card's detail is in its value's tooltip
    assert any("of the RMB 380bn pledge" in t and "lower bound" in t for t in tooltips)
    assert any("What this page lacks" in c for c in captions)
    details = next(e for e in at.expander if e.label == DETAILS_LABEL)
    assert any("Oct-Dec 2025 (searched 2026-12-03, not found)" in m.value.replace("\\", "") for m in details.markdown)
    spec = plotly_spec(at, "The RMB 380bn pledge against reported spending")
    annotations = [a["text"] for a in spec["layout"]["annotations"]]
    reported = dataset["capex_quarters"].query("company == 'Alibaba' and row_kind == 'quarter' and period_start >= '2025-01-01'")
    assert sum("not found in sources" in a for a in annotations) == len(due) - len(reported)
    growth = dataset["metrics"].query("metric == 'Alibaba Cloud revenue growth'")
    # Cloud growth is one click away: in its drawer, drawn only when opened (or opened by the link).
    assert not [c for c in page_charts(at) if json.loads(c.proto.spec)["layout"]["title"]["text"].startswith("Cloud")]
    opened = open_page("app_pages/capex.py", {"start": "2020-01-01", "end": "2026-12-31", "cloud_growth": "true"})
    assert len(plotly_spec(opened, "Cloud revenue growth")["data"][0]["x"]) == len(growth)
    peers = open_page("app_pages/capex.py", {"view": "Peers"})
    assert plotly_spec(peers, "Capex per calendar quarter (USD bn)")
    assert plotly_spec(peers, "Peers' capex: plan, reported spending")


def test_capex_page_with_a_range_counts_only_quarters_to_its_end(downloads, dataset):
    at = open_page("app_pages/capex.py", {"start": "2025-01-01", "end": "2025-09-30", **OPEN_TABLE})
    labels = {m.label: m.value for m in at.metric}
    expected = spent_by_scope(dataset, "2025-09-30")
    assert {k: labels.get(k) for k in expected} == expected
    spec = plotly_spec(at, "The RMB 380bn pledge against reported spending")
    path = next(t for t in spec["data"] if t["name"].startswith("straight line"))
    assert [x[:10] for x in path["x"]] == ["2025-01-01", "2025-03-31", "2025-06-30", "2025-09-30"]
    assert spec["layout"]["xaxis"]["range"][1][:10] == "2025-10-20"  # the axis ends with the range, not the window
    _, data = download(at, downloads, "Download CSV", key="pledge_quarters_table_csv")
    quarters = pd.read_csv(io.BytesIO(data))
    assert quarters["calendar_label"].tolist() == ["Jan-Mar 2025", "Apr-Jun 2025", "Jul-Sep 2025"]
    assert quarters["status"].tolist() == ["not found in sources", "reported", "reported"]
    assert quarters["reported_bn"].isna().tolist() == [True, False, False]
    before = open_page("app_pages/capex.py", {"start": "2024-01-01", "end": "2024-12-31"})
    assert "outside the selected range" in before.info[0].value


def test_competitors_page_shows_the_adoption_race_with_sources():
    at = open_page("app_pages/competitors.py", {"view": "Adoption race", **ALL_DATES})
    names = {t["name"] for t in plotly_spec(at, "Cumulative downloads by model family")["data"]}
    assert {"Qwen", "Llama", "Qwen (the articles' figure)"} <= names
    at = open_page("app_pages/competitors.py", {"start": "2025-01-01", "end": "2026-12-31", "view": "Adoption race"})
    spec = plotly_spec(at, "Cumulative downloads by model family")
    names = {t["name"] for t in spec["data"]}
    assert "Qwen" in names and "Llama" not in names  # Llama's only count is from December 2024
    assert sum("sources disagree" in a["text"] for a in spec["layout"]["annotations"]) == 2
    at = open_page("app_pages/competitors.py", {"view": "Adoption race", "measure": "Derivative models"})
    assert plotly_spec(at, "Derivative models built on each family")
    assert any("ATOM" in c.value for c in at.caption)


def test_overview_lists_what_came_after_the_articles(dataset):
    at = open_page("app_pages/overview.py", {"start": "2026-01-01", "end": "2026-07-04", "since": "true"})
    newer = next(df.value for df in at.dataframe if "what" in df.value.columns)
    assert len(newer) > 0 and newer["date"].is_monotonic_decreasing
    assert (pd.to_datetime(newer["date"]) >= pd.Timestamp("2026-01-01")).all()
    # Each row links to the view or drawer that shows its table in full.
    assert set(newer["page"]) <= {
        "/timeline?table=true",
        "/?table=true",
        "/metrics?view=All+figures",
        "/capex?table=true",
        "/capex?view=Investments",
        "/competitors?view=Tables",
    }
    assert newer.loc[newer["table"] == "releases", "page"].eq("/timeline?table=true").all()
    assert "deepseek_v4" in set(newer["key"])


def test_no_raw_column_identifier_is_shown_in_any_table():
    """Every column of every on-screen table has a human label and a meaning; none shows its file name."""
    raw_left, shown = [], 0
    for page, params in [(p, params) for p in PAGES for params in every_view(page_spec(p))]:
        at = open_page(page, params)
        for table in at.dataframe:
            config = json.loads(table.proto.columns)
            for column in table.proto.column_order:
                shown += 1
                label = config.get(column, {}).get("label")
                if not label or "_" in label or label == column:
                    raw_left.append((page, column, label))
                assert config[column].get("help"), (page, column)
    assert shown > 100 and raw_left == []


def test_labels_map_one_to_one_and_every_schema_column_has_one():
    from alibaba_ai_data.labels import LABELS, display_order
    from alibaba_ai_data.schema import TABLES

    assert len(set(LABELS.values())) == len(LABELS)
    for spec in TABLES.values():
        for column in spec.columns:
            assert column.name in LABELS, (spec.name, column.name)
        order = display_order([c.name for c in spec.columns])
        assert (
            order[-1] in {spec.key, "source_id", "date_source_id", "settled_by_source_id", "response_table", "response_id"}
            or spec.key in order[-4:]
        )


LINK = {"developer": "Alibaba", "modality": "vision", "open_weights": "yes"}


def test_release_filters_from_a_link_reach_chart_table_and_csv(dataset, downloads):
    from alibaba_ai_data.filters import filter_releases

    at = open_page("app_pages/timeline.py", {**LINK, **OPEN_TABLE, **ALL_DATES})
    expected = filter_releases(
        dataset["releases"], {"developer": ("Alibaba",), "modality": ("vision",), "open_weights": ("yes",)}
    )
    table = at.dataframe[0].value
    assert set(table["release_id"]) == set(expected["release_id"])
    label, data = download(at, downloads, "Download CSV")
    assert f"({len(expected)} rows)" in label and set(pd.read_csv(io.BytesIO(data))["release_id"]) == set(expected["release_id"])
    spec = plotly_spec(at, "Qwen model releases")
    plotted = {
        str(key)
        for t in spec["data"]
        if t.get("customdata")
        for table, key in zip(point_field(t, "table"), point_field(t, "key"))
        if table == "releases"
    }
    assert plotted == set(expected["release_id"])
    assert "releases: developer Alibaba; modality vision; open weights yes" in spec["layout"]["title"]["subtitle"]["text"]
    assert at.query_params["developer"] == "Alibaba" and at.sidebar.multiselect[0].value == ["Alibaba"]


def test_release_filters_survive_a_page_switch_and_reset_clears_them():
    at = open_page("app_pages/timeline.py", LINK)
    at.switch_page("app_pages/capex.py").run()
    assert at.query_params["developer"] == "Alibaba"
    at.switch_page("app_pages/competitors.py").run()
    at.query_params["view"] = "China"
    at.run()
    assert at.query_params["modality"] == "vision"
    race = plotly_spec(at, "Release race among Chinese developers")
    assert {t["name"] for t in race["data"] if t.get("customdata")} <= {"Alibaba"}
    next(b for b in at.sidebar.button if b.label == "Reset all filters").click().run()
    assert "developer" not in at.query_params and "start" not in at.query_params


def test_bad_release_filter_warns_with_the_allowed_values():
    at = open_page("app_pages/timeline.py", {"developer": "Nobody", "rivals": "maybe"})
    warnings = " ".join(w.value for w in at.warning)
    assert "'developer' has no value 'Nobody'" in warnings and "allowed: Alibaba" in warnings
    assert "rivals" in warnings
    assert "developer" not in at.query_params


def test_the_timeline_draws_its_labels_as_trace_text_and_no_annotation():
    """Every label the layout step keeps on the timeline, moved along a leader line or not, is trace text: a browser
    draws each annotation twice per draw (dashboard/figures/labels.py, leaders_as_text)."""
    at = open_page("app_pages/timeline.py", {"start": "2025-01-01", "end": "2025-12-31"})
    [chart] = [c for c in page_charts(at) if json.loads(c.proto.spec)["layout"]["title"]["text"].startswith("Qwen model")]
    spec = json.loads(chart.proto.spec)
    assert not [a for a in spec["layout"].get("annotations", []) if a.get("visible") is not False]
    labels = [t for trace in spec["data"] if trace.get("name") == LABEL_TRACE for t in trace["text"] if t]
    assert "DeepSeek-R1-0528" in labels and "DeepSeek-V3.1-Terminus" in labels
    leaders = [t for t in spec["data"] if t.get("name") == LEADER_TRACE]
    assert leaders and all(t["mode"] == "lines" and t["hoverinfo"] == "skip" for t in leaders)


def test_timeline_toggles_live_in_the_link():
    at = open_page("app_pages/timeline.py", {"rivals": "no", "events": "no", **OPEN_TABLE})
    table = at.dataframe[0].value
    assert set(table["developer"]) == {"Alibaba"}
    assert at.query_params["rivals"] == "no" and at.query_params["events"] == "no"


@pytest.mark.parametrize(("page", "params"), [(page, params) for page in PAGES for params in every_view(page_spec(page))])
def test_every_chart_export_carries_range_source_and_file_name(page, params):
    at = open_page(page, {"start": "2025-01-01", "end": "2025-12-31", **params})
    for chart in page_charts(at):
        spec = json.loads(chart.proto.spec)
        subtitle = spec["layout"]["title"]["subtitle"]["text"].replace("<br>", " ")  # long lines wrap
        assert spec["layout"]["title"]["text"]
        assert "2025-01-01 to 2025-12-31" in subtitle
        assert "Alibaba open-source AI tracker" in subtitle
        config = json.loads(chart.proto.config)
        assert config["toImageButtonOptions"]["filename"].endswith(range_slug(date(2025, 1, 1), date(2025, 12, 31)))


def test_downloaded_snapshot_is_a_valid_data_package(dataset, downloads, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    at = open_page("app_pages/data.py", {"start": "2025-01-01", "end": "2025-12-31", "view": "Cite and snapshot"})
    _, data = download(at, downloads, "Download snapshot ZIP")
    archive = zipfile.ZipFile(io.BytesIO(data))
    archive.extractall(tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["filters"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert package["data_version"] == dataset.data_version and package["version"] == "2.4.0"
    rows = {r["name"]: r["stats"]["rows"] for r in package["resources"]}
    assert rows["releases"] == len(pd.read_csv(tmp_path / "releases.csv"))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, [(t.name, e.type, e.message[:120]) for t in report.tasks for e in t.errors][:5]
    readme = archive.read("README.md").decode()
    assert "data version 2.4.0" in readme and "@misc{" in readme and "CC BY 4.0" in readme
    assert any("data version 2.4.0" in m.value.replace("\\", "") for m in at.markdown)


def test_methodology_page_explains_classes_confidence_and_shows_the_changelog():
    at = open_page("app_pages/methodology.py")
    headers = [h.value for h in at.subheader]
    assert headers[:4] == [
        "How each figure is classed",
        "How confidence is assigned",
        "Coverage: what is recorded, searched, overdue or not due",
        "How dates and their precision are drawn",
    ]
    assert {"How currencies are converted", "What is deliberately not counted", "Data changelog"} <= set(headers)
    classes = at.dataframe[0].value
    assert list(classes["figure_class"]) == ["company-reported", "press-reported", "company guidance", "estimate", "implied"]
    assert any("2.4.0 (2026-12-03)" in m.value for m in at.markdown)
    assert any("7.1698 RMB" in m.value for m in at.markdown)


def test_capex_kpi_keeps_its_source_when_the_range_starts_after_the_reported_quarters(dataset):
    at = open_page("app_pages/capex.py", {"start": "2026-01-01", "end": "2026-07-04"})
    labels = {m.label: m.value for m in at.metric}
    expected = spent_by_scope(dataset, "2026-07-04")
    assert {k: labels.get(k) for k in expected} == expected
    assert any("China Daily Brief" in c.value for c in at.caption)


def test_first_paint_runs_only_the_open_view_and_drawers():
    """A page's first paint carries its headline chart; closed drawers and other views send nothing."""
    closed = open_page("app_pages/timeline.py")
    assert len(page_charts(closed)) == 1 and not closed.dataframe
    opened = open_page("app_pages/timeline.py", OPEN_TABLE)
    assert len(opened.dataframe) == 1
    competitors = open_page("app_pages/competitors.py")
    assert [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in page_charts(competitors)] == [
        plotly_spec(competitors, "")["layout"]["title"]["text"]
    ]
    china = open_page("app_pages/competitors.py", {"view": "China"})
    assert plotly_spec(china, "Release race among Chinese developers") and len(page_charts(china)) == 1


def test_a_bad_view_in_the_link_falls_back_to_the_first_without_a_warning():
    at = open_page("app_pages/capex.py", {"view": "<script>", "table": "maybe"})
    assert not at.warning and not at.exception
    assert plotly_spec(at, "The RMB 380bn pledge against reported spending") and not at.dataframe


def test_every_view_of_every_page_renders():
    for page in PAGES:
        for params in every_view(page_spec(page)):
            at = open_page(page, params)
            assert at.title and not at.warning, (page, params)


def walk(node):
    """Every element under a block, in the order the page draws them."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for index in sorted(children):
        yield from walk(children[index])


def sources_of_point_data(spec: dict, dataset) -> set[str]:
    """The sources of every row a chart spec's point data names, looked up here in the full tables."""
    from alibaba_ai_data.schema import TABLES

    cited: set[str] = set()
    for trace in spec["data"]:
        if not trace.get("customdata"):
            continue
        for table, key in zip(point_field(trace, "table"), point_field(trace, "key")):
            frame = dataset[table]
            row = frame[frame[TABLES[table].key] == key].iloc[0]
            cited |= {row[c] for c in TABLES[table].source_columns if isinstance(row[c], str)}
    return cited


@pytest.mark.parametrize("spec", [spec for spec in PAGE_SPECS if spec.has_charts], ids=lambda spec: spec.slug)
def test_every_charts_caption_and_its_export_cite_the_same_sources(spec, dataset):
    """On every view of the page, each chart's source line and the credit inside its image name the same sources,
    and those include the source of every row its points stand for."""
    from dashboard.charts import SOURCES_META
    from dashboard.citations import plain_sources, source_text
    from dashboard.figure_wire import meta_of

    checked = []
    for params in every_view(spec):
        elements = list(walk(open_page(spec.path, params).main))
        for position in [i for i, e in enumerate(elements) if getattr(e, "type", None) == "plotly_chart"]:
            chart = json.loads(elements[position].proto.spec)
            layout = chart["layout"]
            title = layout.get("title", {}).get("text", "")
            cited = meta_of(layout)[SOURCES_META]  # written by PageContext.chart; a chart drawn any other way has none
            assert sources_of_point_data(chart, dataset) <= set(cited), title
            credit = layout["title"]["subtitle"]["text"].replace("<br>", " ")  # long lines wrap
            named = plain_sources(cited, dataset.source_records)
            assert (f"Source: {named}," in credit) if named else ("Compiled by" in credit), title
            # The source line is the first caption after the chart that names sources (a reading note may come first).
            captions = [e.value for e in elements[position + 1 :] if getattr(e, "type", None) == "caption"][:2]
            line = next((c for c in captions if c.startswith(("Sources:", "Pairings from:"))), None)
            assert line is not None, (title, captions)
            assert line == source_text(cited, dataset.source_records, line.split(":")[0]), title
            checked.append(title)
    assert checked, f"{spec.path} draws no chart on any view"


def test_capability_race_draws_one_line_per_developer_on_one_board_version(dataset):
    from dashboard.figures.common import point_field

    scores = dataset["capability"]
    at = open_page("app_pages/competitors.py")
    spec = plotly_spec(at, "Best LMArena text score per developer")
    newest = scores.sort_values("as_of").iloc[-1]["board_version"]
    assert newest in spec["layout"]["title"]["text"]
    drawn = {t["name"].removesuffix(" (US)"): t for t in spec["data"] if point_field(t, "table")[0] == "capability"}
    same = scores[scores["board_version"] == newest]
    assert set(drawn) == set(same["developer"])
    for developer, trace in drawn.items():
        keys = set(point_field(trace, "key"))
        assert keys == set(same.loc[same["developer"] == developer, "capability_id"])  # never a row of another version
    older = scores.loc[scores["board"] == "LMArena text", "board_version"].drop_duplicates().iloc[0]
    assert older != newest
    filtered = open_page("app_pages/competitors.py", {"board": f"LMArena text · {older}", "developer": "Alibaba,DeepSeek"})
    spec = plotly_spec(filtered, "Best LMArena text score per developer")
    assert older in spec["layout"]["title"]["text"]
    assert {t["name"] for t in spec["data"] if point_field(t, "table")[0] == "capability"} == {"Alibaba", "DeepSeek"}
    bad = open_page("app_pages/competitors.py", {"board": "Made-up board"})
    assert any("board was not used" in w.value for w in bad.warning)
    assert newest in plotly_spec(bad, "Best LMArena text score per developer")["layout"]["title"]["text"]


@pytest.mark.parametrize(
    ("grouping", "lanes"),
    [("Country", {"Chinese labs", "US labs"}), ("Open or closed", {"open weights", "closed", "not stated"})],
)
def test_capability_race_by_country_or_openness_follows_each_groups_best_row(dataset, grouping, lanes):
    """A country or open/closed line is, at each snapshot, the best-rated row of its group: a row of the data with
    its own model and source, never a combined score."""
    from dashboard.figures.capability import CHINESE_DEVELOPERS
    from dashboard.figures.common import point_field

    scores = dataset["capability"].set_index("capability_id")
    spec = plotly_spec(open_page("app_pages/competitors.py", {"group": grouping}), "Best LMArena text score per")
    traces = [t for t in spec["data"] if point_field(t, "table")[0] == "capability"]
    assert {t["name"] for t in traces} <= lanes and len(traces) >= 2
    version = scores.sort_values("as_of")["board_version"].iloc[-1]
    same = scores[scores["board_version"] == version]
    if grouping == "Country":
        group_of = same["developer"].isin(CHINESE_DEVELOPERS).map({True: "Chinese labs", False: "US labs"})
    else:
        flag = same["open_weights"].astype("boolean")
        group_of = flag.map({True: "open weights", False: "closed"}).astype(object).where(flag.notna(), "not stated")
    for trace in traces:
        for key, when, y in zip(point_field(trace, "key"), trace["x"], decode(trace["y"])):
            assert group_of[key] == trace["name"]
            rivals = same[(group_of == trace["name"]) & (same["as_of"] == pd.Timestamp(when))]
            assert y == pytest.approx(float(rivals["value"].max()))


def test_capability_race_marks_the_articles_leaderboard_claims_and_takes_the_open_weights_filter(dataset):
    from dashboard.figures.common import point_field

    arena = dataset["capability"][dataset["capability"]["board"] == "LMArena text"]
    first = arena.sort_values("as_of")["board_version"].iloc[0]
    spec = plotly_spec(open_page("app_pages/competitors.py", {"board": f"LMArena text · {first}"}), "Best LMArena text")
    claims = next(t for t in spec["data"] if point_field(t, "table")[0] == "metrics")
    metrics = dataset["metrics"].set_index("metric_id")
    keys = point_field(claims, "key")
    assert keys and all(metrics.loc[k, "metric_group"] == "leaderboard" for k in keys)
    assert claims["yaxis"] == "y2"  # ranks on an axis of their own, never on the arena-score scale
    newest = plotly_spec(open_page("app_pages/competitors.py"), "Best LMArena text score per")
    assert not any(point_field(t, "table")[0] == "metrics" for t in newest["data"])  # months away from its snapshots
    scores = dataset["capability"].set_index("capability_id")
    spec = plotly_spec(open_page("app_pages/competitors.py", {"open_weights": "yes"}), "Best LMArena text score per")
    drawn = [k for t in spec["data"] if point_field(t, "table")[0] == "capability" for k in point_field(t, "key")]
    assert drawn and all(scores.loc[k, "open_weights"] for k in drawn)


def test_capability_race_names_each_qwen_model_where_it_first_appears(dataset):
    spec = plotly_spec(open_page("app_pages/competitors.py"), "Best LMArena text score per developer")
    alibaba = next(t for t in spec["data"] if t["name"] == "Alibaba")
    named = [text for text in alibaba["text"] if text]
    assert named and len(named) == len(set(named))  # each model once, at its first snapshot
    assert alibaba["text"][0] == named[0]


def test_a_card_leaves_out_a_unit_its_label_already_names():
    """'942.1M downloads' ran past a third-width card; the label 'Qwen downloads' already says what is counted."""
    at = open_page("app_pages/overview.py")
    values = {m.label: m.value for m in at.metric}
    assert not values["Qwen downloads"].endswith("downloads") and values["Qwen downloads"][0].isdigit()
    assert values["Qwen derivative models"].startswith(">") and "models" not in values["Qwen derivative models"]
    assert values["Alibaba Cloud revenue growth"].endswith("%")


def test_how_far_behind_draws_every_estimate_in_range_and_states_the_spread_never_an_average(dataset):
    from alibaba_ai_data.schema import GAP_TIME_UNITS
    from dashboard.figures.common import point_field

    gaps = dataset["gap_estimates"].set_index("gap_id")
    at = open_page("app_pages/competitors.py", {"view": "How far behind?", "start": "2023-01-01", "end": "2026-12-31"})
    lag = plotly_spec(at, "How far behind, in time")
    drawn = {k: x for t in lag["data"] for k, x in zip(point_field(t, "key"), decode(t["x"]))}
    in_time = gaps[gaps["unit"].astype(str).isin(GAP_TIME_UNITS)]
    assert set(drawn) == set(in_time.index)
    for key, x in drawn.items():
        per = 12 if in_time.loc[key, "unit"] == "years" else 1
        assert x == pytest.approx(float(in_time.loc[key, "value"]) * per)  # as stated; years shown as 12 months
    score = plotly_spec(at, "How far behind, in scores")
    assert {k for t in score["data"] for k in point_field(t, "key")} == set(gaps.index) - set(in_time.index)
    spread = [m.value for m in at.markdown if "published estimates of the lag" in m.value]
    assert len(spread) == 2 and not any("average of" in text for text in spread)
    china = next(text for text in spread if text.startswith("**China vs US**"))
    capability = in_time[(in_time["comparison"] == "China vs US") & (in_time["dimension"] == "capability")]
    assert f"{len(capability)} published estimates" in china
    assert "about 2 years" in china and "less than 3 months" in china  # Tsai 2024 and Artificial Analysis 2025

    narrowed = open_page("app_pages/competitors.py", {"view": "How far behind?", "compared": "open vs closed weights"})
    keys = [k for t in plotly_spec(narrowed, "How far behind, in time")["data"] for k in point_field(t, "key")]
    assert keys and all(gaps.loc[k, "comparison"] == "open vs closed weights" for k in keys)
    bad = open_page("app_pages/competitors.py", {"view": "How far behind?", "compared": "Mars vs Venus"})
    assert any("compared was not used" in w.value for w in bad.warning)


def test_the_overview_opens_on_the_key_events_and_draws_the_joined_chart_in_its_own_view():
    """The joined chart is the heaviest drawing in the app: it is drawn only in its view, one click away."""
    first = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in page_charts(open_page())]
    assert len(first) == 1 and first[0].startswith("Key events")
    joined = page_charts(open_page("app_pages/overview.py", {"view": "Money to capability"}))
    assert [json.loads(c.proto.spec)["layout"]["title"]["text"][:31] for c in joined] == ["From money to models to adoptio"]


def test_joined_timeline_aligns_money_models_adoption_and_capability_on_the_pages_range(dataset):
    from alibaba_ai_data.derived import labelled_events
    from dashboard.figures.common import point_field

    params = {"start": "2024-01-01", "end": "2026-12-31", "view": "Money to capability"}
    spec = plotly_spec(open_page("app_pages/overview.py", params), "From money to models")
    layout = spec["layout"]
    # The axis spans what is drawn within the page's range, not the empty months before it.
    low, high = (str(x)[:10] for x in layout["xaxis"]["range"])
    assert low >= "2024-01-01" and high <= "2026-12-31"
    drawn = [str(x)[:10] for trace in spec["data"] for x in (decode(trace.get("x")) or []) if str(x)[:2] == "20"]
    assert drawn and low <= min(drawn) and max(drawn) <= high
    assert all(layout[f"xaxis{i}"]["matches"] == "x5" for i in ("", 2, 3, 4))  # one time axis for the five strips
    keys: dict[str, list] = {}
    for trace in spec["data"]:
        for table, key in zip(point_field(trace, "table"), point_field(trace, "key")):
            keys.setdefault(table, []).append(key)
    capex = dataset["capex_quarters"]
    quarters = capex[capex["row_kind"] == "quarter"]
    assert sorted(keys["capex_quarters"]) == sorted(quarters["capex_id"])  # cumulative rows are not quarters
    gaps = [a for a in layout["annotations"] if a.get("text") == "no figure"]
    recorded = set(quarters["period_start"].dt.strftime("%Y-%m"))
    assert gaps and not any(a["x"][:7] in recorded for a in gaps)  # an empty quarter is named, never a recorded one
    releases = dataset["releases"]
    assert sorted(keys["releases"]) == sorted(
        releases.loc[
            (releases["developer"] == "Alibaba") & releases["release_date"].between("2024-01-01", "2026-12-31"), "release_id"
        ]
    )
    events = dataset["events"]
    labelled = labelled_events(events, dataset["responses"])
    in_range = events[events["event_id"].isin(labelled) & events["date"].between("2024-01-01", "2026-12-31")]
    assert sorted(keys["events"]) == sorted(in_range["event_id"])
    scores = dataset["capability"].set_index("capability_id")
    for trace in spec["data"]:
        if point_field(trace, "table")[:1] != ["capability"]:
            continue
        rows = scores.loc[point_field(trace, "key")]
        assert rows["board_version"].nunique() == 1  # a scale is never spliced into another
        for _key, row in rows.iterrows():
            same = scores[(scores["board_version"] == row["board_version"]) & (scores["as_of"] == row["as_of"])]
            side = same[(same["developer"] == "Alibaba") == (row["developer"] == "Alibaba")]
            assert row["value"] == side["value"].max()


def test_capability_race_shows_superclue_on_its_own_scale(dataset):
    from dashboard.figures.common import point_field

    scores = dataset["capability"].set_index("capability_id")
    version = "2023-10 to 2023-11 boards (OPEN and OPT questions)"
    at = open_page("app_pages/competitors.py", {"board": f"SuperCLUE · {version}", "start": "2023-01-01", "end": "2023-12-31"})
    spec = plotly_spec(at, "Best SuperCLUE score per developer")
    assert spec["layout"]["yaxis"]["title"]["text"] == "Score (this version's scale)"
    drawn = [k for t in spec["data"] if point_field(t, "table")[0] == "capability" for k in point_field(t, "key")]
    expected = scores[(scores["board"] == "SuperCLUE") & (scores["board_version"] == version)].index
    assert sorted(drawn) == sorted(expected) and len(set(scores.loc[drawn, "as_of"])) == 2


def test_alibabas_releases_in_a_year_are_one_download_from_the_timeline(dataset, downloads):
    at = open_page("app_pages/timeline.py", {"start": "2025-01-01", "end": "2025-12-31"})
    label, data = download(at, downloads, "Download Alibaba's")
    in_year = filter_table("releases", dataset["releases"], date(2025, 1, 1), date(2025, 12, 31))
    expected = in_year[in_year["developer"] == "Alibaba"].sort_values("release_date")
    back = pd.read_csv(io.BytesIO(data))
    assert label.startswith(f"Download Alibaba's {len(expected)} releases") and len(back) == len(expected) > 0
    assert set(back["developer"]) == {"Alibaba"} and sorted(back["release_id"]) == sorted(expected["release_id"])
