"""Each page's one-sentence answer (alibaba_ai_data/answers.py), as builders for the shared cache: written once per
data version, range and filters, not on every rerun (the standings answer alone was ~40% of a Competitors rerun)."""

from __future__ import annotations

from alibaba_ai_data.answers import business_answer, pledge_answer, releases_answer, standing_answer
from dashboard.pledge import burn_up_to_date, pledge_as_of, pledge_window_of
from dashboard.shared_cache import cached


def pledge_text(ctx) -> str:
    """Spending against the pledge, or '' when the pledge row is not in the data."""
    window = cached(pledge_window_of, ctx.dataset)
    if window is None:
        return ""
    return pledge_answer(ctx.cached(burn_up_to_date), window, pledge_as_of(ctx), ctx.dataset["capex_quarters"])


def releases_text(ctx) -> str:
    return releases_answer(ctx.tables["releases"])


def standing_text(ctx) -> str:
    return standing_answer(ctx.tables["capability"])


def business_text(ctx) -> str:
    return business_answer(ctx.tables["metrics"], ctx.sources)
