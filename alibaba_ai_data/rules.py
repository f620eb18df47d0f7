"""Rules that span rows or tables: citations resolve, dates sit on period starts, money adds up."""

from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from alibaba_ai_data.coverage import check_coverage
from alibaba_ai_data.errors import DataIssue
from alibaba_ai_data.periods import not_period_start
from alibaba_ai_data.schema import CONFIDENCE_BY_KIND, CONFIDENCE_ORDER, COPY_CONFIDENCE, TABLES

# Relative tolerance between amount_usd and amount * fx: rates are stored to six digits.
USD_TOLERANCE = 0.005


def check_cross_table(tables: dict[str, pd.DataFrame]) -> list[DataIssue]:
    """Every cross-table and cross-column rule, over the tables that passed their own schema."""
    issues: list[DataIssue] = []
    sources = tables.get("sources")
    known = articles = None
    if sources is not None:
        issues += _check_source_urls(sources)
        known = pa.array(sources["source_id"], type=pa.string())
        articles = known.filter(pa.array(sources["kind"].astype(str) == "article"))
    for spec in TABLES.values():
        frame = tables.get(spec.name)
        if frame is None:
            continue
        if known is not None:
            for column in spec.source_columns:
                issues += _check_references(spec.file, frame, column, known)
            if "evidence" in frame.columns:
                issues += _check_evidence(spec.file, frame, articles)
        for column, other in spec.references:
            if other in tables:
                target = pa.array(tables[other][TABLES[other].key], type=pa.string())
                issues += _check_references(spec.file, frame, column, target, TABLES[other].key, other)
        if spec.dates is not None:
            issues += _check_period_starts(spec.file, frame, spec.dates.date, spec.dates.precision)
            if spec.dates.end:
                issues += _check_order(spec.file, frame, spec.dates.date, spec.dates.end)
    if sources is not None:
        issues += _check_retrieved(sources)
        issues += _check_source_confidence(sources)
        issues += _check_row_confidence(tables, sources)
    issues += _check_implied_labels(tables)
    issues += check_coverage(tables)
    if "investments" in tables:
        issues += _check_money(tables["investments"])
    if "capex_quarters" in tables:
        issues += _check_capex_periods(tables["capex_quarters"])
    if "capability" in tables:
        issues += _check_intervals(tables["capability"])
    if "gap_estimates" in tables:
        issues += _check_gap_ranges(tables["gap_estimates"])
    if "pledge_statements" in tables:
        issues += _check_target_currency(tables["pledge_statements"])
    if {"responses", "releases", "events"} <= set(tables):
        issues += _check_response_links(tables)
    return issues


def _rows(mask: pd.Series) -> list[int]:
    return [int(i) + 1 for i in mask[mask].index]


def _check_source_urls(sources: pd.DataFrame) -> list[DataIssue]:
    needs_url = (sources["kind"].astype(str) != "research_note") & sources["url"].isna()
    return [DataIssue("sources.csv", row, "url", "a link is required for this kind of source") for row in _rows(needs_url)]


def _member(values: pd.Series, allowed: pa.Array) -> pd.Series:
    """values.isin(allowed) in Arrow (missing is never a member): pandas' isin on Arrow strings converts every key to
    a Python scalar first, which costs seconds at a thousand times the curated rows."""
    found = pc.is_in(pa.array(values, type=pa.string()), value_set=allowed)
    return pd.Series(pc.fill_null(found, False).to_numpy(zero_copy_only=False), index=values.index)


def _check_references(
    file: str, frame: pd.DataFrame, column: str, known: pa.Array, key: str = "source_id", table: str = "sources"
) -> list[DataIssue]:
    unknown = frame[column].notna() & ~_member(frame[column], known)
    return [
        DataIssue(file, row, column, f"unknown {key} '{frame.at[row - 1, column]}'; add it to {table}.csv")
        for row in _rows(unknown)
    ]


