"""Tell the browser where the server's root is, so a page opened at its own path connects at once.

Streamlit's frontend does not know its base URL. Opened at ``/timeline`` it first asks ``/timeline/_stcore/health``
and ``/timeline/_stcore/host-config``, gets 404, waits its minimum retry period, and only then tries ``/``. In a
warm load of ``/baseline`` the root was asked about 130 ms after the probe; an interleaved A/B of whole loads measured
67-96 ms saved by this module (benchmarks/LOADS.md has the loads before and after). The frontend reads an
optional ``window.__streamlit.BACKEND_BASE_URL`` (the setting hosts that embed Streamlit use); with it, the root is
the first and only address it tries.

``BackendBaseUrl`` sets it in the HTML page the server sends. The small script it adds to ``<head>`` takes the
address from the browser's own location, dropping the last path segment when it names one of the app's pages, so it
stays right behind a proxy that serves the app under a prefix. Everything else passes through untouched: assets, the
API, the websocket, and any response that is not the app's HTML page. The page's ETag is tagged so that a browser's
revalidation still gets 304 from the server and the cached copy it holds is the rewritten one.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterable

from dashboard.registry import EVERY_PAGE

# Paths that never carry the app's HTML page: the framework's endpoints and files, and the data API.
_PASS_PREFIXES = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/", "/api/")
_TAG_SUFFIX = b"+base"
_HEAD = re.compile(rb"<head[^>]*>", re.IGNORECASE)


def page_urls() -> tuple[str, ...]:
    """Every page's own path segment (the default page has none)."""
    return tuple(spec.url for spec in EVERY_PAGE if spec.url)


def base_url_script(pages: Iterable[str]) -> bytes:
    """The script that sets ``window.__streamlit.BACKEND_BASE_URL`` from the page's own location."""
    names = json.dumps(sorted(pages))
    return (
        "<script>(function () {"
        f"var pages = {names};"
        'var parts = window.location.pathname.replace(/\\/+$/, "").split("/");'
        "if (pages.indexOf(parts[parts.length - 1]) >= 0) parts.pop();"
        "window.__streamlit = Object.assign({}, window.__streamlit, "
        '{BACKEND_BASE_URL: window.location.origin + parts.join("/") + "/"});'
        "})();</script>"
    ).encode()


def _tagged(etag: bytes) -> bytes:
    return etag[:-1] + _TAG_SUFFIX + b'"' if etag.endswith(b'"') else etag + _TAG_SUFFIX


def _untagged(value: bytes) -> bytes:
    """An If-None-Match header with this module's tags taken off, as the server issued them."""
    return value.replace(_TAG_SUFFIX + b'"', b'"')


def inject(html: bytes, script: bytes) -> bytes | None:
    """The page with the script first in <head>, or None when it has no <head> to put it in."""
    match = _HEAD.search(html)
    if match is None:
        return None
    return html[: match.end()] + script + html[match.end() :]


class BackendBaseUrl:
    """ASGI middleware: the app's HTML page gets ``base_url_script``; every other response passes through."""

    def __init__(self, app, pages: Iterable[str] | None = None):
        self.app = app
        self.script = base_url_script(page_urls() if pages is None else pages)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(_PASS_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = [(key, _untagged(value) if key == b"if-none-match" else value) for key, value in scope["headers"]]
        held: dict | None = None
        chunks: list[bytes] = []

        async def rewrite(message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                fields = dict(message.get("headers", []))
                html = fields.get(b"content-type", b"").startswith(b"text/html")
                encoding = fields.get(b"content-encoding", b"identity")
                if message["status"] == 304 and b"etag" in fields:
                    await send({**message, "headers": _retag(message["headers"])})
                elif message["status"] == 200 and html and encoding in (b"gzip", b"identity"):
                    held = message  # sent with the rewritten body
                else:
                    await send(message)
                return
            if message["type"] != "http.response.body" or held is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            start, held = held, None
            await self._send_page(start, b"".join(chunks), send)

        await self.app({**scope, "headers": headers}, receive, rewrite)

    async def _send_page(self, start: dict, body: bytes, send) -> None:
        fields = dict(start.get("headers", []))
        zipped = fields.get(b"content-encoding") == b"gzip"
        try:
            page = inject(gzip.decompress(body) if zipped else body, self.script)
        except (OSError, EOFError, zlib.error):  # not the gzip it claims to be: send it as it came
            page = None
        if page is None:
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        out = gzip.compress(page, mtime=0) if zipped else page
        headers = [(key, value) for key, value in _retag(start["headers"]) if key != b"content-length"]
        headers.append((b"content-length", str(len(out)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": out})


def _retag(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(key, _tagged(value) if key == b"etag" else value) for key, value in headers]
