"""Model release timeline: Qwen releases by family and modality, with rival releases and key events as overlays."""

import streamlit as st

from alibaba_ai_data.derived import labelled_events, labelled_releases
from alibaba_ai_data.exports import export_filename
from alibaba_ai_data.publish import export_table
from dashboard.answer_texts import releases_text
from dashboard.cards import csv_bytes
from dashboard.citations import selection_provenance
from dashboard.figures.timeline import release_timeline
from dashboard.page import setup_page
from dashboard.url_state import toggle_control

ctx = setup_page(__file__, "Model release timeline", "Qwen releases by family, with rival releases and key events.")
releases, events = ctx.tables["releases"], ctx.tables["events"]
ctx.answer("What has Alibaba released, and what have its rivals?", ctx.cached(releases_text))


def alibaba_releases(ctx):
    """Alibaba's releases in range, with the file's own columns (the download beside the answer)."""
    rows = export_table(ctx.tables, "releases")
    return rows[rows["developer"] == "Alibaba"]


own = ctx.cached(alibaba_releases)
st.download_button(
    f"Download Alibaba's {len(own)} releases in this range (CSV)",
    csv_bytes(own),
    file_name=export_filename("alibaba-releases", ctx.span.start, ctx.span.end, "csv"),
    mime="text/csv",
    key="alibaba_releases_csv",
    help="Every Alibaba release in the page's range, with the file's own columns; the table below holds every developer's.",
)

left, right = st.columns(2)
with left:
    show_others = toggle_control(
        "rivals",
        "Show rival and other releases",
        default=True,
        help="DeepSeek, Meta, OpenAI, Moonshot, Zhipu, MiniMax, Tencent, Baidu, Google and Alibaba International. "
        "Kept in the link as ?rivals=yes|no.",
    )
with right:
    show_events = toggle_control(
        "events",
        "Show key events",
        default=True,
        help="The Chinese New Year sprint, the Apple deal, the capex plan and more. Kept in the link as ?events=yes|no.",
    )


def releases_figure(ctx, show_others: bool, show_events: bool):
    releases = ctx.tables["releases"]
    return release_timeline(
        releases if show_others else releases[releases["developer"] == "Alibaba"],
        ctx.tables["events"],
        ctx.sources,
        show_others=show_others,
        show_events=show_events,
        labelled=labelled_releases(ctx.dataset["releases"], ctx.dataset["responses"]),
        labelled_event_ids=labelled_events(ctx.dataset["events"], ctx.dataset["responses"]),
    )


ctx.chart(
    "release-timeline",
    releases_figure,
    note="Marker area grows with the largest parameter count in a release (grey, small: size not published). "
    "Filled circles have open weights; hollow diamonds are API or product only. Grey bars mark spans and dates "
    "known only to a month or year (hover shows ≈). Click a point for its source.",
    show_others=show_others,
    show_events=show_events,
)
ctx.coverage_note("timeline")

selected = None
if (box := ctx.drawer("Releases in range: table and CSV", "table")) is not None:
    with box:
        # With rival releases hidden the table holds Alibaba's rows only, as the API's developer filter gives them.
        api_filters = ctx.release_filters if show_others else {**ctx.release_filters, "developer": ("Alibaba",)}
        selected = ctx.table(
            "releases",
            export_table(ctx.tables, "releases", ctx.release_filters).pipe(
                lambda frame: frame if show_others else frame[frame["developer"] == "Alibaba"]
            ),
            key="timeline_table",
            api_table="releases",
            release_filters=api_filters,
            note="Rows from an article carry its verbatim excerpt under 'Evidence (verbatim)'; 'Dated by' names the source of an exact date.",
        )
selection_provenance(selected, ctx.cite_index, "model", "title")
