"""Links into the data API as the reader's browser reaches it (no pandas: pages and the API both import this)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

import streamlit as st

from dashboard.url_params import DateRange

PREFIX = "/api/v1"
# Where the API is reached from outside, when the server cannot tell (behind some proxies); else the page's URL.
PUBLIC_URL_ENV = "DASHBOARD_PUBLIC_URL"
FALLBACK_BASE = "http://localhost:8501"


def public_base_url() -> str:
    """'scheme://host[:port]' of the dashboard as the reader reached it."""
    configured = os.environ.get(PUBLIC_URL_ENV, "").rstrip("/")
    if configured:
        return configured
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # outside a session (tests of the layer), there is no page URL
        parts = urlsplit("")
    # The host comes from the reader's request: only a plain host[:port] is echoed into links and code.
    plain = parts.scheme in ("http", "https") and re.fullmatch(
        r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?", parts.netloc
    )
    return f"{parts.scheme}://{parts.netloc}" if plain else FALLBACK_BASE


def table_url(base: str, table: str, fmt: str, span: DateRange, release_filters: Mapping[str, tuple[str, ...]] = {}) -> str:
    """The API URL of a table for a range and (for releases) release filters."""
    params: list[tuple[str, str]] = list(span.as_params().items())
    if table == "releases":
        params += [(name, ",".join(values)) for name, values in release_filters.items() if values]
    return f"{base}{PREFIX}/tables/{table}.{fmt}?{urlencode(params)}"
