"""Sources and data: the articles and other sources, claim standings, every table, the dictionary, the snapshot."""

from datetime import UTC, datetime

import streamlit as st

from alibaba_ai_data.datapackage import citation
from alibaba_ai_data.exports import export_filename
from alibaba_ai_data.filters import filter_dataset, filtering_notes
from alibaba_ai_data.publish import export_table, snapshot_archive
from alibaba_ai_data.schema import TABLES, data_dictionary
from alibaba_ai_data.snapshot_diff import SnapshotError, diff_summary, read_snapshot, snapshot_diff
from dashboard.api_links import public_base_url
from dashboard.cards import table_with_download
from dashboard.citations import md_escape, provenance
from dashboard.data_access import data_release_or_unversioned
from dashboard.figures.claims import standing_counts
from dashboard.page import setup_page

ctx = setup_page(__file__, "Sources and data", "Where every number comes from.")
sources = ctx.dataset.sources


def claims_figure(ctx):
    return standing_counts(ctx.tables["claims"])


def snapshot_zip(ctx, release: tuple[str, str]) -> bytes:
    """The range's snapshot; its manifest records when it was made (once per range, filters and data version)."""
    return snapshot_archive(
        ctx.tables, ctx.span.start, ctx.span.end, ctx.dataset.data_version, release, ctx.span.as_params(), datetime.now(UTC)
    )


view = ctx.views()
if (tab := view["Claims"]) is not None:
    with tab:
        claims = ctx.tables["claims"]
        ctx.chart(
            "claims-standing",
            claims_figure,
            # Bars count claims rather than plot them one by one: the claims' sources are named here.
            extra_sources=[*claims["source_id"], *claims["settled_by_source_id"].dropna()],
            selectable=False,
        )
        picked_claim = None
        if (box := ctx.drawer("Claims: table and CSV", "table")) is not None:
            with box:
                picked_claim = ctx.table("claims", claims, key="claims_table", api_table="claims")
        provenance(picked_claim, ctx.cite_index, heading="" if picked_claim is None else str(picked_claim["claim"]))
if (tab := view["Sources"]) is not None:
    with tab:
        st.subheader("The four articles")
        st.caption(
            "None of the articles prints its date; each publication date below is inferred, and the column 'How it is dated' says how."
        )
        articles = sources[sources["kind"] == "article"][
            ["source_id", "title", "publisher", "published", "date_precision", "date_basis", "url", "notes"]
        ]
        table_with_download("articles", articles, ctx.span, key="articles_table", table="sources")

        st.subheader("Sources cited by rows in range")
        others = ctx.tables["sources"][ctx.tables["sources"]["kind"] != "article"]
        ctx.table(
            "sources",
            export_table({"sources": others}, "sources"),
            key="sources_table",
            api_table="sources",
            api_note="the API's sources table also lists the four articles",
            note="Primary sources (release notes, model cards, company statements) and news reports used to date or check article claims.",
        )
if (tab := view["Browse"]) is not None:
    with tab:
        left, right = st.columns([1, 2])
        name = left.selectbox("Table", list(TABLES), key="browse_table")
        query = right.text_input("Search (any text column, case-insensitive)", key="browse_query", max_chars=200)
        frame = export_table(ctx.tables, name)
        if query:
            text_columns = [c for c in frame.columns if frame[c].dtype == "string" or str(frame[c].dtype) == "category"]
            hits = (
                frame[text_columns].astype("string").apply(lambda col: col.str.contains(query, case=False, regex=False, na=False))
            )
            frame = frame[hits.any(axis=1)]
        st.caption(f"{TABLES[name].description} Date range: {filtering_notes()[name]}.")
        picked_row = ctx.table(
            name,
            frame,
            key="browse_grid",
            api_table=name,
            api_note="every row in the range; the search narrows only this table" if query else "",
        )
        provenance(picked_row, ctx.cite_index)
