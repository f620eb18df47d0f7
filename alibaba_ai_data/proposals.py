"""From intake candidates to rows of the tables they feed, each checked as it stands and compared with data/.

A candidate (what the intake found in a sentence) becomes a proposal: a row in its target table's own columns
(``capex_quarters``, ``metrics``, ``adoption``, ``releases``, ``pledge_statements``, ``investments``, ``events``).
Where the sentence does not settle a column, the proposal says 'unclear' there instead of guessing; such a row
needs an edit before it is written. Each proposal is then

- validated by the same load the write path runs (the dataset as it would be with the proposals and the new
  source appended), so "ready" means ``writes.append_rows`` would accept it as it stands;
- compared with the rows already in data/: the same series and period with the same value is a duplicate, with
  another value a conflict (both values shown, for the curator to decide).
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from alibaba_ai_data.curation import slug
from alibaba_ai_data.errors import DataIssue, DataValidationError
from alibaba_ai_data.intake import Candidate
from alibaba_ai_data.loading import load_dataset
from alibaba_ai_data.periods import calendar_label, fiscal_label, period_end
from alibaba_ai_data.schema import CONFIDENCE_BY_KIND, TABLES
from alibaba_ai_data.writes import appended_text

UNCLEAR = "unclear"
# What the curator reviews beside each proposed row.
REVIEW_COLUMNS = ["accept", "check", "in_data", "in_data_detail"]
# Target tables in the order the curator reviews them.
TARGETS = ("capex_quarters", "metrics", "adoption", "releases", "pledge_statements", "investments", "events")
FAMILIES = ("Qwen", "QwQ", "QVQ", "DeepSeek", "Llama", "Kimi", "GLM", "MiniMax", "gpt-oss", "Gemini", "ERNIE", "ChatGPT")
DEVELOPER_OF = {
    "qwen": "Alibaba",
    "qwq": "Alibaba",
    "qvq": "Alibaba",
    "deepseek": "DeepSeek",
    "llama": "Meta",
    "kimi": "Moonshot AI",
    "glm": "Zhipu AI",
    "minimax": "MiniMax",
    "gpt-oss": "OpenAI",
    "chatgpt": "OpenAI",
    "gemini": "Google",
    "ernie": "Baidu",
}
# Metrics the tracker keeps as series: measure -> (metric name, entity, metric group); an empty entity is the
# sentence's own (a board's rank belongs to the model it names).
METRIC_SERIES = {
    "cloud revenue": ("Alibaba Cloud revenue", "Alibaba Cloud", "cloud"),
    "cloud revenue growth": ("Alibaba Cloud revenue growth", "Alibaba Cloud", "cloud"),
    "AI-related revenue": ("Alibaba AI-related product revenue", "Alibaba Cloud", "cloud"),
    "AI-related revenue growth": ("AI-related revenue growth", "Alibaba", "cloud"),
    "AI-related revenue share": ("AI-related product share of cloud revenue", "Alibaba Cloud", "cloud"),
    "AI revenue streak": ("Consecutive quarters of triple-digit AI revenue growth", "Alibaba", "cloud"),
    "share price change": ("Alibaba share price change", "Alibaba (BABA)", "stock"),
    "cloud provider rank": ("Global cloud provider rank", "Alibaba Cloud", "cloud"),
    "arena rank": ("Chatbot Arena rank", "", "leaderboard"),
}
# Series reported per quarter: without a period in the sentence, the quarter a figure measures is unclear.
QUARTERLY = {
    "cloud revenue",
    "cloud revenue growth",
    "AI-related revenue",
    "AI-related revenue growth",
    "AI-related revenue share",
    "AI revenue streak",
}
ADOPTION_MEASURES = {
    "downloads": ("downloads", "downloads"),
    "derivatives": ("derivatives", "models"),
    "derivative share": ("derivative_share", "%"),
    "token share": ("token_share", "%"),
}
MODALITY_BY_NAME = [
    (r"-?VL\b|\bQVQ", "vision"),
    (r"Coder", "code"),
    (r"Omni", "omni"),
    (r"Math", "math"),
    (r"\bQwQ|\bR1\b|Thinking", "reasoning"),
    (r"Audio", "audio"),
    (r"Image", "image-generation"),
]


@dataclass
class Proposal:
    """One row for one table, how far it is from ready, and how it stands against data/."""

    table: str
    row: dict
    candidate: int
    unclear: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    match: str = "new"  # new, duplicate or conflict
    match_detail: str = ""

    @property
    def key(self) -> str:
        return str(self.row.get(TABLES[self.table].key, ""))

    @property
    def ready(self) -> bool:
        return not self.problems and not self.unclear

    @property
    def status(self) -> str:
        if self.ready:
            return "ready"
        reasons = [f"{c} unclear" for c in self.unclear] + self.problems
        return "needs edit: " + "; ".join(reasons)


def _bn(candidate: Candidate) -> float:
    """A money figure in billions of its currency."""
    scale = {"billion": 1.0, "million": 1e-3, "thousand": 1e-6, "trillion": 1e3}.get(candidate.unit, 1.0)
    return float(candidate.value) * scale


def _num(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _confidence(source: dict) -> str:
    """The most a new row may claim from its source: primary and company high, news medium, the rest low."""
    allowed = CONFIDENCE_BY_KIND.get(source["kind"], ())
    return allowed[0] if allowed else "low"


def _evidence(candidate: Candidate, source: dict) -> str:
    return candidate.evidence if source["kind"] == "article" else ""


def _reported(candidate: Candidate, source: dict) -> tuple[str, str]:
    """The day the figure was reported: the sentence's own date, else the source's publication date."""
    if candidate.date:
        return candidate.date, candidate.date_precision
    return source["published"], source["date_precision"]


def _as_of(candidate: Candidate, source: dict) -> tuple[str, str, str]:
    """When an observation holds: the quarter or year it measures, else its reported date (month of publication
    when the sentence gives none), with a note saying which."""
    if candidate.period_start and candidate.period_precision in ("quarter", "year"):
        note = f"measures {candidate.period_label}" + (
            " (year inferred from the publication date)" if candidate.period_inferred else ""
        )
        return candidate.period_start, candidate.period_precision, note
    if candidate.date:
        note = "date inferred from a relative phrase" if candidate.date_inferred else "as the sentence dates it"
        return candidate.date, candidate.date_precision, note
    month = source["published"][:7] + "-01"
    return month, "month", "dated by the source's publication month"


def _period_basis(candidate: Candidate) -> str:
    if candidate.period_precision == "quarter":
        return f"quarter to {candidate.period_end}"
    if candidate.period_precision == "year":
        return f"year to {candidate.period_end}"
    return ""


def _family(entity: str, evidence: str) -> str:
    """The model family an adoption figure is about: one named in the excerpt, else the entity."""
    named = next((f for f in FAMILIES if re.search(rf"\b{re.escape(f)}", evidence)), "")
    return named or entity


def _notes(*parts: str) -> str:
    return "Proposed by curator intake; " + "; ".join(p for p in parts if p)


# ---------------------------------------------------------------------------------------------- one row per table


def _capex_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    unclear = []
    company = "Alibaba" if c.entity in ("Alibaba", "Alibaba Cloud") else (c.entity or UNCLEAR)
    if company == UNCLEAR:
        unclear.append("company")
    quarter = c.period_precision == "quarter"
    if not c.period_start:
        unclear.append("period")
    start = pd.Timestamp(c.period_start) if c.period_start else None
    scope = c.scope or UNCLEAR
    if scope == UNCLEAR:
        unclear.append("scope")
    reported, precision = _reported(c, source)
    row = {
        "capex_id": slug(f"capex_{company}_{c.period_start or 'unclear'}_{source['source_id']}"),
        "company": company,
        "row_kind": "quarter" if quarter or not c.period_start else "cumulative",
        "period_start": c.period_start,
        "period_end": c.period_end,
        "calendar_label": calendar_label(start) if quarter and start is not None else (c.period_label or UNCLEAR),
        "fiscal_label": fiscal_label(start) if quarter and start is not None and company == "Alibaba" else UNCLEAR,
        "amount_bn": _num(_bn(c)),
        "currency": c.currency,
        "qualifier": c.qualifier if c.qualifier in ("as stated", "more than", "about") else "as stated",
        "figure_basis": c.figure_basis,
        "scope": scope,
        "scope_as_stated": c.measure_phrase or UNCLEAR,
        "reported": reported,
        "reported_precision": precision,
        "source_id": source["source_id"],
        "evidence": _evidence(c, source),
        "confidence": _confidence(source),
        "notes": _notes(
            f"measures {c.period_label}" if c.period_label else "the sentence names no period",
            "year inferred from the publication date" if c.period_inferred else "",
        ),
    }
    if row["fiscal_label"] == UNCLEAR:
        unclear.append("fiscal_label")
    return "capex_quarters", row, unclear


def _metric_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    unclear = []
    measure = c.measure
    if c.entity == "Alibaba Cloud" and measure in ("revenue", "revenue growth"):
        measure = f"cloud {measure}"  # 'Alibaba Cloud reported a 26% increase in sales'
    series = METRIC_SERIES.get(measure)
    if series and series[1].startswith("Alibaba") and c.entity not in ("Alibaba", "Alibaba Cloud", ""):
        series = None  # another company's figure: the tracker's series are Alibaba's
    if series:
        metric, entity, group = series
        entity = entity or c.entity  # a board's rank is the named model's
    else:
        metric, entity, group = (f"{c.entity} {c.measure}".strip() if c.measure != UNCLEAR else UNCLEAR), c.entity, UNCLEAR
        unclear += ["metric", "metric_group"] if metric == UNCLEAR else ["metric_group"]
    if not entity:
        entity = UNCLEAR
        unclear.append("entity")
    as_of, precision, when = _as_of(c, source)
    if c.basis == "year to date" and not c.period_start:
        # A change so far this year holds at the time of reporting: dated by the report's month.
        reported = c.date if c.date_precision == "day" else source["published"]
        as_of, precision, when = reported[:7] + "-01", "month", "year to date at the time of reporting"
    if measure in QUARTERLY and c.period_precision not in ("quarter", "year"):
        as_of, precision, when = UNCLEAR, "quarter", "the sentence does not say which quarter"
        unclear.append("as_of")
    if c.kind == "money":
        value, unit = _num(_bn(c)), f"{c.currency} bn"
    else:
        value, unit = c.value, {"%": "%", "rank": "rank", "quarters": "quarters"}.get(c.unit, c.unit)
    if measure.endswith("growth") or measure == "share price change":
        stated = c.basis if c.basis in ("year on year", "year to date", "day's close", "intraday", "change") else ""
        basis = ", ".join(p for p in (stated or UNCLEAR, _period_basis(c)) if p)
        if not stated:
            unclear.append("basis")
    elif measure == "AI revenue streak":
        basis = "streak ending " + (_period_basis(c) or UNCLEAR)
    else:
        basis = _period_basis(c) or "as stated by the source"
    row = {
        "metric_id": slug(f"{metric}_{as_of}"),
        "metric": metric,
        "metric_group": group,
        "entity": entity,
        "value": value,
        "unit": unit,
        "qualifier": c.qualifier if c.qualifier in ("as stated", "more than", "about", "at least") else "as stated",
        "figure_basis": c.figure_basis,
        "basis": basis,
        "as_of": as_of,
        "as_of_precision": precision,
        "source_id": source["source_id"],
        "evidence": _evidence(c, source),
        "date_source_id": "",
        "notes": _notes(when),
    }
    return "metrics", row, unclear


def _adoption_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    measure, unit = ADOPTION_MEASURES[c.measure]
    entity = _family(c.entity, c.evidence) or UNCLEAR
    unclear = ["entity"] if entity == UNCLEAR else []
    as_of, precision, when = _as_of(c, source)
    where = re.search(r"Hugging ?Face|ModelScope|OpenRouter|globally|worldwide", c.evidence, re.IGNORECASE)
    scope = f"as the source counts them ({where.group(0)})" if where else UNCLEAR
    if scope == UNCLEAR:
        unclear.append("scope")
    row = {
        "adoption_id": slug(f"{entity}_{measure}_{as_of}"),
        "entity": entity,
        "measure": measure,
        "value": c.value,
        "unit": unit,
        "qualifier": c.qualifier if c.qualifier in ("as stated", "more than", "about", "at least") else "as stated",
        "figure_basis": c.figure_basis,
        "scope": scope,
        "as_of": as_of,
        "as_of_precision": precision,
        "source_id": source["source_id"],
        "evidence": _evidence(c, source),
        "confidence": _confidence(source),
        "notes": _notes(when),
    }
    return "adoption", row, unclear


def _release_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    model = c.entity
    prefix = next((k for k in DEVELOPER_OF if model.lower().startswith(k)), "")
    developer = DEVELOPER_OF.get(prefix, UNCLEAR)
    family = re.match(r"[A-Za-z\-]+(?:\d(?:\.\d)?)?", model.replace(" ", ""))
    modality = next((m for pattern, m in MODALITY_BY_NAME if re.search(pattern, model)), "text" if prefix else UNCLEAR)
    open_weights = c.basis.removeprefix("open_weights=") if c.basis.startswith("open_weights=") else UNCLEAR
    unclear = [name for name, value in (("developer", developer), ("open_weights", open_weights)) if value == UNCLEAR]
    if modality == UNCLEAR:
        unclear.append("modality")
    if not c.date:
        unclear.append("release_date")
    row = {
        "release_id": slug(model),
        "model": model,
        "developer": developer,
        "family": family.group(0) if family else UNCLEAR,
        "release_date": c.date,
        "date_precision": c.date_precision,
        "sizes_b": "",
        "max_params_b": c.max_params_b,
        "active_params_b": c.active_params_b,
        "modality": modality,
        "open_weights": open_weights,
        "licence": c.licence,
        "context_tokens": "",
        "source_id": source["source_id"],
        "evidence": _evidence(c, source),
        "date_source_id": "",
        "confidence": _confidence(source),
        "notes": _notes(
            "modality read from the model's name" if modality not in (UNCLEAR, "text") or prefix else "",
            "release date inferred from a relative phrase" if c.date_inferred else "",
        ),
    }
    return "releases", row, unclear


def _pledge_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    kind = c.statement or UNCLEAR
    unclear = ["kind"] if kind == UNCLEAR else []
    if c.speaker in ("", UNCLEAR):
        unclear.append("speaker")
    date_, precision = _reported(c, source)
    row = {
        "statement_id": slug(f"pledge_{kind}_{date_}"),
        "date": date_,
        "date_precision": precision,
        "date_basis": "stated",
        "speaker": c.speaker or UNCLEAR,
        "kind": kind,
        "status": "reported" if kind == "raise_reported" else "confirmed",
        "summary": f"Target of {c.currency} {_num(_bn(c))}bn, {kind.replace('_', ' ')} (proposed from the sentence).",
        "target_bn": _num(_bn(c)),
        "currency": c.currency,
        "source_id": source["source_id"],
        "evidence": _evidence(c, source),
        "confidence": _confidence(source),
        "notes": _notes("date inferred from a relative phrase" if c.date_inferred else ""),
    }
    return "pledge_statements", row, unclear


def _investment_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    low = _bn(c)
    high = float(c.value_high) * (low / float(c.value)) if c.value_high and float(c.value) else low
    category = "capex_guidance" if c.measure == "capital expenditure" else UNCLEAR
    fx = "1" if c.currency == "USD" else UNCLEAR
    announced, precision = _reported(c, source)
    row = {
        "investment_id": slug(f"{c.entity}_{c.measure}_{announced}"),
        "investor": c.entity or UNCLEAR,
        "category": category,
        "description": UNCLEAR,
        "amount_low_bn": _num(low),
        "amount_high_bn": _num(high),
        "currency": c.currency,
        "qualifier": c.qualifier if c.qualifier in ("as stated", "more than", "about", "range") else "as stated",
        "figure_basis": c.figure_basis,
        "fx_usd_per_unit": fx,
        "fx_basis": "reported in USD" if fx == "1" else UNCLEAR,
        "amount_usd_low_bn": _num(low) if fx == "1" else UNCLEAR,
        "amount_usd_high_bn": _num(high) if fx == "1" else UNCLEAR,
        "period_start": c.period_start,
        "period_end": c.period_end,
        "period_years": "",
        "announced": announced,
        "date_precision": precision,
        "date_basis": "reported_by",
        "targets": "",
        "source_id": source["source_id"],
        "evidence": _evidence(c, source),
        "date_source_id": "",
        "notes": _notes(f"what the figure measures is {c.measure}" if c.measure != UNCLEAR else "what it measures is unclear"),
    }
    unclear = [name for name, value in row.items() if value == UNCLEAR]
    return "investments", row, unclear


def _event_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    row = {
        "event_id": slug(f"{c.entity or 'event'}_{c.date}"),
        "date": c.date,
        "date_precision": c.date_precision,
        "end_date": "",
        "date_basis": "article" if source["kind"] == "article" else "primary",
        "actor": c.entity or UNCLEAR,
        "category": UNCLEAR,
        "title": UNCLEAR,
        "description": UNCLEAR,
        "source_id": source["source_id"],
        "evidence": _evidence(c, source),
        "date_source_id": "",
        "notes": _notes("date inferred from a relative phrase" if c.date_inferred else ""),
    }
    # An event is written in our own words: the title and description always need the curator.
    return "events", row, [name for name, value in row.items() if value == UNCLEAR]


def target_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    """The table a candidate feeds, its row in that table's columns, and the columns the sentence leaves unclear."""
    if c.kind == "release":
        return _release_row(c, source)
    if c.kind == "date":
        return _event_row(c, source)
    if c.kind == "money" and c.measure == "commitment":
        return _pledge_row(c, source)
    if c.kind == "money" and c.measure == "capital expenditure":
        # A range or a forecast is guidance for a period, not a quarter's reported spending.
        guidance = c.qualifier == "range" or c.figure_basis == "estimate"
        return _investment_row(c, source) if guidance else _capex_row(c, source)
    if c.measure in ADOPTION_MEASURES:
        return _adoption_row(c, source)
    if c.kind == "money" and c.measure not in METRIC_SERIES:
        return _investment_row(c, source)
    return _metric_row(c, source)


