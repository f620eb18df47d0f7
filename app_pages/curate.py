"""Curate: from a new article to validated, cited rows in data/ (curator mode only)."""

import io
import os
import zipfile
from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st

from alibaba_ai_data.curation.check import check_proposals
from alibaba_ai_data.curation.compare import compare_with_data
from alibaba_ai_data.curation.extract import extract
from alibaba_ai_data.curation.proposals import REVIEW_COLUMNS, TARGETS, proposals_frame, propose, summary
from alibaba_ai_data.curation.text import SOURCE_ID, article_text, slug, source_row
from alibaba_ai_data.curation.write import accepted_rows
from alibaba_ai_data.labels import label_for
from alibaba_ai_data.loading import read_files
from alibaba_ai_data.writes import WriteRefused, append_rows, patch_files
from dashboard.citations import md_escape
from dashboard.curator import unlocked
from dashboard.data_access import data_dir
from dashboard.page import setup_page
from dashboard.tables import editor_columns, readable_table

MAX_TEXT = 50_000
ctx = setup_page(__file__, "Curate", "Turn a new article into reviewed, cited rows.")
if not unlocked():
    st.stop()

directory = data_dir()
writable = os.access(directory, os.W_OK)
st.caption(
    "Paste or upload the article, describe its source, review the rows proposed for each table, and write them into data/ "
    + ("(this server's data/ is writable)." if writable else "(this server's data/ is read-only: you get a patch to download).")
    + " Every write is validated like loading; nothing invalid is written."
)


def _propose() -> None:
    """Read the form, check it, and keep the proposed rows (a callback, so the outcome survives reruns)."""
    state = st.session_state
    text = state.get("intake_text", "")
    upload = state.get("article_upload")
    if upload is not None:
        try:
            text = article_text(upload.getvalue(), MAX_TEXT)
        except UnicodeDecodeError:
            state["_intake_error"] = "The uploaded file is not UTF-8 text."
            return
    title, publisher, url = (state.get(k, "").strip() for k in ("intake_title", "intake_publisher", "intake_url"))
    kind, precision, published = (
        state.get("intake_kind", "news"),
        state.get("intake_precision", "day"),
        state.get("intake_published"),
    )
    problems = []
    if not text.strip():
        problems.append("the article text is empty")
    if url and not url.startswith("https://"):
        problems.append("the URL must start with https://")
    if kind != "article" and not url:
        problems.append("a source other than an article needs its URL")
    if not title:
        problems.append("the title is empty")
    if problems:
        state["_intake_error"] = "Cannot propose rows: " + "; ".join(problems) + "."
        state.pop("_intake", None)
        return
    source_id = slug(f"{publisher or 'source'}_{published:%Y_%m_%d}")
    source = source_row(
        title, publisher, url, f"{published:%Y-%m-%d}", precision, kind, source_id, f"{datetime.now(UTC):%Y-%m-%d}"
    )
    dataset = ctx.dataset
    proposals = propose(extract(text, published, source_id), source, dataset)
    compare_with_data(proposals, dataset)
    # Checked as they stand by the same load a write runs; the source row's own problems are reported apart.
    general = check_proposals(proposals, [source], read_files(data_dir())) if SOURCE_ID.match(source_id) else []
    state["_intake"] = {
        "frames": {t: proposals_frame(proposals, t) for t in TARGETS if any(p.table == t for p in proposals)},
        "summary": summary(proposals),
        "source": source,
        "general": general,
    }
    state.pop("_intake_error", None)
    state.pop("_write_result", None)


def _write() -> None:
    """Write the rows prepared on the last run (a callback, so the outcome survives reruns)."""
    rows = st.session_state.get("_pending_rows")
    if not rows:
        return
    try:
        written = append_rows(data_dir(), rows)
    except WriteRefused as err:
        st.session_state["_write_result"] = ("error", "Nothing was written. " + "; ".join(str(i) for i in err.issues[:8]))
    except TimeoutError as err:
        st.session_state["_write_result"] = ("error", str(err))
    else:
        st.session_state["_write_result"] = (
            "ok",
            "Written: " + ", ".join(f"{n} row(s) to {t}.csv" for t, n in written.items()) + ".",
        )
        st.session_state.pop("_intake", None)


