"""The HTML page tells the browser where the server's root is; everything else passes through as it came."""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dashboard.page_shell import BackendBaseUrl, base_url_script, inject, page_urls

PAGE = b"<!DOCTYPE html>\n<html lang='en'>\n  <head>\n    <meta charset='UTF-8' />\n  </head><body></body></html>"
ETAG = '"abc123"'


def inner_app(seen: list[str]) -> Starlette:
    """A stand-in for the framework: its HTML page gzipped with an ETag (304 on a match), a JSON file, a plain page."""

    def index(request: Request) -> Response:
        seen.append(request.headers.get("if-none-match", ""))
        if request.headers.get("if-none-match") == ETAG:
            return Response(status_code=304, headers={"etag": ETAG})
        body = gzip.compress(PAGE)
        return Response(body, media_type="text/html", headers={"content-encoding": "gzip", "etag": ETAG})

    return Starlette(
        routes=[
            Route("/timeline", index),
            Route("/plain", lambda request: Response(PAGE, media_type="text/html")),
            Route("/headless", lambda request: Response(b"<p>no head here</p>", media_type="text/html")),
            Route(
                "/broken",
                lambda request: Response(b"\x1f\x8b not gzip", media_type="text/html", headers={"content-encoding": "gzip"}),
            ),
            Route("/_stcore/host-config", lambda request: Response(PAGE, media_type="text/html")),
            Route("/data.json", lambda request: JSONResponse({"rows": 3}, headers={"etag": ETAG})),
        ]
    )


@dataclass
class Answer:
    status_code: int
    headers: dict[str, str]
    raw: bytes  # the body as sent, still zipped if it says so

    @property
    def content(self) -> bytes:
        return gzip.decompress(self.raw) if self.headers.get("content-encoding") == "gzip" else self.raw


class Client:
    """Drives the middleware as a server would: one ASGI http call per request, the messages it sends collected."""

    def __init__(self, app):
        self.app = app

    def request(self, method: str, path: str, headers: dict[str, str] | None = None) -> Answer:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
            "client": ("127.0.0.1", 1),
            "server": ("testserver", 80),
        }
        sent: list[dict] = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        # In a thread of its own: a browser test earlier in the run may leave an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, self.app(scope, receive, send)).result(timeout=10)
        start = next(m for m in sent if m["type"] == "http.response.start")
        bodies = [m for m in sent if m["type"] == "http.response.body"]
        assert not bodies[-1].get("more_body", False)
        fields = {k.decode(): v.decode() for k, v in start["headers"]}
        return Answer(start["status"], fields, b"".join(m.get("body", b"") for m in bodies))

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("GET", path, headers)

    def post(self, path: str) -> Answer:
        return self.request("POST", path)


def client(seen: list[str] | None = None) -> Client:
    return Client(BackendBaseUrl(inner_app([] if seen is None else seen), pages=["timeline", "capex"]))


def test_the_script_goes_first_in_head_and_only_there():
    script = base_url_script(["timeline"])
    page = inject(PAGE, script)
    assert page.index(script) == PAGE.index(b"<head>") + len(b"<head>")
    assert page.replace(script, b"") == PAGE
    assert inject(b"<p>no head</p>", script) is None
    assert b'["capex", "timeline"]' in base_url_script(["timeline", "capex"])  # sorted, as JSON


def test_every_page_of_the_app_is_named_and_the_default_page_is_not():
    urls = page_urls()
    assert {"timeline", "capex", "competitors", "metrics", "data"} <= set(urls)
    assert all(urls) and None not in urls


def test_the_gzipped_page_gets_the_script_a_true_length_and_a_tagged_etag():
    response = client().get("/timeline", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) == len(response.raw)
    assert response.content.count(b"BACKEND_BASE_URL") == 1
    assert response.content.replace(base_url_script(["timeline", "capex"]), b"") == PAGE
    assert response.headers["etag"] == '"abc123+base"'


def test_a_revalidation_with_the_tagged_etag_still_gets_304():
    seen: list[str] = []
    response = client(seen).get("/timeline", headers={"if-none-match": '"abc123+base"'})
    assert response.status_code == 304
    assert seen == [ETAG]  # the framework saw its own tag
    assert response.headers["etag"] == '"abc123+base"'


def test_an_uncompressed_page_is_rewritten_too():
    response = client().get("/plain")
    assert response.content.count(b"BACKEND_BASE_URL") == 1
    assert "content-encoding" not in response.headers
    assert int(response.headers["content-length"]) == len(response.raw)


def test_everything_else_passes_through_untouched():
    app = client()
    data = app.get("/data.json")
    assert data.content == b'{"rows":3}' and data.headers["etag"] == ETAG
    framework = app.get("/_stcore/host-config")  # under a framework prefix: not the app's page
    assert framework.content == PAGE
    headless = app.get("/headless")
    assert headless.content == b"<p>no head here</p>"
    broken = app.get("/broken")  # claims gzip and is not: sent as it came, no traceback
    assert broken.status_code == 200 and broken.raw == b"\x1f\x8b not gzip"
    assert app.post("/plain").status_code == 405  # only GET is looked at; the rest is the framework's answer
