"""Cards and tables: KPI cards with as-of dates and sources, tables with readable labels and CSV downloads, and
the one error a page shows when the data is invalid."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from alibaba_ai_data import DataValidationError
from alibaba_ai_data.exports import export_filename, to_csv_bytes
from alibaba_ai_data.periods import as_of_label
from alibaba_ai_data.schema import TABLES
from alibaba_ai_data.tracker import Kpi
from dashboard.citations import cite, md_escape, safe_url
from dashboard.formatting import compact, metric_value
from dashboard.shared_cache import cached
from dashboard.tables import readable_table
from dashboard.url_params import DateRange


def table_parts(frame: pd.DataFrame, table: str | None) -> tuple[pd.DataFrame, dict, list[str], bytes]:
    """What a table with its download shows and offers, made once per content: the readable frame, its column
    configuration and order, and the CSV bytes. Read-only (Streamlit copies the column configuration it is given)."""
    return (*readable_table(frame, table), to_csv_bytes(frame))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The CSV export of a frame, made once per content (the shared cache keys a frame by a hash of it)."""
    return cached(to_csv_bytes, frame)


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
    shown, config, order, data = cached(table_parts, frame, table or (name if name in TABLES else None))
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
        data,
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


def data_error(err: DataValidationError) -> None:
    """One clear error for invalid data; the caller stops the page so no chart uses partial data."""
    st.error(
        f"The data files failed validation ({len(err.issues)} problem{'s' if len(err.issues) != 1 else ''}), "
        "so nothing is charted. Fix the files below, or run `python -m alibaba_ai_data.validate` for the same list.",
        icon="🚫",
    )
    st.code("\n".join(str(issue) for issue in err.issues), language=None)


# A card's footer: at most two short lines (the figure's period, then its source and the day it was published), each
# short enough to fit a card a third of the page wide at a 1400 px window; the rest goes in the value's tooltip.
FOOTER_LINES = 2
FOOTER_CHARS = 40


def short_source(source_id: object, sources: Mapping[str, dict]) -> str:
    """'Source: Reuters, 2026-08-20' as markdown, the publisher linked when the source has a URL; the title stands in
    for a missing publisher; a long name loses its bracketed part, then is cut to fit the card."""
    record = sources.get(source_id) if isinstance(source_id, str) else None
    if record is None:
        return "Source: " + md_escape(source_id) if isinstance(source_id, str) else ""
    name = str(record["title"] if pd.isna(record.get("publisher")) else record["publisher"])
    when = as_of_label(record["published"], str(record["date_precision"])) if pd.notna(record.get("published")) else ""
    room = FOOTER_CHARS - len("Source: ") - (len(when) + 2 if when else 0)
    if len(name) > room and " (" in name:
        name = name.split(" (")[0]  # 'Teknomers (rewrite of a Xataka report)': the tooltip has the rest
    name = name if len(name) <= room else name[: room - 1].rstrip() + "…"
    link = safe_url(record.get("url"))
    shown = f"[{md_escape(name)}]({link})" if link else md_escape(name)
    return f"Source: {shown}" + (f", {md_escape(when)}" if when else "")


def card_footer(as_of: str, source_id: object, sources: Mapping[str, dict]) -> str:
    """The visible lines under a card's value, as one caption: its period, then its source in short."""
    return "  \n".join(line for line in (md_escape(as_of) if as_of else "", short_source(source_id, sources)) if line)


def card_help(detail: str, source_id: object, sources: Mapping[str, dict], note: str = "") -> str:
    """The value's tooltip: what the footer leaves out (the figure's basis and notes, the full citation)."""
    parts = [md_escape(detail) if detail else "", md_escape(note) if note else ""]
    if isinstance(source_id, str) and source_id in sources:
        parts.append("Source: " + cite(sources[source_id]))
    return "\n\n".join(p for p in parts if p)


def metric_card(
    label: str,
    value: str,
    sources: Mapping[str, dict],
    row: Mapping | None,
    *,
    delta: str | None = None,
    as_of: str = "",
    detail: str = "",
    note: str = "",
) -> None:
    """A KPI card: the value, an optional change, and beneath it two short lines (when it dates from, given verbatim,
    and its source in short); ``detail`` and ``note`` and the full citation are in the value's tooltip."""
    with st.container(border=True):
        if row is None:
            st.metric(label, "—", help=md_escape(detail) if detail else None)
            st.caption("No figure in the selected date range.")
            return
        source_id = row.get("source_id")
        st.metric(
            label,
            value,
            delta=delta,
            delta_color="off" if delta is None else "normal",
            help=card_help(detail, source_id, sources, note) or None,
        )
        st.caption(card_footer(as_of, source_id, sources))


