"""Declared schema of every table in data/: columns, types, allowed values and keys."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import pandas as pd

ColumnKind = Literal["text", "category", "date", "float", "int", "bool"]

PRECISIONS = ("day", "month", "quarter", "year")
CURRENCIES = ("RMB", "USD")
SOURCE_KINDS = ("article", "primary", "company", "news", "aggregator", "reference", "research_note")
# The confidence a source of each kind may carry (articles carry none: their rows are dated and checked by others).
CONFIDENCE_BY_KIND: dict[str, tuple[str, ...]] = {
    "article": (),
    "primary": ("high",),
    "company": ("high",),
    "news": ("medium", "low"),
    "aggregator": ("low",),
    "reference": ("low",),
    "research_note": ("low",),
}
CONFIDENCE_ORDER = {"low": 0, "medium": 1, "high": 2}
# How the curator read a source's passage: on the publisher's own page, in a verbatim copy elsewhere (a repository
# file quoting a results release, a transcript) that names the original, or in a digest that paraphrases it.
HOW_READ = ("original", "verbatim copy", "digest")
# The most a source read at second hand may carry: a verbatim copy is medium only when a second, independent source
# corroborates it (else low); a digest is always low.
COPY_CONFIDENCE = {"verbatim copy": "medium", "digest": "low"}
# How a number came to be: stated by its source, implied (a reporter's extrapolation the company never stated) or an
# estimate (an analyst's). Only stated figures enter a reported series.
FIGURE_BASES = ("stated", "implied", "estimate")
CADENCES = ("quarter", "year")
STANDINGS = ("corroborated", "qualified", "contradicted", "unverified")
CONFIDENCES = ("high", "medium", "low")
# Dates outside this window are typing mistakes, not facts about this story.
EARLIEST_DATE = pd.Timestamp("2015-01-01")
LATEST_DATE = pd.Timestamp("2030-12-31")
EVIDENCE_MAX_WORDS = 25


# Meanings shared by columns of the same name in several tables (a Column's own description wins).
COMMON_DESCRIPTIONS = {
    "actor": "who acted: company, person or government",
    "announced": "day the figure was announced (first day of its period)",
    "as_of": "date the observation refers to (first day of its period)",
    "category": "kind of row, from the allowed list",
    "claim_id": "stable identifier",
    "cloud_rank": "global cloud-provider rank where an article gives one",
    "cloud_rank_note": "what the articles say about rank when no number is given",
    "company": "company as named in the articles",
    "company_id": "stable identifier",
    "confidence": "high: primary source (company release, official README or model card, filing); "
    "medium: reputable news, or sources that differ by rounding or a day; low: aggregator or one unconfirmed report",
    "currency": "currency of the amount_* columns",
    "date": "day the event happened or began (first day of its period)",
    "date_basis": "how the date was found",
    "date_source_id": "source giving the exact date, when not source_id",
    "description": "what the row is, in our words",
    "developer": "organisation that released the model",
    "entity": "what the number is about (company, product or model)",
    "event_id": "stable identifier",
    "explanation": "why the claim has its standing, in our words",
    "family": "model family (Qwen generation, or the rival's line)",
    "flagship_model": "model the articles associate with the company, or 'not named'",
    "investment_id": "stable identifier",
    "investor": "who spends or invests",
    "kind": "article; primary (release notes, model cards, filings); company (a company's own release or blog); news; "
    "aggregator (a site compiling others' reporting); reference; research_note",
    "figure_basis": "stated: the number as its source states it; implied: a figure the source derives or extrapolates "
    "(never part of a reported series); estimate: an analyst's estimate",
    "licence": "licence of the weights where known",
    "metric": "what is measured",
    "metric_group": "theme used to group metrics on charts",
    "metric_id": "stable identifier",
    "modality": "main input/output type of the release",
    "model": "model or release name",
    "notes": "curator's notes: caveats, differences between sources",
    "open_weight_models": "whether the company offers open-weight models, per the articles",
    "own_cloud": "whether the company runs its own cloud, per the articles",
    "pair_id": "stable identifier",
    "period_end": "last day the spending figure covers",
    "period_start": "first day the spending figure covers",
    "period_years": "length of the spending period in years",
    "publisher": "publisher, where known",
    "qualifier": "how exact the figure is: as stated, more than, about, at least, range",
    "region": "home region",
    "release_date": "day of release (first day of its period)",
    "release_id": "stable identifier",
    "response_id": "key of the response row",
    "response_table": "table holding the response row",
    "settled_by_source_id": "source that settles the claim (empty when none was found)",
    "standing": "corroborated, qualified, contradicted or unverified",
    "title": "short title",
    "topic": "theme of the claim",
    "trigger_id": "key of the trigger row",
    "trigger_table": "table holding the trigger row",
    "unit": "unit of value (%, models, downloads, rank, tokens...)",
    "url_scope": "document: the page itself; publisher_site: the publisher's site (page link not recorded); none",
    "value": "the number as reported (see qualifier and unit)",
}


@dataclass(frozen=True)
class Column:
    """One column: its type, whether it may be empty, and the values it may take."""

    name: str
    kind: ColumnKind = "text"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    min_value: float | None = None
    description: str = ""


@dataclass(frozen=True)
class DateSpec:
    """How a table is placed on the calendar for date-range filtering."""

    date: str
    precision: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class TableSpec:
    """A table: its file, key column, columns and how it is dated."""

    name: str
    key: str
    columns: tuple[Column, ...]
    description: str
    dates: DateSpec | None = None
    source_columns: tuple[str, ...] = ("source_id",)
    # Other columns that name a row of another table: (column, table); empty cells are allowed.
    references: tuple[tuple[str, str], ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _precision(name: str) -> Column:
    return Column(name, "category", allowed=PRECISIONS, description="day, month, quarter or year")


def _citation(evidence_required: bool = False) -> tuple[Column, ...]:
    return (
        Column("source_id", description="row in sources.csv this row comes from"),
        Column(
            "evidence",
            required=evidence_required,
            description=f"verbatim excerpt (at most {EVIDENCE_MAX_WORDS} words) from the article in source_id; "
            "empty when source_id is not an article",
        ),
    )


SOURCES = TableSpec(
    "sources",
    key="source_id",
    description="Every document cited: the four articles and the primary or news sources that date or check them.",
    source_columns=(),
    columns=(
        Column("source_id", description="stable identifier"),
        Column("kind", "category", allowed=SOURCE_KINDS),
        Column("title", description="headline exactly as printed (articles) or a descriptive title"),
        Column("publisher", required=False),
        Column("published", "date", description="publication date, first day of its period"),
        _precision("date_precision"),
        Column("date_basis", description="how the date was found or inferred"),
        Column("url", required=False, description="link; required for every kind except research_note"),
        Column("url_scope", "category", allowed=("document", "publisher_site", "none")),
        Column("confidence", "category", required=False, allowed=CONFIDENCES),
        Column("retrieved", "date", required=False, description="day the curator last read the source (empty: not recorded)"),
        Column(
            "how_read",
            "category",
            allowed=HOW_READ,
            description="how the passage was read: original (the publisher's own page), verbatim copy (a copy that "
            "quotes the original word for word and names it) or digest (a summary that paraphrases it)",
        ),
        Column(
            "read_at",
            required=False,
            description="where a copy or digest was read (a repository file or page); empty when read in the original",
        ),
        Column(
            "corroborated_by",
            required=False,
            description="a second, independent copy or news report giving the same figure (a source id, or where that "
            "copy was read); lets a verbatim copy carry medium confidence",
        ),
        Column("notes", required=False),
    ),
    dates=DateSpec("published", "date_precision"),
)

RELEASES = TableSpec(
    "releases",
    key="release_id",
    description="Model releases: the Qwen family and the competitor models the articles set it against.",
    columns=(
        Column("release_id"),
        Column("model"),
        Column("developer"),
        Column("family"),
        Column("release_date", "date"),
        _precision("date_precision"),
        Column("sizes_b", required=False, description="parameter sizes in billions, ';'-separated"),
        Column("max_params_b", "float", required=False, min_value=0, description="largest size, billions of parameters"),
        Column("active_params_b", "float", required=False, min_value=0, description="active parameters (MoE), billions"),
        Column(
            "modality",
            "category",
            allowed=("text", "code", "math", "reasoning", "vision", "audio", "omni", "image-generation", "video-generation"),
        ),
        Column("open_weights", "bool", description="true if weights were published, false if API or product only"),
        Column("licence", required=False),
        Column("context_tokens", "float", required=False, min_value=0, description="context window, tokens"),
        *_citation(),
        Column("date_source_id", required=False, description="source giving the exact date, when not source_id"),
        Column("confidence", "category", allowed=CONFIDENCES),
        Column("notes", required=False),
    ),
    dates=DateSpec("release_date", "date_precision"),
    source_columns=("source_id", "date_source_id"),
)

EVENTS = TableSpec(
    "events",
    key="event_id",
    description="Corporate, competitive, partnership, people and investment events, in our own words.",
    columns=(
        Column("event_id"),
        Column("date", "date"),
        _precision("date_precision"),
        Column("end_date", "date", required=False, description="last day, for events that span a period"),
        Column(
            "date_basis",
            "category",
            allowed=("primary", "article", "reported_by"),
            description="primary: a dated source; article: as the article dates it; "
            "reported_by: undated, so dated by the reporting article",
        ),
        Column("actor"),
        Column(
            "category",
            "category",
            allowed=("corporate", "competitive", "partnership", "people", "regulatory", "investment", "results", "adoption"),
        ),
        Column("title"),
        Column("description"),
        *_citation(),
        Column("date_source_id", required=False),
        Column("notes", required=False),
    ),
    dates=DateSpec("date", "date_precision", "end_date"),
    source_columns=("source_id", "date_source_id"),
)

METRICS = TableSpec(
    "metrics",
    key="metric_id",
    description="Market and adoption observations, each with its unit, basis and as-of date.",
    columns=(
        Column("metric_id"),
        Column("metric"),
        Column(
            "metric_group",
            "category",
            allowed=("adoption", "models", "leaderboard", "cloud", "stock", "people", "roadmap"),
        ),
        Column("entity"),
        Column("value", "float"),
        Column("unit"),
        Column("qualifier", "category", allowed=("as stated", "more than", "about", "at least")),
        Column("figure_basis", "category", allowed=FIGURE_BASES),
        Column("basis", description="what the number measures: cumulative, year on year, year to date, rank..."),
        Column("as_of", "date"),
        _precision("as_of_precision"),
        *_citation(),
        Column("date_source_id", required=False),
        Column("notes", required=False),
    ),
    dates=DateSpec("as_of", "as_of_precision"),
    source_columns=("source_id", "date_source_id"),
)

INVESTMENTS = TableSpec(
    "investments",
    key="investment_id",
    description="Alibaba's spending commitment and start-up stakes; peers' capex plans, reported spending and guidance.",
    columns=(
        Column("investment_id"),
        Column("investor"),
        Column(
            "category",
            "category",
            allowed=("commitment", "startup_stakes", "capex_plan", "capex_actual", "capex_guidance"),
            description="commitment, startup_stakes, capex_plan (a plan at the start of the period), "
            "capex_actual (reported spending for the period), capex_guidance (the plan for a later period)",
        ),
        Column("description"),
        Column("amount_low_bn", "float", min_value=0, description="billions, original currency"),
        Column("amount_high_bn", "float", min_value=0, description="billions, original currency (= low for a point)"),
        Column("currency", "category", allowed=CURRENCIES),
        Column("qualifier", "category", allowed=("as stated", "more than", "about", "range")),
        Column("figure_basis", "category", allowed=FIGURE_BASES),
        Column("fx_usd_per_unit", "float", min_value=0, description="USD per one unit of currency"),
        Column("fx_basis", description="where the conversion rate comes from"),
        Column("amount_usd_low_bn", "float", min_value=0, description="billions of USD"),
        Column("amount_usd_high_bn", "float", min_value=0, description="billions of USD"),
        Column("period_start", "date", required=False),
        Column("period_end", "date", required=False),
        Column("period_years", "float", required=False, min_value=0),
        Column("announced", "date"),
        _precision("date_precision"),
        Column("date_basis", "category", allowed=("primary", "article", "reported_by")),
        Column("targets", required=False, description="';'-separated recipients"),
        *_citation(),
        Column("date_source_id", required=False),
        Column("notes", required=False),
    ),
    dates=DateSpec("announced", "date_precision"),
    source_columns=("source_id", "date_source_id"),
)

COMPETITORS = TableSpec(
    "competitors",
    key="company_id",
    description="The positioning the articles draw: open-weight models, own cloud, cloud rank, flagship model. Undated.",
    columns=(
        Column("company_id"),
        Column("company"),
        Column("region"),
        Column("open_weight_models", "category", allowed=("yes", "no", "not stated")),
        Column("own_cloud", "category", allowed=("yes", "no", "not stated")),
        Column("cloud_rank", "float", required=False, min_value=1),
        Column("cloud_rank_note", required=False),
        Column("flagship_model"),
        Column("positioning", description="our summary of the article's view"),
        *_citation(),
    ),
)

CLAIMS = TableSpec(
    "claims",
    key="claim_id",
    description="Notable article claims and how other sources stand on them. Undated.",
    columns=(
        Column("claim_id"),
        Column("topic"),
        *_citation(evidence_required=True),
        Column("claim", description="the claim in our words"),
        Column("standing", "category", allowed=STANDINGS),
        Column("settled_by_source_id", required=False),
        Column("explanation"),
    ),
    source_columns=("source_id", "settled_by_source_id"),
)

RESPONSES = TableSpec(
    "responses",
    key="pair_id",
    description="Trigger and response pairs the articles draw, for response gaps in days. Undated (the gap is derived).",
    columns=(
        Column("pair_id"),
        Column("trigger_table", "category", allowed=("releases", "events")),
        Column("trigger_id"),
        Column("response_table", "category", allowed=("releases", "events")),
        Column("response_id"),
        *_citation(evidence_required=True),
        Column("notes", required=False),
    ),
)

CAPEX_QUARTERS = TableSpec(
    "capex_quarters",
    key="capex_id",
    description="Reported capital expenditure per quarter (Alibaba and its peers), plus Alibaba's own cumulative statements.",
    columns=(
        Column("capex_id"),
        Column("company"),
        Column(
            "row_kind",
            "category",
            allowed=("quarter", "cumulative"),
            description="quarter: one calendar quarter; cumulative: a total the company stated over several quarters",
        ),
        Column("period_start", "date", description="first day the figure covers"),
        Column("period_end", "date", description="last day the figure covers"),
        Column("calendar_label", description="the calendar months covered, e.g. 'Apr-Jun 2025'"),
        Column(
            "fiscal_label",
            description="the company's own fiscal label (Alibaba's year ends on 31 March, Microsoft's on 30 June), "
            "e.g. 'FY2026 Q1'",
        ),
        Column("amount_bn", "float", min_value=0, description="billions, in currency, as reported"),
        Column("currency", "category", allowed=CURRENCIES),
        Column(
            "fx_usd_per_unit",
            "float",
            required=False,
            min_value=0,
            description="USD per one unit of currency, as the source states it (results releases give a convenience "
            "rate); empty when the source states none",
        ),
        Column("fx_basis", required=False, description="where the conversion rate comes from, when one is given"),
        Column("qualifier", "category", allowed=("as stated", "more than", "about")),
        Column("figure_basis", "category", allowed=FIGURE_BASES),
        Column(
            "scope",
            "category",
            allowed=("AI and cloud infrastructure", "AI infrastructure and product R&D", "company total"),
            description="what the figure covers, as its source states it",
        ),
        Column("scope_as_stated", description="the source's own description of what the figure covers, in our words"),
        Column("reported", "date", description="day the figure was published"),
        _precision("reported_precision"),
        *_citation(),
        Column("confidence", "category", allowed=CONFIDENCES),
        Column("notes", required=False),
    ),
    dates=DateSpec("period_start", None, "period_end"),
)

PLEDGE_STATEMENTS = TableSpec(
    "pledge_statements",
    key="statement_id",
    description="Dated statements about the RMB 380bn target after it was set: reaffirmed, raise signalled, raise reported.",
    columns=(
        Column("statement_id"),
        Column("date", "date", description="day the statement was made or reported (first day of its period)"),
        _precision("date_precision"),
        Column(
            "date_basis",
            "category",
            allowed=("stated", "after"),
            description="stated: the source dates it; after: the source is undated, so the date is the earliest it can be",
        ),
        Column("speaker", description="who made the statement, or who reported it"),
        Column(
            "kind",
            "category",
            allowed=("announced", "reaffirmed", "raise_signalled", "raise_reported"),
            description="announced: the original target; reaffirmed: kept as is; "
            "raise_signalled: the company says it will spend more; raise_reported: a press report of a higher figure",
        ),
        Column(
            "status",
            "category",
            allowed=("confirmed", "reported"),
            description="confirmed: said by the company; reported: a press report the company has not confirmed",
        ),
        Column("summary", description="the statement in our words"),
        Column("target_bn", "float", required=False, min_value=0, description="target named in the statement, billions"),
        Column("currency", "category", required=False, allowed=CURRENCIES),
        *_citation(),
        Column("confidence", "category", allowed=CONFIDENCES),
        Column("notes", required=False),
    ),
    dates=DateSpec("date", "date_precision"),
)

ADOPTION = TableSpec(
    "adoption",
    key="adoption_id",
    description="Downloads and derivative models of open model families over time, each with its source's scope.",
    columns=(
        Column("adoption_id"),
        Column("entity", description="model family or group of families (Qwen, Llama, Chinese models...)"),
        Column(
            "measure",
            "category",
            allowed=("downloads", "derivatives", "derivative_share", "token_share", "weekly_tokens"),
            description="downloads: cumulative downloads; derivatives: cumulative derivative models; "
            "derivative_share: share of new derivative models built on the family; "
            "token_share: share of the tokens an API router served in one week (OpenRouter), by model origin; "
            "weekly_tokens: tokens an API router served in one week (OpenRouter), by model origin",
        ),
        Column("value", "float", min_value=0, description="the number as reported (see unit and qualifier)"),
        Column("unit", description="downloads, models or %"),
        Column("qualifier", "category", allowed=("as stated", "more than", "about", "at least")),
        Column("figure_basis", "category", allowed=FIGURE_BASES),
        Column("scope", description="what was counted and where (Hugging Face only, all platforms, tracked models...)"),
        Column("as_of", "date"),
        _precision("as_of_precision"),
        *_citation(),
        Column("confidence", "category", allowed=CONFIDENCES),
        Column("notes", required=False),
    ),
    dates=DateSpec("as_of", "as_of_precision"),
)

BOARDS = (
    "LMArena text",
    "LMArena vision",
    "LMArena WebDev",
    "Artificial Analysis Intelligence Index",
    "SuperCLUE",
    "Epoch Capabilities Index",
)

CAPABILITY = TableSpec(
    "capability",
    key="capability_id",
    description="Models on public capability leaderboards over time: one row per model, board version and snapshot, "
    "with the board's own score and interval. Scores compare only within one board version.",
    columns=(
        Column("capability_id", description="stable identifier"),
        Column("model", description="the model as the board names it"),
        Column("release_id", required=False, description="row in releases.csv for this model, where it is there"),
        Column("developer"),
        Column("board", "category", allowed=BOARDS, description="the leaderboard"),
        Column(
            "board_version",
            description="the board's scale or method: rows compare only within one board and version",
        ),
        Column(
            "metric",
            "category",
            allowed=("arena score", "index score"),
            description="arena score: the board's rating from pairwise votes; index score: a composite of benchmarks",
        ),
        Column("value", "float", min_value=0, description="the score as the board gives it"),
        Column("interval_low", "float", required=False, min_value=0, description="low end of the board's 95% interval"),
        Column("interval_high", "float", required=False, min_value=0, description="high end of the board's 95% interval"),
        Column(
            "figure_kind",
            "category",
            allowed=("board", "company claim"),
            description="board: published by the leaderboard itself; company claim: the developer's own statement",
        ),
        Column("as_of", "date", description="the board snapshot the score belongs to (first day of its period)"),
        _precision("as_of_precision"),
        Column(
            "open_weights",
            "bool",
            required=False,
            description="true if the model's weights are published, false if not; from releases.csv where the model "
            "is there, else from the board's own licence field; empty where neither says",
        ),
        *_citation(),
        Column("confidence", "category", allowed=CONFIDENCES),
        Column("notes", required=False),
    ),
    dates=DateSpec("as_of", "as_of_precision"),
    references=(("release_id", "releases"),),
)

GAP_COMPARISONS = ("China vs US", "open vs closed weights")
GAP_UNITS = ("months", "years", "percent", "percentage points", "index points", "arena points", "percent of leader")
# Units that place a gap on the calendar; the others are score differences on a scale of their own.
GAP_TIME_UNITS = ("months", "years")

GAP_ESTIMATES = TableSpec(
    "gap_estimates",
    key="gap_id",
    description="Published estimates of how far one side trails the other (China against the US, open-weight models "
    "against closed ones): each as its publisher states it, with its measure, method and caveats. Estimates are "
    "shown side by side and never averaged: their methods differ.",
    columns=(
        Column("gap_id", description="stable identifier"),
        Column("estimator", description="who made the estimate: evaluator, research group, company or person"),
        Column(
            "estimator_kind",
            "category",
            allowed=("evaluator", "government evaluator", "research group", "company self-assessment", "executive", "analyst"),
            description="evaluator: an independent benchmark publisher; government evaluator: a state body; research "
            "group; company self-assessment: a lab on its own model; executive: a company leader's view; analyst: a "
            "broker or writer",
        ),
        Column("comparison", "category", allowed=GAP_COMPARISONS, description="which two sides are compared"),
        Column("behind", description="the side or model said to trail, as the source names it"),
        Column("ahead", description="the side or model it trails, as the source names it"),
        Column(
            "dimension",
            "category",
            allowed=("capability", "compute"),
            description="capability: what models can do (boards, benchmarks, indexes, a view of them); compute: the "
            "training compute behind them",
        ),
        Column("measure", description="what the gap is measured on (a board, a benchmark, an index, compute, a view)"),
        Column("value", "float", min_value=0, description="the gap as stated, in unit (a range's low end is range_low)"),
        Column(
            "range_low", "float", required=False, min_value=0, description="low end where the source gives a range or an interval"
        ),
        Column(
            "range_high",
            "float",
            required=False,
            min_value=0,
            description="high end where the source gives a range or an interval",
        ),
        Column("unit", "category", allowed=GAP_UNITS, description="unit of value: time (months, years) or a score gap"),
        Column(
            "qualifier",
            "category",
            allowed=("as stated", "about", "less than", "more than", "average", "range"),
            description="how exact the value is: as stated, about, less than, more than, an average over a window, "
            "or a range (value is its low end)",
        ),
        Column("as_of", "date", description="when the gap was measured (first day of its period)"),
        _precision("as_of_precision"),
        Column("method", description="how the publisher measured it, in our words"),
        Column("caveats", description="what limits the estimate, in our words"),
        Column(
            "passage",
            description=f"the estimate's wording, verbatim from the page read (at most {EVIDENCE_MAX_WORDS} words)",
        ),
        *_citation(),
        Column("confidence", "category", allowed=CONFIDENCES),
        Column("notes", required=False),
    ),
    dates=DateSpec("as_of", "as_of_precision"),
)

SERIES = TableSpec(
    "series",
    key="series_id",
    description="Every series the tracker follows: where its figures live, how often one is due and when it is "
    "usually published. Coverage (recorded, searched and not found, overdue, not due yet) is derived from it.",
    source_columns=(),
    columns=(
        Column("series_id", description="stable identifier"),
        Column("title", description="the series in words, as pages name it"),
        Column(
            "series_group",
            "category",
            allowed=("alibaba", "peers", "releases", "adoption", "capability"),
            description="theme the series belongs to: Alibaba's results, peers' capex, releases, adoption or capability",
        ),
        Column(
            "series_kind",
            "category",
            allowed=("figure", "releases"),
            description="figure: one figure expected per period; releases: a period is covered by any release in it, "
            "or by a search that found none",
        ),
        Column("cadence", "category", allowed=CADENCES, description="length of one period: quarter or year"),
        Column("table", description="table holding the series' figures"),
        Column(
            "match",
            description="which rows of the table belong to the series: 'column=value' pairs separated by ';', "
            "alternatives within a value by '|'",
        ),
        Column("date_column", description="the column placing a row in its period"),
        Column("first_period", "date", description="first day of the first period tracked"),
        Column("last_period", "date", required=False, description="first day of the last period tracked (empty: ongoing)"),
        Column(
            "due_from",
            "category",
            allowed=("start", "end"),
            description="whether due_days counts from the first or the last day of a period",
        ),
        Column("due_days", "int", min_value=0, description="days after due_from by which a figure is usually public"),
        Column("publication", description="when figures usually appear, in words (e.g. 'mid-May, for Jan-Mar')"),
        Column("where_published", description="where a primary figure for the series is published"),
        Column(
            "pages",
            required=False,
            description="pages that state the series' coverage beside their headline chart, ';'-separated "
            "(empty: shown in the coverage view only)",
        ),
        Column("notes", required=False),
    ),
)

SEARCHES = TableSpec(
    "searches",
    key="search_id",
    description="The research log: each series and period searched for and not found, or found only as a derived or "
    "implied figure, with when and where it was searched.",
    source_columns=(),
    columns=(
        Column("search_id", description="stable identifier"),
        Column("series_id", description="row in series.csv that was searched"),
        Column("period_start", "date", description="first day of the period searched for"),
        Column(
            "outcome",
            "category",
            allowed=("not_found", "derived_only", "implied_only", "unconfirmed"),
            description="not_found: no figure in the sources searched; derived_only: only a figure others computed "
            "from other figures; implied_only: only a figure the sources imply; unconfirmed: a figure was reported "
            "but the curator could not read its passage in a source, so it is not recorded",
        ),
        Column("searched", "date", description="day the search was made"),
        Column("where_searched", description="sites, repositories and corpora searched"),
        Column("queries", description="phrasings searched, in each language"),
        Column("notes", required=False),
    ),
    dates=DateSpec("period_start"),
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        SOURCES,
        RELEASES,
        EVENTS,
        METRICS,
        INVESTMENTS,
        COMPETITORS,
        CLAIMS,
        RESPONSES,
        CAPEX_QUARTERS,
        PLEDGE_STATEMENTS,
        ADOPTION,
        CAPABILITY,
        GAP_ESTIMATES,
        SERIES,
        SEARCHES,
    )
}


@cache
def data_dictionary() -> pd.DataFrame:
    """One row per column of every table: type, whether required, allowed values, meaning."""
    rows = []
    for spec in TABLES.values():
        for column in spec.columns:
            rows.append(
                {
                    "table": spec.name,
                    "column": column.name,
                    "type": column.kind,
                    "required": column.required,
                    "key": column.name == spec.key,
                    "allowed_values": ", ".join(column.allowed) if column.allowed else "",
                    "minimum": column.min_value,
                    "description": column.description or COMMON_DESCRIPTIONS.get(column.name, ""),
                }
            )
    return pd.DataFrame(rows)
