"""Deployment configuration and the rule that no page renders data-derived text as HTML."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

CODE = [*ROOT.glob("app.py"), *ROOT.glob("app_pages/*.py"), *ROOT.glob("dashboard/**/*.py"), *ROOT.glob("alibaba_ai_data/*.py")]


def test_streamlit_config_is_set_for_deployment():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["headless"] is True
    assert config["server"]["maxUploadSize"] <= 1
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["client"]["disableDataExport"] is True  # the grid's own CSV export does not escape formulas
    theme = config["theme"]
    from dashboard.theme import BACKGROUND, PRIMARY, TEXT

    assert (theme["primaryColor"], theme["backgroundColor"], theme["textColor"]) == (PRIMARY, BACKGROUND, TEXT)


def test_no_code_renders_html():
    assert CODE
    for path in CODE:
        source = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in source, path
        assert not re.search(r"\bst\.(html|components)\b", source), path


def test_the_upload_cap_covers_exactly_the_pages_that_take_uploads():
    """The config's comment names every page with a file uploader, and the cap is above what each page accepts."""
    from alibaba_ai_data.snapshot_diff import MAX_UPLOAD_BYTES

    text = (ROOT / ".streamlit" / "config.toml").read_text()
    cap_bytes = tomllib.loads(text)["server"]["maxUploadSize"] * 1024 * 1024
    uploading = {p.relative_to(ROOT).as_posix() for p in CODE if "st.file_uploader(" in p.read_text(encoding="utf-8")}
    assert uploading == {"app_pages/data.py", "app_pages/curate.py"}
    assert all(page in text for page in uploading)
    curate = (ROOT / "app_pages" / "curate.py").read_text(encoding="utf-8")
    max_text = int(re.search(r"^MAX_TEXT = ([\d_]+)", curate, re.M).group(1))
    assert cap_bytes >= MAX_UPLOAD_BYTES and 4 * max_text <= cap_bytes


def test_no_module_imports_streamlits_runtime_internals():
    """Pages and the dashboard use Streamlit's public API only (the legacy pages/ guard and its import are gone)."""
    for path in CODE:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+streamlit\.runtime\b", source, re.M), path
    assert not (ROOT / "pages").exists()  # a pages/ folder beside app.py would bring the legacy mode back
