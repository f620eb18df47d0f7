"""Where the pledge stands, as the capex page and the overview both read it: the window, the day "so far" means and
the burn-up of reported quarters, judged as the coverage grid judges them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from alibaba_ai_data.coverage import coverage_due
from alibaba_ai_data.tracker import PledgeWindow, pledge_burn_up, pledge_window
from dashboard.data_access import cached_per_version


@dataclass(frozen=True)
class PledgeState:
    window: PledgeWindow
    as_of: pd.Timestamp
    burn_up: pd.DataFrame


def pledge_window_of(ctx) -> PledgeWindow | None:
    return cached_per_version("pledge-window", ctx.dataset.data_version, lambda: pledge_window(ctx.dataset["investments"]))


def pledge_state(ctx, window: PledgeWindow) -> PledgeState:
    """The running total counts from the window's start, whatever the range; the range's end sets "so far". A range
    that reaches the end of the data reaches today. A quarter whose results are usually public by now and that has
    no figure is missing (the coverage grid says whether it was searched); later ones are not yet reported."""
    reaches_end = pd.Timestamp(ctx.span.end) >= pd.Timestamp(ctx.default.end)
    as_of = ctx.coverage_today if reaches_end else min(ctx.coverage_today, pd.Timestamp(ctx.span.end))
    day = str(as_of.date())
    due = ctx.cached("capex-due", lambda: frozenset(coverage_due(ctx.coverage, "alibaba_capex")), as_of=day)
    capex = ctx.dataset["capex_quarters"]
    burn_up = ctx.cached("pledge-burn-up", lambda: pledge_burn_up(capex, window, as_of, due), as_of=day)
    return PledgeState(window, as_of, burn_up)
