"""Model release timeline: Qwen releases by family and modality, with rival releases and key events as overlays."""

import streamlit as st

from dashboard.components import plotly_chart, selection_provenance, source_line, table_with_download
from dashboard.figures.timeline import release_timeline
from dashboard.page import setup_page

ctx = setup_page("Model release timeline", "Qwen releases by family, with rival releases and key events.")
releases, events = ctx.tables["releases"], ctx.tables["events"]

left, right = st.columns(2)
show_others = left.toggle(
    "Show rival and other releases",
    value=True,
    key="timeline_others",
    help="ChatGPT, Llama, DeepSeek and Alibaba International's Marco-o1.",
)
show_events = right.toggle(
    "Show key events",
    value=True,
    key="timeline_events",
    help="The Chinese New Year sprint, the Apple deal, the capex plan and more.",
)

shown = releases if show_others else releases[releases["developer"] == "Alibaba"]
figure = ctx.cached(
    "release-timeline",
    lambda: release_timeline(shown, events, ctx.sources, show_others=show_others, show_events=show_events),
    show_others=show_others,
    show_events=show_events,
)
picked = plotly_chart(figure, key="timeline_chart", name="release-timeline", span=ctx.span)
st.caption(
    "Marker area grows with the largest parameter count in a release (grey, small: size not published). "
    "Filled circles have open weights; hollow diamonds are API or product only. Grey bars mark spans and dates "
    "known only to a month or year (hover shows ≈). Click a point for its source."
)
cited = shown["source_id"].tolist() + shown["date_source_id"].dropna().tolist()
if show_events:
    cited += events["source_id"].tolist() + events["date_source_id"].dropna().tolist()
source_line(cited, ctx.cite_index)

st.subheader("Releases in range")
selected = table_with_download(
    "releases",
    shown.sort_values("release_date"),
    ctx.span,
    key="timeline_table",
    note="Rows from an article carry its verbatim excerpt under 'Evidence (verbatim)'; 'Dated by' names the source of an exact date.",
)
selection_provenance(picked, selected, ctx.tables, ctx.cite_index, "model", "title")
