"""Curate: from a new article to validated, cited rows in data/ (curator mode only)."""

import io
import os
import zipfile
from datetime import UTC, date, datetime

import streamlit as st

from alibaba_ai_data.curation import METRIC_GROUPS, SOURCE_ID, flag_duplicates, metric_rows, slug, source_row
from alibaba_ai_data.intake import article_text, candidates_frame, extract
from alibaba_ai_data.labels import label_for
from alibaba_ai_data.writes import WriteRefused, append_rows, patch_files
from dashboard.citations import md_escape
from dashboard.curator import unlocked
from dashboard.data_access import data_dir
from dashboard.page import setup_page
from dashboard.tables import editor_columns

MAX_TEXT = 50_000
ctx = setup_page(__file__, "Curate", "Turn a new article into reviewed, cited rows.")
if not unlocked():
    st.stop()

directory = data_dir()
writable = os.access(directory, os.W_OK)
st.caption(
    "Paste or upload the article, describe its source, review the proposed rows, and write them into data/ "
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
    frame = candidates_frame(extract(text, published, source_id))
    frame.insert(0, "accept", frame["table"] == "metrics")
    frame.insert(3, "metric", frame["entity"].where(frame["entity"] != "", "Unnamed") + " " + frame["kind"])
    frame.insert(4, "metric_group", "adoption")
    state["_intake"] = {
        "frame": frame,
        "source": source_row(
            title, publisher, url, f"{published:%Y-%m-%d}", precision, kind, source_id, f"{datetime.now(UTC):%Y-%m-%d}"
        ),
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
    frame = intake["frame"].copy()
    frame["duplicate_of"] = flag_duplicates(frame.assign(date=frame["date"]), ctx.dataset["metrics"])
    frame.loc[frame["duplicate_of"] != "", "accept"] = False
    st.subheader(f"{len(frame)} proposed rows")
    st.caption(
        "Tick the rows to keep and edit their names, groups and values. Rows for metrics.csv are written; the others "
        "(money, releases, dates) go into the patch for completing by hand. A row that repeats one already in data/ "
        "(same entity, metric and as-of date) is flagged and left unticked. The excerpt is the text the figure came from."
    )
    edited = st.data_editor(
        frame,
        key="intake_editor",
        hide_index=True,
        disabled=["table", "kind", "evidence", "duplicate_of", "source_id", "date_inferred", "period_inferred"],
        column_config=editor_columns(
            frame,
            "metrics",
            # The candidate's "kind" is how the figure was found, not a source's kind.
            kind=st.column_config.TextColumn("Found as", help="money, percentage, count, streak, rank, release or date"),
            metric_group=st.column_config.SelectboxColumn(label_for("metric_group"), options=METRIC_GROUPS),
        ),
    )
    accepted = edited[edited["accept"].astype(bool) & (edited["table"] == "metrics")]
    others = edited[edited["accept"].astype(bool) & (edited["table"] != "metrics")]
    taken = set(ctx.dataset["metrics"]["metric_id"])
    rows = {"sources": [source], "metrics": metric_rows(accepted, source, taken)}
    st.caption(
        md_escape(
            f"{len(accepted)} metric rows and the new source are ready; {len(others)} other kept candidates go to the patch."
        )
    )
    patch = patch_files(rows, directory)
    if len(others):
        buffer = io.StringIO()
        others.to_csv(buffer, index=False)
        patch["candidates_to_complete.csv"] = buffer.getvalue().encode("utf-8")
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
            disabled=not rows["metrics"],
            on_click=_write,
            key="intake_write",
        )
    if not writable:
        st.info("data/ is read-only on this server: download the patch and open it as a change to data/.")
