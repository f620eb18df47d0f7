"""Where every figure comes from, as the reader sees it: source lines under charts, the credit inside a chart's
image, and the provenance panel of a clicked point or selected row."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from alibaba_ai_data.periods import as_of_label
from alibaba_ai_data.schema import TABLES

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~])")


def md_escape(text: object) -> str:
    """Data-derived text made inert for Streamlit markdown (no links, emphasis or HTML)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def safe_url(url: object) -> str | None:
    return url if isinstance(url, str) and url.startswith("https://") and " " not in url and ")" not in url else None


def cite(source: Mapping) -> str:
    """'Title (Publisher, date)' as markdown, linked when the source has a URL."""
    title = md_escape(source["title"])
    link = safe_url(source.get("url"))
    title = f"[{title}]({link})" if link else title
    who = [] if pd.isna(source.get("publisher")) else [md_escape(source["publisher"])]
    when = as_of_label(source["published"], str(source["date_precision"]))
    return f"{title} ({', '.join([*who, md_escape(when)])})"


def cited_sources(source_ids: Iterable[str], sources: Mapping[str, dict]) -> list[Mapping]:
    """The source records of these ids, once each, articles first."""
    wanted = [sources[s] for s in dict.fromkeys(s for s in source_ids if isinstance(s, str)) if s in sources]
    return sorted(wanted, key=lambda r: str(r["kind"]) != "article")


def source_text(source_ids: Iterable[str], sources: Mapping[str, dict], label: str = "Sources") -> str:
    """One short source line: the first publishers (articles first) and how many more there are."""
    wanted = cited_sources(source_ids, sources)
    if not wanted:
        return f"{label}: none in the selected range."
    return f"{label}: " + md_escape(plain_sources([r["source_id"] for r in wanted], sources))


def source_line_parts(source_ids: Iterable[str], sources: Mapping[str, dict], label: str = "Sources") -> tuple[str, str, int]:
    """(the short line, the full list as Markdown bullets, how many sources) for ``source_line``."""
    wanted = cited_sources(source_ids, sources)
    return source_text(source_ids, sources, label), "\n".join(f"- {cite(r)}" for r in wanted), len(wanted)


def source_line(parts: tuple[str, str, int]) -> None:
    """The short source line under a chart, and every source it rests on one click away (``source_line_parts``)."""
    text, full_list, count = parts
    line, more = st.columns([5, 1], vertical_alignment="center")
    line.caption(text)
    if count:
        with more.popover(f"All {count}", help="Every source this chart's rows cite"):
            st.markdown(full_list)
            st.caption("Click a point or a table row for the exact source of one figure.")


TRACKER_CREDIT = "via the Alibaba open-source AI tracker"


def plain_sources(source_ids: Iterable[str], sources: Mapping[str, dict], limit: int = 3) -> str:
    """'CRN Asia; Teknomers; Ming Pao and 4 other sources': publishers, articles first, as plain text for images."""
    wanted = [sources[s] for s in dict.fromkeys(s for s in source_ids if isinstance(s, str)) if s in sources]
    wanted.sort(key=lambda r: str(r["kind"]) != "article")
    names = list(dict.fromkeys(("unnamed source" if pd.isna(r["publisher"]) else str(r["publisher"])) for r in wanted))
    if not names:
        return ""
    head = "; ".join(names[:limit])
    rest = len(names) - limit
    return head + (f" and {rest} other source{'s' if rest > 1 else ''}" if rest > 0 else "")


