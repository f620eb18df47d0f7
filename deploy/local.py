"""Run N Streamlit replicas behind nginx on localhost, and stop them all by process id.

    python -m deploy.local --replicas 2            # proxy on http://127.0.0.1:8080, replicas on 8501, 8502
    python -m deploy.local --replicas 3 --port 9000 --data-dir /srv/tracker-data

What it does:

- copies data/ (or --data-dir) into a read-only snapshot that every replica reads (``ALIBABA_AI_DATA_DIR``), so
  no replica writes to data/ and all of them chart the same version;
- starts each replica as `streamlit run app.py` with one shared cookie secret (a reader moved to another replica
  keeps a valid session cookie) and its own timing log when asked;
- renders deploy/settings.py's nginx configuration into a run folder and starts nginx from it in the foreground;
- polls every replica's ready check (`/_stcore/health?ready`: warmed up and data/ valid) once a second, keeps a
  replica out of rotation while it fails, and reloads nginx when that changes. The proxy opens once every replica
  is ready (or has said why not), so the first reader never waits on imports. While no replica is ready, all stay
  in rotation, so a reader still reaches the page that says what is wrong. A new reader goes round-robin to a replica
  in rotation and keeps it through the route cookie it names (deploy/settings.py); a replica that joins later (one
  that recovered) takes only new readers;
- on Ctrl-C or SIGTERM stops nginx and every replica by their process ids (each replica's whole process group).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy.settings import PROXY_PORT, READY_PATH, REPLICA_PORT, Upstream, nginx_conf, streamlit_command

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Replica:
    port: int
    process: subprocess.Popen
    ready: bool = False
    last_status: str = "starting"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def settled(self) -> bool:
        """Ready, or answering why not (data/ does not validate), or gone: not still starting or warming up."""
        starting = self.last_status in ("starting", "warming up") or self.last_status.startswith("down (")
        return self.ready or self.process.poll() is not None or not starting

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def read_only_copy(source: Path, target: Path) -> Path:
    """A copy of data/ whose files and folder are not writable (the local stand-in for a read-only mount)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".backup", ".write.lock"))
    for path in target.rglob("*"):
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    target.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    return target


