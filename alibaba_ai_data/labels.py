"""What people read instead of column identifiers: one label (with its unit) and one meaning per column name.

Files keep the documented column names; screens show these labels. Every column of every table in the
schema, and every column the layer derives, has exactly one label, and no two columns share one, so a
label on screen maps back to one file column.
"""

from __future__ import annotations

from alibaba_ai_data.schema import COMMON_DESCRIPTIONS, TABLES

LABELS: dict[str, str] = {
    # keys and citations (shown last)
    "release_id": "Release key",
    "event_id": "Event key",
    "metric_id": "Metric key",
    "investment_id": "Investment key",
    "company_id": "Company key",
    "claim_id": "Claim key",
    "pair_id": "Pair key",
    "capex_id": "Capex key",
    "statement_id": "Statement key",
    "adoption_id": "Adoption key",
    "capability_id": "Capability key",
    "gap_id": "Gap estimate key",
    "source_id": "Source key",
    "date_source_id": "Dated by (source key)",
    "settled_by_source_id": "Checked against (source key)",
    "trigger_id": "Trigger key",
    "response_id": "Response key",
    "trigger_table": "Trigger table",
    "response_table": "Response table",
    "key": "Record ID",
    "table": "Table",
    # sources
    "kind": "Source kind",
    "title": "Title",
    "publisher": "Publisher",
    "published": "Published",
    "date_basis": "How it is dated",
    "url": "Link",
    "url_scope": "Link points to",
    "confidence": "Confidence",
    "retrieved": "Retrieved",
    "how_read": "How read",
    "read_at": "Read at (copy)",
    "corroborated_by": "Corroborated by",
    "notes": "Notes",
    # releases
    "model": "Model",
    "developer": "Developer",
    "family": "Family",
    "release_date": "Released",
    "date_precision": "Date precision",
    "sizes_b": "Sizes (B params)",
    "max_params_b": "Largest size (B params)",
    "active_params_b": "Active params (B)",
    "modality": "Modality",
    "open_weights": "Open weights",
    "licence": "Licence",
    "context_tokens": "Context (tokens)",
    "evidence": "Evidence (verbatim)",
    # events
    "date": "Date",
    "end_date": "Ends",
    "actor": "Actor",
    "category": "Category",
    "description": "Description",
    # metrics
    "metric": "Metric",
    "metric_group": "Metric group",
    "entity": "About",
    "value": "Value",
    "unit": "Unit",
    "qualifier": "Qualifier",
    "basis": "Basis",
    "as_of": "As of",
    "as_of_precision": "As-of precision",
    # investments
    "investor": "Investor",
    "amount_low_bn": "Amount, low (bn, original currency)",
    "amount_high_bn": "Amount, high (bn, original currency)",
    "currency": "Currency",
    "fx_usd_per_unit": "USD per unit",
    "fx_basis": "Conversion basis",
    "amount_usd_low_bn": "Amount, low (USD bn)",
    "amount_usd_high_bn": "Amount, high (USD bn)",
    "period_start": "Period from",
    "period_end": "Period to",
    "period_precision": "Period precision",
    "period_label": "Period measured",
    "period_inferred": "Period year inferred",
    "period_years": "Period (years)",
    "announced": "Announced",
    "targets": "Recipients",
    # competitors
    "company": "Company",
    "region": "Region",
    "open_weight_models": "Open-weight models",
    "own_cloud": "Own cloud",
    "cloud_rank": "Cloud rank",
    "cloud_rank_note": "Cloud rank note",
    "flagship_model": "Flagship model",
    "positioning": "Positioning",
    # claims
    "topic": "Topic",
    "claim": "Claim",
    "standing": "Standing",
    "explanation": "Why",
    # capex quarters
    "row_kind": "Row kind",
    "calendar_label": "Calendar quarter(s)",
    "fiscal_label": "Alibaba fiscal label",
    "amount_bn": "Amount (bn, original currency)",
    "scope": "Scope",
    "scope_as_stated": "Scope as the source states it",
    "reported": "Reported",
    "reported_precision": "Reported-date precision",
    # pledge statements
    "speaker": "Who",
    "status": "Status",
    "summary": "Statement",
    "target_bn": "Target named (bn)",
    # adoption
    "measure": "Measure",
    "figure_basis": "Stated or estimated",
    # series and the research log
    "series_id": "Series key",
    "series_group": "Series group",
    "series_kind": "Series kind",
    "cadence": "Cadence",
    "match": "Rows it takes",
    "date_column": "Placed by column",
    "first_period": "First period",
    "last_period": "Last period",
    "due_from": "Due counted from",
    "due_days": "Due after (days)",
    "publication": "Usually published",
    "where_published": "Published in",
    "pages": "Shown on pages",
    "search_id": "Search key",
    "outcome": "Outcome",
    "searched": "Searched on",
    "where_searched": "Where searched",
    "queries": "Queries",
    # derived: coverage
    "series": "Series",
    "period": "Period",
    "status_label": "Coverage",
    "due": "Usually public by",
    "rows": "Rows recorded",
    "detail": "Detail",
    # derived: currency views
    "shown_currency": "Shown in",
    "shown_low_bn": "Shown, low (bn)",
    "shown_high_bn": "Shown, high (bn)",
    "conversion": "Conversion",
    "per_year_low_bn": "Per year, low (bn)",
    "per_year_high_bn": "Per year, high (bn)",
    "per_year_basis": "Per-year basis",
    "label": "Label",
    "stage": "Stage",
    # derived: response gaps
    "trigger_name": "Trigger",
    "trigger_date": "Trigger date",
    "trigger_precision": "Trigger date precision",
    "response_name": "Response",
    "response_date": "Response date",
    "response_precision": "Response date precision",
    "gap_days": "Gap (days)",
    "exact": "Both dates exact",
    # derived: pledge burn-up
    "quarter_start": "Quarter from",
    "quarter_end": "Quarter to",
    "reported_bn": "Reported (bn)",
    "path_bn": "Straight-line path (bn, cumulative)",
    "cumulative_reported_bn": "Reported so far (bn, cumulative)",
    # derived: since the articles
    "what": "What",
    "page": "Page",
    # snapshot diff
    "change": "Change",
    "old_value": "In the snapshot",
    "new_value": "Now",
    "added": "Rows added",
    "removed": "Rows removed",
    "changed": "Rows changed",
    # methodology
    "figure_class": "Figure class",
    "meaning": "Meaning",
    "adoption": "Adoption rows",
    "capex_quarters": "Capex rows",
    "investments": "Investment rows",
    "metrics": "Metric rows",
    "pledge_statements": "Statement rows",
    # data dictionary
    "column": "Column",
    "type": "Type",
    "required": "Required",
    "allowed_values": "Allowed values",
    "minimum": "Minimum",
    # capability
    "board": "Leaderboard",
    "board_version": "Scale (board version)",
    "interval_low": "Interval, low",
    "interval_high": "Interval, high",
    "figure_kind": "Kind of figure",
    # gap estimates
    "estimator": "Estimated by",
    "estimator_kind": "Kind of estimator",
    "comparison": "Compared",
    "dimension": "Dimension",
    "behind": "Behind",
    "ahead": "Ahead",
    "range_low": "Range, low",
    "range_high": "Range, high",
    "method": "Method",
    "caveats": "Caveats",
    "passage": "Wording (verbatim)",
    # the intake's candidate rows (curator page)
    "accept": "Keep",
    "value_high": "High end",
    "date_inferred": "Date inferred",
    "check": "Check",
    "in_data": "Against data/",
    "in_data_detail": "Row in data/",
    "proposals": "Proposed rows",
    "ready": "Ready as they stand",
    "needs_edit": "Need edits",
    "duplicates": "Duplicates of data/",
    "conflicts": "Conflicts with data/",
}