with st.form("article"):
    left, right = st.columns(2)
    left.text_input("Title", max_chars=300, key="intake_title")
    right.text_input("Publisher", max_chars=200, key="intake_publisher")
    left.text_input("URL (https://...)", max_chars=500, key="intake_url")
    right.selectbox(
        "Kind of source",
        ["news", "company", "primary", "article"],
        key="intake_kind",
        help="'article' rows carry verbatim excerpts.",
    )
    left.date_input("Published", value=date.today(), format="YYYY-MM-DD", key="intake_published")
    right.selectbox("Date precision", ["day", "month", "quarter", "year"], key="intake_precision")
    st.text_area("Article text", height=220, max_chars=MAX_TEXT, key="intake_text", help=f"Up to {MAX_TEXT:,} characters.")
    st.file_uploader("...or upload it as a .txt file", type=["txt"], key="article_upload")
    st.form_submit_button("Propose rows", type="primary", on_click=_propose)

if "_intake_error" in st.session_state:
    st.error(md_escape(st.session_state["_intake_error"]), icon="🚫")
if "_write_result" in st.session_state:
    status, message = st.session_state["_write_result"]
    (st.success if status == "ok" else st.error)(md_escape(message), icon="✅" if status == "ok" else "🚫")

intake = st.session_state.get("_intake")
if intake:
    source = intake["source"]
    if not SOURCE_ID.match(source["source_id"]):
        st.error("The source key could not be made from the publisher and date; change the publisher.", icon="🚫")
        st.stop()
    if source["source_id"] in set(ctx.dataset.sources["source_id"]):
        st.warning(
            md_escape(f"A source with key {source['source_id']} is already in data/; its rows will be refused as duplicates."),
            icon="⚠️",
        )
    if intake["general"]:
        st.error(md_escape("The source row does not validate: " + "; ".join(intake["general"][:4])), icon="🚫")
    frames: dict = intake["frames"]
    counts = intake["summary"]
    total = int(counts["proposals"].sum()) if len(counts) else 0
    st.subheader(f"{total} proposed row{'s' if total != 1 else ''} in {len(frames)} table{'s' if len(frames) != 1 else ''}")
    st.caption(
        "Each proposed row is in its table's own columns. Ready rows validate as they stand, as a write would check "
        "them; a row needs an edit when a cell says 'unclear' (the sentence does not settle it) or validation "
        "finds a problem. Against data/: a duplicate repeats a row already there (same series, period and value); a "
        "conflict gives another value for the same series and period, and shows the recorded one. Only ready, new "
        "rows start ticked."
    )
    shown, config, _order = readable_table(counts.assign(table=counts["table"].map(label_for)))
    st.dataframe(shown, hide_index=True, column_config=config, column_order=list(counts.columns))
    reviewed: dict[str, pd.DataFrame] = {}
    tabs = st.tabs([f"{label_for(t)} ({len(f)})" for t, f in frames.items()]) if frames else []
    for tab, (table, frame) in zip(tabs, frames.items(), strict=True):
        with tab:
            ready = int((frame["check"] == "ready").sum())
            st.caption(
                md_escape(f"{table}.csv: {len(frame)} proposed, {ready} ready as they stand, {len(frame) - ready} need edits.")
            )
            edited = st.data_editor(
                frame,
                key=f"intake_editor_{table}",
                hide_index=True,
                disabled=[c for c in REVIEW_COLUMNS if c != "accept"] + ["source_id"],
                column_config=editor_columns(frame, table),
            )
            reviewed[table] = edited
    rows = accepted_rows([source], reviewed)
    ticked = sum(len(table_rows) for table, table_rows in rows.items() if table != "sources")
    st.caption(md_escape(f"{ticked} ticked rows and the new source are ready to write or download."))
    patch = patch_files(rows, directory)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in patch.items():
            zipped.writestr(name, data)
    st.download_button(
        "Download as a patch (CSV rows per table)",
        archive.getvalue(),
        file_name=f"patch_{source['source_id']}.zip",
        on_click="ignore",
    )
    st.session_state["_pending_rows"] = rows
    if writable:
        st.button(
            "Write the accepted rows into data/",
            type="primary",
            disabled=not ticked,
            on_click=_write,
            key="intake_write",
        )
    if not writable:
        st.info("data/ is read-only on this server: download the patch and open it as a change to data/.")