def ready_status(port: int, timeout: float = 2.0) -> tuple[bool, str]:
    """(ready, what it said) from a replica's ready check; a refused connection is 'down'."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{READY_PATH}", timeout=timeout) as response:
            return response.status == 200, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return False, err.read().decode("utf-8", "replace") or f"HTTP {err.code}"
    except OSError as err:
        return False, f"down ({err.__class__.__name__})"


@dataclass
class Deployment:
    """N replicas and nginx, started together and stopped by process id."""

    replicas: int = 2
    port: int = PROXY_PORT
    first_replica_port: int = REPLICA_PORT
    data_dir: Path = ROOT / "data"
    # Explicit replica ports (tests pick free ones); otherwise first_replica_port, +1, +2...
    replica_ports: list[int] | None = None
    env: dict[str, str] = field(default_factory=dict)
    # Per-replica environment (index -> variables), e.g. a timing log each, or a broken data/ for a fault test.
    replica_env: dict[int, dict[str, str]] = field(default_factory=dict)
    poll_seconds: float = 1.0
    run_dir: Path | None = None
    members: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _watcher: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 90.0) -> Deployment:
        self.run_dir = Path(tempfile.mkdtemp(prefix="dashboard-deploy-"))
        self.run_dir.chmod(0o755)
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            # nginx's workers may run as another user than its master (nobody, when started as root).
            (self.run_dir / name).mkdir(mode=0o777)
            (self.run_dir / name).chmod(0o777)
        snapshot = read_only_copy(Path(self.data_dir), self.run_dir / "data")
        cookie_secret = secrets.token_hex(32)
        ports = self.replica_ports or [self.first_replica_port + i for i in range(self.replicas)]
        for i, port in enumerate(ports[: self.replicas]):
            env = {
                **os.environ,
                "ALIBABA_AI_DATA_DIR": str(snapshot),
                "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
                **self.env,
                **self.replica_env.get(i, {}),
            }
            log = open(self.run_dir / f"replica{i + 1}.log", "wb")  # noqa: SIM115 - the child holds it
            process = subprocess.Popen(
                [sys.executable, "-m", *streamlit_command(port, "127.0.0.1")],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.members.append(Replica(port, process))
        # Open the proxy once every replica has settled: ready, or saying why not (its data), or exited, so the first
        # readers spread over all of them (a replica that joins later takes only new readers: cookies name replicas).
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and not all(r.settled for r in self.members):
            self._poll()
            time.sleep(0.1)
        self._write_conf()
        self.nginx = subprocess.Popen(
            [NGINX, "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"), "-c", str(self.run_dir / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=open(self.run_dir / "nginx.stderr", "wb"),  # noqa: SIM115
            start_new_session=True,
        )
        self._wait_proxy(deadline)
        self._watcher = threading.Thread(target=self._watch, name="replica-health", daemon=True)
        self._watcher.start()
        return self

    def _wait_proxy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.nginx.poll() is not None:
                raise RuntimeError("nginx exited: " + (self.run_dir / "nginx.stderr").read_text(errors="replace"))
            try:
                with urllib.request.urlopen(f"{self.url}/proxy-health", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError(f"the proxy on {self.url} did not start")

    def _poll(self) -> bool:
        """Check every replica once; True when any replica's readiness changed."""
        changed = False
        for replica in self.members:
            ready, said = ready_status(replica.port) if replica.process.poll() is None else (False, "exited")
            if ready != replica.ready:
                changed = True
            replica.ready, replica.last_status = ready, said
        return changed

    def _upstreams(self) -> list[Upstream]:
        any_ready = any(r.ready for r in self.members)
        return [Upstream(r.address, down=any_ready and not r.ready) for r in self.members]

    def _write_conf(self) -> None:
        conf = nginx_conf(self._upstreams(), f"127.0.0.1:{self.port}", str(self.run_dir))
        temp = self.run_dir / "nginx.conf.tmp"
        temp.write_text(conf, encoding="utf-8")
        os.replace(temp, self.run_dir / "nginx.conf")

    def _watch(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            with self._lock:
                if self._poll():
                    self._write_conf()
                    if self.nginx and self.nginx.poll() is None:
                        self.nginx.send_signal(signal.SIGHUP)  # reload: new workers take the new upstream list

    def status(self) -> list[dict]:
        return [
            {"replica": i + 1, "port": r.port, "pid": r.pid, "ready": r.ready, "status": r.last_status}
            for i, r in enumerate(self.members)
        ]

    def in_rotation(self) -> list[int]:
        """Ports nginx currently sends readers to (from the configuration it was last given)."""
        return [int(u.address.rsplit(":", 1)[1]) for u in self._upstreams() if not u.down]

    def replica_on(self, port: int) -> Replica:
        return next(r for r in self.members if r.port == port)

    def kill(self, port: int) -> int:
        """Kill the replica on ``port`` at once (SIGKILL to its process group), as a crash would; its pid."""
        replica = self.replica_on(port)
        os.killpg(replica.pid, signal.SIGKILL)
        replica.process.wait(timeout=10)
        return replica.pid

    def stop(self) -> None:
        self._stop.set()
        if self._watcher:
            self._watcher.join(timeout=5)
        processes = [p for p in ([self.nginx] if self.nginx else []) + [r.process for r in self.members]]
        for process in processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self.run_dir and self.run_dir.exists():
            for path in self.run_dir.rglob("*"):
                if path.is_dir():
                    path.chmod(0o755)
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> Deployment:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.local", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, choices=range(1, 9), metavar="N", help="1 to 8 (default 2)")
    parser.add_argument("--port", type=int, default=PROXY_PORT, help=f"the proxy's port (default {PROXY_PORT})")
    parser.add_argument("--first-replica-port", type=int, default=REPLICA_PORT, help=f"default {REPLICA_PORT}")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", help="data/ to serve (copied read-only)")
    args = parser.parse_args(argv)
    if not Path(NGINX).exists():
        print("error: nginx is not installed (Debian: apt-get install nginx)", file=sys.stderr)
        return 2
    deployment = Deployment(args.replicas, args.port, args.first_replica_port, args.data_dir)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        deployment.start()
        print(f"proxy: {deployment.url}  (nginx pid {deployment.nginx.pid})", flush=True)
        for row in deployment.status():
            print(f"replica {row['replica']}: port {row['port']}, pid {row['pid']}, {row['status']}", flush=True)
        while not stopping.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        deployment.stop()
        print("stopped nginx and every replica", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