def propose(candidates: list[Candidate], source: dict, dataset) -> list[Proposal]:
    """A proposal per candidate, keys unique against data/ and each other, compared with the rows in data/."""
    proposals: list[Proposal] = []
    taken = {name: set(dataset[name][TABLES[name].key].astype(str)) for name in TARGETS}
    seen: dict[tuple, Proposal] = {}
    for index, candidate in enumerate(candidates):
        if candidate.converts:
            # A conversion in brackets is the figure before it, restated: a note on that row, not a row.
            if proposals and proposals[-1].candidate == index - 1:
                proposals[-1].row["notes"] += f"; also given as {candidate.currency} {candidate.value} {candidate.unit}"
            continue
        table, row, unclear = target_row(candidate, source)
        same = _identity(table, row)
        if same in seen:
            # The article names it again (a release mentioned in several sentences): keep one row, the dated one.
            kept = seen[same]
            if table == "releases" and not kept.row["release_date"] and row["release_date"]:
                kept.row.update({k: v for k, v in row.items() if k != "release_id"})
                kept.unclear[:] = unclear
            continue
        key_column = TABLES[table].key
        key, n = row[key_column], 2
        while row[key_column] in taken[table]:
            row[key_column] = f"{key}_{n}"
            n += 1
        taken[table].add(row[key_column])
        proposals.append(Proposal(table, row, index, unclear))
        seen[same] = proposals[-1]
    compare(proposals, dataset)
    return proposals


