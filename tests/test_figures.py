"""Figure builders, tested on their traces and encodings."""

from __future__ import annotations

from datetime import date

import pytest

from alibaba_ai_data.derived import annualised_spending, investments_in_currency, response_gaps, rmb_per_usd
from alibaba_ai_data.filters import filter_dataset
from dashboard.figures.capex import capex_per_year, spending_periods
from dashboard.figures.competitors import china_race, positioning_matrix, response_gaps_chart
from dashboard.figures.metrics import BRUSH, adoption_chart, growth_bars, observation_strip, observations_frame, signed_bars
from dashboard.figures.timeline import EVENT_LANE, events_timeline, marker_sizes, release_timeline


def points(fig, name=None):
    return [t for t in fig.data if t.mode and "markers" in t.mode and (name is None or t.name == name)]


def test_release_timeline_traces(dataset):
    fig = release_timeline(dataset["releases"], dataset["events"], dataset["sources"])
    plotted = sum(len(t.x) for t in points(fig) if t.name not in ("key event", "open weights", "API / product only"))
    assert plotted == len(dataset["releases"])
    text = next(t for t in fig.data if t.name == "text")
    models = [row[2] for row in text.customdata]
    max_index = models.index("Qwen2.5-Max")
    assert text.marker.symbol[max_index] == "diamond-open"  # API only
    assert text.marker.symbol[models.index("Qwen-7B (+Chat)")] == "circle"
    assert "Qwen blog: qwen2.5-max" not in text.customdata[max_index][7]  # hover cites the row's article
    assert "Teknomers" in text.customdata[max_index][7]
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
    assert any("≈" in row[3] for row in points(fig, "key event")[0].customdata)


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
    periods = spending_periods(shown, dataset["sources"], "USD")
    assert len(periods.data[0].y) == 5


def test_competitor_figures(dataset):
    matrix = positioning_matrix(dataset["competitors"], dataset["sources"])
    assert list(matrix.data[0].text) == dataset["competitors"]["company"].tolist()
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
    strip = observation_strip(observations).to_dict()
    assert strip["encoding"]["x"]["field"] == "as_of" and strip["encoding"]["x"]["type"] == "temporal"
    assert strip["params"][0]["name"] == BRUSH
    assert {t["field"] for t in strip["encoding"]["tooltip"]} >= {"shown_value", "as_of_label", "source"}
    adoption = adoption_chart(observations)
    assert [t.name for t in adoption.data] == ["Qwen derivative models", "Qwen downloads"]
    assert list(adoption.data[0].y) == [90000, 140000, 180000] and adoption.data[0].line.dash == "dash"
    stock = signed_bars(observations, "Alibaba share price change", "moves")
    assert sorted(stock.data[0].x) == [-50.0, -1.2, 90.0]
    assert stock.layout.xaxis.title.text == "Change, %"
    growth = growth_bars(observations)
    assert sorted(growth.data[0].x) == [26.0, 100.0] and "≥ 100%" in list(growth.data[0].text)
