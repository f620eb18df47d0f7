"""Competitor comparisons: the capability race, how far behind, positioning, adoption, the China race, response gaps."""

import streamlit as st

from alibaba_ai_data.answers import rank_bases
from alibaba_ai_data.derived import gap_lags, gap_spread, labelled_releases, open_weight_positions, response_gaps_in_range
from alibaba_ai_data.publish import export_table
from alibaba_ai_data.schema import BOARDS, GAP_COMPARISONS
from dashboard.answer_texts import standing_text
from dashboard.cards import observation_card
from dashboard.citations import md_escape, provenance
from dashboard.figures.adoption import adoption_figure
from dashboard.figures.capability import CHINESE_DEVELOPERS, GROUPINGS, race_figure
from dashboard.figures.competitors import china_race, positioning_matrix, response_gaps_chart
from dashboard.figures.gaps import lag_figure, score_gap_figure
from dashboard.overview_charts import adoption_observations
from dashboard.page import setup_page
from dashboard.registry import BOARD_PARAM, COMPARED_PARAM, GROUP_PARAM, MEASURE_PARAM
from dashboard.sections import linked_tabs
from dashboard.url_state import choice_control

ctx = setup_page(__file__, "Competitor comparisons", "How the articles place Alibaba against its rivals, and the race since.")
metrics, competitors = ctx.tables["metrics"], ctx.tables["competitors"]
MEASURES = {
    "Downloads": "downloads",
    "Derivative models": "derivatives",
    "Share of new derivatives": "derivative_share",
    "OpenRouter tokens by origin": "weekly_tokens",
}


def counted_on(row) -> str:
    """What a rank counts, for its card's footer: the metric's closing parenthesis ('downloads and derivatives'),
    else the row's basis."""
    metric = str(row["metric"])
    if metric.endswith(")") and "(" in metric:
        return metric[metric.rindex("(") + 1 : -1]
    return str(row["basis"]) if isinstance(row["basis"], str) else ""


def response_gaps(ctx):
    return response_gaps_in_range(
        ctx.dataset["responses"], ctx.dataset["releases"], ctx.dataset["events"], ctx.span.start, ctx.span.end
    )


def response_gaps_frame():
    return ctx.cached(response_gaps)


def response_gaps_figure(ctx):
    return response_gaps_chart(ctx.cached(response_gaps), ctx.sources)


def leaderboard_scores(ctx):
    """The range's leaderboard rows, narrowed by the developer and open-weights release filters."""
    scores = ctx.tables["capability"]
    chosen_developers = ctx.release_filters.get("developer", ())
    chosen_open = ctx.release_filters.get("open_weights", ())
    if chosen_developers:
        scores = scores[scores["developer"].isin(chosen_developers)]
    if chosen_open:
        wanted = [value == "yes" for value in chosen_open]
        scores = scores[scores["open_weights"].astype("boolean").isin(wanted).fillna(False)]
    return scores


def board_choices(ctx) -> tuple[list[str], str | None]:
    """The board versions in range as 'board · version', and the one the view opens on: the newest version with a
    history (two snapshots or more), since a version seen once is a dot per developer, one control away."""
    scores = leaderboard_scores(ctx)
    boards = scores[["board", "board_version"]].astype(str).drop_duplicates()
    if boards.empty:
        return [], None
    snapshots = scores.groupby(["board", "board_version"], observed=True)["as_of"].nunique()
    with_history = scores.set_index(["board", "board_version"]).index.map(snapshots).to_numpy() > 1
    newest = (scores[with_history] if with_history.any() else scores).sort_values("as_of").iloc[-1]
    options = [f"{b} · {v}" for b, v in zip(boards["board"], boards["board_version"])]
    return options, f"{newest['board']} · {newest['board_version']}"


def capability_race(ctx, board: str, version: str, by: str):
    metrics = ctx.tables["metrics"]
    claims = metrics[metrics["metric_group"].astype(str) == "leaderboard"]
    return race_figure(leaderboard_scores(ctx), ctx.sources, board, version, by, claims)


