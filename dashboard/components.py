"""Page furniture shared by every page: source lines, charts with PNG names, tables with downloads, provenance."""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Callable, Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go
import plotly.io.json as plotly_json
import streamlit as st
from _plotly_utils.utils import convert_to_base64

from alibaba_ai_data import DataValidationError
from alibaba_ai_data.derived import as_of_label
from alibaba_ai_data.exports import export_filename, to_csv_bytes
from alibaba_ai_data.schema import TABLES
from dashboard.tables import readable_table
from dashboard.theme import MUTED as SUBTLE_TEXT
from dashboard.url_params import DateRange

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~])")


def md_escape(text: object) -> str:
    """Data-derived text made inert for Streamlit markdown (no links, emphasis or HTML)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def _safe_url(url: object) -> str | None:
    return url if isinstance(url, str) and url.startswith("https://") and " " not in url and ")" not in url else None


def cite(source: Mapping) -> str:
    """'Title (Publisher, date)' as markdown, linked when the source has a URL."""
    title = md_escape(source["title"])
    link = _safe_url(source.get("url"))
    title = f"[{title}]({link})" if link else title
    who = [] if pd.isna(source.get("publisher")) else [md_escape(source["publisher"])]
    when = as_of_label(source["published"], str(source["date_precision"]))
    return f"{title} ({', '.join([*who, md_escape(when)])})"


def source_line(source_ids: Iterable[str], sources: Mapping[str, dict], label: str = "Sources") -> None:
    """A caption under a chart naming every article its rows cite, and summarising the other sources."""
    wanted = [sources[s] for s in dict.fromkeys(s for s in source_ids if isinstance(s, str)) if s in sources]
    if not wanted:
        st.caption(f"{label}: none in the selected range.")
        return
    articles = [r for r in wanted if str(r["kind"]) == "article"]
    others = [r for r in wanted if str(r["kind"]) != "article"]
    parts = []
    if articles:
        parts.append("; ".join(cite(r) for r in articles))
    if len(others) == 1:
        parts.append("dated or checked against " + cite(others[0]))
    elif len(others) > 1:
        publishers = list(dict.fromkeys("unnamed" if pd.isna(r["publisher"]) else r["publisher"] for r in others))
        parts.append(
            f"dated or checked against {len(others)} other sources ("
            + ", ".join(md_escape(p) for p in publishers)
            + "); click a point or row for its exact source"
        )
    st.caption(f"{label}: " + " — ".join(parts))


def plotly_chart(
    fig: go.Figure,
    *,
    key: str,
    name: str,
    span: DateRange,
    selectable: bool = True,
    selection_mode: tuple[str, ...] = ("points",),
) -> list:
    """Draw a Plotly figure with the shared theme and a dated PNG file name; return the selected points' customdata."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "scale": 2,
            "filename": export_filename(name, span.start, span.end, "png")[:-4],
        },
    }
    if not selectable:
        st.plotly_chart(fig, theme=None, key=key, config=config)
        return []
    event = st.plotly_chart(fig, theme=None, key=key, config=config, on_select="rerun", selection_mode=selection_mode)
    points = event.selection.points if event and event.selection else []
    return [p.get("customdata") for p in points if p.get("customdata") is not None]


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


def export_ready(fig: go.Figure, span: DateRange, source_text: str, caveat: str = "", filters: str = "") -> go.Figure:
    """A copy of the figure that carries, inside the image, its range, active filters, source line and caveat,
    with margins reserved for its labels (reserve_margins)."""
    out = go.Figure(fig)
    existing = out.layout.title.subtitle.text if out.layout.title and out.layout.title.subtitle else None
    scope = f"{span}" + (f"; releases: {filters}" if filters else "")
    credit = f"Source: {source_text}, {TRACKER_CREDIT}" if source_text else "Compiled by the Alibaba open-source AI tracker"
    lines = [line for line in (existing, scope, credit, caveat) if line]
    top = out.layout.margin.t if out.layout.margin and out.layout.margin.t is not None else 60
    out.update_layout(
        title=dict(yref="container", y=1, yanchor="top", pad=dict(t=12)),
        title_subtitle_text="<br>".join(lines),
        title_subtitle_font=dict(color=SUBTLE_TEXT, size=12),
        margin_t=max(top, 64 + 17 * len(lines)),
    )
    reserve_margins(out)
    return out


