"""Competitor comparisons: positioning, adoption and leaderboard standing, the China race, response gaps."""

import streamlit as st

from alibaba_ai_data.derived import as_of_label, labelled_releases, response_gaps_in_range
from alibaba_ai_data.tracker import adoption_series
from dashboard.components import lookup, metric_card, provenance, source_line, table_with_download
from dashboard.figures.adoption import adoption_figure
from dashboard.figures.competitors import china_race, positioning_matrix, response_gaps_chart
from dashboard.formatting import metric_value
from dashboard.page import setup_page
from dashboard.sections import views

CHINESE_DEVELOPERS = [
    "Alibaba",
    "Alibaba International",
    "DeepSeek",
    "Moonshot AI",
    "Zhipu AI (Z.ai)",
    "MiniMax",
    "Tencent",
    "Baidu",
]

ctx = setup_page(
    "Competitor comparisons", "How the articles place Alibaba against its rivals, and the race since.", shows_releases=True
)
metrics, competitors = ctx.tables["metrics"], ctx.tables["competitors"]
MEASURES = {"Downloads": "downloads", "Derivative models": "derivatives", "Share of new derivatives": "derivative_share"}


def response_gaps_frame():
    return ctx.cached(
        "response-gaps-frame",
        lambda: response_gaps_in_range(
            ctx.dataset["responses"], ctx.dataset["releases"], ctx.dataset["events"], ctx.span.start, ctx.span.end
        ),
    )


picked, selected, gaps = [], None, None
view = views("pages/competitors.py")
if (tab := view["Positioning"]) is not None:
    with tab:
        picked = ctx.chart(
            ctx.cached("positioning", lambda: positioning_matrix(competitors, ctx.sources)),
            key="positioning",
            name="positioning",
            caveat="The articles' own characterisation, not a market survey; undated",
        )
        ctx.coverage_note("competitors")
        st.caption(
            "The articles' own characterisation, not a market survey; 'not stated' means the articles do not say. "
            "Undated, so the date range does not change it."
        )
        source_line(competitors["source_id"].tolist(), ctx.cite_index)

        st.subheader("Adoption, leaderboards and cloud rank")
        cards = st.columns(4)
        for column, metric_id, label in zip(
            cards,
            ["open_family_rank", "arena_rank_qwen2_5_max", "top_chinese_nonreasoning", "cloud_provider_rank"],
            [
                "Qwen: open model families",
                "Qwen2.5-Max: Chatbot Arena",
                "Qwen2.5-Max: Chinese rivals",
                "Alibaba Cloud: worldwide",
            ],
        ):
            rows = metrics[metrics["metric_id"] == metric_id]
            with column:
                if rows.empty:
                    metric_card(label, "", ctx.cite_index, None)
                else:
                    row = rows.iloc[0]
                    metric_card(
                        label,
                        metric_value(row["value"], row["unit"], str(row["qualifier"])),
                        ctx.cite_index,
                        row,
                        as_of="as of " + as_of_label(row["as_of"], str(row["as_of_precision"])),
                        detail=row["basis"],
                    )
