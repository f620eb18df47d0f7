"""The API's routes for app.py, without importing pandas or the data layer until the first API request: the server
starts as fast as before, and the warm-up (dashboard/warmup.py) loads the heavy modules in the background."""

from __future__ import annotations

import threading

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashboard.api_links import PREFIX

# Each path under PREFIX and the dashboard.api.Api method that answers it (the last two: anything else, a 404).
ENDPOINTS = {
    "/tables": "tables",
    "/tables/{file}": "table",
    "/datapackage.json": "datapackage",
    "/snapshot.zip": "snapshot",
    "/changes.atom": "changes",
    "/openapi.json": "openapi",
    "": "not_found",
    "/{rest:path}": "not_found",
}
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
_endpoints: dict[str, object] = {}
_lock = threading.Lock()


def _endpoint(path: str):
    """The real endpoint of a path, built on first use from dashboard.api with the app's data access."""
    with _lock:
        if not _endpoints:
            from dashboard.api import Api, _guarded
            from dashboard.data_access import api_sources

            api = Api(api_sources())
            _endpoints.update({p: _guarded(getattr(api, name)) for p, name in ENDPOINTS.items()})
        return _endpoints[path]


def routes() -> list[Route]:
    def bind(path: str):
        async def endpoint(request: Request) -> Response:
            # Off the event loop: the page sessions' websockets share it.
            return await run_in_threadpool(lambda: _endpoint(path)(request))

        return endpoint

    return [Route(PREFIX + path, bind(path), methods=METHODS) for path in ENDPOINTS]


class ApiPathGuard:
    """ASGI middleware: an API path with a '..' segment or a NUL gets the API's JSON 404 here, before the server's
    own path checks answer it in plain text."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(PREFIX):
            raw = scope.get("raw_path", b"").split(b"?")[0].lower()
            segments = scope["path"].split("/")
            if ".." in segments or b"%2e%2e" in raw or "\x00" in scope["path"]:
                body = b'{"error":"no such resource","status":404}'
                await send(
                    {
                        "type": "http.response.start",
                        "status": 404,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"access-control-allow-origin", b"*"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
