"""Curator mode: absent without a secret, refuses wrong secrets (then pauses), and writes validated rows."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.curator import SECRET_ENV
from dashboard.data_access import DATA_DIR_ENV
from tests.conftest import ROOT

SECRET = "correct horse battery staple"
TEXT = (
    "Qwen passed 1.2 billion downloads and more than 200,000 derivative models on Hugging Face in February 2026, the team "
    "said. Alibaba said capital expenditure was 40 billion yuan in the quarter."
)


def curate(monkeypatch, data_copy, secret: str | None = SECRET) -> AppTest:
    if secret:
        monkeypatch.setenv(SECRET_ENV, secret)
    else:
        monkeypatch.delenv(SECRET_ENV, raising=False)
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def sign_in(at: AppTest, given: str) -> AppTest:
    at.text_input(key="curator_secret_input").set_value(given)
    return at.button(key="curator_unlock").click().run()


def test_without_a_secret_there_is_no_curator_page_or_write_path(monkeypatch, data_copy):
    from dashboard.navigation import served_pages
    from dashboard.registry import CURATOR

    at = curate(monkeypatch, data_copy, secret=None)
    assert not at.exception
    monkeypatch.delenv(SECRET_ENV, raising=False)
    assert CURATOR not in served_pages()
    monkeypatch.setenv(SECRET_ENV, SECRET)
    assert CURATOR in served_pages()
    monkeypatch.delenv(SECRET_ENV)
    direct = AppTest.from_file(str(ROOT / "app_pages" / "curate.py"), default_timeout=60)
    direct.run()
    assert any("Curator mode is off" in e.value for e in direct.error)
    assert not direct.text_area and not [b for b in direct.button if b.label.startswith("Write")]


def test_a_wrong_secret_is_refused_and_repeated_tries_pause(monkeypatch, data_copy):
    at = curate(monkeypatch, data_copy)
    at.switch_page("app_pages/curate.py").run()
    sign_in(at, "guess")
    assert [e.value for e in at.error] == ["That is not the curator secret."]
    assert not at.text_area
    sign_in(at, "guess again")
    sign_in(at, "third guess")
    assert any("Too many wrong tries" in w.value for w in at.warning)
    at.run()
    assert any("Wait" in w.value for w in at.warning)
    assert not [field for field in at.text_input if field.key == "curator_secret_input"]  # paused: no sign-in form


def propose(monkeypatch, data_copy, **fields: str) -> AppTest:
    """Sign in on the curator page, fill the article form (intake_* keys) and ask for proposed rows."""
    at = curate(monkeypatch, data_copy)
    at.switch_page("app_pages/curate.py").run()
    sign_in(at, SECRET)
    for key, value in fields.items():
        (at.text_area if key == "text" else at.text_input)(key=f"intake_{key}").set_value(value)
    at.date_input(key="intake_published").set_value(date(2026, 3, 20))
    return next(b for b in at.button if b.label == "Propose rows").click().run()


def test_pasted_text_becomes_validated_rows_in_data(monkeypatch, data_copy):
    at = propose(
        monkeypatch,
        data_copy,
        title="Qwen passes a billion downloads",
        publisher="Test Wire",
        url="https://example.org/qwen",
        text=TEXT,
    )
    assert not at.exception and at.subheader[0].value == "3 proposed rows in 2 tables"
    assert [t.label for t in at.tabs] == ["Capex rows (1)", "Adoption rows (2)"]
    summary = at.dataframe[0].value
    assert list(summary["needs_edit"]) == [1, 0] and list(summary["ready"]) == [0, 2]
    # The capex row's quarter has no year: it needs an edit and is not ticked; both adoption rows are ready.
    at.button(key="intake_write").click().run()
    assert any("Written" in s.value and "adoption" in s.value for s in at.success), [e.value for e in at.error]
    adoption = pd.read_csv(data_copy / "adoption.csv")
    added = adoption[adoption["source_id"] == "test_wire_2026_03_20"]
    assert sorted(added["value"]) == [200000, 1200000000] and set(added["measure"]) == {"downloads", "derivatives"}
    assert set(added["as_of"]) == {"2026-02-01"} and added["evidence"].isna().all()  # no excerpts on a news source
    assert set(added["confidence"]) == {"medium"}
    capex = pd.read_csv(data_copy / "capex_quarters.csv")
    assert "test_wire_2026_03_20" not in set(capex["source_id"])
    sources = pd.read_csv(data_copy / "sources.csv")
    assert "test_wire_2026_03_20" in set(sources["source_id"])


def test_a_form_that_would_make_invalid_rows_is_refused(monkeypatch, data_copy):
    at = propose(monkeypatch, data_copy, title="No link", text="<script>alert(1)</script> Qwen passed 5 million downloads.")
    assert any("needs its URL" in e.value for e in at.error)
    before = (data_copy / "metrics.csv").read_bytes()
    assert not [b for b in at.button if b.label.startswith("Write")]
    assert (data_copy / "metrics.csv").read_bytes() == before
    assert not any("<script>" in m.value for m in at.markdown)


def test_a_blank_line_in_data_leaves_each_row_s_problems_with_its_row(monkeypatch, data_copy):
    """A blank line used to shift the count of records: the capex row's own problems showed as the source row's."""
    path = data_copy / "capex_quarters.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:2], "\n", *lines[2:]]), encoding="utf-8")
    at = propose(monkeypatch, data_copy, title="A story", publisher="Test Wire", url="https://example.org/q", text=TEXT)
    assert not at.exception and not [e.value for e in at.error]
    summary = at.dataframe[0].value
    assert list(summary["needs_edit"]) == [1, 0] and list(summary["ready"]) == [0, 2]


def header_only(directory, table: str) -> None:
    path = directory / f"{table}.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")


@pytest.mark.parametrize(
    ("case", "text", "prepare"),
    [
        (
            "an impossible date",
            "Alibaba said capital expenditure was 40 billion yuan in the quarter ended February 30, 2026.",
            None,
        ),
        (
            "a pledge matching a statement with no target",
            "Alibaba said it would invest more than 380 billion yuan over three years in cloud and AI infrastructure.",
            None,
        ),
        ("a header-only table in data/", TEXT, lambda d: header_only(d, "gap_estimates")),
        (
            "a peer's quarter at a second RMB rate",
            "Tencent said capital expenditure was 20 billion yuan in the third quarter of 2025, about USD 2.8 billion.",
            None,
        ),
    ],
)
def test_crash_inputs_become_messages_on_the_curator_page(monkeypatch, data_copy, case, text, prepare):
    """Each of these once raised a traceback in the intake or its checks; the page now proposes what it can and says
    what needs an edit."""
    if prepare:
        prepare(data_copy)
    at = propose(monkeypatch, data_copy, title="A story", publisher="Test Wire", url="https://example.org/q", text=text)
    assert not at.exception, (case, [e.message for e in at.exception])
    shown = [s.value for s in at.subheader] + [i.value for i in at.info] + [w.value for w in at.warning]
    assert shown, case  # proposals, or a message saying why there are none