def observation_card(
    label: str,
    latest: Mapping | None,
    sources: Mapping[str, dict],
    *,
    previous: Mapping | None = None,
    detail: str = "",
    basis: str = "",
    note: str = "",
    same: tuple[str, ...] = ("unit",),
) -> None:
    """The KPI card of one observation row (a metrics or adoption row: value, unit, qualifier, as_of and its
    precision, source_id): its value with qualifier and unit, its as-of date to its precision followed by what it
    counts (``basis``, cut to fit, whole in the tooltip), and, when a ``previous`` observation agrees on the ``same``
    columns, the change since then."""
    if latest is None:
        metric_card(label, "", sources, None)
        return
    delta = None
    if previous is not None and all(latest[c] == previous[c] for c in same):
        change = latest["value"] - previous["value"]
        since = as_of_label(previous["as_of"], str(previous["as_of_precision"]))
        delta = f"{'+' if change >= 0 else '-'}{compact(abs(change))} since {since}"
    metric_card(
        label,
        # A unit the label already names is left out of the value, so the figure fits its card.
        metric_value(latest["value"], latest["unit"], str(latest["qualifier"]), str(latest["unit"]).lower() not in label.lower()),
        sources,
        latest,
        delta=delta,
        as_of=with_basis(as_of_label(latest["as_of"], str(latest["as_of_precision"])), basis),
        detail=detail if basis in detail else "; ".join(part for part in (basis, detail) if part),
        note=note,
    )


def with_basis(when: str, basis: str) -> str:
    """'Oct 2025 · downloads and derivatives', or 'as of Oct 2025' with no basis: the basis cut to fit one footer line
    (the tooltip has it whole)."""
    if not basis:
        return f"as of {when}"
    line = f"{when} · {basis}"
    return line if len(line) <= FOOTER_CHARS else line[: FOOTER_CHARS - 1].rstrip(" ,;·") + "…"


def kpi_row(kpis: Sequence[Kpi], sources: Mapping[str, dict]) -> None:
    """Headline figures assembled elsewhere (alibaba_ai_data.tracker.Kpi), one card each, side by side."""
    for column, kpi in zip(st.columns(len(kpis)), kpis):
        with column:
            metric_card(kpi.label, kpi.value, sources, kpi.row, as_of=kpi.as_of, detail=kpi.detail)


def snippets(csv_url: str, dates: Sequence[str] = ()) -> dict[str, str]:
    """Lines per tool that read the CSV at ``csv_url`` with ``dates`` (the data package's date fields) typed as dates."""
    quoted = csv_url.replace("'", "%27").replace('"', "%22")
    listed = ", ".join(f"'{name}'" for name in dates)
    pandas = f"import pandas as pd\nframe = pd.read_csv('{quoted}'" + (f", parse_dates=[{listed}])" if dates else ")")
    r = f"frame <- read.csv('{quoted}')"
    if dates:
        r += f"\nfor (column in c({listed})) frame[[column]] <- as.Date(frame[[column]], format = '%Y-%m-%d')"
    duck_types = ", ".join(f"'{name}': 'DATE'" for name in dates)
    duckdb = f"SELECT * FROM read_csv('{quoted}'" + (f", types = {{{duck_types}}});" if dates else ");")
    source = f'Table.PromoteHeaders(Csv.Document(Web.Contents("{quoted}"), [Encoding=65001, QuoteStyle=QuoteStyle.Csv]))'
    typed = ", ".join(f'{{"{name}", type date}}' for name in dates)
    power_query = f'= Table.TransformColumnTypes({source}, {{{typed}}}, "en-US")' if dates else f"= {source}"
    return {"pandas": pandas, "R": r, "DuckDB": duckdb, "Excel Power Query": power_query}


def use_this_data(csv_url: str, key: str, note: str = "", dates: Sequence[str] = ()) -> None:
    """'Use this data': copyable one-liners that fetch the same rows from the API, for the range and filters shown."""
    with st.popover("Use this data", icon=":material/code:", key=f"{key}_use"):
        st.caption(
            "The same rows from the data API, for this page's range and filters"
            + (f" ({md_escape(note)})" if note else "")
            + ". Each line runs as it is; the link carries the filters."
        )
        for label, code in snippets(csv_url, dates).items():
            st.markdown(f"**{label}**")
            # Plain text: the highlighter's string and keyword colours fall below 4.5:1 on the code background.
            st.code(code, language=None, wrap_lines=True)