def _check_evidence(file: str, frame: pd.DataFrame, articles: pa.Array) -> list[DataIssue]:
    from_article = _member(frame["source_id"], articles)
    missing = from_article & frame["evidence"].isna()
    stray = ~from_article & frame["evidence"].notna()
    return [
        DataIssue(file, row, "evidence", "rows from an article need a verbatim evidence excerpt") for row in _rows(missing)
    ] + [
        DataIssue(file, row, "evidence", "evidence excerpts belong only to rows whose source is an article")
        for row in _rows(stray)
    ]


def _check_period_starts(file: str, frame: pd.DataFrame, date: str, precision: str | None) -> list[DataIssue]:
    if precision is None:
        return []
    prec = frame[precision].astype(str)
    not_start = not_period_start(frame[date], prec)
    return [
        DataIssue(file, row, date, f"a {prec[row - 1]}-precision date must be the first day of its {prec[row - 1]}")
        for row in _rows(not_start.fillna(False))
    ]


def _check_order(file: str, frame: pd.DataFrame, start: str, end: str) -> list[DataIssue]:
    reversed_ = frame[end].notna() & (frame[end] < frame[start])
    return [DataIssue(file, row, end, f"{end} is before {start}") for row in _rows(reversed_)]


def _check_money(investments: pd.DataFrame) -> list[DataIssue]:
    issues: list[DataIssue] = []
    file = "investments.csv"
    for low, high in (("amount_low_bn", "amount_high_bn"), ("amount_usd_low_bn", "amount_usd_high_bn")):
        issues += [DataIssue(file, row, high, f"{high} is below {low}") for row in _rows(investments[high] < investments[low])]
    usd_rows = investments["currency"].astype(str) == "USD"
    issues += [
        DataIssue(file, row, "fx_usd_per_unit", "a USD amount must have a rate of 1")
        for row in _rows(usd_rows & (investments["fx_usd_per_unit"] != 1))
    ]
    for original, usd in (("amount_low_bn", "amount_usd_low_bn"), ("amount_high_bn", "amount_usd_high_bn")):
        expected = investments[original] * investments["fx_usd_per_unit"]
        off = (investments[usd] - expected).abs() > USD_TOLERANCE * expected.abs().clip(lower=1e-9)
        for row in _rows(off.fillna(False)):
            issues.append(
                DataIssue(
                    file,
                    row,
                    usd,
                    f"{investments.at[row - 1, usd]:g} does not equal {original} x fx_usd_per_unit ({expected[row - 1]:.3f})",
                )
            )
    period = investments["period_end"].notna() & (investments["period_end"] < investments["period_start"])
    issues += [DataIssue(file, row, "period_end", "period_end is before period_start") for row in _rows(period)]
    return issues


def _check_response_links(tables: dict[str, pd.DataFrame]) -> list[DataIssue]:
    keys = {"releases": set(tables["releases"]["release_id"]), "events": set(tables["events"]["event_id"])}
    pairs = tables["responses"]
    issues = []
    for side in ("trigger", "response"):
        for index, (table, key) in enumerate(zip(pairs[f"{side}_table"].astype(str), pairs[f"{side}_id"])):
            if key not in keys.get(table, set()):
                issues.append(DataIssue("responses.csv", index + 1, f"{side}_id", f"'{key}' is not a row of {table}.csv"))
    return issues


def _check_retrieved(sources: pd.DataFrame) -> list[DataIssue]:
    early = sources["retrieved"].notna() & (sources["retrieved"] < sources["published"])
    return [DataIssue("sources.csv", row, "retrieved", "retrieved is before published") for row in _rows(early)]


