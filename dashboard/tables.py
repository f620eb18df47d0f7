"""Tables as people read them: labelled, ordered, formatted columns built from the schema, one mechanism for all."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from alibaba_ai_data.labels import LIST_COLUMNS, LONG_TEXT, description_for, display_order, label_for


def _numeric_text(values: pd.Series) -> pd.Series:
    """Numbers as text with thousands separators and no trailing zeros; empty where there is no value."""
    return values.map(lambda v: "" if pd.isna(v) else f"{float(v):,.6f}".rstrip("0").rstrip("."))


def readable_table(frame: pd.DataFrame, table: str | None = None) -> tuple[pd.DataFrame, dict, list[str]]:
    """The frame to display (empty cells empty, lists as lists), its column configuration and column order.

    Row order and count are unchanged, so a selected row's position is its position in `frame`.
    """
    shown = pd.DataFrame(index=frame.index)
    config: dict = {}
    for column in frame.columns:
        values = frame[column]
        label, help_text = label_for(column), description_for(column, table) or None
        if pd.api.types.is_datetime64_any_dtype(values) and values.isna().any():
            # The grid draws a missing date as "None": ISO text (which sorts by date) leaves the cell empty.
            shown[column] = values.dt.strftime("%Y-%m-%d").fillna("")
            config[column] = st.column_config.TextColumn(label, help=help_text)
        elif pd.api.types.is_datetime64_any_dtype(values):
            shown[column] = values
            config[column] = st.column_config.DateColumn(label, help=help_text, format="YYYY-MM-DD")
        elif pd.api.types.is_bool_dtype(values) and not values.isna().any():
            shown[column] = values.astype(bool)
            config[column] = st.column_config.CheckboxColumn(label, help=help_text)
        elif column in LIST_COLUMNS:
            sep = LIST_COLUMNS[column]
            shown[column] = values.map(lambda v, sep=sep: [] if pd.isna(v) else [p.strip() for p in str(v).split(sep)])
            config[column] = st.column_config.ListColumn(label, help=help_text)
        elif column == "url":
            shown[column] = values.astype(object).where(values.notna(), None)
            config[column] = st.column_config.LinkColumn(label, help=help_text, display_text=r"https?://([^/]+).*")
        elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            if values.isna().any():
                shown[column] = _numeric_text(values)
                config[column] = st.column_config.TextColumn(label, help=help_text)
            else:
                shown[column] = values.astype(float)
                config[column] = st.column_config.NumberColumn(label, help=help_text, format="localized")
        else:
            shown[column] = values.astype(object).where(values.notna(), "").astype(str)
            config[column] = st.column_config.TextColumn(label, help=help_text, width="large" if column in LONG_TEXT else None)
    return shown, config, display_order(list(frame.columns))


def editor_columns(frame: pd.DataFrame, table: str | None = None, **overrides) -> dict:
    """Column configuration for an editable grid of ``frame``: the same labels and meanings as every table
    (alibaba_ai_data.labels), ticks for booleans, wide cells for long text; ``overrides`` replace a column's."""
    config: dict = {}
    for column in frame.columns:
        label, help_text = label_for(column), description_for(column, table) or None
        if pd.api.types.is_bool_dtype(frame[column]):
            config[column] = st.column_config.CheckboxColumn(label, help=help_text)
        else:
            config[column] = st.column_config.TextColumn(label, help=help_text, width="large" if column in LONG_TEXT else None)
    return {**config, **overrides}
