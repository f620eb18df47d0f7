"""How the articles' claims stand once checked against other sources."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alibaba_ai_data.schema import STANDINGS
from dashboard.figures.common import empty_figure
from dashboard.theme import MUTED, PALETTE

STANDING_COLOURS = {"corroborated": PALETTE[2], "qualified": PALETTE[1], "contradicted": PALETTE[5], "unverified": MUTED}


def standing_counts(claims: pd.DataFrame) -> go.Figure:
    """Horizontal bars: how many claims are corroborated, qualified, contradicted or unverified."""
    title = "Article claims by standing"
    if claims.empty:
        return empty_figure(title)
    counts = claims["standing"].astype(str).value_counts().reindex(list(STANDINGS), fill_value=0)
    fig = go.Figure(
        go.Bar(
            x=counts.to_numpy(),
            y=list(counts.index),
            orientation="h",
            marker_color=[STANDING_COLOURS[s] for s in counts.index],
            text=counts.to_numpy(),
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} claims<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        xaxis_title="Number of claims",
        yaxis_title=None,
        height=260,
        showlegend=False,
        yaxis=dict(categoryorder="array", categoryarray=list(STANDINGS)[::-1]),
    )
    return fig