DERIVED_DESCRIPTIONS: dict[str, str] = {
    "key": "key of the row in its table",
    "table": "table the row comes from",
    "shown_currency": "currency the 'Shown' columns are in",
    "shown_low_bn": "low end of the amount in the currency chosen on the page, billions",
    "shown_high_bn": "high end of the amount in the currency chosen on the page, billions",
    "conversion": "how the shown amount was converted, with the rate",
    "per_year_low_bn": "low end divided by the period in years (an average, not a yearly budget), billions",
    "per_year_high_bn": "high end divided by the period in years (an average, not a yearly budget), billions",
    "per_year_basis": "whether the per-year figure is a one-year plan or an average of a multi-year total",
    "label": "how the row is labelled on the chart",
    "stage": "plan, reported or guidance",
    "trigger_name": "the rival's move",
    "trigger_date": "date of the rival's move",
    "trigger_precision": "precision of the trigger date",
    "response_name": "Alibaba's response",
    "response_date": "date of the response",
    "response_precision": "precision of the response date",
    "gap_days": "days from trigger to response (approximate unless both dates are exact)",
    "exact": "true when both dates are known to the day",
    "quarter_start": "first day of the calendar quarter",
    "quarter_end": "last day of the calendar quarter",
    "reported_bn": "capex reported for the quarter, billions; empty when no source gives it",
    "path_bn": "where spending would be on a straight line to the target by the quarter's end, billions",
    "cumulative_reported_bn": "sum of the reported quarters of the same scope up to this one; empty at a quarter with no figure",
    "what": "the row in brief",
    "page": "the page that charts the row",
    "change": "added, removed or changed since the snapshot (or a column added or removed)",
    "old_value": "the cell as the snapshot has it",
    "new_value": "the cell as the data has it now",
    "added": "rows in the data now that the snapshot does not have",
    "removed": "rows the snapshot has that the data no longer has",
    "changed": "rows in both whose cells differ",
    "figure_class": "company-reported, press-reported, company guidance or estimate",
    "meaning": "what the class means",
    "adoption": "figures in adoption.csv",
    "capability": "figures in capability.csv",
    "gap_estimates": "figures in gap_estimates.csv",
    "capex_quarters": "figures in capex_quarters.csv",
    "investments": "figures in investments.csv",
    "metrics": "figures in metrics.csv",
    "pledge_statements": "figures in pledge_statements.csv",
    "series": "the tracked series, in words",
    "period": "the quarter or year",
    "status_label": "recorded, searched and not found, overdue (due but neither recorded nor searched) or not due yet",
    "due": "day by which the period's figure is usually public",
    "rows": "keys of the rows that fill the period",
    "detail": "the rows, the search or the due date behind the status",
    "column": "column name in the file",
    "type": "text, category, date, float, int or bool",
    "required": "whether every row must have a value",
    "allowed_values": "the values the column may take",
    "minimum": "smallest value allowed",
    "accept": "write this row",
    "period_precision": "quarter, half or year: the length of the period the figure measures",
    "period_label": "the period the figure measures, in words with Alibaba's fiscal label; 'unclear' when the "
    "sentence gives no year",
    "period_inferred": "true when the period's year was inferred from the publication date",
    "value_high": "the high end of a range",
    "date_inferred": "resolved from a relative phrase such as 'last week'",
    "check": "ready: the row validates as it stands; needs edit: the cells the sentence leaves unclear and the "
    "validation problems",
    "in_data": "new; duplicate: data/ has the same series and period with the same value; conflict: another value",
    "in_data_detail": "the rows of data/ it repeats, or their values when they differ",
    "proposals": "rows the intake proposes for the table",
    "ready": "rows that validate as they stand, with no unclear cell",
    "needs_edit": "rows with an unclear cell or a validation problem",
    "duplicates": "rows that repeat a row of data/",
    "conflicts": "rows whose value differs from the row of data/ for the same series and period",
}

