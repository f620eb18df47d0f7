"""Rows for the series tables from a candidate: metrics (a figure in one of the tracker's series), adoption
(downloads, derivatives, token shares), releases (a model, its developer, size and licence) and events."""

from __future__ import annotations

import re

from alibaba_ai_data.curation.cells import (
    UNCLEAR,
    amount_bn,
    notes,
    number_text,
    period_basis,
    row_confidence,
    row_evidence,
    when_observed,
)
from alibaba_ai_data.curation.extract import Candidate
from alibaba_ai_data.curation.text import slug

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


def model_family(entity: str, evidence: str) -> str:
    """The model family an adoption figure is about: one named in the excerpt, else the entity."""
    named = next((f for f in FAMILIES if re.search(rf"\b{re.escape(f)}", evidence)), "")
    return named or entity


def metric_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    """A metrics row: the tracker's series the figure belongs to, dated by the period it measures."""
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
    as_of, precision, when = when_observed(c, source)
    if c.basis == "year to date" and not c.period_start:
        # A change so far this year holds at the time of reporting: dated by the report's month.
        reported = c.date if c.date_precision == "day" else source["published"]
        as_of, precision, when = reported[:7] + "-01", "month", "year to date at the time of reporting"
    if measure in QUARTERLY and c.period_precision not in ("quarter", "year"):
        as_of, precision, when = UNCLEAR, "quarter", "the sentence does not say which quarter"
        unclear.append("as_of")
    if c.kind == "money":
        value, unit = number_text(amount_bn(c)), f"{c.currency} bn"
    else:
        value, unit = c.value, {"%": "%", "rank": "rank", "quarters": "quarters"}.get(c.unit, c.unit)
    if measure.endswith("growth") or measure == "share price change":
        stated = c.basis if c.basis in ("year on year", "year to date", "day's close", "intraday", "change") else ""
        basis = ", ".join(p for p in (stated or UNCLEAR, period_basis(c)) if p)
        if not stated:
            unclear.append("basis")
    elif measure == "AI revenue streak":
        basis = "streak ending " + (period_basis(c) or UNCLEAR)
    else:
        basis = period_basis(c) or "as stated by the source"
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
        "evidence": row_evidence(c, source),
        "date_source_id": "",
        "notes": notes(when),
    }
    return "metrics", row, unclear


def adoption_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    """An adoption row: downloads, derivatives or a token share of a model family, where the source counts them."""
    measure, unit = ADOPTION_MEASURES[c.measure]
    entity = model_family(c.entity, c.evidence) or UNCLEAR
    unclear = ["entity"] if entity == UNCLEAR else []
    as_of, precision, when = when_observed(c, source)
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
        "evidence": row_evidence(c, source),
        "confidence": row_confidence(source),
        "notes": notes(when),
    }
    return "adoption", row, unclear


def release_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    """A releases row: the model, its developer and family, modality read from its name, size and licence."""
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
        "evidence": row_evidence(c, source),
        "date_source_id": "",
        "confidence": row_confidence(source),
        "notes": notes(
            "modality read from the model's name" if modality not in (UNCLEAR, "text") or prefix else "",
            "release date inferred from a relative phrase" if c.date_inferred else "",
        ),
    }
    return "releases", row, unclear


def event_row(c: Candidate, source: dict) -> tuple[str, dict, list[str]]:
    """An events row, dated by the sentence; its title and description are the curator's to write."""
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
        "evidence": row_evidence(c, source),
        "date_source_id": "",
        "notes": notes("date inferred from a relative phrase" if c.date_inferred else ""),
    }
    # An event is written in our own words: the title and description always need the curator.
    return "events", row, [name for name, value in row.items() if value == UNCLEAR]