def compared_estimates(ctx, comparison: str):
    estimates = ctx.tables["gap_estimates"]
    return estimates if comparison == "Both" else estimates[estimates["comparison"].astype(str) == comparison]


def lags_compared(ctx, comparison: str):
    return gap_lags(compared_estimates(ctx, comparison))


def lags_figure(ctx, comparison: str):
    return lag_figure(ctx.cached(lags_compared, comparison), ctx.sources)


def score_gaps_figure(ctx, comparison: str):
    return score_gap_figure(compared_estimates(ctx, comparison), ctx.sources)


def positioning_figure(ctx):
    # Undated, so the whole releases table decides who has open weights, whatever the range.
    return positioning_matrix(ctx.tables["competitors"], ctx.sources, ctx.dataset["releases"])


def open_weight_sources(ctx) -> tuple[str, ...]:
    """The sources of the releases that place companies on the open-weights axis (not points of the chart)."""
    positions = open_weight_positions(ctx.tables["competitors"], ctx.dataset["releases"])
    return tuple(positions["open_weights_source_id"].dropna())


def adoption_milestones(ctx, measure: str):
    """The adoption milestones drawn as lines: on the downloads chart only."""
    events = ctx.tables["events"]
    milestones = events[events["category"] == "adoption"]
    return milestones if measure == "downloads" else milestones.iloc[0:0]


def adoption_race_figure(ctx, measure: str):
    series = ctx.cached(adoption_observations, measure)
    return adoption_figure(series, adoption_milestones(ctx, measure), ctx.sources, measure)


def china_race_figure(ctx):
    return china_race(
        ctx.tables["releases"],
        ctx.sources,
        CHINESE_DEVELOPERS,
        labelled_releases(ctx.dataset["releases"], ctx.dataset["responses"]),
    )


selected, gaps = None, None
ctx.answer("Where does Qwen stand now?", ctx.cached(standing_text))
view = ctx.views()
if (tab := view["Capability race"]) is not None:
    with tab:
        options, default_board = ctx.cached(board_choices)
        if not options:
            st.info("No leaderboard scores in the selected range" + (" for the chosen filters." if ctx.filter_note else "."))
        else:
            picked_board = choice_control(
                BOARD_PARAM,
                "Board and version",
                options,
                default_board,
                help="Scores compare only within one board version: a board that re-scales starts a new version.",
                compact=True,
            )
            grouping = choice_control(
                GROUP_PARAM,
                "One line per",
                list(GROUPINGS),
                "Developer",
                help="Country and open-or-closed lines follow the best-rated model of their group at each snapshot.",
            )
            board, version = picked_board.split(" · ", 1)
            by = GROUPINGS[grouping]
            ctx.chart(
                f"capability-race-{board}-{version}-{by}".replace(" ", "-").replace(",", ""),
                capability_race,
                caveat="Scores compare only within one board version; each point is one model's rating in one snapshot",
                note="Each point is the best-rated model of its line in one snapshot of the board, with the board's 95% "
                "interval; a line holds its value until its next snapshot, and a grey band marks more than a quarter with "
                "no snapshot recorded. Overlapping intervals mean the board cannot tell the models apart. Qwen's models "
                "carry their names; stars along the foot are the articles' own leaderboard claims (ranks, not scores). "
                "Open or closed comes from releases.csv or LMArena's licence list; click a point for its source."
                + (f" Filters: {ctx.filter_note}." if ctx.filter_note else ""),
                board=board,
                version=version,
                by=by,
            )
            recorded = sorted(set(ctx.dataset["capability"]["board"].astype(str)))
            missing = [b for b in BOARDS if b not in recorded]
            st.caption(
                f"Recorded so far: {', '.join(recorded)}, newest snapshot "
                f"{ctx.dataset['capability']['as_of'].max():%Y-%m-%d}. Not yet recorded: {', '.join(missing)}."
            )
        ctx.coverage_note("competitors")
