"""Overview: the story in brief, headline figures with as-of dates and sources, and the key events."""

import pandas as pd
import streamlit as st

from alibaba_ai_data.derived import latest_and_previous, metric_series
from alibaba_ai_data.publish import export_table
from alibaba_ai_data.tracker import since_articles
from dashboard.answer_texts import pledge_text, releases_text
from dashboard.cards import metric_card, observation_card, table_with_download
from dashboard.citations import lookup, selection_provenance
from dashboard.formatting import money
from dashboard.overview_charts import adoption_by_measure, joined_chart, key_events_chart
from dashboard.page import setup_page
from dashboard.pledge import pledge_window_of
from dashboard.registry import table_link
from dashboard.shared_cache import cached

ctx = setup_page(
    __file__,
    "Alibaba's open-source AI push",
    "Headline figures and key events from four 2025 news articles, cross-checked and followed to the present.",
)
metrics, events, investments = ctx.tables["metrics"], ctx.tables["events"], ctx.tables["investments"]

window = cached(pledge_window_of, ctx.dataset)
if window is not None:
    ctx.answer(
        "Where does the push stand?",
        ctx.cached(pledge_text) + " " + ctx.cached(releases_text),
    )
with st.expander("The story in the four articles"):
    st.markdown(
        "After a regulatory squeeze that cut its market value in half, Alibaba rebuilt its AI effort around "
        "open-weight Qwen models that feed demand for its cloud. DeepSeek's R1 in January 2025 jolted the company "
        "into a holiday sprint and a three-year, RMB 380bn spending plan. By the later articles Qwen ranks second only "
        "to Meta's Llama in adoption."
    )


def newest_two(ctx, metric: str):
    return latest_and_previous(metric_series(ctx.tables["metrics"], metric))


def newest_two_for_qwen(ctx, measure: str):
    observations = adoption_by_measure(ctx)[measure]
    return latest_and_previous(observations[observations["entity"] == "Qwen"])


def newest_share_price_ytd(ctx):
    rows = ctx.tables["metrics"]
    return latest_and_previous(
        rows[(rows["metric"] == "Alibaba share price change") & rows["basis"].str.contains("year to date")]
    )


def rows_since_articles(ctx):
    return since_articles(ctx.tables)


def metric_kpi(column, label: str, metric: str, detail_from_basis: bool = False) -> None:
    latest, previous = ctx.cached(newest_two, metric)
    detail = latest["basis"] if detail_from_basis and latest is not None else ""
    with column:
        observation_card(label, latest, ctx.cite_index, previous=previous, detail=detail)


def adoption_kpi(column, label: str, measure: str) -> None:
    """The newest Qwen figure of an adoption measure, from the adoption table and the articles' own figures."""
    latest, previous = ctx.cached(newest_two_for_qwen, measure)
    with column:
        observation_card(
            label,
            latest,
            ctx.cite_index,
            previous=previous,
            detail="" if latest is None else str(latest["scope"]),
            same=("unit", "scope"),
        )


top = st.columns(3)
adoption_kpi(top[0], "Qwen downloads", "downloads")
adoption_kpi(top[1], "Qwen derivative models", "derivatives")
metric_kpi(top[2], "AI models released by Alibaba", "AI models released by Alibaba", detail_from_basis=True)
bottom = st.columns(3)
commitment = investments[investments["category"] == "commitment"]
with bottom[0]:
    if commitment.empty:
        metric_card("AI and cloud commitment", "", ctx.cite_index, None)
    else:
        row = commitment.iloc[0]
        # The period and the rate are optional cells: the card says only what the row states.
        period = (
            f" over {row['period_start']:%Y}-{row['period_end']:%Y}"
            if pd.notna(row["period_start"]) and pd.notna(row["period_end"])
            else ""
        )
        rate = f"; {1 / row['fx_usd_per_unit']:.2f} RMB per USD ({row['fx_basis']})" if pd.notna(row["fx_usd_per_unit"]) else ""
        metric_card(
            "AI and cloud commitment",
            money(row["amount_usd_low_bn"], row["amount_usd_high_bn"], "USD"),
            ctx.cite_index,
            row,
            as_of=f"announced {row['announced']:%Y-%m-%d}" if pd.notna(row["announced"]) else "",
            detail=f"{money(row['amount_low_bn'], row['amount_high_bn'], str(row['currency']))}{period}{rate}",
        )
metric_kpi(bottom[1], "Alibaba Cloud revenue growth", "Alibaba Cloud revenue growth", detail_from_basis=True)
with bottom[2]:
    latest, _ = ctx.cached(newest_share_price_ytd)
    observation_card("Share price, 2025", latest, ctx.cite_index, detail="" if latest is None else latest["basis"])

# One chart per view: the joined chart is the heaviest drawing in the app (0.3-0.5 s of the browser's time on a
# page load, measured on this machine), so it is drawn when its tab is opened.
view = ctx.views()
if (tab := view["Key events"]) is not None:
    with tab:
        ctx.chart(**key_events_chart(ctx))
if (tab := view["Money to capability"]) is not None:
    with tab:
        ctx.chart(**joined_chart(ctx))
ctx.coverage_note("overview")
selected = None
if (box := ctx.drawer("Key events: table and CSV", "table")) is not None:
    with box:
        selected = ctx.table("events", export_table(ctx.tables, "events"), key="overview_events_table", api_table="events")
selection_provenance(selected, ctx.cite_index, "title")

st.subheader("Since the articles")
newer = ctx.cached(rows_since_articles)
st.caption(
    f"{len(newer)} rows recorded from sources other than the four articles and dated after the newest of them "
    "(October 2025), in the selected range."
)
if (box := ctx.drawer("Since the articles: the rows, newest first", "since")) is not None:
    with box:
        st.caption("Each row links to the page that charts it.")
        newer = newer.assign(page=newer["table"].map(table_link))
        selected_new = table_with_download(
            "since-the-articles",
            newer,
            ctx.span,
            key="since_articles_table",
            column_config={
                "page": st.column_config.LinkColumn("Page", help="the page that charts the row", display_text="open page")
            },
        )
        if selected_new is not None:
            provenance_row = lookup(ctx.tables, selected_new["table"], selected_new["key"])
            selection_provenance(provenance_row, ctx.cite_index, "model", "title", "metric", "summary", "entity")
