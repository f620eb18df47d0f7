"""Methodology: how figures are classed, how confidence is assigned, how dates, currencies and gaps are handled."""

import pandas as pd
import streamlit as st

from alibaba_ai_data.derived import rmb_per_usd
from alibaba_ai_data.methodology import changelog_entries, class_counts, classify_figures
from dashboard.cards import table_with_download
from dashboard.coverage_view import STATUS_STYLES, coverage_grid
from dashboard.data_access import data_dir
from dashboard.page import setup_page

ctx = setup_page(__file__, "Methodology", "How the figures are classed, dated, converted and checked.")

st.subheader("How each figure is classed")
st.markdown(
    "Every number in the data belongs to one of four classes, decided by the kind of source behind it and by what "
    "the number is. **Company-reported**: published by the company itself (a results release, a filing, an official "
    "README or model card). **Press-reported**: from a news report or one of the four articles, not traced to a "
    "company document. **Company guidance**: a plan, target or expectation for a later period, such as the RMB 380bn "
    "commitment or a peer's capex guidance. **Estimate**: a third party's measurement, such as the ATOM Report's "
    "download counts or a leaderboard rank."
)


def figure_classes(ctx):
    return classify_figures(ctx.tables)


def figure_class_counts(ctx):
    return class_counts(ctx.cached(figure_classes))


def coverage_long(ctx):
    return ctx.coverage[["series", "period", "status_label", "detail", "due", "confidence", "searched", "rows", "series_id"]]


def changelog(ctx):
    """The changelog beside the data, read once per data version (a release edits both)."""
    return changelog_entries(data_dir())


classified = ctx.cached(figure_classes)
table_with_download("figure-classes", ctx.cached(figure_class_counts), ctx.span, key="classes_table")

st.subheader("How confidence is assigned")
st.markdown(
    "Each source, and each row of the later tables, carries a confidence, and the validator enforces the rules by "
    "the kind of source. **High**: a primary source only (a company release or filing, an official README or model "
    "card, the company's own blog). **Medium** or **low**: a news report, medium for a reputable outlet and low for "
    "a blog or a single report no one else confirms. **Low**: an aggregator (a site compiling others' reporting), a "
    "reference work, or a research note. A source has one confidence wherever it is cited, and no row is more "
    "certain than the source it rests on (a row may be less, when sources disagree by a day). When sources "
    "disagree, the primary source wins and the other value is named in the notes. A figure a source implies or "
    "extrapolates but nobody stated carries the label implied and stays out of every reported series."
)
confidence = ctx.sources["confidence"].astype(str).replace({"nan": "not set (the four articles)"}).value_counts()
st.caption(
    "Sources by confidence: "
    + ("; ".join(f"{name}: {count}" for name, count in confidence.items()) or "no source recorded")
    + "."
)

st.subheader("Coverage: what is recorded, searched, overdue or not due")
st.markdown(
    "Every series the tracker follows is declared in `series.csv` with the table holding its figures, its cadence "
    "and when a figure is usually published. For each period, coverage is derived, not typed: **recorded** (with "
    "the best confidence among its rows), **searched, none** (the research log `searches.csv` says when it was "
    "searched and what was found: nothing, only a derived or implied figure, or a report the curator could not "
    "confirm), **overdue** (past its usual publication, neither recorded nor searched) or **not due** yet. A "
    "period never shows as recorded on the strength of an implied figure."
)
grid = ctx.coverage
counts = grid["status_label"].value_counts()
st.caption(
    f"As of {pd.Timestamp.today():%Y-%m-%d}: "
    + ("; ".join(f"{label}: {count}" for label, count in counts.items()) or "no period tracked")
    + f" (periods across {grid['series_id'].nunique()} series). Colours: "
    + ", ".join(f"{name} {style.split(': ')[1]}" for name, style in STATUS_STYLES.items())
    + "; each cell also says its status in words."
)
quarterly, yearly = st.tabs(["Quarterly series", "Yearly series"])
with quarterly:
    coverage_grid(ctx.dataset, ctx.coverage_today, "quarter")
with yearly:
    coverage_grid(ctx.dataset, ctx.coverage_today, "year")
table_with_download(
    "coverage",
    ctx.cached(coverage_long),
    ctx.span,
    key="coverage_table",
    note="One row per series and period; the grid above in long form.",
)

st.subheader("How dates and their precision are drawn")
st.markdown(
    "A date is the first day of its period, and its precision says which period: a day, a month, a quarter or a "
    "year. Charts draw a date known only to a month or a year as a grey bar across that period (hover shows ≈), and "
    "a date range keeps a row when its whole period overlaps the range. Undated facts reported by an article are "
    "dated by the article and marked as such; a statement whose own date is unknown is placed at the earliest date "
    "it can have and labelled 'after'."
)

st.subheader("How currencies are converted")
display_rate = rmb_per_usd(ctx.dataset["investments"])
stated = ctx.dataset["capex_quarters"]["fx_usd_per_unit"].notna().sum()
st.markdown(
    "Amounts are stored in the currency the source reports. An RMB figure shown in USD uses the rate stated with that "
    f"figure (results releases give their own translation; {stated} capex rows carry one), and otherwise the pledge's rate, "
    "labelled as such beside the chart. "
    + (
        f"USD figures shown in RMB use **1 USD = {display_rate[0]:.4f} RMB** (basis: {display_rate[1]}). "
        if display_rate
        else "No RMB row states a rate, so nothing is shown in RMB. "
    )
    + "Amounts reported in USD are never re-stated from an RMB figure or the other way round in the files."
)

st.subheader("What is deliberately not counted")
st.markdown(
    "Nothing is interpolated between two reports, and no figure is derived by subtracting one total from another. "
    "A quarter of capex no source gives is drawn as a gap labelled 'not found in sources', never as zero, and the "
    "running total adds reported quarters only. A multi-year total is never split into years; where a chart needs a "
    "yearly footing it shows the average, labelled as an average. Counts from sources with different scopes (Hugging "
    "Face only, all channels, a tracked subset) are shown side by side, not joined into one series."
)

st.subheader("Data changelog")
entries = ctx.cached(changelog)
if not entries:
    st.caption("No changelog was found beside the data.")
for entry in entries:
    with st.container(border=True):
        st.markdown(entry.replace("## ", "#### ", 1))
st.caption(f"The full history is in data/CHANGELOG.md. Figures classed: {len(classified)} rows in range.")
