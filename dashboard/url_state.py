"""Filter state that lives in the URL, survives page switches, and renders its own sidebar controls.

Every page calls these itself (not only app.py), so a rerun that executes just the page file
still has its filters. The canonical value sits in session state; the URL mirrors it on every run,
which restores the query string after Streamlit clears it on a page switch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from alibaba_ai_data.filters import RELEASE_FILTERS
from alibaba_ai_data.labels import label_for
from dashboard.citations import md_escape
from dashboard.url_params import (
    ALL_DATES,
    RANGE_PARAMS,
    DateRange,
    parse_choice,
    parse_date,
    parse_date_range,
    parse_multi_choice,
    unknown_params,
)

RANGE_STATE = "_date_range"
DEFAULT_STATE = "_default_range"
DATE_WIDGETS = ("date_range_from", "date_range_to")
TYPED_PROBLEM = "_typed_range_problem"
PRESET_WIDGET = "date_range_preset"
CUSTOM = "Custom"


def _link_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def write_range(chosen: DateRange) -> None:
    """Make ``chosen`` the range of this session and of the link (the sidebar's controls and the navigator), leaving
    the default range out of the link: a link without start and end opens on the default, so a shared default view
    stays on the default as the data grows."""
    st.session_state[RANGE_STATE] = chosen
    if chosen == st.session_state.get(DEFAULT_STATE):
        for name in RANGE_PARAMS:
            if name in st.query_params:
                del st.query_params[name]
        return
    changed = {name: value for name, value in chosen.as_params().items() if st.query_params.get(name) != value}
    if changed:
        st.query_params.update(changed)  # one message to the browser: the link never holds a new start with an old end


def _on_preset(presets: dict[str, DateRange]) -> None:
    name = st.session_state.get(PRESET_WIDGET)
    if name in presets:
        write_range(presets[name])


def _typed_range() -> tuple[DateRange | None, str]:
    """The range in the From and To fields, or None and what is wrong with it."""
    typed = {name: str(st.session_state.get(key) or "").strip() for name, key in zip(RANGE_PARAMS, DATE_WIDGETS)}
    days, problems = {}, []
    for name, value in typed.items():
        days[name], problem = parse_date(name, value)
        if problem:
            problems.append(problem.replace("'start'", "From").replace("'end'", "To"))
    if problems:
        return None, "; ".join(problems)
    if days["start"] > days["end"]:
        return None, f"From {days['start']:%Y-%m-%d} is after To {days['end']:%Y-%m-%d}"
    return DateRange(days["start"], days["end"]), ""


def _on_dates() -> None:
    """A typed date applies as soon as its field commits it: on Enter, or on leaving the field."""
    chosen, problem = _typed_range()
    if chosen is None:
        st.session_state[TYPED_PROBLEM] = problem
        return
    st.session_state.pop(TYPED_PROBLEM, None)
    write_range(chosen)


def _on_reset(default: DateRange) -> None:
    write_range(default)
    _write_filters({name: () for name in RELEASE_FILTERS})


def _date_fields(chosen: DateRange) -> None:
    """From and To as text fields: Streamlit's date picker commits a typed date only when focus leaves it or on
    Escape, never on Enter; a text field commits on Enter. A rejected entry stays in its field, with the reason."""
    problem = st.session_state.pop(TYPED_PROBLEM, None)
    if problem is None:
        for key, day in zip(DATE_WIDGETS, (chosen.start, chosen.end)):
            st.session_state[key] = f"{day:%Y-%m-%d}"
    left, right = st.sidebar.columns(2)
    for column, key, label in ((left, DATE_WIDGETS[0], "From"), (right, DATE_WIDGETS[1], "To")):
        column.text_input(
            label,
            key=key,
            on_change=_on_dates,
            max_chars=10,
            placeholder="YYYY-MM-DD",
            help="A date written YYYY-MM-DD, inclusive; press Enter to apply it.",
        )
    if problem is not None:
        st.sidebar.error(md_escape(f"Not applied: {problem}. Showing {chosen}."), icon="⚠️")


def date_range_control(default: DateRange, presets: dict[str, DateRange], known_params: Sequence[str] = ()) -> DateRange:
    """The active date range (from the link, else this session, else the default) and its sidebar controls."""
    st.session_state[DEFAULT_STATE] = default
    params = _link_params()
    warnings = unknown_params(params, [*RANGE_PARAMS, *known_params])
    if any(name in params for name in RANGE_PARAMS):
        chosen, problems = parse_date_range(params, default)
        if problems:
            warnings.insert(0, "The link's date range was not used (" + "; ".join(problems) + "). Showing the default range.")
    else:
        chosen = st.session_state.get(RANGE_STATE, default)
    write_range(chosen)
    for warning in warnings:
        st.warning(md_escape(warning), icon="⚠️")

    sidebar = st.sidebar
    sidebar.header("Date range")
    matching = next((name for name, span in presets.items() if span == chosen), CUSTOM)
    st.session_state[PRESET_WIDGET] = matching
    sidebar.selectbox(
        "Preset",
        [CUSTOM, *presets],
        key=PRESET_WIDGET,
        on_change=_on_preset,
        args=(presets,),
        help="Quick ranges; picking dates below switches this to Custom.",
    )
    _date_fields(chosen)
    everything, reset = sidebar.columns(2)
    everything.button(
        ALL_DATES,
        on_click=write_range,
        args=(presets.get(ALL_DATES, default),),
        width="stretch",
        disabled=chosen == presets.get(ALL_DATES, default),
        help="Every date the data covers.",
    )
    reset.button(
        "Reset all filters",
        on_click=_on_reset,
        args=(default,),
        width="stretch",
        help=f"The default range ({default}), and no release filter.",
    )
    sidebar.caption(
        "Rows count as in range when the period their date stands for overlaps it: a fact dated "
        "only to 2024 appears in any range touching 2024. The range is in the page link; share it."
    )
    return chosen


def _linked_choice(name: str, choices: Sequence[str], default: str) -> tuple[str, Callable[[str], None]]:
    """One value kept in the link as ?name=value: the link's (a bad one warns and falls back to the default), else
    this session's, else the default; returned with the function that keeps a new pick in session and link."""
    state_key = f"_{name}"
    params = _link_params()
    if name in params:
        chosen, problems = parse_choice(params, name, choices, default)
        for problem in problems:
            st.warning(md_escape(f"The link's {name} was not used ({problem}). Showing {default}."), icon="⚠️")
    else:
        chosen = st.session_state.get(state_key, default)

    def keep(value: str) -> None:
        if value in choices:
            st.session_state[state_key] = value
            st.query_params[name] = value

    keep(chosen)
    return chosen, keep


def choice_control(name: str, label: str, choices: Sequence[str], default: str, help: str = "", *, compact: bool = False) -> str:
    """A single choice kept in the URL as ?name=value, rendered as a segmented control in the main area (a select box
    when ``compact``: one control however many choices there are)."""
    widget_key = f"{name}_choice"
    chosen, keep = _linked_choice(name, choices, default)
    st.session_state[widget_key] = chosen
    widget = st.selectbox if compact else st.segmented_control
    options = dict(required=True) if not compact else {}
    widget(
        label,
        list(choices),
        key=widget_key,
        on_change=lambda: keep(st.session_state.get(widget_key)),
        help=help or None,
        **options,
    )
    return chosen


def toggle_control(name: str, label: str, default: bool, help: str = "") -> bool:
    """An on/off switch kept in the link as ?name=yes|no."""
    widget_key = f"{name}_toggle"
    chosen, keep = _linked_choice(name, ("yes", "no"), "yes" if default else "no")
    st.session_state[widget_key] = chosen == "yes"
    return st.toggle(
        label,
        key=widget_key,
        on_change=lambda: keep("yes" if st.session_state.get(widget_key) else "no"),
        help=help or None,
    )


FILTER_STATE = "_release_filters"


def _write_filters(selected: dict[str, tuple[str, ...]]) -> None:
    st.session_state[FILTER_STATE] = selected
    for name in RELEASE_FILTERS:
        values = list(selected.get(name, ()))
        if values:
            st.query_params[name] = values
        elif name in st.query_params:
            del st.query_params[name]


def _on_filter(name: str) -> None:
    picked = tuple(st.session_state.get(f"release_filter_{name}") or ())
    _write_filters({**st.session_state.get(FILTER_STATE, {}), name: picked})


def release_filter_control(choices: dict[str, list[str]], render: bool) -> dict[str, tuple[str, ...]]:
    """Release filters (developer, family, modality, open_weights), kept in the link like the date range.

    Every page keeps them in its link so they survive page switches; pages that show releases (`render`)
    say which releases they show, draw the controls in a popover and apply them.
    """
    params = _link_params()
    warnings: list[str] = []
    if any(name in params for name in RELEASE_FILTERS):
        selected = {}
        for name in RELEASE_FILTERS:
            selected[name], problems = parse_multi_choice(params, name, choices[name])
            warnings += problems
    else:
        selected = st.session_state.get(FILTER_STATE, {name: () for name in RELEASE_FILTERS})
    _write_filters(selected)
    for warning in warnings:
        st.warning(md_escape(f"A release filter in the link was not used: {warning}."), icon="⚠️")
    active = describe_filters(selected)
    if not render:
        if active:
            st.sidebar.caption(md_escape(f"Release filters kept for the pages that show releases: {active}."))
        return selected
    st.sidebar.header("Releases")
    st.sidebar.caption(md_escape(f"Showing releases with {active}." if active else "Showing every release."))
    # In a popover: the browser draws its four multiselects only when it is opened (~0.15 s of every page load).
    box = st.sidebar.popover("Filter releases", icon=":material/filter_list:", key="release_filters")
    for name in RELEASE_FILTERS:
        key = f"release_filter_{name}"
        st.session_state[key] = list(selected.get(name, ()))
        box.multiselect(
            label_for(name),
            choices[name],
            key=key,
            on_change=_on_filter,
            args=(name,),
            placeholder="All",
            help=f"Show only releases with these values; kept in the link as ?{name}=...",
        )
    return selected


def describe_filters(selected: dict[str, tuple[str, ...]]) -> str:
    """'developer Alibaba; open weights yes' for the active release filters ('' when none)."""
    parts = [f"{label_for(name).lower()} {', '.join(values)}" for name, values in selected.items() if values]
    return "; ".join(parts)