if (tab := view["Dictionary"]) is not None:
    with tab:
        table_with_download(
            "data-dictionary",
            data_dictionary(),
            ctx.span,
            key="dictionary_table",
            note="Dates are ISO YYYY-MM-DD and name the first day of their period; the precision column says which period.",
        )
if (tab := view["Cite and snapshot"]) is not None:
    with tab:
        st.subheader("Cite and reuse")
        release = data_release_or_unversioned()
        cite_line, bibtex = citation(release, f"{datetime.now(UTC):%Y-%m-%d}")
        st.markdown(md_escape(cite_line))
        st.code(bibtex, language="bibtex")
        st.caption(
            "The curated data is licensed CC BY 4.0 (attribute the Alibaba open-source AI tracker and the data version); "
            "verbatim excerpts remain their publishers' and are quoted briefly for reference. The code is MIT-licensed. "
            "The files form a Frictionless Data Package (datapackage.json), so R, DuckDB or frictionless can load them typed."
        )

        base = public_base_url()
        st.markdown(
            "From a script or notebook, the data API serves every table for this range "
            f"([list of tables]({base}/api/v1/tables), [OpenAPI description]({base}/api/v1/openapi.json)); "
            f"[this feed]({base}/api/v1/changes.atom) says when the data changes. Each table's section has "
            "one-line snippets under 'Use this data'."
        )

        st.subheader("Snapshot")
        rows = sum(len(frame) for frame in ctx.tables.values())
        archive = ctx.cached(snapshot_zip, release)
        st.download_button(
            f"Download snapshot ZIP ({len(ctx.tables)} tables, {rows} rows)",
            archive,
            file_name=export_filename("snapshot", ctx.span.start, ctx.span.end, "zip"),
            mime="application/zip",
            key="snapshot_zip",
            on_click="ignore",
            icon=":material/folder_zip:",
            type="primary",
        )
        st.caption(
            "Every table filtered to the range, a datapackage.json (Frictionless: column types, keys, links, the filters and "
            "row counts), a manifest.json (filters, generation time in UTC, data version, row counts, sources) and a README on "
            "how to load and cite the data. A snapshot is built once per range and data version; its "
            "manifest records when."
        )
if (tab := view["Compare"]) is not None:
    with tab:
        st.caption(
            "Upload a snapshot ZIP downloaded from this page earlier to see, table by table, the rows added, removed and "
            "changed since then (with the changed cells). The file is read in memory and never stored; only the table CSVs "
            "and the manifest inside are read."
        )
        upload = st.file_uploader("Earlier snapshot (ZIP, up to 1 MB)", type=["zip"], key="snapshot_upload")
        if upload is not None:
            try:
                earlier = read_snapshot(upload.getvalue())
            except SnapshotError as err:
                st.error(f"This file cannot be compared: {md_escape(err)}.", icon="🚫")
            else:
                if earlier.start and earlier.end:
                    current = filter_dataset(ctx.dataset.tables, earlier.start, earlier.end, ctx.dataset.intervals)
                    scope = f"the data now, filtered to the snapshot's range ({earlier.start:%Y-%m-%d} to {earlier.end:%Y-%m-%d})"
                else:
                    current = ctx.dataset.tables
                    scope = "all of the data now (the snapshot's manifest gives no range)"
                changes = snapshot_diff(earlier, current)
                st.caption(md_escape(f"Compared with {scope}."))
                if earlier.ignored:
                    st.caption(
                        md_escape(
                            f"Ignored {len(earlier.ignored)} file(s) that are not part of a snapshot: {', '.join(earlier.ignored[:5])}."
                        )
                    )
                if changes.empty:
                    st.success("No differences: the data in this range is as the snapshot has it.", icon="✅")
                else:
                    table_with_download("snapshot-summary", diff_summary(changes), ctx.span, key="diff_summary_table")
                    table_with_download("changes-since-snapshot", changes, ctx.span, key="diff_table")
