"""Accessibility in a real browser: axe-core's WCAG 2.1 A/AA rules on every page, with filters applied."""

from __future__ import annotations

import pytest

from tests.browser.helpers import open_path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    ("", 1),
    ("timeline?developer=Alibaba&modality=vision&open_weights=yes", 1),
    ("capex?start=2025-01-01&end=2025-12-31", 5),
    ("competitors", 6),
    ("metrics", 4),
    ("data", 1),
    ("methodology", 0),
]


@pytest.fixture(scope="module")
def axe():
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    return axe_module.Axe()


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
