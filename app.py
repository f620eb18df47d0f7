"""Entry point: page configuration and navigation. Each page renders its own filters and data.

`streamlit run app.py` finds `app` below and serves this same file through it, so the server can warm itself at
start (dashboard/warmup.py); every session then runs this file as its script, where `__name__` is "__main__". The same server answers the
read-only data API under /api/v1 (dashboard/api.py), and `/_stcore/health?ready` for a proxy (dashboard/readiness.py).
Its HTML page tells the browser where the server's root is, so a page opened at its own path connects at once
(dashboard/page_shell.py).
"""

import streamlit as st
from starlette.middleware import Middleware

from dashboard.api_routes import ApiPathGuard, routes
from dashboard.navigation import run_app
from dashboard.page_shell import BackendBaseUrl
from dashboard.readiness import ReadinessCheck
from dashboard.warmup import lifespan

if __name__ == "__main__":
    run_app()
else:
    app = st.App(
        __file__,
        lifespan=lifespan,
        routes=routes(),
        middleware=[Middleware(ApiPathGuard), Middleware(ReadinessCheck), Middleware(BackendBaseUrl)],
    )
