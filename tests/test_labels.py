"""The label layout step: direct labels that would overlap or leave the plot are moved, and dropped only when no
position is free; labels on the plot's frame stay where their builder put them."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.labels import Box, settle_labels, text_size


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
