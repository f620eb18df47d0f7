"""Curated, cited tables on Alibaba's open-source AI push: load, validate, filter, export.

This package is the pandas layer of the dashboard. It imports no Streamlit.
"""

from alibaba_ai_data.errors import DataIssue, DataValidationError
from alibaba_ai_data.filters import filter_by_date_range, filter_table
from alibaba_ai_data.loading import Dataset, data_fingerprint, load_dataset
from alibaba_ai_data.periods import period_end

__all__ = [
    "DataIssue",
    "DataValidationError",
    "Dataset",
    "data_fingerprint",
    "filter_by_date_range",
    "filter_table",
    "load_dataset",
    "period_end",
]
