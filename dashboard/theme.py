"""One visual theme for Plotly, Altair and Streamlit (.streamlit/config.toml repeats these colours)."""

from __future__ import annotations

import sys

import plotly.graph_objects as go
import plotly.io as pio

# Okabe-Ito: distinguishable under the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
PRIMARY = PALETTE[0]
# A ninth colour (Paul Tol's wine) for the one category list longer than the palette.
EXTRA_COLOUR = "#882255"
TEXT = "#0B1220"
MUTED = "#6B7280"
GRID = "#E5E7EB"
BACKGROUND = "#FFFFFF"
FONT = "Source Sans Pro, Source Sans 3, Helvetica, Arial, sans-serif"
TEMPLATE_NAME = "alibaba_ai"

# Stable colours for the things charts compare, so a company looks the same on every page.
COMPANY_COLOURS = {
    "Alibaba": "#E69F00",
    "Alibaba International": "#F0E442",
    "DeepSeek": "#0072B2",
    "Meta": "#009E73",
    "OpenAI": "#CC79A7",
    "Microsoft": "#CC79A7",
    "Alphabet": "#56B4E9",
    "Google": "#56B4E9",
    "ByteDance": "#882255",
    "Amazon": "#D55E00",
    "Moonshot AI": "#56B4E9",
    "Zhipu AI (Z.ai)": "#CC79A7",
    "MiniMax": "#009E73",
    "Tencent": "#D55E00",
    "Baidu": "#000000",
}

# Capex scopes, the same on every chart that tells them apart.
SCOPE_COLOURS = {"company total": PALETTE[1], "AI and cloud infrastructure": PALETTE[2]}


def _plotly_template() -> go.layout.Template:
    return go.layout.Template(
        layout=go.Layout(
            colorway=PALETTE,
            font=dict(family=FONT, color=TEXT, size=13),
            title=dict(font=dict(size=17), x=0, xanchor="left"),
            paper_bgcolor=BACKGROUND,
            plot_bgcolor=BACKGROUND,
            # Date ticks stand a little below the axis: a tick at the plot's corner then clears the y axis's lowest label.
            xaxis=dict(
                gridcolor=GRID, linecolor=GRID, zeroline=False, automargin=True, ticklabelstandoff=6, title_font=dict(color=MUTED)
            ),
            yaxis=dict(gridcolor=GRID, linecolor=GRID, zeroline=False, automargin=True, title_font=dict(color=MUTED)),
            legend=dict(title_text="", itemsizing="constant"),
            hoverlabel=dict(font=dict(family=FONT)),
            margin=dict(l=70, r=20, t=60, b=20),
        )
    )


def _altair_theme() -> dict:
    return {
        "config": {
            "background": BACKGROUND,
            "font": FONT,
            "range": {"category": PALETTE},
            "title": {"anchor": "start", "fontSize": 17, "color": TEXT},
            "axis": {"gridColor": GRID, "domainColor": GRID, "labelColor": TEXT, "titleColor": MUTED},
            "legend": {"labelColor": TEXT, "titleColor": MUTED, "orient": "top"},
            "view": {"stroke": None},
        }
    }


_applied = False


def apply_theme() -> None:
    """Register and select the shared theme in Plotly, once per process, and in Altair once a page has imported it.

    No page draws a Vega chart today, so Altair (a third of a second to import) is not imported for the theme's
    sake; a page that draws one imports altair before setup_page and gets the same colours."""
    global _applied
    if _applied and pio.templates.default == TEMPLATE_NAME and ("altair" not in sys.modules or _altair_applied()):
        return
    pio.templates[TEMPLATE_NAME] = _plotly_template()
    pio.templates.default = TEMPLATE_NAME
    if "altair" in sys.modules:
        alt = sys.modules["altair"]
        if TEMPLATE_NAME not in alt.theme.names():
            alt.theme.register(TEMPLATE_NAME, enable=False)(_altair_theme)
        alt.theme.enable(TEMPLATE_NAME)
    _applied = True


def _altair_applied() -> bool:
    return sys.modules["altair"].theme.active == TEMPLATE_NAME