if (tab := view["Adoption race"]) is not None:
    with tab:
        measure_tabs = dict(zip(MEASURES, st.tabs(list(MEASURES), key="measure", bind="query-params")))
        measure_tabs = {label: t if t.open else None for label, t in measure_tabs.items()}
        milestones = ctx.tables["events"][ctx.tables["events"]["category"] == "adoption"]
        adoption_shown = []
        for label, measure in MEASURES.items():
            if (tab := measure_tabs[label]) is None:
                continue
            with tab:
                series = ctx.cached(
                    f"adoption-{measure}",
                    lambda measure=measure: adoption_series(ctx.tables["adoption"], metrics, ctx.sources, measure),
                )
                adoption_shown.append(series)
                picked += ctx.chart(
                    ctx.cached(
                        f"adoption-figure-{measure}",
                        lambda series=series, measure=measure: adoption_figure(
                            series, milestones if measure == "downloads" else milestones.iloc[0:0], ctx.sources, measure
                        ),
                    ),
                    key=f"adoption_{measure}",
                    caveat="Counts differ in scope (Hugging Face only, all channels, a tracked subset); points from different sources are not joined",
                    name=f"adoption-{measure.replace('_', '-')}",
                )
        st.caption(
            "Qwen against Llama and the rest, from the best public counts found: the Qwen team's and Hugging Face's figures, "
            "press reports, and the ATOM Report (Lambert and Brand, April 2026), read through summaries of it. Counts differ in "
            "scope, so points from different sources are not joined. Open squares are the articles' own figures. Dashed lines "
            "mark when each source says Qwen passed Llama in downloads; they disagree by a month. Not found: a dated series "
            "for DeepSeek, or Llama counts after December 2024."
        )
        source_line(
            [s for frame in adoption_shown for s in frame["source_id"]] + milestones["source_id"].tolist(), ctx.cite_index
        )
if (tab := view["China"]) is not None:
    with tab:
        picked = ctx.chart(
            ctx.cached(
                "china-race",
                lambda: china_race(
                    ctx.tables["releases"],
                    ctx.sources,
                    CHINESE_DEVELOPERS,
                    labelled_releases(ctx.dataset["releases"], ctx.dataset["responses"]),
                ),
            ),
            key="china_race",
            name="china-race",
        )
        others = competitors[competitors["region"] == "China"]
        others = others[~others["company"].isin(CHINESE_DEVELOPERS)]
        st.caption(
            "Dated releases from Alibaba, its international unit, DeepSeek, Moonshot AI, Zhipu AI, MiniMax, Tencent and Baidu, "
            "each dated by its own source (see the timeline's table for confidence). "
            f"The articles also name {', '.join(others['company'])}; the Tables view says what they report."
        )
        race_rows = ctx.tables["releases"][ctx.tables["releases"]["developer"].isin(CHINESE_DEVELOPERS)]
        source_line(race_rows["source_id"].tolist() + race_rows["date_source_id"].dropna().tolist(), ctx.cite_index)
if (tab := view["Response gaps"]) is not None:
    with tab:
        gaps = response_gaps_frame()
        picked = ctx.chart(
            ctx.cached("response-gaps", lambda: response_gaps_chart(gaps, ctx.sources)),
            key="response_gaps",
            name="response-gaps",
        )
        st.caption(
            "Pairs the articles link (a rival's move, then Alibaba's); a pair shows when its span overlaps the date range. "
            "Both dates are known to the day unless marked approximate."
        )
        source_line(gaps["source_id"].tolist(), ctx.cite_index, label="Pairings from")
if (tab := view["Tables"]) is not None:
    with tab:
        tab_competitors, tab_adoption, tab_gaps = st.tabs(["Competitors", "Adoption", "Response gaps"])
        with tab_competitors:
            selected = table_with_download("competitors", competitors, ctx.span, key="competitors_table")
        with tab_adoption:
            selected_adoption = table_with_download(
                "adoption", ctx.tables["adoption"].sort_values("as_of"), ctx.span, key="adoption_table"
            )
            selected = selected if selected is not None else selected_adoption
        with tab_gaps:
            gaps = response_gaps_frame()
            selected_gap = table_with_download("response-gaps", gaps, ctx.span, key="gaps_table", table="responses")
            selected = selected if selected is not None else selected_gap
if picked:
    table, key = picked[0][0], picked[0][1]
    selected = lookup(ctx.tables, table, key) if table != "responses" else gaps[gaps["pair_id"] == key].iloc[0]
provenance(
    selected,
    ctx.cite_index,
    heading=""
    if selected is None
    else str(selected.get("company", selected.get("pair_id", selected.get("model", selected.get("entity", ""))))),
)
