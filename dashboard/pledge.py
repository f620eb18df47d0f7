"""Where the pledge stands, as the capex page and the overview both read it: the window, the day "so far" means and
the burn-up of reported quarters, judged as the coverage grid judges them. Builders for the shared cache
(dashboard/shared_cache.py): module-level functions of the page context or the dataset."""

from __future__ import annotations

import pandas as pd

from alibaba_ai_data.coverage import coverage_due
from alibaba_ai_data.tracker import pledge_burn_up, pledge_window
from dashboard.shared_cache import cached


def pledge_window_of(dataset):
    return pledge_window(dataset["investments"])


# The running total counts from the window's start, whatever the range; the range's end sets "so far", and the
# chart and table show the quarters in range. A range that reaches the end of the data reaches today and shows
# the rest of the window: nothing later could be filtered out. Quarters are judged as the coverage grid judges
# them: one whose results are usually public by now and that has no figure is missing (the grid says whether
# it was searched); later ones are not yet reported.
def pledge_as_of(ctx) -> pd.Timestamp:
    """The day spending is counted to: the coverage day, or the range's end when it ends earlier than the data."""
    reaches_end = pd.Timestamp(ctx.span.end) >= pd.Timestamp(ctx.default.end)
    return ctx.coverage_today if reaches_end else min(ctx.coverage_today, pd.Timestamp(ctx.span.end))


def capex_due(ctx):
    return frozenset(coverage_due(ctx.coverage, "alibaba_capex"))


def burn_up_to_date(ctx):
    window = cached(pledge_window_of, ctx.dataset)
    return pledge_burn_up(ctx.dataset["capex_quarters"], window, pledge_as_of(ctx), ctx.cached(capex_due))
