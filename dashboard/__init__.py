"""Streamlit dashboard on top of alibaba_ai_data: figure builders, shared page furniture, URL state."""
