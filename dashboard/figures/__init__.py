"""Pure figure builders: DataFrames in, Plotly figures or Altair charts out. No Streamlit here."""