def _check_capex_periods(capex: pd.DataFrame) -> list[DataIssue]:
    """A quarter row covers exactly one calendar quarter; a cumulative row covers more than one."""
    file = "capex_quarters.csv"
    starts, ends = capex["period_start"], capex["period_end"]
    quarter_end = starts.dt.to_period("Q").dt.end_time.dt.normalize()
    is_quarter = capex["row_kind"].astype(str) == "quarter"
    on_quarter_start = (starts.dt.day == 1) & starts.dt.month.isin([1, 4, 7, 10])
    bad_quarter = is_quarter & ~(on_quarter_start & (ends == quarter_end))
    bad_cumulative = ~is_quarter & (ends <= quarter_end)
    # One figure per company, quarter and currency: a second report of the same quarter goes in the row's notes.
    repeated = is_quarter & capex.duplicated(["company", "row_kind", "period_start", "currency"], keep="first")
    return (
        [
            DataIssue(file, row, "period_end", "a quarter row must run from the first to the last day of one calendar quarter")
            for row in _rows(bad_quarter)
        ]
        + [
            DataIssue(file, row, "period_end", "a cumulative row must cover more than one quarter")
            for row in _rows(bad_cumulative)
        ]
        + [
            DataIssue(
                file,
                row,
                "period_start",
                "this company already has a figure for this quarter in this currency; keep one and note the others",
            )
            for row in _rows(repeated)
        ]
        + _check_capex_rates(capex)
    )


def _check_capex_rates(capex: pd.DataFrame) -> list[DataIssue]:
    """A stated conversion rate says where it comes from; a USD figure needs none (or 1)."""
    file = "capex_quarters.csv"
    rate = capex["fx_usd_per_unit"]
    unexplained = rate.notna() & capex["fx_basis"].isna()
    usd_rate = rate.notna() & (capex["currency"].astype(str) == "USD") & (rate != 1)
    return [DataIssue(file, row, "fx_basis", "a stated rate needs its basis") for row in _rows(unexplained)] + [
        DataIssue(file, row, "fx_usd_per_unit", "a USD figure takes no conversion rate (empty or 1)") for row in _rows(usd_rate)
    ]


def _check_bounds(file: str, frame: pd.DataFrame, low_col: str, high_col: str, noun: str) -> list[DataIssue]:
    """A row's bounds (an interval, a range) hold its value and come whole: both ends or neither."""
    low, high, value = frame[low_col], frame[high_col], frame["value"]
    outside = low.notna() & high.notna() & ((low > value) | (value > high))
    issues = [
        DataIssue(file, row, low_col, f"the {noun} must hold the {'score' if noun == 'interval' else 'value'}")
        for row in _rows(outside)
    ]
    for column, missing in ((low_col, low.isna() & high.notna()), (high_col, high.isna() & low.notna())):
        issues += [DataIssue(file, row, column, f"give both ends of the {noun} or neither") for row in _rows(missing)]
    return issues


def _check_intervals(capability: pd.DataFrame) -> list[DataIssue]:
    """A score's interval holds the score, and comes whole (both ends or neither)."""
    return _check_bounds("capability.csv", capability, "interval_low", "interval_high", "interval")


def _check_gap_ranges(gaps: pd.DataFrame) -> list[DataIssue]:
    """A range comes whole and holds its stated value; a value called a range has one."""
    issues = _check_bounds("gap_estimates.csv", gaps, "range_low", "range_high", "range")
    unranged = (gaps["qualifier"].astype(str) == "range") & (gaps["range_low"].isna() | gaps["range_high"].isna())
    issues += [
        DataIssue("gap_estimates.csv", row, "qualifier", "a value called a range needs range_low and range_high")
        for row in _rows(unranged)
    ]
    return issues


def _check_target_currency(statements: pd.DataFrame) -> list[DataIssue]:
    missing = statements["target_bn"].notna() & statements["currency"].isna()
    return [
        DataIssue("pledge_statements.csv", row, "currency", "a statement that names a target needs its currency")
        for row in _rows(missing)
    ]


