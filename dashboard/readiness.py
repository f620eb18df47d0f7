"""Readiness for a proxy: `GET /_stcore/health?ready` answers ok only once the warm-up has finished and data/
validates; plain `/_stcore/health` stays Streamlit's own (the browser's client pings it before it connects, and a
reader of a replica with broken data must still reach the page that says what is wrong).

deploy/local.py polls the ready form and keeps a replica out of the proxy's rotation while it answers 503, so
readers go to a healthy replica and never to one still importing or holding data it cannot chart.
"""

from __future__ import annotations

import asyncio
import os

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, PlainTextResponse

HEALTH_SUFFIX = "/_stcore/health"
READY_PARAM = b"ready"
# The benchmark's soak test reads the heap through `/_stcore/health?heap`, only where this variable is set.
HEAP_PROBE_ENV = "DASHBOARD_HEAP_PROBE"
HEAP_PARAM = b"heap"


def heap() -> dict[str, object]:
    """Objects the collector tracks (those made since the warm-up froze its heap) and their commonest types, frozen
    ones, resident memory, and whether each listening socket has TCP_NODELAY (dashboard/sockets.py)."""
    import gc
    import resource
    from collections import Counter

    rss_kb = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    from dashboard.sockets import listening_tcp_sockets, nodelay_of

    objects = gc.get_objects()
    return {
        "listeners_nodelay": [nodelay_of(fd) for fd in listening_tcp_sockets()],
        "tracked": len(objects),
        "types": dict(Counter(type(o).__name__ for o in objects).most_common(12)),
        "frozen": gc.get_freeze_count(),
        "rss_kb": rss_kb,
        "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def readiness() -> tuple[int, str]:
    """(HTTP status, text): 200 ok, or 503 with the reason (warming up, or data/ does not validate)."""
    from dashboard.warmup import READY

    if not READY.is_set():
        return 503, "warming up"
    from alibaba_ai_data import DataValidationError
    from dashboard.data_access import get_dataset

    try:
        get_dataset()
    except DataValidationError as err:
        return 503, f"data/ does not validate: {len(err.issues)} problem(s)"
    except OSError as err:
        return 503, f"data/ cannot be read: {err.__class__.__name__}"
    return 200, "ok"


class ReadinessCheck:
    """ASGI middleware answering the ready form of the health path; everything else passes through."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].endswith(HEALTH_SUFFIX):
            query = scope.get("query_string", b"").split(b"&")
            if HEAP_PARAM in query and os.environ.get(HEAP_PROBE_ENV) == "1":
                loop = type(asyncio.get_running_loop())
                body = {**await run_in_threadpool(heap), "event_loop": f"{loop.__module__}.{loop.__qualname__}"}
                response = JSONResponse(body, headers={"cache-control": "no-cache"})
                await response(scope, receive, send)
                return
            if READY_PARAM in query or any(part.startswith(READY_PARAM + b"=") for part in query):
                status, text = await run_in_threadpool(readiness)
                response = PlainTextResponse(text, status_code=status, headers={"cache-control": "no-cache"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
