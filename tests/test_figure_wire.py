"""The figures' wire form (dashboard/figure_wire.py): plain JSON arrays, the template folded in as Plotly applies it,
meta wrapped, and a data revision that follows the content. The browser side (drawn once, drawn the same) is in
tests/browser/test_wire_form.py."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from dashboard.figure_wire import meta_of, untemplated, wire_form

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
