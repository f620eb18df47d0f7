"""Entry point: page configuration and navigation. Each page renders its own filters and data."""

import streamlit as st

st.set_page_config(page_title="Alibaba open-source AI tracker", page_icon=":material/insights:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/timeline.py", title="Model release timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/capex.py", title="Capex and investments", icon=":material/payments:", url_path="capex"),
    st.Page("pages/competitors.py", title="Competitor comparisons", icon=":material/compare_arrows:", url_path="competitors"),
    st.Page("pages/metrics.py", title="Market and adoption metrics", icon=":material/monitoring:", url_path="metrics"),
    st.Page("pages/data.py", title="Sources and data", icon=":material/menu_book:", url_path="data"),
]

st.navigation(PAGES).run()
