"""The deployment's configuration: the Docker files are the shared settings' output, nginx accepts the proxy
configuration, the launcher stops everything it starts by pid, and the ready check tells a proxy the truth."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy.local import NGINX
from deploy.settings import COOKIE, GENERATED, HERE, STREAM_PATH, Upstream, nginx_conf
from tests.conftest import ROOT


def test_the_docker_files_are_the_shared_settings_rendered():
    for name, render in GENERATED.items():
        assert (HERE / name).read_text(encoding="utf-8") == render(), f"deploy/{name} drifted: run python -m deploy.settings"


def test_the_proxy_is_sticky_passes_websockets_and_takes_unready_replicas_out():
    conf = nginx_conf([Upstream("127.0.0.1:8501"), Upstream("127.0.0.1:8502", down=True)], "127.0.0.1:8080", "/tmp/x")
    assert f"map $cookie_{COOKIE} $route" in conf and "proxy_pass http://$route;" in conf
    # Each replica's own route lists the others as backups: its readers move when it is down.
    own = conf[conf.index("upstream route_r1") :]
    own = own[: own.index("}")]
    assert (
        "server 127.0.0.1:8501 max_fails=1 fail_timeout=5s;" in own
        and "127.0.0.1:8502 max_fails=1 fail_timeout=5s backup down;" in own
    )
    assert "server 127.0.0.1:8502 max_fails=1 fail_timeout=5s down;" in conf
    assert "server 127.0.0.1:8501 max_fails=1 fail_timeout=5s;" in conf
    stream = conf[conf.index(f"location {STREAM_PATH}") :]
    stream = stream[: stream.index("}")]
    assert "proxy_set_header Upgrade $http_upgrade;" in stream and "proxy_set_header Connection $connection_upgrade;" in stream
    docker = (HERE / "compose.yaml").read_text(encoding="utf-8")
    assert "../data:/app/data:ro" in docker and "STREAMLIT_SERVER_COOKIE_SECRET" in docker


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")
def test_nginx_accepts_the_local_configuration(tmp_path):
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / name).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf([Upstream("127.0.0.1:8501")], "127.0.0.1:18080", str(tmp_path)), encoding="utf-8")
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert checked.returncode == 0, checked.stderr


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")
def test_the_launcher_starts_replicas_and_nginx_and_stops_them_by_pid():
    from tests.browser.server import free_port

    port, replica = free_port(), free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "deploy.local", "--replicas", "1", "--port", str(port), "--first-replica-port", str(replica)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not any(line.startswith("replica 1:") for line in lines):
        lines.append(process.stdout.readline().strip())
    nginx_pid = int(next(line for line in lines if line.startswith("proxy:")).split("nginx pid ")[1].rstrip(")"))
    replica_pid = int(next(line for line in lines if line.startswith("replica 1:")).split("pid ")[1].split(",")[0])
    assert f"port {replica}" in lines[-1] and _alive(nginx_pid) and _alive(replica_pid)
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as response:
        assert response.read() == b"ok" and response.headers["X-Replica"] == f"127.0.0.1:{replica}"
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 0 and "stopped nginx and every replica" in out
    assert not _alive(nginx_pid) and not _alive(replica_pid)


def test_the_ready_check_says_why_a_replica_is_not_ready(monkeypatch):
    from alibaba_ai_data import DataValidationError
    from alibaba_ai_data.errors import DataIssue
    from dashboard import readiness, warmup

    monkeypatch.setattr(warmup, "READY", type("Never", (), {"is_set": staticmethod(lambda: False)})())
    assert readiness.readiness() == (503, "warming up")
    monkeypatch.setattr(warmup, "READY", type("Always", (), {"is_set": staticmethod(lambda: True)})())

    def broken():
        raise DataValidationError([DataIssue("releases.csv", 3, "date_precision", "not allowed")])

    monkeypatch.setattr("dashboard.data_access.get_dataset", broken)
    assert readiness.readiness() == (503, "data/ does not validate: 1 problem(s)")


def _replica_of(url: str, cookies: dict[str, str]) -> str:
    """The address of the replica that answers a request carrying these cookies (the proxy names it)."""
    import http.client
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", "/_stcore/health", headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
        response = connection.getresponse()
        response.read()
        return response.getheader("X-Replica").split(",")[-1].strip()
    finally:
        connection.close()


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")
def test_fresh_readers_split_evenly_and_a_dead_replicas_reader_moves():
    """Route cookies: new readers alternate between replicas (within one of even), a reader's cookie keeps it where
    its session is, and a killed replica's reader is served by the other one, its cookie then naming that one."""
    import asyncio

    from benchmarks.ws_reader import Reader, page_cookies
    from deploy.local import Deployment
    from tests.browser.server import free_port

    async def scenario(url: str, live) -> None:
        first = Reader(url)
        await first.connect()
        await first.rerun()
        home = _replica_of(url, first.cookies)
        fresh = [page_cookies(url)[COOKIE] for _ in range(9)]
        counts = {name: fresh.count(name) for name in set(fresh) | {first.cookies[COOKIE]}}
        counts[first.cookies[COOKIE]] += 1
        assert len(counts) == 2 and max(counts.values()) - min(counts.values()) <= 1, counts
        assert {_replica_of(url, first.cookies) for _ in range(5)} == {home}  # the cookie keeps the reader home
        await first.close()
        live.kill(int(home.rsplit(":", 1)[1]))
        moved = page_cookies(url, cookies=first.cookies)
        assert _replica_of(url, {**first.cookies, **moved}) != home and moved[COOKIE] != first.cookies[COOKIE]

    with Deployment(2, port=free_port(), replica_ports=[free_port(), free_port()]) as live:
        # In a thread of its own: a browser test earlier in the session may leave an event loop on this one.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, scenario(live.url, live)).result(timeout=300)


def test_the_kubernetes_manifests_validate_and_share_the_settings():
    """deploy/kubernetes.yaml: valid against the Kubernetes schema (strict: no unknown field), the ready check as the
    readiness probe, and the same affinity cookie as the local proxy. Checked here, not run (no cluster)."""
    import copy

    import kubernetes_validate
    import yaml

    from deploy.settings import READY_PATH

    docs = list(yaml.safe_load_all((HERE / "kubernetes.yaml").read_text(encoding="utf-8")))
    assert [d["kind"] for d in docs] == ["Deployment", "Service", "Ingress"]
    for doc in docs:
        kubernetes_validate.validate(doc, "1.30", strict=True)
    container = docs[0]["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == READY_PATH
    assert docs[2]["metadata"]["annotations"]["nginx.ingress.kubernetes.io/session-cookie-name"] == COOKIE
    broken = copy.deepcopy(docs[0])
    broken["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = broken["spec"]["template"]["spec"]["containers"][
        0
    ].pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, "1.30", strict=True)