def figure_source_ids(fig: go.Figure, tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """The sources of every row a figure plots, found through its points' (table, key) customdata."""
    keys: dict[str, set] = {}
    for trace in fig.data:
        data = getattr(trace, "customdata", None)
        if data is None or len(data) == 0 or getattr(data, "ndim", 1) != 2 or data.shape[1] < 2:
            continue
        for table, key in data[:, :2]:
            if table in TABLES:
                keys.setdefault(str(table), set()).add(key)
    cited: list[str] = []
    for table, wanted in keys.items():
        frame = tables.get(table)
        if frame is None:
            continue
        rows = frame[frame[TABLES[table].key].isin(wanted)]
        for column in TABLES[table].source_columns:
            cited += rows[column].dropna().tolist()
    return cited


def reading(source: Mapping) -> str | None:
    """How a source read at second hand was read ('Read in a verbatim copy: …'), or None when read in the original."""
    how = str(source.get("how_read", "original"))
    if how == "original":
        return None
    where = source.get("read_at")
    text = f"Read in a {how} of the original" + (f": {md_escape(where)}" if isinstance(where, str) and where else "")
    other = source.get("corroborated_by")
    return text + (f"; the figure is corroborated by {md_escape(other)}" if isinstance(other, str) and other else "")


def provenance(
    row: Mapping | pd.Series | None,
    sources: Mapping[str, dict],
    heading: str = "",
    *,
    hint: str = "Select a table row to see its source and evidence.",
    label: str = "Provenance",
) -> None:
    """Where a selected row comes from: its source, the evidence excerpt and any dating source."""
    if row is None:
        st.caption(hint)
        return
    with st.container(border=True):
        st.markdown(f"**{label}{': ' + md_escape(heading) if heading else ''}**")
        source_id = row.get("source_id")
        if source_id in sources:
            st.markdown("Source: " + cite(sources[source_id]))
            if (how := reading(sources[source_id])) is not None:
                st.caption(how)
        evidence = row.get("evidence")
        if isinstance(evidence, str) and evidence:
            st.markdown(f"> “{md_escape(evidence)}”")
        elif source_id in sources:
            st.caption("From a non-article source: no excerpt; follow the link.")
        for column, label in (("date_source_id", "Date from"), ("settled_by_source_id", "Checked against")):
            other = row.get(column)
            if isinstance(other, str) and other in sources:
                st.markdown(f"{label}: " + cite(sources[other]))
        notes = row.get("notes")
        if isinstance(notes, str) and notes:
            st.caption(md_escape(notes))


def selection_provenance(row: pd.Series | None, sources: Mapping[str, dict], *heading_columns: str) -> None:
    """Provenance of the selected table row (a clicked chart point shows its own under its chart: point_provenance)."""
    heading = "" if row is None else next((str(row[c]) for c in heading_columns if isinstance(row.get(c), str)), "")
    provenance(row, sources, heading=heading)


# What names a row in the heading of a clicked point's evidence, in order of preference.
POINT_NAMES = ("model", "title", "metric", "claim", "company", "estimator", "entity", "investor", "board", "summary")


def point_heading(row: Mapping, table: str) -> str:
    """'Qwen2.5-Max, 2025-01-28': what the clicked point is and the date its row is dated to."""
    name = next((str(row[c]) for c in POINT_NAMES if isinstance(row.get(c), str) and row.get(c)), "")
    dates = TABLES[table].dates if table in TABLES else None
    when = row.get(dates.date) if dates is not None else None
    if when is None or pd.isna(when):
        return name
    precision = str(row.get(dates.precision)) if dates.precision and isinstance(row.get(dates.precision), str) else "day"
    return f"{name}, {as_of_label(when, precision)}" if name else as_of_label(when, precision)


def point_provenance(point: list | tuple, tables: Mapping[str, pd.DataFrame], sources: Mapping[str, dict], resolve=None) -> None:
    """The evidence of a clicked chart point (source, date, excerpt), drawn right under its chart. ``resolve`` maps
    the point's customdata to its row when the point is not a row of its table (a derived pair, say)."""
    row = resolve(point) if resolve is not None else lookup(tables, point[0], point[1])
    if row is None:
        st.caption("This point has no recorded row of its own; the chart's sources are listed below it.")
        return
    provenance(row, sources, heading=point_heading(row, str(point[0])), label="Clicked point")


def lookup(tables: Mapping[str, pd.DataFrame], table: str, key: str) -> pd.Series | None:
    """The row of a table with the given key, or None."""
    frame = tables.get(table)
    if frame is None or table not in TABLES:
        return None
    hit = frame[frame[TABLES[table].key] == key]
    return hit.iloc[0] if len(hit) else None