# Identifiers and citation keys: shown after the columns people read.
TRAILING = {
    "source_id",
    "date_source_id",
    "settled_by_source_id",
    "trigger_id",
    "response_id",
    "trigger_table",
    "response_table",
    "key",
    "table",
    *(spec.key for spec in TABLES.values()),
}
# Separated lists stored in one cell.
LIST_COLUMNS = {"sizes_b": ";", "targets": ";"}
# Free text too long for a cell: wide columns; the full text shows in the provenance panel on selection.
LONG_TEXT = {
    "evidence",
    "notes",
    "description",
    "explanation",
    "positioning",
    "summary",
    "claim",
    "date_basis",
    "what",
    "scope_as_stated",
    "queries",
    "where_searched",
    "detail",
}


def label_for(column: str) -> str:
    """The on-screen label of a column (its name, capitalised, if no label is declared)."""
    return LABELS.get(column, column.replace("_", " ").capitalize())


def description_for(column: str, table: str | None = None) -> str:
    """What a column means: the table's declared description, else the shared or derived one."""
    spec = TABLES.get(table) if table else None
    if spec is not None and column in {c.name for c in spec.columns}:
        declared = spec.column(column).description
        if declared:
            return declared
    if column in COMMON_DESCRIPTIONS or column in DERIVED_DESCRIPTIONS:
        return COMMON_DESCRIPTIONS.get(column) or DERIVED_DESCRIPTIONS[column]
    # A column a derived frame carries over from a table keeps that table's meaning.
    return next(
        (
            spec.column(column).description
            for spec in TABLES.values()
            if column in {c.name for c in spec.columns} and spec.column(column).description
        ),
        next((f"stable identifier of a row in {spec.file}" for spec in TABLES.values() if spec.key == column), ""),
    )


def display_order(columns: list[str]) -> list[str]:
    """Columns people read first, long text next, identifiers and citation keys last."""
    readable = [c for c in columns if c not in TRAILING and c not in LONG_TEXT]
    long_text = [c for c in columns if c in LONG_TEXT]
    trailing = [c for c in columns if c in TRAILING]
    return readable + long_text + trailing