if (tab := view["How far behind?"]) is not None:
    with tab:
        every = ctx.dataset["gap_estimates"]
        if every.empty:
            st.info("No gap estimates are recorded yet (gap_estimates.csv has no rows), so there is no lag to compare.")
        comparison = choice_control(
            COMPARED_PARAM,
            "Compared",
            ["Both", *GAP_COMPARISONS],
            "Both",
            help="China's best models against the US's, or open-weight models against closed ones.",
        )
        estimates = compared_estimates(ctx, comparison)
        spread = gap_spread(ctx.cached(lags_compared, comparison))
        for row in spread[spread["dimension"] == "capability"].itertuples():
            st.markdown(
                f"**{md_escape(row.comparison)}**: "
                + md_escape(
                    f"{row.estimates} published estimates of the lag in time, from {row.low} to {row.high}. They "
                    "measure different things in different ways, so the range is the answer: no average is taken."
                )
            )
        ctx.chart(
            "gap-estimates-lag",
            lags_figure,
            caveat="Each estimate as published; methods, measures and dates differ, so none is averaged",
            note="One row per published estimate of a lag in time, grouped by what is compared and in date order. Dots "
            "are measurements (evaluators, research groups, a government evaluator); open diamonds are views and a "
            "lab's reading of its own model. A figure given in years is drawn as twelve months a year. Hover for the "
            "measure and caveats; click for the source.",
            comparison=comparison,
        )
        ctx.chart(
            "gap-estimates-scores",
            score_gaps_figure,
            caveat="Score gaps compare only within one unit and measure",
            note="Gaps stated as score differences, one panel per unit, each at the date it measures.",
            comparison=comparison,
        )
        if not every.empty:
            newest = every.sort_values("as_of").iloc[-1]
            on_qwen = every[(every["behind"] + " " + every["ahead"]).str.contains("Qwen", case=False)]
            st.caption(
                md_escape(
                    f"{len(every)} estimates recorded in all, the newest measuring {newest['as_of']:%Y-%m} "
                    f"({newest['estimator']}). "
                    + (
                        "None measures a Qwen model on its own: the sources found compare countries, open and closed "
                        "weights, or single rival models. "
                        if on_qwen.empty
                        else f"{len(on_qwen)} of them name a Qwen model. "
                    )
                    + "data/CHANGELOG.md lists what was searched for and not found, with the date."
                )
            )
        ctx.table(
            "gap-estimates",
            export_table({**ctx.tables, "gap_estimates": estimates}, "gap_estimates"),
            key="gap_estimates_view_table",
            api_table="gap_estimates",
            api_note="" if comparison == "Both" else f"the API gives both comparisons; keep the rows compared as '{comparison}'",
        )
if (tab := view["Positioning"]) is not None:
    with tab:
        ctx.chart(
            "positioning",
            positioning_figure,
            # The releases that place a company on the open-weights axis are not points: their sources are named here.
            extra_sources=ctx.cached(open_weight_sources),
            caveat="Own cloud as the articles describe it; open weights from the releases recorded, else the articles",
            note="A company counts as having open-weight models when any release of its recorded in the timeline has open "
            "weights (hover names the newest); otherwise the articles' word stands, and 'not stated' means they do not "
            "say. Own cloud is the articles' characterisation, not a market survey. Undated, so the date range does not "
            "change it.",
        )
        ctx.coverage_note("competitors")

        st.subheader("Adoption, leaderboards and cloud rank")
        # Two cards a row: each footer line then fits its card.
        cards = [*st.columns(2), *st.columns(2)]
        ranks = {}
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
            row = ranks[metric_id] = None if rows.empty else rows.iloc[0]
            with column:
                observation_card(
                    label,
                    row,
                    ctx.cite_index,
                    basis="" if row is None else counted_on(row),
                    detail="" if row is None else f"{row['metric']}: {row['basis']}",
                )
        # A stated rank beside events that say the family passed its rival: each has its own count and date.
        if reconciled := rank_bases(ranks["open_family_rank"], ctx.tables["events"], ctx.sources):
            st.caption(md_escape(reconciled))
