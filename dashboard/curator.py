"""Curator mode: off unless the server has a secret and the user enters it (compared in constant time, with a
pause after a few wrong tries). Nothing here runs for viewers: the page is not even in their navigation."""

from __future__ import annotations

import hmac
import os
import time

import streamlit as st

SECRET_ENV = "ALIBABA_AI_CURATOR_SECRET"
SECRET_KEY = "curator_secret"
MAX_TRIES = 3
PAUSE_SECONDS = 30
_STATE = "_curator"


def curator_secret() -> str | None:
    """The configured secret (environment variable, else .streamlit/secrets.toml), or None when curator mode is off."""
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return configured
    try:
        value = st.secrets.get(SECRET_KEY)
    except Exception:  # no secrets file: curator mode stays off
        return None
    return str(value) if value else None


def curator_enabled() -> bool:
    return curator_secret() is not None


def unlocked() -> bool:
    """Whether this session has entered the secret; renders the sign-in form when it has not."""
    secret = curator_secret()
    if secret is None:
        st.error("Curator mode is off: no curator secret is configured on this server.", icon="🔒")
        return False
    state = st.session_state.setdefault(_STATE, {"ok": False, "fails": 0, "until": 0.0})
    if state["ok"]:
        return True
    wait = state["until"] - time.monotonic()
    if wait > 0:
        st.warning(f"Too many wrong tries. Wait {wait:.0f} seconds before trying again.", icon="⏳")
        return False
    st.text_input("Curator secret", type="password", max_chars=200, key="curator_secret_input")
    # A callback, not the button's return value: the outcome survives any rerun of the page.
    st.button("Unlock curator mode", key="curator_unlock", on_click=_try_unlock, args=(secret,))
    message = state.pop("message", None)
    if message:
        (st.warning if message.startswith("Too many") else st.error)(message, icon="🚫")
    return False


def _try_unlock(secret: str) -> None:
    state = st.session_state[_STATE]
    given = str(st.session_state.get("curator_secret_input", ""))
    st.session_state["curator_secret_input"] = ""
    if hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8")):
        state.update(ok=True, fails=0)
        return
    state["fails"] += 1
    if state["fails"] >= MAX_TRIES:
        state.update(fails=0, until=time.monotonic() + PAUSE_SECONDS)
        state["message"] = f"Too many wrong tries. Wait {PAUSE_SECONDS} seconds before trying again."
    else:
        state["message"] = "That is not the curator secret."
