"""Figure builders, tested on their traces and encodings."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from alibaba_ai_data.derived import annualised_spending, investments_in_currency, response_gaps, rmb_per_usd, spending_plans
from alibaba_ai_data.filters import filter_dataset
from dashboard.figures.capex import capex_per_year, spending_periods
from dashboard.figures.common import point_field
from dashboard.figures.competitors import china_race, positioning_matrix, response_gaps_chart
from dashboard.figures.metrics import growth_bars, observations_frame, revenue_figure, signed_bars
from dashboard.figures.timeline import EVENT_LANE, events_timeline, marker_sizes, release_timeline


def points(fig, name=None):
    return [t for t in fig.data if t.mode and "markers" in t.mode and (name is None or t.name == name)]


def test_release_timeline_traces(dataset):
    fig = release_timeline(dataset["releases"], dataset["events"], dataset["sources"])
    plotted = sum(len(t.x) for t in points(fig) if t.name not in ("key event", "open weights", "API / product only"))
    assert plotted == len(dataset["releases"])
    text = next(t for t in fig.data if t.name == "text")
    models = point_field(text, "model")
    max_index = models.index("Qwen2.5-Max")
    assert text.marker.symbol[max_index] == "diamond-open"  # API only
    assert text.marker.symbol[models.index("Qwen-7B (+Chat)")] == "circle"
    hover_sources = point_field(text, "source")
    assert "Qwen blog: qwen2.5-max" not in hover_sources[max_index]  # hover cites the row's article
    assert "Teknomers" in hover_sources[max_index]
    assert point_field(text, "table") == ["releases"] * len(models)
    assert "%{customdata[2]}" in text.hovertemplate and "{model}" not in text.hovertemplate
    events = points(fig, "key event")[0]
    assert set(events.y) == {EVENT_LANE} and len(events.x) == len(dataset["events"])
    assert fig.layout.xaxis.title.text == "Release date" and fig.layout.title.text


def test_timeline_toggles(dataset):
    fig = release_timeline(dataset["releases"], dataset["events"], dataset["sources"], show_others=False, show_events=False)
    lanes = {y for t in points(fig) for y in (list(t.y) if t.y is not None else []) if y}
    assert lanes and all("(other)" not in lane for lane in lanes) and EVENT_LANE not in lanes


def test_marker_sizes_grow_with_parameters():
    import pandas as pd

    sizes = marker_sizes(pd.Series([0.5, 7, 72, 671, None]))
    assert sizes[0] < sizes[1] < sizes[2] < sizes[3]
    assert sizes[4] == 11


def test_approximate_event_dates_are_drawn_as_spans(dataset):
    fig = events_timeline(dataset["events"], dataset["sources"])
    spans = [t for t in fig.data if t.mode == "lines"][0]
    starts = [x for x in spans.x[::3]]
    assert pd_ts("2020-01-01") in starts  # the 2020-2022 crackdown
    assert any("≈" in when for when in point_field(points(fig, "key event")[0], "when"))


def pd_ts(value):
    import pandas as pd

    return pd.Timestamp(value)


def test_capex_chart_labels_the_average(dataset):
    rate, _ = rmb_per_usd(dataset["investments"])
    shown = investments_in_currency(dataset["investments"], "USD", rate)
    fig = capex_per_year(annualised_spending(shown), dataset["sources"], "USD")
    bar = fig.data[0]
    labels = list(bar.y)
    assert "Alibaba (3-yr average)" in labels
    assert bar.x[labels.index("Alibaba (3-yr average)")] == pytest.approx(53 / 3)
    assert bar.error_x.array[labels.index("Meta (one year)")] == pytest.approx(5)
    assert bar.marker.pattern.shape[labels.index("Alibaba (3-yr average)")] == "/"
    assert fig.layout.xaxis.title.text == "USD billions per year"
    rmb = capex_per_year(
        annualised_spending(investments_in_currency(dataset["investments"], "RMB", rate)), dataset["sources"], "RMB"
    )
    assert rmb.data[0].x[list(rmb.data[0].y).index("Alibaba (3-yr average)")] == pytest.approx(380 / 3)
    periods = spending_periods(spending_plans(shown), dataset["sources"], "USD")
    assert len(periods.data[0].y) == 5


def test_competitor_figures(dataset):
    matrix = positioning_matrix(dataset["competitors"], dataset["sources"])
    assert list(matrix.data[0].text) == dataset["competitors"]["company"].tolist()
    placed = positioning_matrix(dataset["competitors"], dataset["sources"], dataset["releases"])
    companies = list(placed.data[0].text)
    openai = companies.index("Microsoft / OpenAI")
    assert round(placed.data[0].x[openai]) == 2  # the 'yes' column: gpt-oss has open weights
    assert "gpt-oss" in point_field(placed.data[0], "open_basis")[openai]
    google = companies.index("Google")
    assert round(placed.data[0].x[google]) == 0 and "none open-weight" in point_field(placed.data[0], "open_basis")[google]
    gaps = response_gaps(dataset["responses"], dataset["releases"], dataset["events"])
    chart = response_gaps_chart(gaps, dataset["sources"])
    assert sorted(chart.data[0].x) == sorted(gaps["gap_days"].tolist())
    race = china_race(dataset["releases"], dataset["sources"], ["Alibaba", "DeepSeek"])
    assert {t.name for t in race.data} == {"Alibaba", "DeepSeek"}


def test_empty_range_gives_titled_empty_figures(dataset):
    tables = filter_dataset(dataset.tables, date(2016, 1, 1), date(2016, 12, 31))
    fig = release_timeline(tables["releases"], tables["events"], dataset["sources"])
    assert not fig.data and "No rows" in fig.layout.annotations[0].text


def test_metric_encodings(dataset):
    observations = observations_frame(dataset["metrics"], dataset["sources"])
    revenue = revenue_figure(observations)
    cloud = dataset["metrics"][dataset["metrics"]["metric"] == "Alibaba Cloud revenue"]
    assert [t.name for t in revenue.data][0] == "Alibaba Cloud revenue"
    assert sorted(revenue.data[0].y) == sorted(cloud["value"].astype(float))
    assert {str(k) for t in revenue.data for k in point_field(t, "key")} <= set(dataset["metrics"]["metric_id"])
    stock = signed_bars(observations, "Alibaba share price change", "moves")
    assert sorted(stock.data[0].x) == [-50.0, -1.2, 90.0]
    assert stock.layout.xaxis.title.text == "Change, %"
    growth = growth_bars(observations)
    assert sorted(growth.data[0].x) == [18.0, 26.0, 26.0, 29.0, 34.0, 36.0, 38.0, 40.0, 100.0] and "≥ 100%" in list(
        growth.data[0].text
    )


def test_burn_up_figure_draws_gaps_path_and_dated_statements(dataset):
    from alibaba_ai_data.tracker import data_as_of, pledge_burn_up, pledge_window
    from dashboard.figures.pledge import pledge_burn_up_figure

    window = pledge_window(dataset["investments"])
    burn_up = pledge_burn_up(dataset["capex_quarters"], window, data_as_of(dataset.sources))
    statements = dataset["pledge_statements"]
    cumulative = dataset["capex_quarters"].query("row_kind == 'cumulative'")
    fig = pledge_burn_up_figure(burn_up, window, statements, cumulative, dataset.sources)
    traces = {t.name: t for t in fig.data}
    path = traces["straight line to RMB 380bn"]
    assert pd.Timestamp(path.x[0]) == window.start and path.y[0] == 0
    assert pd.Timestamp(path.x[-1]) == window.end and path.y[-1] == pytest.approx(380)
    running = [t for name, t in traces.items() if name and "running total" in name]
    scopes = set(burn_up.loc[burn_up["status"] == "reported", "scope"])
    assert len(running) == len(scopes)  # one running total per scope, never one across scopes
    for line in running:
        assert line.connectgaps is False
        first_quarter = list(line.y)[0]
        assert first_quarter is None or np.isnan(first_quarter)  # Jan-Mar 2025: not found, not zero
    not_found = burn_up[burn_up["status"] == "not found in sources"]
    labels = [a.text for a in fig.layout.annotations if "not found in sources" in a.text]
    assert len(labels) == len(not_found) and "Jan-Mar 2025" in labels[0]
    marks = [t for t in fig.data if t.name and t.name.startswith("statement about the target")]
    marked = sorted(pd.Timestamp(x) for t in marks for x in t.x)
    assert marked == sorted(statements["date"])
    assert {t.name.rsplit(": ", 1)[1] for t in marks} == {"confirmed", "reported"}
    assert any("2026-01-30" in text and "480" in text for t in marks for text in t.text)
    diamonds = traces["company's own multi-quarter total (other window)"]
    assert sorted(diamonds.y) == sorted(cumulative["amount_bn"].astype(float))
    assert "Window assumed: Jan 2025 to Dec 2027" in fig.layout.title.subtitle.text


def test_cloud_growth_and_plan_vs_actual_figures(dataset):
    from alibaba_ai_data.tracker import plan_vs_actual
    from dashboard.figures.capex import plan_vs_actual_figure
    from dashboard.figures.pledge import cloud_growth_figure

    growth = dataset["metrics"][dataset["metrics"]["metric"] == "Alibaba Cloud revenue growth"]
    bars = cloud_growth_figure(growth, dataset.sources).data[0]
    assert list(bars.x) == ["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025", "Q1 2026"]
    assert list(bars.y) == [18, 26, 34, 36, 38]
    rows = plan_vs_actual(investments_in_currency(dataset["investments"], "USD", 7.1698))
    fig = plan_vs_actual_figure(rows, dataset.sources, "USD")
    assert [t.name for t in fig.data] == ["plan", "reported", "guidance", "revised guidance"]
    reported = fig.data[1]
    assert any("fiscal year Jul 2024-Jun 2025" in text for text in reported.text)
    guidance = dict(zip(fig.data[2].x, fig.data[2].error_y.array))
    assert guidance["Alphabet"] == pytest.approx(10) and guidance["Amazon"] == 0


def test_adoption_figure_marks_the_articles_and_the_disputed_crossing(dataset):
    from alibaba_ai_data.tracker import adoption_series
    from dashboard.figures.adoption import adoption_figure

    series = adoption_series(dataset["adoption"], dataset["metrics"], dataset.sources, "downloads")
    milestones = dataset["events"][dataset["events"]["category"] == "adoption"]
    fig = adoption_figure(series, milestones, dataset.sources, "downloads")
    article = next(t for t in fig.data if t.name == "Qwen (the articles' figure)")
    assert list(article.y) == [400_000_000] and article.marker.symbol == "square"
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(pd.Timestamp(s.x0) for s in lines) == sorted(milestones["date"])
    assert all("(sources disagree)" in a.text for a in fig.layout.annotations)
    assert fig.layout.yaxis.range[1] > series["value"].max()


def test_timeline_labels_the_releases_that_matter_without_stacking_two_in_one_place(dataset):
    from alibaba_ai_data.derived import labelled_events, labelled_releases

    chosen = labelled_releases(dataset["releases"], dataset["responses"])
    fig = release_timeline(
        dataset["releases"],
        dataset["events"],
        dataset["sources"],
        labelled=chosen,
        labelled_event_ids=labelled_events(dataset["events"], dataset["responses"]),
    )
    texts = [a.text for a in fig.layout.annotations]
    assert {"DeepSeek-R1", "Qwen2.5-Max", "Llama 2", "Qwen3.5-397B-A17B"} <= set(texts)
    assert "RMB 380bn three-year AI and cloud plan" in texts
    placed = [(str(a.x)[:10], a.y, a.ay) for a in fig.layout.annotations]
    assert len(placed) == len(set(placed))  # no two labels share a point and a slot
    unlabelled = release_timeline(dataset["releases"], dataset["events"], dataset["sources"])
    assert not unlabelled.layout.annotations


def test_a_chart_entry_credits_the_sources_of_every_plotted_row_in_its_image_and_its_meta(dataset):
    from dashboard.charts import SOURCES_META, chart_entry, export_ready
    from dashboard.citations import plain_sources
    from dashboard.figure_wire import meta_of, wire_form
    from dashboard.figures.timeline import events_timeline
    from dashboard.url_params import DateRange

    span = DateRange(date(2025, 1, 1), date(2025, 12, 31))
    events = dataset["events"].iloc[:6]
    fig = events_timeline(events, dataset.sources)
    entry = chart_entry(fig, span, dataset.tables, dataset.source_records, extra_sources=["not-a-source", 3])
    expected = [*events["source_id"], *events["date_source_id"].dropna()]
    assert entry.source_ids[: len(set(expected))] == tuple(dict.fromkeys(expected))
    assert entry.source_ids[-1] == "not-a-source"  # extras are kept (and cited where they resolve); non-strings dropped
    layout = entry.figure.to_dict()["layout"]
    assert meta_of(layout)[SOURCES_META] == list(entry.source_ids)
    assert plain_sources(entry.source_ids, dataset.source_records) in layout["title"]["subtitle"]["text"].replace("<br>", " ")
    same = export_ready(fig, span, plain_sources(entry.source_ids, dataset.source_records), source_ids=entry.source_ids)
    assert entry.figure.to_dict() == wire_form(same.to_dict())


def test_point_data_names_its_columns_and_fills_hover_templates_by_name():
    from dashboard.figures.common import point_data

    points = point_data("releases", ["a", "b"], model=["M1", "M2"], when=["2025", "2026"])
    assert points.columns == ("table", "key", "model", "when")
    template = points.hover("<b>{model}</b> %{x:,.1f} {when} {unknown}")
    assert template == "<b>%{customdata[2]}</b> %{x:,.1f} %{customdata[3]} {unknown}"
    trace = {"customdata": points.take([1]).values.tolist(), "meta": points.meta}
    assert point_field(trace, "key") == ["b"] and point_field(trace, "when") == ["2026"]
    with pytest.raises(KeyError):
        point_field(trace, "licence")
    with pytest.raises(ValueError):
        point_data("releases", ["a"], model=["M1", "M2"])
    assert point_data(["metrics", "adoption"], ["m", "a"]).values[:, 0].tolist() == ["metrics", "adoption"]


def test_prepared_figure_is_plain_json_so_each_rerun_skips_plotlys_element_walk(dataset):
    """Text arrays and dates are made plain once: the figure serialises on orjson's direct path (no TypeError), to the
    JSON plotly.py writes for it while its axes are autoranged, and to its wire form once they are settled."""
    import orjson
    import plotly.io as pio

    from dashboard.charts import PreparedFigure
    from dashboard.figure_wire import wire_form
    from dashboard.figures.labels import settle_axes
    from dashboard.figures.timeline import events_timeline

    fig = events_timeline(dataset["events"], dataset.sources)
    raw = fig.to_dict()
    with pytest.raises(TypeError):  # the unprepared dict would send plotly.io down its slow cleaning walk
        orjson.dumps(raw, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)
    prepared = PreparedFigure(fig)
    orjson.dumps(prepared.to_dict(), option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)
    assert json.loads(pio.to_json(prepared, validate=False)) == json.loads(pio.to_json(fig, validate=False))
    assert "datarevision" not in prepared.to_dict()["layout"]

    assert settle_axes(fig)
    settled = PreparedFigure(fig)
    orjson.dumps(settled.to_dict(), option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)
    assert json.loads(pio.to_json(settled, validate=False)) == wire_form(fig.to_dict())


def test_selectable_figures_carry_the_modes_streamlit_would_set_in_the_browser(dataset):
    """Streamlit 1.67's chart element sets click, hover and drag modes on a chart that reports selections, once it
    has mounted, unless the figure sets them (its own hover and drag modes are kept; the click mode follows the drag
    mode). A figure that already carries them is not drawn a second time in full on load."""
    import plotly.io as pio

    from dashboard.charts import PreparedFigure, selection_modes
    from dashboard.figures.timeline import events_timeline

    assert selection_modes({}, ("points",)) == {"clickmode": "event+select", "hovermode": "closest", "dragmode": "pan"}
    assert selection_modes({"dragmode": "select"}, ("box",)) == {
        "clickmode": "event",
        "hovermode": "closest",
        "dragmode": "select",
    }
    assert selection_modes({}, ("box",))["dragmode"] == "select"
    assert selection_modes({}, ("lasso",)) == {"clickmode": "event", "hovermode": "closest", "dragmode": "lasso"}
    assert selection_modes({"hovermode": "x unified"}, ("points",))["hovermode"] == "x unified"
    assert selection_modes({}, ()) == {}

    prepared = PreparedFigure(events_timeline(dataset["events"], dataset.sources))
    drawn = prepared.selectable(["points"])
    assert drawn is prepared.selectable(("points",))  # made once per mode
    assert drawn.to_dict()["layout"]["clickmode"] == "event+select"
    assert "clickmode" not in prepared.to_dict()["layout"]  # the shared figure is left as it was
    assert drawn.to_dict()["data"] is prepared.to_dict()["data"]  # the traces are shared, not copied
    assert json.loads(pio.to_json(drawn, validate=False))["layout"]["dragmode"] == "pan"


def test_reserved_margins_fit_category_labels_and_a_side_legend():
    import plotly.graph_objects as go

    from dashboard.figures.common import TICK_CHAR_PX, reserve_margins

    fig = go.Figure(go.Scatter(x=[1, 2], y=["Zhipu AI (Z.ai) (other)", "Qwen"], name="a rather long legend entry"))
    reserve_margins(fig)
    assert fig.layout.margin.l >= len("Zhipu AI (Z.ai) (other)") * TICK_CHAR_PX
    assert fig.layout.margin.r >= len("a rather long legend entry") * 6
    flat = go.Figure(go.Bar(x=[1], y=[2], showlegend=False))
    flat.update_layout(margin=dict(l=70, r=20))
    reserve_margins(flat)
    assert flat.layout.margin.l == 70 and flat.layout.margin.r == 20


def test_capability_race_marks_stretches_without_a_snapshot(dataset):
    from dashboard.figures.capability import race_figure

    version = "style control, files from 2025-11-05"
    scores = dataset["capability"]
    close = race_figure(scores, dataset.sources, "LMArena text", version)
    assert not close.layout.shapes  # 2025-11-06 and 2025-12-11 are under a quarter apart
    later = scores.assign(as_of=scores["as_of"].where(scores["as_of"] != pd.Timestamp("2025-12-11"), pd.Timestamp("2026-06-11")))
    bands = [
        (pd.Timestamp(s.x0), pd.Timestamp(s.x1))
        for s in race_figure(later, dataset.sources, "LMArena text", version).layout.shapes
    ]
    assert bands == [(pd.Timestamp("2025-11-06"), pd.Timestamp("2026-06-11"))]


def test_a_single_date_is_a_day_on_a_padded_date_axis():
    from dashboard.figures.common import pad_single_date

    day = pd.Timestamp("2026-09-09")
    fig = go.Figure(go.Scatter(x=[day, day, day], y=[40.3, 50.7, 25.8], mode="markers"))
    pad_single_date(fig)
    low, high = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert low < day < high and (high - low).days == 90
    assert fig.layout.xaxis.tickformat == "%d %b %Y"
    two = go.Figure(go.Scatter(x=[day, day + pd.Timedelta(days=30)], y=[1, 2]))
    pad_single_date(two)
    assert two.layout.xaxis.range is None
    categories = go.Figure(go.Bar(x=["Q1 2025"], y=[18]))
    pad_single_date(categories)
    assert categories.layout.xaxis.range is None


def test_a_missing_date_is_an_empty_cell_not_none():
    from dashboard.tables import readable_table

    frame = pd.DataFrame({"date": pd.to_datetime(["2025-02-24", None]), "end_date": pd.to_datetime([None, None])})
    shown, config, _ = readable_table(frame, "events")
    assert shown["date"].tolist() == ["2025-02-24", ""] and shown["end_date"].tolist() == ["", ""]
    full = readable_table(pd.DataFrame({"date": pd.to_datetime(["2025-02-24"])}), "events")[0]
    assert pd.api.types.is_datetime64_any_dtype(full["date"])  # a complete column stays a date column


def test_bars_drawn_from_a_base_date_keep_their_own_axis():
    from dashboard.figures.common import pad_single_date

    starts = pd.to_datetime(["2024-07-01", "2025-01-01"])
    year_ms = 365 * 24 * 3600 * 1000.0
    fig = go.Figure(go.Bar(base=starts, x=[year_ms, 3 * year_ms], y=["a", "b"], orientation="h"))
    fig.update_layout(xaxis_type="date")
    pad_single_date(fig)
    assert fig.layout.xaxis.range is None  # two spans over three years, not one day in 1970


def test_joined_timeline_with_no_capex_quarter_names_no_gap_and_says_what_is_missing(dataset):
    """With no Alibaba quarter in range there is no first recorded quarter to count gaps from: the panel says it has
    none, instead of marking every quarter since the range began as 'no figure'."""
    from dashboard.figures.joined import joined_timeline

    empty = {name: frame.iloc[0:0] for name, frame in dataset.tables.items()}
    fig = joined_timeline(
        empty["capex_quarters"],
        empty["releases"],
        set(),
        empty["adoption"].assign(table=[], key=[]),
        None,
        empty["capability"],
        empty["events"],
        dataset.sources,
        (pd.Timestamp("2015-01-01"), pd.Timestamp("2026-12-31")),
        pd.Timestamp("2026-12-06"),
    )
    texts = [a.text for a in fig.layout.annotations]
    assert "no figure" not in texts
    assert {
        "No key event in the selected range",
        "No Alibaba capex quarter in the selected range",
        "No Qwen release in the selected range",
        "No Qwen adoption count in the selected range",
        "No LMArena text score in the selected range",
    } <= set(texts)


def test_a_legend_under_the_chart_gives_each_entry_room_for_its_drawn_text():
    from dashboard.figures.common import LEGEND_ENTRY_CHAR_PX, reserve_margins

    names = ["Qwen", "Chinese open models", "US open models"]
    fig = go.Figure([go.Scatter(x=[1, 2], y=[1, 2], name=name) for name in names])
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0))
    reserve_margins(fig)
    # 13 px legend text was drawn up to 7.8 px a character (Plotly measured about 8% less and clipped the last entry).
    assert [trace.legendwidth for trace in fig.data] == [int(len(n) * LEGEND_ENTRY_CHAR_PX) + 4 for n in names]
    assert all(trace.legendwidth >= len(trace.name) * 7.8 for trace in fig.data)

    shared = go.Figure([go.Scatter(x=[1], y=[1], name=name) for name in names])
    shared.update_layout(legend=dict(orientation="h", y=-0.2, entrywidth=0.5, entrywidthmode="fraction"))
    reserve_margins(shared)
    assert all(trace.legendwidth is None for trace in shared.data)  # entries keep their set fraction of the row
