"""Entry point: page configuration and navigation. Each page renders its own filters and data.

`streamlit run app.py` finds `app` below and serves this same file through it, so the server can warm itself at
start (dashboard/warmup.py); every session then runs this file as its script, where `__name__` is "__main__".
"""

import streamlit as st

from dashboard.navigation import run_app
from dashboard.warmup import lifespan

if __name__ == "__main__":
    run_app()
else:
    app = st.App(__file__, lifespan=lifespan)
