"""A reader that speaks Streamlit's websocket protocol directly, so readers cost the server's cores nothing.

It connects as the frontend does (the `streamlit` subprotocol, an allowed Origin, the cookies the page set, the XSRF
token from its cookie), asks for a page with the link's query string, and keeps the frontend's message cache: every
cacheable message's hash is sent back with the next rerun, so the server answers repeats by reference as it would to
a browser. Timing runs from sending a rerun to the server's `script_finished`.
"""

from __future__ import annotations

import asyncio
import http.client
import time
import urllib.parse
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XSRF_COOKIE = "_streamlit_xsrf"


def page_cookies(base_url: str, path: str = "/", cookies: dict[str, str] | None = None) -> dict[str, str]:
    """The cookies the page sets for a browser that sends ``cookies`` (the XSRF cookie, a proxy's route cookie)."""
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    try:
        connection.request("GET", path, headers={"Accept": "text/html", **sent})
        response = connection.getresponse()
        response.read()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key.strip()] = rest.split(";", 1)[0]
        return cookies
    finally:
        connection.close()


@dataclass
class Reader:
    """One websocket session: rerun(page, query) returns the milliseconds to script_finished."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)
    socket: object = None

    async def connect(self) -> None:
        parts = urllib.parse.urlsplit(self.base_url)
        self.cookies = {**self.cookies, **page_cookies(self.base_url, cookies=self.cookies)}
        protocols = ["streamlit"] + ([self.cookies[XSRF_COOKIE]] if XSRF_COOKIE in self.cookies else [])
        cookie_header = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.socket = await websockets.connect(
            f"ws://{parts.hostname}:{parts.port}/_stcore/stream",
            subprotocols=protocols,
            origin=f"{parts.scheme}://{parts.netloc}",
            additional_headers={"Cookie": cookie_header} if cookie_header else None,
            max_size=None,
            open_timeout=30,
        )

    async def rerun(self, page: str = "", query: str = "", timeout: float = 120.0) -> float:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query
        state.page_name = page
        state.cached_message_hashes.extend(sorted(self.cached))
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        while True:
            raw = await asyncio.wait_for(self.socket.recv(), timeout)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            if forward.metadata.cacheable and forward.hash:
                self.cached.add(forward.hash)
            kind = forward.WhichOneof("type")
            if kind == "script_finished":
                return (time.perf_counter() - started) * 1000
            if kind == "page_not_found":
                raise LookupError(f"no page {page!r}")

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
