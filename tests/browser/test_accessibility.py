"""Accessibility in a real browser: axe-core's WCAG 2.1 A/AA rules on every page, with filters applied."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.helpers import open_path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every page with its drawers open, and the views that hold other kinds of content (tabs, grids, cards).
PAGES = [
    ("?table=true&since=true", 1),
    ("?start=2024-01-01&end=2026-12-31&developer=Alibaba&view=Money+to+capability", 1),
    ("timeline?developer=Alibaba&modality=vision&open_weights=yes&table=true", 1),
    ("capex?start=2025-01-01&end=2025-12-31&table=true&cloud_growth=true", 2),
    ("capex?view=Like+for+like", 2),
    ("competitors", 1),
    ("competitors?group=Open+or+closed&developer=Alibaba,DeepSeek,OpenAI", 1),
    ("competitors?view=How+far+behind%3F&compared=China+vs+US&start=2024-01-01&end=2026-12-31", 2),
    ("competitors?view=Tables", 0),
    ("metrics?table=true", 1),
    ("metrics?view=Stock+and+cloud", 2),
    ("data?table=true", 1),
    ("data?view=Browse", 0),
    ("data?view=Cite+and+snapshot", 0),
    ("methodology", 0),
]


# .ci/run installs the newest axe-core 4.x from npm and names its file here; without it the copy bundled with
# axe-playwright-python runs, which can lag behind the current rules.
AXE_CORE_ENV = "AXE_CORE_JS"


@pytest.fixture(scope="module")
def axe():
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    current = os.environ.get(AXE_CORE_ENV)
    if not current:
        return axe_module.Axe()
    if not Path(current).is_file():
        pytest.fail(f"{AXE_CORE_ENV} names {current}, which does not exist")
    return axe_module.Axe.from_file(current)


@pytest.mark.parametrize(("path", "charts"), PAGES)
def test_no_serious_or_critical_axe_violation(page, app_url, axe, path, charts):
    open_path(page, app_url, path, charts)
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    serious = [
        (v["id"], v["impact"], len(v["nodes"]), v["nodes"][0].get("failureSummary", "")[:160])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious
    assert results.response["passes"], "axe ran no checks"


def test_use_this_data_opens_to_snippets_that_fetch_the_rows_shown(page, app_url, axe):
    """A reader opens the table drawer and 'Use this data', copies the pandas line and runs it: it returns as many
    rows as the download offers; the open popover has no serious axe violation."""
    import re

    import pandas as pd

    open_path(page, app_url, "timeline?developer=Alibaba&modality=vision&table=true", 1)
    page.get_by_role("button", name="Use this data").first.click()
    code = page.locator("code", has_text="pd.read_csv(").first
    code.wait_for(timeout=30_000)
    snippet = code.inner_text()
    scope: dict = {}
    exec(snippet, scope)  # run as written, its import included
    rows = scope["frame"]
    assert pd.api.types.is_datetime64_any_dtype(rows["release_date"])
    label = page.get_by_role("button", name=re.compile(r"Download CSV \(\d+ rows?\)")).first.inner_text()
    assert len(rows) == int(re.search(r"\((\d+) rows?\)", label).group(1)) > 0
    assert set(rows["developer"]) == {"Alibaba"} and set(rows["modality"]) == {"vision"}
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_release_filters_open_from_the_keyboard_and_apply(page, app_url, axe):
    """The release filters sit in a sidebar popover: its button, focused, opens with Enter; a pick applies and goes
    into the link, the sidebar says which releases show, and the open popover has no serious axe violation."""
    open_path(page, app_url, "timeline", 1)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Showing every release.").is_visible()
    opener = sidebar.get_by_role("button", name="Filter releases")
    opener.focus()
    page.keyboard.press("Enter")
    developer = page.get_by_role("combobox", name="Developer")
    developer.wait_for(timeout=30_000)
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    developer.click()
    page.get_by_role("option", name="DeepSeek", exact=True).click()
    page.wait_for_url("**developer=DeepSeek**", timeout=30_000)
    page.keyboard.press("Escape")
    sidebar.get_by_text("Showing releases with developer DeepSeek.").wait_for(timeout=30_000)