class PreparedFigure(go.Figure):
    """A figure whose dict form is made once. Streamlit asks every rerun for ``to_dict()``, a deep copy of the whole
    figure, and then serialises it; this one returns the dict it made when prepared, typed arrays already encoded and
    every value already plain JSON (text arrays, dates), so the serialiser takes its fast path instead of walking
    every element of every array on each rerun. Read-only after that."""

    def __init__(self, fig: go.Figure):
        super().__init__(fig)
        frozen = super().to_dict()
        convert_to_base64(frozen)  # in place
        self._frozen = json.loads(plotly_json.to_json_plotly(frozen))

    def to_dict(self) -> dict:
        return self._frozen


# Prepared figures by (id of the cached figure, range, filters, caveat); the weak reference proves the id still
# names the same figure (a freed figure's id can be reused).
_PREPARED: dict[tuple, tuple[weakref.ref, PreparedFigure]] = {}
_PREPARED_MAX = 256


def prepared_chart(fig: go.Figure, span: DateRange, source_text: Callable[[], str], caveat: str, filters: str) -> PreparedFigure:
    """The export-ready, prepared form of a cached figure, made once per figure, range, filters and caveat.

    ``fig`` must be read-only (a cached figure): the prepared copy is reused for as long as ``fig`` lives.
    """
    key = (id(fig), span.start, span.end, filters, caveat)
    hit = _PREPARED.get(key)
    if hit is not None and hit[0]() is fig:
        return hit[1]
    ready = PreparedFigure(export_ready(fig, span, source_text(), caveat=caveat, filters=filters))
    if len(_PREPARED) >= _PREPARED_MAX:
        _PREPARED.pop(next(iter(_PREPARED)), None)
    _PREPARED[key] = (weakref.ref(fig), ready)
    return ready


# Average character widths of the theme's font in pixels (13 px tick labels, 12 px legend entries), rounded up:
# an estimate too small costs one extra draw (Plotly's automargin widens the margin), never a clipped label.
TICK_CHAR_PX = 7.2
LEGEND_CHAR_PX = 6.8


def _longest(texts) -> int:
    return max((len(line) for text in texts if isinstance(text, str) for line in text.split("<br>")), default=0)


def reserve_margins(fig: go.Figure) -> None:
    """Margins wide enough for tick labels, axis titles and a side legend, set before the browser draws.

    Plotly's automargin stays on as a safety net, but when a margin has to grow it redraws the whole chart, which
    about doubles the time to draw it (benchmarks/RESULTS.md); reserving the room up front avoids that.
    """
    layout = fig.layout
    margin = layout.margin
    left, right, bottom = margin.l if margin.l is not None else 70, margin.r or 20, margin.b or 20
    yaxis, xaxis = layout.yaxis, layout.xaxis
    if yaxis.visible is not False:
        categories = list(yaxis.categoryarray) if yaxis.categoryarray is not None else []
        if not categories:
            values = (getattr(trace, "y", None) for trace in fig.data)
            categories = [y for ys in values if ys is not None for y in ys if isinstance(y, str)]
        labels_px = int(_longest(categories) * TICK_CHAR_PX) + 12 if categories else 48
        left = max(left, labels_px + (26 if yaxis.title.text else 0) + 8)
    if xaxis.visible is not False:
        bottom = max(bottom, 30 + (24 if xaxis.title.text else 0))
    shown = [trace.name for trace in fig.data if trace.showlegend is not False and trace.name]
    if layout.showlegend is not False and shown and layout.legend.orientation != "h":
        title = layout.legend.title.text or ""
        right = max(right, int(max(_longest(shown), len(title)) * LEGEND_CHAR_PX) + 60)
    fig.update_layout(margin=dict(l=left, r=right, b=bottom))


