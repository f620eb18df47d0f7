"""Property-based tests: hundreds of generated links on every page give defaults and a warning, never an error."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard.registry import PAGES as PAGE_SPECS
from dashboard.url_params import DateRange, parse_date_range
from tests.conftest import ROOT

# The range a page opens on (from the fixture pledge's first year); it is kept out of the link.
DEFAULT = DateRange(date(2025, 1, 1), date(2026, 9, 20))
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "**bold** _it_ [link](https://example.com)",
    "'; DROP TABLE releases; --",
    '=HYPERLINK("http://x")',
    "\u202e\u0000\ufeff",
    "%3Cscript%3E",
    "2024-01-01<b>",
]
values = st.one_of(
    st.dates(date(2015, 1, 1), date(2030, 12, 31)).map(str),
    st.dates(date(1, 1, 1), date(9999, 12, 31)).map(str),
    st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True),
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.text(min_size=500, max_size=3000, alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF)),
    st.just(""),
)
params = st.dictionaries(
    st.one_of(st.sampled_from(["start", "end", "currency", "utm_source"]), st.text(min_size=1, max_size=12)),
    st.lists(values, min_size=1, max_size=3),
    max_size=4,
)
MARKUP = re.compile(r"<\s*(script|img|iframe|svg|a)\b|onerror|javascript:", re.IGNORECASE)


@pytest.mark.parametrize("page", [spec.path for spec in PAGE_SPECS])
def test_generated_links_never_break_a_page(page):
    app = AppTest.from_file(str(ROOT / page), default_timeout=60)
    app.run()
    seen = {"range": DEFAULT}

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(params)
    def check(link):
        for key in list(app.query_params):
            del app.query_params[key]
        for key, given_values in link.items():
            app.query_params[key] = given_values
        app.run()
        assert not app.exception, [e.message for e in app.exception]
        if "start" in app.query_params or "end" in app.query_params:
            start, end = date.fromisoformat(app.query_params["start"]), date.fromisoformat(app.query_params["end"])
            assert (start, end) != (DEFAULT.start, DEFAULT.end), "the default range stays out of the link"
        else:
            start, end = DEFAULT.start, DEFAULT.end
        assert start <= end
        if "start" in link or "end" in link:
            expected, problems = parse_date_range(link, DEFAULT)
            assert (start, end) == (expected.start, expected.end)
            if problems:
                assert app.warning, "a bad range must be reported"
        else:
            assert (start, end) == (seen["range"].start, seen["range"].end)  # the session's range stays
        seen["range"] = DateRange(start, end)
        shown = " ".join(str(getattr(e, "value", "")) for e in [*app.warning, *app.markdown, *app.caption])
        assert not MARKUP.search(shown), "link text must never reach the page as markup"

    check()
