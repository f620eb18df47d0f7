"""The framework's floor for warm page loads: a bare Streamlit app that draws one Plotly chart and nothing else.

benchmarks/loads.py serves it from its own process beside the app, so it carries none of the app's imports, data,
caches or sidebar, and loads it alternately with the app's pages in the same browser. It runs from the project
folder, so it reads the same .streamlit/config.toml (theme, no forced collection after each run), and it gets the
same TCP_NODELAY on its listening socket as the app (dashboard/sockets.py): without it every rerun of any Streamlit
1.67 app waits ~40 ms on a delayed ACK, which would make the floor slower than the framework really is.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st


def draw() -> None:
    import plotly.graph_objects as go

    st.set_page_config(page_title="Floor", layout="wide")
    st.title("Floor")
    months = [f"2025-{m:02d}-01" for m in range(1, 13)]
    st.plotly_chart(go.Figure(go.Bar(x=months, y=list(range(1, 13)))), key="floor")


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    from dashboard.sockets import no_delay_on_listeners

    no_delay_on_listeners()
    yield


if __name__ == "__main__":
    draw()
else:
    app = st.App(__file__, lifespan=lifespan)