if (tab := view["Adoption race"]) is not None:
    with tab:
        measure_tabs = linked_tabs(list(MEASURES), MEASURE_PARAM)
        for label, measure in MEASURES.items():
            if (tab := measure_tabs[label]) is None:
                continue
            with tab:
                shown_milestones = adoption_milestones(ctx, measure)
                ctx.chart(
                    f"adoption-{measure.replace('_', '-')}",
                    adoption_race_figure,
                    measure,
                    # The milestone lines are drawn as lines, not points: their sources are named here.
                    extra_sources=[*shown_milestones["source_id"], *shown_milestones["date_source_id"].dropna()],
                    caveat="Counts differ in scope (Hugging Face only, all channels, a tracked subset); points from different sources are not joined",
                    note="Qwen against Llama and the rest, from the best public counts found: the Qwen team's and Hugging "
                    "Face's figures, press reports, and the ATOM Report (Lambert and Brand, April 2026), read through summaries "
                    "of it. Counts differ in scope, so points from different sources are not joined. Open squares are the "
                    "articles' own figures. Dashed lines mark when each source says Qwen passed Llama in downloads; they "
                    "disagree by a month. Not found: a dated series for DeepSeek, or Llama counts after December 2024.",
                )
if (tab := view["China"]) is not None:
    with tab:
        others = competitors[competitors["region"] == "China"]
        others = others[~others["company"].isin(CHINESE_DEVELOPERS)]
        ctx.chart(
            "china-race",
            china_race_figure,
            note="Dated releases from Alibaba, its international unit, DeepSeek, Moonshot AI, Zhipu AI, MiniMax, Tencent and "
            "Baidu, each dated by its own source (see the timeline's table for confidence). "
            f"The articles also name {', '.join(others['company'])}; the Tables view says what they report.",
        )
if (tab := view["Response gaps"]) is not None:
    with tab:
        gaps = response_gaps_frame()
        ctx.chart(
            "response-gaps",
            response_gaps_figure,
            # Pairs are drawn when their span overlaps the range, which the responses table's own filter may not keep.
            extra_sources=gaps["source_id"],
            note="Pairs the articles link (a rival's move, then Alibaba's); a pair shows when its span overlaps the date "
            "range. Both dates are known to the day unless marked approximate.",
            label="Pairings from",
            # A point is a pair of moves (a row of the gaps frame), not a row of the responses table.
            evidence=lambda point: next((row for _, row in gaps[gaps["pair_id"] == point[1]].iterrows()), None),
        )
if (tab := view["Tables"]) is not None:
    with tab:
        tab_competitors, tab_adoption, tab_gaps, tab_capability, tab_estimates = st.tabs(
            ["Competitors", "Adoption", "Response gaps", "Leaderboard scores", "Gap estimates"]
        )
        with tab_competitors:
            selected = ctx.table("competitors", competitors, key="competitors_table", api_table="competitors")
        with tab_adoption:
            selected_adoption = ctx.table(
                "adoption", export_table(ctx.tables, "adoption"), key="adoption_table", api_table="adoption"
            )
            selected = selected if selected is not None else selected_adoption
        with tab_gaps:
            gaps = response_gaps_frame()
            selected_gap = ctx.table(
                "response-gaps",
                gaps,
                key="gaps_table",
                table="responses",
                api_table="responses",
                api_note="the API gives the pairs as in data/, without the dates and gaps worked out here",
            )
            selected = selected if selected is not None else selected_gap
        with tab_capability:
            selected_score = ctx.table(
                "capability", export_table(ctx.tables, "capability"), key="capability_table", api_table="capability"
            )
            selected = selected if selected is not None else selected_score
        with tab_estimates:
            selected_estimate = ctx.table(
                "gap_estimates", export_table(ctx.tables, "gap_estimates"), key="gap_estimates_table", api_table="gap_estimates"
            )
            selected = selected if selected is not None else selected_estimate
        # A selected table row's evidence, under its tables (a clicked point's shows under its chart).
        provenance(
            selected,
            ctx.cite_index,
            heading=""
            if selected is None
            else str(
                selected.get(
                    "company",
                    selected.get("estimator", selected.get("pair_id", selected.get("model", selected.get("entity", "")))),
                )
            ),
        )
