"""The figures' wire form (dashboard/figure_wire.py): plain JSON arrays, the template folded in as Plotly applies it,
meta wrapped, and a data revision that follows the content. The browser side (drawn once, drawn the same) is in
tests/browser/test_wire_form.py."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figure_wire import browser_form, meta_of, settled, untemplated, wire_form

TEMPLATE = {
    "layout": {
        "font": {"size": 13, "color": "#111111"},
        "title": {"x": 0, "font": {"size": 17}},
        "xaxis": {"gridcolor": "#EEEEEE", "linecolor": "#EEEEEE", "zeroline": False},
        "yaxis": {"gridcolor": "#EEEEEE", "automargin": True},
        "annotationdefaults": {"showarrow": False, "font": {"size": 11}},
    },
    "data": {"scatter": [{"marker": {"symbol": "circle"}}, {"marker": {"symbol": "square"}}]},
}


def test_arrays_go_as_plain_lists_and_gaps_as_null():
    fig = go.Figure(
        go.Scatter(
            x=np.array([1.0, 2.0, 3.0]),
            y=np.array([1.5, np.nan, np.inf]),
            marker=dict(size=np.array([3, 4, 5], dtype=np.int8)),
            customdata=np.arange(6.0).reshape(3, 2),
        )
    )
    assert "bdata" in json.dumps(fig.to_dict(), default=str)  # plotly.py writes typed arrays
    trace = wire_form(fig.to_dict())["data"][0]
    assert trace["x"] == [1.0, 2.0, 3.0] and trace["y"] == [1.5, None, None]
    assert trace["marker"]["size"] == [3, 4, 5] and trace["customdata"] == [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]
    json.dumps(wire_form(fig.to_dict()), allow_nan=False)  # strict JSON throughout


def test_the_template_is_folded_in_under_the_figures_own_values():
    layout = {
        "template": TEMPLATE,
        "font": {"size": 15},
        "yaxis2": {"title": {"text": "Second"}},
        "annotations": [{"text": "a", "showarrow": True}, {"text": "b"}],
    }
    data = [{"type": "scatter", "x": [1], "y": [1]}, {"type": "scatter", "x": [1], "y": [2], "xaxis": "x3", "yaxis": "y2"}]
    traces, out = untemplated(data, layout)
    assert "template" not in out
    assert out["font"] == {"size": 15, "color": "#111111"}  # the figure's size, the template's colour
    assert out["title"] == {"x": 0, "font": {"size": 17}}
    # Every axis of a letter takes that letter's template: named in the layout, or only drawn on by a trace.
    assert out["xaxis3"]["gridcolor"] == "#EEEEEE" and out["xaxis"]["gridcolor"] == "#EEEEEE"
    assert out["yaxis2"] == {"gridcolor": "#EEEEEE", "automargin": True, "title": {"text": "Second"}}
    assert out["annotations"] == [
        {"showarrow": True, "font": {"size": 11}, "text": "a"},
        {"showarrow": False, "font": {"size": 11}, "text": "b"},
    ]
    assert [t["marker"]["symbol"] for t in traces] == ["circle", "square"]  # template.data items taken in turn
    assert "annotationdefaults" not in out


def test_a_colour_that_only_styles_under_a_template_does_not_switch_its_part_on():
    """Plotly shows an axis line or grid for a colour the figure sets, not for one its template sets: the fold
    writes the switch out as Plotly would have left it."""
    scatter = [{"type": "scatter", "x": [1], "y": [1]}]
    _, out = untemplated(scatter, {"template": TEMPLATE})
    assert out["xaxis"]["showline"] is False  # no axis line by default
    assert "showgrid" not in out["xaxis"]  # a grid by default: the colour shows it, as before
    assert out["xaxis"]["zeroline"] is False  # the template's own switch, kept
    bars = [{"type": "bar", "x": ["a"], "y": [1]}]
    _, out = untemplated(bars, {"template": TEMPLATE})
    assert out["xaxis"]["showgrid"] is False and "showgrid" not in out["yaxis"]  # no grid along the bars
    sideways = [{"type": "bar", "x": [1], "y": ["a"], "orientation": "h"}]
    _, out = untemplated(sideways, {"template": TEMPLATE})
    assert out["yaxis"]["showgrid"] is False and "showgrid" not in out["xaxis"]
    # The figure's own colour or switch decides, and nothing is added.
    _, out = untemplated(bars, {"template": TEMPLATE, "xaxis": {"gridcolor": "#000000"}})
    assert "showgrid" not in out["xaxis"] and out["xaxis"]["gridcolor"] == "#000000"
    _, out = untemplated(bars, {"template": TEMPLATE, "xaxis": {"showline": True}})
    assert out["xaxis"]["showline"] is True and out["xaxis"]["linecolor"] == "#EEEEEE"


def test_a_template_the_fold_cannot_carry_is_refused():
    ticks = {"layout": {"xaxis": {"tickcolor": "#000000"}}}
    with pytest.raises(ValueError, match="tickcolor"):
        untemplated([{"type": "scatter", "x": [1], "y": [1]}], {"template": ticks})
    with pytest.raises(ValueError, match="orientation"):
        untemplated([{"type": "box", "x": [1], "y": [1]}], {"template": TEMPLATE})


def test_meta_goes_wrapped_and_reads_the_same_in_either_form():
    fig = go.Figure(go.Scatter(x=[1], y=[1], meta={"point_data": ["table", "key"]}))
    fig.update_layout(meta={"source_ids": ["a", "b"]})
    wire = wire_form(fig.to_dict())
    assert wire["data"][0]["meta"] == [{"point_data": ["table", "key"]}]
    assert wire["layout"]["meta"] == [{"source_ids": ["a", "b"]}]
    assert meta_of(wire["layout"]) == meta_of(fig.to_dict()["layout"]) == {"source_ids": ["a", "b"]}
    assert meta_of({}) == {} and meta_of({"meta": "text"}) == {}


def test_the_data_revision_follows_the_content():
    def revision(y, **layout):
        fig = go.Figure(go.Scatter(x=[1, 2], y=y))
        fig.update_layout(**layout)
        return wire_form(fig.to_dict())["layout"]["datarevision"]

    assert revision([1, 2]) == revision([1, 2])
    assert revision([1, 2]) != revision([1, 3])
    assert revision([1, 2]) != revision([1, 2], title_text="Other")
    assert revision([1, 2], datarevision="mine") == revision([1, 2])  # the figure's own is replaced, not hashed


def _markers_and_lines() -> go.Figure:
    dates = pd.to_datetime(["2025-01-01", "2025-07-01", "2026-01-01"])
    fig = go.Figure(
        [
            go.Scatter(x=dates, y=["Qwen", "DeepSeek", "Qwen"], mode="markers", name="releases"),
            go.Scatter(x=dates, y=np.array([10.0, 40.0, 25.0]), mode="lines", yaxis="y2", name="count"),
        ]
    )
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", rangemode="tozero"), height=500)
    return fig


def test_settled_axes_get_the_type_and_range_the_label_layout_places_against():
    from dashboard.figures import labels

    fig = _markers_and_lines()
    assumed = {name: labels._axis(fig, name, labels.ASSUMED_WIDTH, 500) for name in ("x", "y", "y2")}
    assert labels.settle_axes(fig)
    layout = fig.layout
    assert (layout.xaxis.type, layout.yaxis.type, layout.yaxis2.type) == ("date", "category", "linear")
    assert all(axis.autorange is False for axis in (layout.xaxis, layout.yaxis, layout.yaxis2))
    assert list(layout.yaxis.range) == [-0.5, 1.5]  # half a lane beyond the two categories
    span = pd.Timestamp("2026-01-01") - pd.Timestamp("2025-01-01")
    low, high = (pd.Timestamp(value) for value in layout.xaxis.range)
    assert abs(low - (pd.Timestamp("2025-01-01") - span * 0.06)) < pd.Timedelta(seconds=1)
    assert abs(high - (pd.Timestamp("2026-01-01") + span * 0.06)) < pd.Timedelta(seconds=1)
    assert list(layout.yaxis2.range) == pytest.approx([0.0, 42.4])  # from zero (rangemode), 6% above the top
    # The labels are placed against the ranges the chart is now drawn with.
    for name, axis in assumed.items():
        now = labels._axis(fig, name, labels.ASSUMED_WIDTH, 500)
        assert (now.low, now.high) == pytest.approx((axis.low, axis.high), abs=1e3 if name == "x" else 1e-9)
    assert settled(fig.to_dict())


def test_an_axis_settle_axes_cannot_estimate_stays_autoranged():
    from dashboard.figures.labels import settle_axes

    stacked = go.Figure([go.Bar(x=["a", "b"], y=[1, 2]), go.Bar(x=["a", "b"], y=[3, 1])]).update_layout(barmode="stack")
    assert not settle_axes(stacked) and stacked.layout.yaxis.range is None and not settled(stacked.to_dict())
    on_dates = go.Figure(go.Bar(x=pd.to_datetime(["2025-01-01", "2025-04-01"]), y=[1, 2]))
    assert not settle_axes(on_dates)  # Plotly pads a date axis by the bars' widths
    based = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], base=[1, 1]))
    assert not settle_axes(based)
    bars_and_line = go.Figure([go.Bar(x=["a", "b"], y=[1, 2]), go.Scatter(x=["a", "b"], y=[5, 6])])
    assert not settle_axes(bars_and_line)
    log = _markers_and_lines()
    log.update_layout(yaxis2_type="log")
    assert not settle_axes(log)
    reversed_numbers = _markers_and_lines()
    reversed_numbers.update_layout(yaxis2_autorange="reversed")
    assert not settle_axes(reversed_numbers)
    ranged = _markers_and_lines()
    ranged.update_layout(xaxis_range=["2024-06-01", "2026-06-01"])
    assert settle_axes(ranged)
    assert list(ranged.layout.xaxis.range) == ["2024-06-01", "2026-06-01"] and ranged.layout.xaxis.type == "date"
    lanes = _markers_and_lines()
    lanes.update_layout(yaxis_autorange="reversed")
    assert settle_axes(lanes) and list(lanes.layout.yaxis.range) == [1.5, -0.5]


def test_bars_along_categories_get_the_range_plotlys_autorange_draws():
    """The numbers read back from Plotly's drawn axes (_fullLayout) for these bars in the browser: from zero, or
    the lowest bar, to the highest, each end that is not zero padded by 5% of the axis."""
    from dashboard.figures.labels import settle_axes

    signed = go.Figure(go.Bar(x=[-1.2, 90.0], y=["one", "two"], orientation="h"))
    assert settle_axes(signed) and settled(signed.to_dict())
    assert list(signed.layout.xaxis.range) == pytest.approx([-6.266666666666666, 95.06666666666666])
    assert (signed.layout.yaxis.type, list(signed.layout.yaxis.range)) == ("category", [-0.5, 1.5])
    upright = go.Figure(go.Bar(x=["a", "b", "c", "d"], y=[14, 3, 0, 7]))
    assert settle_axes(upright) and list(upright.layout.yaxis.range) == pytest.approx([0, 14.736842105263158])
    assert list(upright.layout.xaxis.range) == [-0.5, 3.5]
    below = go.Figure(go.Bar(x=["a", "b"], y=[-4.0, -2.0]))
    assert settle_axes(below) and list(below.layout.yaxis.range) == pytest.approx([-4 / 0.95, 0])
    # Whiskers given as data count, as Plotly draws them (on once an array is given); others keep the autorange.
    whiskers = go.Figure(go.Bar(x=["a", "b"], y=[10.0, 20.0], error_y=dict(type="data", array=[15.0, 1.0], arrayminus=[0, 0])))
    assert settle_axes(whiskers) and list(whiskers.layout.yaxis.range) == pytest.approx([0, 25 / 0.95])
    hidden = go.Figure(go.Bar(x=["a", "b"], y=[10.0, 20.0], error_y=dict(array=[15.0, 1.0], visible=False)))
    assert settle_axes(hidden) and list(hidden.layout.yaxis.range) == pytest.approx([0, 20 / 0.95])
    percent = go.Figure(go.Bar(x=["a", "b"], y=[10.0, 20.0], error_y=dict(type="percent", value=10)))
    assert not settle_axes(percent)
    given = go.Figure(go.Bar(x=["a", "b"], y=[1, 2])).update_layout(yaxis_range=[0, 10])
    assert settle_axes(given) and list(given.layout.yaxis.range) == [0, 10] and given.layout.yaxis.type == "linear"


def test_only_a_settled_figure_goes_in_the_wire_form():
    from dashboard.figures.labels import settle_axes

    fig = _markers_and_lines()
    written = browser_form(fig.to_dict())
    assert "datarevision" not in written["layout"] and "bdata" in json.dumps(written)  # as plotly.py writes it
    assert "bdata" in json.dumps(fig.to_dict(), default=str)  # and the figure's own dict is left as it was
    settle_axes(fig)
    assert browser_form(fig.to_dict()) == wire_form(fig.to_dict())
    # One axis without its type, or with autorange back on, and the figure goes as plotly.py writes it.
    for change in ({"yaxis2_type": "-"}, {"xaxis_autorange": True}):
        other = go.Figure(fig).update_layout(**change)
        assert not settled(other.to_dict()) and "datarevision" not in browser_form(other.to_dict())["layout"]
    assert not settled({"data": [], "layout": {}}) and not settled({"data": [{"type": "pie"}], "layout": {}})


def test_a_settled_range_holds_the_error_bars():
    from dashboard.figures.labels import settle_axes

    fig = go.Figure(
        go.Scatter(
            x=np.array([1.0, 2.0]),
            y=np.array([10.0, 20.0]),
            error_y=dict(type="data", symmetric=False, array=np.array([5.0, 10.0]), arrayminus=np.array([8.0, 1.0])),
            error_x=dict(type="data", array=np.array([0.5, 0.5])),
        )
    )
    assert settle_axes(fig)
    low, high = fig.layout.yaxis.range
    assert low < 2.0 and high > 30.0  # 10 - 8 and 20 + 10, each with room beyond
    low, high = fig.layout.xaxis.range
    assert low < 0.5 and high > 2.5  # symmetric: 1 - 0.5 and 2 + 0.5
