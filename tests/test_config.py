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
    assert config["server"]["maxUploadSize"] <= 1  # the app takes no uploads
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