def _identity(table: str, row: dict) -> tuple:
    """What makes two proposals from one article the same row: the release's model, or every cell but the key,
    the excerpt and the notes."""
    if table == "releases":
        return (table, _norm(row["model"]))
    skip = {TABLES[table].key, "evidence", "notes"}
    return (table, *sorted((k, str(v)) for k, v in row.items() if k not in skip))


# ---------------------------------------------------------------------------------------------- against data/


def _same_number(proposed: str, existing: float) -> bool:
    """Equal to the precision the proposal states: 39.8 matches a recorded 39.824, 34 matches 34."""
    try:
        value = float(proposed)
    except (TypeError, ValueError):
        return False
    if existing is None or pd.isna(existing):  # a recorded statement with no figure (a pledge without a target)
        return False
    decimals = len(proposed.split(".")[1]) if "." in proposed else 0
    return round(float(existing), decimals) == round(value, decimals)


def _norm(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


def _series_rows(p: Proposal, dataset) -> tuple[pd.DataFrame, str, str]:
    """Rows of data/ in the proposal's series and period, the column holding their value, and a unit label."""
    row, frame = p.row, dataset[p.table]
    if p.table == "capex_quarters":
        same = (frame["company"] == row["company"]) & (frame["period_start"] == pd.Timestamp(row["period_start"] or "NaT"))
        same &= frame["period_end"] == pd.Timestamp(row["period_end"] or "NaT")
        return frame[same & (frame["currency"] == row["currency"])], "amount_bn", f"{row['currency']} bn"
    if p.table == "metrics":
        same = (frame["entity"].map(_norm) == _norm(row["entity"])) & (frame["metric"].map(_norm) == _norm(row["metric"]))
        same &= frame["as_of_precision"] == row["as_of_precision"]
        return frame[same & (frame["as_of"] == pd.Timestamp(row["as_of"]))], "value", row["unit"]
    if p.table == "adoption":
        same = (frame["entity"].map(_norm) == _norm(row["entity"])) & (frame["measure"] == row["measure"])
        return frame[same & (frame["as_of"] == pd.Timestamp(row["as_of"]))], "value", row["unit"]
    if p.table == "releases":
        names = frame["model"].str.replace(r"\s*\(.*\)$", "", regex=True).map(_norm)
        return frame[names == _norm(row["model"])], "release_date", ""
    if p.table == "pledge_statements":
        same = (frame["kind"] == row["kind"]) & (frame["date"] == pd.Timestamp(row["date"] or "NaT"))
        return frame[same], "target_bn", row["currency"] + " bn"
    if p.table == "investments":
        same = (frame["investor"].map(_norm) == _norm(row["investor"])) & (frame["currency"] == row["currency"])
        return (
            frame[same & (frame["announced"] == pd.Timestamp(row["announced"] or "NaT"))],
            "amount_low_bn",
            row["currency"] + " bn",
        )
    same = (frame["date"] == pd.Timestamp(row["date"] or "NaT")) & (frame["actor"].map(_norm) == _norm(row["actor"]))
    return frame[same], "", ""


def _release_date_agrees(p: Proposal, existing: pd.Series) -> bool:
    if not p.row["release_date"]:
        return True  # the sentence gives no date: nothing in it disagrees with the recorded one
    start = pd.Timestamp(p.row["release_date"])
    end = period_end(pd.Series([start]), pd.Series([p.row["date_precision"] or "day"])).iloc[0]
    recorded = existing["release_date"]
    recorded_end = period_end(pd.Series([recorded]), pd.Series([existing["date_precision"]])).iloc[0]
    return start <= recorded_end and recorded <= end


def compare(proposals: list[Proposal], dataset) -> None:
    """Flag each proposal against data/: duplicate (same series, period and value), conflict (another value)."""
    for p in proposals:
        try:
            rows, column, unit = _series_rows(p, dataset)
        except (ValueError, TypeError):
            continue  # an unparseable date: nothing to compare with until the curator fixes it
        if rows.empty:
            continue
        key = TABLES[p.table].key
        if p.table == "releases":
            same = [r for _i, r in rows.iterrows() if _release_date_agrees(p, r)]
            shown = "; ".join(f"{r[key]} ({r['release_date']:%Y-%m-%d}, {r['date_precision']})" for _i, r in rows.iterrows())
        elif p.table == "events":
            same, shown = [r for _i, r in rows.iterrows()], ", ".join(rows[key])
        else:
            same = [r for _i, r in rows.iterrows() if _same_number(str(p.row[column]), r[column])]  # same column in both
            shown = "; ".join(f"{r[key]} = {_num(float(r[column]))} {unit}".strip() for _i, r in rows.iterrows())
        if same:
            p.match, p.match_detail = "duplicate", "same as " + ", ".join(str(r[key]) for r in same)
        else:
            p.match, p.match_detail = "conflict", f"data/ has {shown}"


# ---------------------------------------------------------------------------------------------- validation


def validate(proposals: list[Proposal], new_sources: list[dict], data_dir: Path | str) -> list[str]:
    """Check every proposal as it stands by loading data/ with it appended, exactly as a write would. A proposal
    whose row fails gets the problems in ``problems``; the rest are loaded again without it, so a bad row does
    not hide another's result. Returns problems that belong to no proposal (the new source row's)."""
    data_dir = Path(data_dir)
    current = {name: (data_dir / spec.file).read_bytes() for name, spec in TABLES.items()}
    # Data rows already in each file (records, not lines: a quoted cell may hold a line break).
    base = {name: max(0, sum(1 for _row in csv.reader(io.StringIO(raw.decode("utf-8")))) - 1) for name, raw in current.items()}
    for p in proposals:
        p.problems = []
    general: list[str] = []
    set_aside: set[int] = set()
    for _round in range(6):
        planned: dict[str, list[dict]] = {"sources": list(new_sources)} if new_sources else {}
        owners: dict[tuple[str, int], Proposal] = {}
        for p in proposals:
            if p.problems or id(p) in set_aside:
                continue
            planned.setdefault(p.table, []).append(p.row)
            owners[(TABLES[p.table].file, base[p.table] + len(planned[p.table]))] = p
        general, fresh = [], False
        for issue in _load_with(current, planned):
            owner = owners.get((issue.file, issue.row)) if issue.row is not None else None
            if owner is None:
                general.append(str(issue))
            elif issue.column not in owner.unclear:  # an 'unclear' cell is already named as such
                message = f"{issue.column}: {issue.message}" if issue.column else issue.message
                if message not in owner.problems:
                    owner.problems.append(message)
                fresh = True
            elif id(owner) not in set_aside:
                set_aside.add(id(owner))  # its unclear cells fail as expected; check the others without it
                fresh = True
        if not fresh:
            break
    return sorted(set(general))


def _load_with(current: dict[str, bytes], planned: dict[str, list[dict]]) -> list[DataIssue]:
    with tempfile.TemporaryDirectory() as scratch:
        for name, spec in TABLES.items():
            raw = current[name]
            rows = planned.get(name)
            (Path(scratch) / spec.file).write_bytes(appended_text(raw, rows) if rows else raw)
        try:
            load_dataset(scratch)
        except DataValidationError as err:
            return err.issues
    return []


def proposals_frame(proposals: list[Proposal], table: str) -> pd.DataFrame:
    """One table's proposals as the curator reviews them: status and match first, then the table's columns."""
    columns = [c.name for c in TABLES[table].columns]
    rows = [
        {"accept": p.ready and p.match == "new", "check": p.status, "in_data": p.match, "in_data_detail": p.match_detail}
        | {c: "" if p.row.get(c) is None else str(p.row.get(c)) for c in columns}
        for p in proposals
        if p.table == table
    ]
    return pd.DataFrame(rows, columns=[*REVIEW_COLUMNS, *columns])


def summary(proposals: list[Proposal]) -> pd.DataFrame:
    """Per target table: proposals, ready as they stand, needing edits, duplicates and conflicts."""
    rows = []
    for table in TARGETS:
        mine = [p for p in proposals if p.table == table]
        if not mine:
            continue
        rows.append(
            {
                "table": table,
                "proposals": len(mine),
                "ready": sum(p.ready for p in mine),
                "needs_edit": sum(not p.ready for p in mine),
                "duplicates": sum(p.match == "duplicate" for p in mine),
                "conflicts": sum(p.match == "conflict" for p in mine),
            }
        )
    return pd.DataFrame(rows, columns=["table", "proposals", "ready", "needs_edit", "duplicates", "conflicts"])