def _check_source_confidence(sources: pd.DataFrame) -> list[DataIssue]:
    """A source read in the original carries the confidence of its kind (primary and company high, news medium or
    low, the rest low). One read at second hand carries at most what its reading allows: a verbatim copy medium, and
    only with an independent source corroborating it (else low); a digest low. A copy or digest says where it was read."""
    issues = []
    rows = zip(
        sources["source_id"],
        sources["kind"].astype(str),
        sources["confidence"].astype(object),
        sources["how_read"].astype(str),
        sources["corroborated_by"],
        sources["read_at"],
    )
    for index, (source_id, kind, confidence, how, other, where) in enumerate(rows):
        given = None if pd.isna(confidence) else str(confidence)
        line = index + 1
        if how != "original":
            if not isinstance(where, str) or not where.strip():
                issues.append(DataIssue("sources.csv", line, "read_at", f"a source read as a {how} says where it was read"))
            ceiling = COPY_CONFIDENCE[how] if how == "verbatim copy" and isinstance(other, str) else "low"
            if given is None or CONFIDENCE_ORDER[given] > CONFIDENCE_ORDER[ceiling]:
                why = (
                    "a digest is low"
                    if how == "digest"
                    else "a verbatim copy is medium with an independent corroborating source, else low"
                )
                issues.append(DataIssue("sources.csv", line, "confidence", f"{given or 'empty'} is too high: {why}"))
            if isinstance(other, str) and other == source_id:
                issues.append(DataIssue("sources.csv", line, "corroborated_by", "a source cannot corroborate itself"))
            continue
        allowed = CONFIDENCE_BY_KIND.get(kind, ())
        if given is None and not allowed:
            continue
        if given not in allowed:
            wanted = " or ".join(allowed) if allowed else "empty"
            issues.append(DataIssue("sources.csv", line, "confidence", f"a {kind} source's confidence must be {wanted}"))
    return issues


def _check_row_confidence(tables: dict[str, pd.DataFrame], sources: pd.DataFrame) -> list[DataIssue]:
    """A row is never more certain than the source it rests on: its date source when it cites an article, else its
    own (a row may be less certain, e.g. when sources disagree by a day)."""
    ceiling = dict(zip(sources["source_id"], sources["confidence"].astype(object)))
    kinds = dict(zip(sources["source_id"], sources["kind"].astype(str)))
    issues = []
    for spec in TABLES.values():
        frame = tables.get(spec.name)
        if frame is None or "confidence" not in frame.columns or spec.name == "sources":
            continue
        dated_by = frame["date_source_id"] if "date_source_id" in frame.columns else pd.Series(None, index=frame.index)
        for index, (source, date_source, confidence) in enumerate(
            zip(frame["source_id"], dated_by, frame["confidence"].astype(str))
        ):
            basis = date_source if kinds.get(source) == "article" and isinstance(date_source, str) else source
            limit = ceiling.get(basis)
            if kinds.get(basis) == "article" or not isinstance(limit, str):
                continue
            if CONFIDENCE_ORDER[confidence] > CONFIDENCE_ORDER[limit]:
                issues.append(
                    DataIssue(spec.file, index + 1, "confidence", f"{confidence} is above its source {basis}'s {limit}")
                )
    return issues


# Words in a row's notes that say its number is not the source's own statement.
IMPLIED_WORDS = re.compile(r"\b(implied|extrapolat\w*|run[- ]rate|estimated by|analyst'?s? estimate)\b", re.IGNORECASE)


def _check_implied_labels(tables: dict[str, pd.DataFrame]) -> list[DataIssue]:
    """A figure its notes call implied or extrapolated carries that label (figure_basis), and a labelled one says why."""
    issues = []
    for spec in TABLES.values():
        frame = tables.get(spec.name)
        if frame is None or "figure_basis" not in frame.columns:
            continue
        basis = frame["figure_basis"].astype(str)
        notes = frame["notes"].astype(object).fillna("").astype(str)
        says_implied = notes.map(lambda text: bool(IMPLIED_WORDS.search(text)))
        issues += [
            DataIssue(spec.file, row, "figure_basis", "the notes say this figure is implied or estimated; label it so")
            for row in _rows((basis == "stated") & says_implied)
        ]
        issues += [
            DataIssue(spec.file, row, "notes", "an implied figure or estimate needs notes saying how it was arrived at")
            for row in _rows((basis != "stated") & (notes == ""))
        ]
    return issues
