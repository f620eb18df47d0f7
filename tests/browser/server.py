"""Start the app as README says (streamlit run app.py) on a free localhost port; stop it by its process id."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base_url: str, timeout: float = 60.0) -> float:
    """Poll /_stcore/health until it answers ok; return the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{base_url} did not become healthy within {timeout:.0f}s")


@contextmanager
def spawned_streamlit(port: int, env: dict[str, str] | None = None, script: str = "app.py"):
    """The app's process (`streamlit run app.py`, headless, no usage stats) on a localhost port, not yet waited
    for; always stopped by its process group afterwards. ``script`` runs another file in its place (a test's
    control)."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def streamlit_server(env: dict[str, str] | None = None, port: int | None = None, script: str = "app.py"):
    """Yield (base_url, process) for a running, healthy app; always stops the process group afterwards."""
    port = port or free_port()
    with spawned_streamlit(port, env, script) as process:
        base_url = f"http://127.0.0.1:{port}"
        wait_healthy(base_url)
        yield base_url, process
