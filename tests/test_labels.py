"""The label layout step: direct labels that would overlap or leave the plot are moved, and dropped only when no
position is free; labels on the plot's frame stay where their builder put them."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.labels import (
    LABEL_TRACE,
    LEADER_TRACE,
    Box,
    _Layout,
    labels_as_text,
    leaders_as_text,
    settle_labels,
    text_on_top,
    text_size,
)


def boxes_of(fig: go.Figure) -> list[str]:
    trace = fig.data[0]
    return [t for t in trace.text if t]


def test_crowded_text_points_are_moved_then_dropped_never_overprinted():
    days = pd.date_range("2025-01-01", periods=12, freq="D")
    fig = go.Figure(
        go.Scatter(
            x=days,
            y=[1] * 12,
            mode="markers+text",
            text=[f"Model {i} with a long name" for i in range(12)],
            textposition="top center",
        )
    )
    fig.update_layout(height=400, margin=dict(l=60, r=20, t=40, b=40))
    dropped = settle_labels(fig)
    kept = boxes_of(fig)
    assert 0 < len(kept) < 12 and dropped == 12 - len(kept)
    assert len(set(fig.data[0].textposition)) > 1  # some labels moved before any was dropped
    # The first point, placed first, always keeps its label.
    assert fig.data[0].text[0]


def test_far_apart_labels_are_left_alone():
    fig = go.Figure(
        go.Scatter(
            x=["2024-01-01", "2025-01-01", "2026-01-01"],
            y=[1, 1, 1],
            mode="markers+text",
            text=["a", "b", "c"],
            textposition="top center",
        )
    )
    assert settle_labels(fig) == 0
    assert list(fig.data[0].text) == ["a", "b", "c"] and list(fig.data[0].textposition) == ["top center"] * 3
    assert fig.data[0].textfont.shadow == "auto"  # a halo: readable over a gridline or a line drawn under it


def test_a_label_at_the_right_edge_turns_inward_rather_than_leaving_the_plot():
    fig = go.Figure(go.Scatter(x=[0, 10], y=[0, 10], mode="markers"))
    fig.add_annotation(x=10, y=5, text="a long label that would run off the right edge", showarrow=False, xanchor="left")
    fig.update_layout(xaxis_range=[0, 10], yaxis_range=[0, 10])
    assert settle_labels(fig) == 0
    assert fig.layout.annotations[0].xanchor == "right"


def test_colliding_annotations_stack_and_frame_labels_stay_put():
    fig = go.Figure(go.Scatter(x=[0, 10], y=[0, 10], mode="markers"))
    fig.add_annotation(x=0.5, y=1, xref="paper", yref="paper", text="Sources: a frame label", showarrow=False)
    for _ in range(2):
        fig.add_annotation(x=5, y=5, text="same place", showarrow=True, ay=-30)
    fig.update_layout(xaxis_range=[0, 10], yaxis_range=[0, 10], height=500)
    settle_labels(fig)
    frame, first, second = fig.layout.annotations
    assert frame.x == 0.5 and frame.yshift is None
    assert first.ay == -30 and second.ay != -30 and second.visible is not False
    # The label left where its builder put it is drawn without its leader line, in the same box; the one moved away
    # from its point keeps its line.
    assert first.showarrow is False and (first.xshift, first.yshift, first.yanchor) == (0, 30, "middle")
    assert second.showarrow is True


def test_boxes_clear_only_when_apart():
    a = Box(0, 0, 10, 10)
    assert not a.clears(Box(5, 5, 15, 15))
    assert a.clears(Box(20, 0, 30, 10))
    width, height = text_size("two<br>lines of <b>text</b>", 10)
    assert height > text_size("one line", 10)[1] and width < text_size("two lines of <b>text</b> on one", 10)[0]


def test_labels_on_a_datetime_axis_are_placed_on_the_same_scale_as_the_axis():
    days = pd.to_datetime(["2025-11-06", "2025-12-11", "2026-01-15"]).to_numpy()
    fig = go.Figure(
        go.Scatter(
            x=days, y=[1432.0, 1433.0, 1450.0], mode="lines+markers+text", text=["qwen3-max", "", ""], textposition="top right"
        )
    )
    fig.update_layout(height=560)
    assert settle_labels(fig) == 0 and fig.data[0].text[0] == "qwen3-max"


def label_texts(fig: go.Figure) -> list[str]:
    """Every direct label the figure shows: visible annotations and the text of label traces."""
    notes = [a.text for a in fig.layout.annotations if a.visible is not False]
    traced = [t for trace in fig.data if trace.name == LABEL_TRACE for t in trace.text]
    return [t for t in [*notes, *traced] if t]


def _labelled_figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=[0, 10], y=[0, 10], mode="markers"))
    fig.add_annotation(x=0.5, y=1, xref="paper", yref="paper", text="a frame label", showarrow=False)
    for x, text in ((2, "left alone"), (8, "also left alone")):
        fig.add_annotation(x=x, y=5, text=text, showarrow=True, ay=-30, font=dict(size=11, color="#0B1220"))
    for _ in range(2):
        fig.add_annotation(x=5, y=5, text="same place", showarrow=True, ay=-30, font=dict(size=11, color="#0B1220"))
    fig.add_annotation(x=5, y=2, text="two<br>lines", showarrow=True, ay=-30)
    fig.add_annotation(x=8, y=2, text="under its point", showarrow=True, ay=30, font=dict(size=11, color="#0B1220"))
    fig.update_layout(xaxis_range=[0, 10], yaxis_range=[0, 10], height=500)
    return fig


def test_labels_left_beside_their_points_are_drawn_as_one_text_trace_in_the_same_place():
    fig = _labelled_figure()
    settle_labels(fig)
    before = label_texts(fig)
    shifts = {note.text: note.yshift for note in fig.layout.annotations if note.showarrow is False and note.yshift}
    moved = labels_as_text(fig)
    # The four one-line labels kept beside their points move to the trace; the frame label, the label moved away
    # from its point (with its leader line) and the two-line label stay annotations.
    assert moved == 4 and sorted(label_texts(fig)) == sorted(before)
    [trace] = [t for t in fig.data if t.name == LABEL_TRACE]
    assert sorted(trace.text) == sorted(["left alone", "also left alone", "same place", "under its point"])
    assert trace.hoverinfo == "skip" and trace.showlegend is False and trace.marker.opacity == 0
    assert trace.textfont.shadow == "auto" and trace.textfont.size == 11
    assert sorted(a.text for a in fig.layout.annotations) == ["a frame label", "same place", "two<br>lines"]
    # Plotly puts the text r / 0.8 + 1 px past the marker's radius r, and the middle of an 11 px glyph box 0.55 font
    # sizes beyond that above the point, 0.45 below it: where the annotation's box was centred, yshift from the point.
    for text, position, size in zip(trace.text, trace.textposition, trace.marker.size):
        assert position == ("bottom center" if text == "under its point" else "top center")
        beyond = 0.45 if position == "bottom center" else 0.55
        assert abs((size / 2 / 0.8 + 1) + beyond * 11 - abs(shifts[text])) < 1e-6


def test_labels_drawn_as_text_keep_their_places_when_laid_out_again():
    fig = _labelled_figure()
    settle_labels(fig)
    labels_as_text(fig)
    [trace] = [t for t in fig.data if t.name == LABEL_TRACE]
    positions = list(trace.textposition)
    assert settle_labels(fig) == 0
    assert list(trace.textposition) == positions and all(trace.text)


def _with_leaders(y: list, yaxis: dict) -> go.Figure:
    fig = go.Figure(go.Scatter(x=[2, 5, 8], y=y, mode="markers"))
    fig.update_layout(xaxis_range=[0, 10], yaxis=yaxis, height=500, margin=dict(l=40, r=40, t=50, b=50))
    return fig


def test_labels_moved_along_a_leader_line_become_trace_text_with_one_line_trace_in_the_same_place():
    fig = _with_leaders([2, 5, 8], dict(range=[0, 10], autorange=False, type="linear"))
    font = dict(size=11, color="#0B1220")
    fig.add_annotation(
        x=5, y=5, text="far above", showarrow=True, arrowhead=0, arrowcolor="#6B7280", ay=-60, xanchor="left", font=font
    )
    fig.add_annotation(x=8, y=8, text="below", showarrow=True, arrowhead=0, arrowcolor="#6B7280", ay=40, font=font)
    fig.add_annotation(x=2, y=2, text="on its point", showarrow=True, arrowhead=0, arrowcolor="#6B7280", ay=-5, font=font)
    before = sorted(label_texts(fig))
    assert leaders_as_text(fig) == 3 and not fig.layout.annotations and sorted(label_texts(fig)) == before
    [text] = [t for t in fig.data if t.name == LABEL_TRACE]
    [lines] = [t for t in fig.data if t.name == LEADER_TRACE]
    assert text.mode == "text" and text.yaxis == "y" and text.hoverinfo == "skip" and text.textfont.shadow == "auto"
    per_px = 10 / (500 - 50 - 50)  # the axis's range over the plot's height
    half = text_size("far above", 11)[1] / 2
    placed = dict(zip(text.text, zip(text.y, text.textposition)))
    assert placed["far above"] == (pytest.approx(5 + 60 * per_px), "middle right")  # text centred 60 px up
    assert placed["below"] == (pytest.approx(8 - 40 * per_px), "middle center")
    # One segment per moved label, from its point to the text's near edge; none for a label sitting on its point.
    assert list(lines.x) == [5, 5, None, 8, 8, None] and lines.mode == "lines" and lines.line.color == "#6B7280"
    assert lines.y[0] == 5 and lines.y[1] == pytest.approx(5 + (60 - half) * per_px)
    assert lines.y[3] == 8 and lines.y[4] == pytest.approx(8 - (40 - half) * per_px)


def test_leader_labels_on_lanes_sit_on_a_hidden_number_axis_laid_over_the_lanes():
    lanes = dict(type="category", categoryarray=["a", "b", "c"], range=[-0.5, 2.5], autorange=False)
    fig = _with_leaders(["a", "b", "c"], lanes)
    fig.add_annotation(x=5, y="b", text="between lanes", showarrow=True, arrowhead=0, ay=40)
    assert leaders_as_text(fig) == 1
    overlay = fig.layout.yaxis2
    assert overlay.overlaying == "y" and overlay.type == "linear" and overlay.visible is False
    assert list(overlay.range) == [-0.5, 2.5] and overlay.autorange is False
    # Neither the lanes nor the overlay zoom or pan, so no drag can move the labels off their lanes.
    assert overlay.fixedrange is True and fig.layout.yaxis.fixedrange is True
    [text] = [t for t in fig.data if t.name == LABEL_TRACE]
    assert text.yaxis == "y2" and text.y[0] == pytest.approx(1 - 40 * 3 / 400)  # lane b is position 1


def test_labels_that_are_not_plain_leader_labels_stay_annotations():
    fig = _with_leaders([2, 5, 8], dict(range=[0, 10], autorange=False, type="linear"))
    fig.add_annotation(x=0.5, y=1, xref="paper", yref="paper", text="on the frame", showarrow=False)
    fig.add_annotation(x=5, y=5, text="two<br>lines", showarrow=True, ay=-40)
    fig.add_annotation(x=5, y=5, text="hover me", hovertext="more", showarrow=True, ay=-40)
    fig.add_annotation(x=5, y=5, text="sideways", showarrow=True, ax=30, ay=-40)
    fig.add_annotation(x=5, y=5, text="dropped", showarrow=True, ay=-40, visible=False)
    autoranged = _with_leaders([2, 5, 8], dict(type="linear"))
    autoranged.add_annotation(x=5, y=5, text="no set range", showarrow=True, ay=-40)
    assert leaders_as_text(fig) == 0 and len(fig.layout.annotations) == 5
    assert leaders_as_text(autoranged) == 0 and len(autoranged.layout.annotations) == 1


def test_a_label_moves_off_another_points_marker_but_may_sit_by_its_own():
    fig = go.Figure(go.Scatter(x=[5, 5], y=[5, 5.6], mode="markers", marker=dict(size=[12, 30])))
    fig.add_annotation(x=5, y=5, text="label of the lower point", showarrow=True, ay=-24)
    fig.update_layout(xaxis_range=[0, 10], yaxis_range=[0, 10], height=500, margin=dict(l=40, r=40, t=40, b=40))
    # Drawn where its builder put it, the label would cover the big marker of the point just above.
    assert settle_labels(fig) == 0
    [note] = fig.layout.annotations
    assert note.showarrow is True and note.ay != -24  # moved, with its leader line to its point
    alone = go.Figure(go.Scatter(x=[5], y=[5], mode="markers", marker=dict(size=40)))
    alone.add_annotation(x=5, y=5, text="by its own big marker", showarrow=True, ay=-24)
    alone.update_layout(xaxis_range=[0, 10], yaxis_range=[0, 10], height=500, margin=dict(l=40, r=40, t=40, b=40))
    assert settle_labels(alone) == 0 and alone.layout.annotations[0].showarrow is False  # left in place


def test_a_leader_line_never_crosses_a_label_and_no_label_covers_a_line():
    fig = go.Figure(go.Scatter(x=[0, 10], y=[0, 10], mode="markers"))
    layout = _Layout(fig, 900)
    area = Box(0, 0, 900, 500)
    assert layout.take([Box(100, 100, 200, 120)], area) == 0  # a label already placed
    # Two places for the next label: the first's line from its point (150, 200) runs up through the placed label.
    through, beside = Box(120, 60, 180, 76), Box(220, 180, 280, 196)
    lines = [Box(149.5, 68, 150.5, 200), Box(149.5, 188, 150.5, 200)]
    assert layout.take([through, beside], area, lines=lines) == 1
    # A later label may not sit on the line now drawn.
    assert layout.take([Box(140, 185, 170, 199), Box(300, 300, 340, 316)], area) == 1


def test_trace_text_is_drawn_above_every_trace_in_the_same_place():
    labelled = go.Scatter(
        x=[1, 2, 3],
        y=[1, 2, 3],
        mode="lines+markers+text",
        text=["qwen3-max", "", "qwen3.5"],
        textposition="top center",
        marker=dict(size=[8, 10, 12]),
        textfont=dict(size=11),
        hovertemplate="%{text}<extra></extra>",
        name="Alibaba",
    )
    crossing = go.Scatter(x=[1, 3], y=[2.1, 2.1], mode="lines", name="a later line")
    only_text = go.Scatter(x=[2], y=[1], mode="text", text=["a note"], name="note")
    fig = go.Figure([labelled, crossing, only_text])
    assert text_on_top(fig) == 1
    alibaba, line, note, overlay = fig.data
    # The trace keeps its points, line, hover and legend entry; its text moves to a copy drawn after every trace.
    assert alibaba.mode == "lines+markers" and list(alibaba.text) == ["qwen3-max", "", "qwen3.5"] and alibaba.name == "Alibaba"
    assert overlay.name == LABEL_TRACE and overlay.mode == "markers+text" and overlay.hoverinfo == "skip"
    assert overlay.showlegend is False and overlay.marker.opacity == 0
    # Same points, text, positions, font and marker sizes: Plotly offsets text by the marker's size, so it lands in place.
    assert list(overlay.x) == [1, 2, 3] and list(overlay.text) == list(alibaba.text)
    assert overlay.textposition == "top center" and overlay.textfont.size == 11 and list(overlay.marker.size) == [8, 10, 12]
    assert note.mode == "text"  # a trace of text alone stays as it is
