"""The new source row and row keys for curator intake (the rows per table are alibaba_ai_data/proposals.py)."""

from __future__ import annotations

import re

SOURCE_ID = re.compile(r"^[a-z0-9_]{3,60}$")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:50] or "row"


def source_row(
    title: str, publisher: str, url: str, published: str, precision: str, kind: str, source_id: str, retrieved: str
) -> dict:
    return {
        "source_id": source_id,
        "kind": kind,
        "title": title,
        "publisher": publisher,
        "published": published,
        "date_precision": precision,
        "date_basis": "stated by the source",
        "url": url,
        "url_scope": "document" if url else "none",
        "confidence": {"article": "", "company": "high", "primary": "high", "news": "medium"}.get(kind, "low"),
        "retrieved": retrieved,
        "how_read": "original",
        "read_at": "",
        "corroborated_by": "",
        "notes": "",
    }