@st.cache_data(show_spinner=False, max_entries=256)
def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The CSV export of a frame, cached by its content."""
    return to_csv_bytes(frame)


def table_with_download(
    name: str,
    frame: pd.DataFrame,
    span: DateRange,
    *,
    key: str,
    column_config: dict | None = None,
    note: str = "",
    table: str | None = None,
) -> pd.Series | None:
    """Show a table with readable labels (the CSV keeps the file's column names and every row shown); return the
    selected row of `frame`. `table` names the schema table for column meanings (default: `name`)."""
    shown, config, order = readable_table(frame, table or (name if name in TABLES else None))
    event = st.dataframe(
        shown,
        hide_index=True,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        column_config={**config, **(column_config or {})},
        column_order=order,
    )
    # Bytes, not a callable: Streamlit 1.67 prunes a file made on click when any other session's run ends,
    # which cancels downloads under concurrent use. Caching keeps the eager bytes cheap on reruns.
    st.download_button(
        f"Download CSV ({len(frame)} row{'s' if len(frame) != 1 else ''})",
        csv_bytes(frame),
        file_name=export_filename(name, span.start, span.end),
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    if note:
        st.caption(note)
    rows = event.selection.rows if event and event.selection else []
    return frame.iloc[rows[0]] if rows else None


def provenance(row: Mapping | pd.Series | None, sources: Mapping[str, dict], heading: str = "") -> None:
    """Where a selected row comes from: its source, the evidence excerpt and any dating source."""
    if row is None:
        st.caption("Select a point or a table row to see its source and evidence.")
        return
    with st.container(border=True):
        st.markdown(f"**Provenance{': ' + md_escape(heading) if heading else ''}**")
        source_id = row.get("source_id")
        if source_id in sources:
            st.markdown("Source: " + cite(sources[source_id]))
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


def selection_provenance(
    picked: list, row: pd.Series | None, tables: Mapping[str, pd.DataFrame], sources: Mapping[str, dict], *heading_columns: str
) -> None:
    """Provenance of the clicked chart point if there is one, else of the selected table row."""
    if picked:
        row = lookup(tables, picked[0][0], picked[0][1])
    heading = "" if row is None else next((str(row[c]) for c in heading_columns if isinstance(row.get(c), str)), "")
    provenance(row, sources, heading=heading)


def lookup(tables: Mapping[str, pd.DataFrame], table: str, key: str) -> pd.Series | None:
    """The row of a table with the given key, or None."""
    frame = tables.get(table)
    if frame is None or table not in TABLES:
        return None
    hit = frame[frame[TABLES[table].key] == key]
    return hit.iloc[0] if len(hit) else None


def data_error(err: DataValidationError) -> None:
    """One clear error for invalid data; the caller stops the page so no chart uses partial data."""
    st.error(
        f"The data files failed validation ({len(err.issues)} problem{'s' if len(err.issues) != 1 else ''}), "
        "so nothing is charted. Fix the files below, or run `python -m alibaba_ai_data.validate` for the same list.",
        icon="🚫",
    )
    st.code("\n".join(str(issue) for issue in err.issues), language=None)


def metric_card(
    label: str,
    value: str,
    sources: Mapping[str, dict],
    row: Mapping | None,
    *,
    delta: str | None = None,
    as_of: str = "",
    detail: str = "",
) -> None:
    """A KPI card: the value, an optional change, and beneath it when it dates from (given verbatim) and its source."""
    with st.container(border=True):
        if row is None:
            st.metric(label, "—")
            st.caption("No observation in the selected date range.")
            return
        st.metric(label, value, delta=delta, delta_color="off" if delta is None else "normal")
        source_id = row.get("source_id")
        source = cite(sources[source_id]) if source_id in sources else md_escape(source_id)
        lines = [md_escape(as_of) if as_of else "", md_escape(detail) if detail else "", f"Source: {source}"]
        st.caption(" · ".join(line for line in lines if line))
