"""One description of the deployment, rendered three ways: the nginx configuration the local launcher runs
(deploy/local.py), and the Dockerfile, compose file and nginx configuration for users who have Docker.

The committed files under deploy/ are this module's output (`python -m deploy.settings` rewrites them; a test
fails when they drift), so the Docker setup and the tested local one share every port, path, timeout and header.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROXY_PORT = 8080
REPLICA_PORT = 8501  # replica i listens on REPLICA_PORT + i locally; every container listens on REPLICA_PORT
COOKIE = "dash_replica"  # the proxy's stickiness cookie: one reader stays on one replica, so its session lives
HEALTH_PATH = "/_stcore/health"
READY_PATH = "/_stcore/health?ready"  # dashboard/readiness.py: ok once warmed up and data/ validates
STREAM_PATH = "/_stcore/stream"  # the session's websocket
MAX_BODY = "2m"  # .streamlit/config.toml caps uploads at 1 MB; the proxy lets that through with room for the form
STREAMLIT_FLAGS = (
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--server.fileWatcherType",
    "none",
)
DOCKER_REPLICAS = 2


@dataclass(frozen=True)
class Upstream:
    """One replica as the proxy sees it: where it listens and whether it is in rotation."""

    address: str
    down: bool = False


def replica_name(index: int) -> str:
    """The route cookie's value for replica ``index`` (0-based): short, stable, and no address in the browser."""
    return f"r{index + 1}"


def nginx_http_block(upstreams: list[Upstream], listen: str, temp_dir: str | None = None) -> str:
    """The http {} block: a reader's first request (no route cookie yet) goes round-robin over the replicas in
    rotation, so new readers split evenly (nginx counts open connections per upstream block, and a reader's
    websocket lives in its replica's own block, so least_conn could not see it); the response sets a route cookie
    naming the replica that answered, and later requests with that cookie go to it. A replica that is down or fails hands its readers
    to the others (its own upstream lists them as backups), and the cookie then names the new one; a replica that
    joins takes only new readers. Websocket upgrades on the stream path; the replica's address in a header."""
    servers = "\n".join(f"        server {u.address} max_fails=1 fail_timeout=5s{' down' if u.down else ''};" for u in upstreams)
    temps = ""
    if temp_dir:
        temps = "".join(
            f"    {name}_temp_path {temp_dir}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
    routes = "\n".join(f'        "{replica_name(i)}" route_{replica_name(i)};' for i in range(len(upstreams)))
    names = "\n".join(f'        "{u.address}" {replica_name(i)};' for i, u in enumerate(upstreams))
    own = []
    for i, u in enumerate(upstreams):
        others = "".join(
            f"        server {o.address} max_fails=1 fail_timeout=5s backup{' down' if o.down else ''};\n"
            for j, o in enumerate(upstreams)
            if j != i
        )
        own.append(
            f"    upstream route_{replica_name(i)} {{\n"
            f"        server {u.address} max_fails=1 fail_timeout=5s{' down' if u.down else ''};\n{others}    }}\n"
        )
    return f"""http {{
    access_log off;
{temps}    # The route cookie names a replica; without one (a new reader) or with an unknown one, the balanced pool.
    map $cookie_{COOKIE} $route {{
        default dashboard;
{routes}
    }}
    # After the answer: the replica that gave it (the last address tried, after any failover).
    map $upstream_addr $served_by {{
        "~(?<last>[^ ,]+)$" $last;
    }}
    map $served_by $route_cookie {{
        default "";
{names}
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" close;
    }}
    upstream dashboard {{
{servers}
    }}
{"".join(own)}    server {{
        listen {listen};
        client_max_body_size {MAX_BODY};
        add_header Set-Cookie "{COOKIE}=$route_cookie; Path=/; HttpOnly; SameSite=Lax" always;
        add_header X-Replica $upstream_addr always;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 2s;
        # A replica that refuses or drops the connection: try the next one (passive health check).
        proxy_next_upstream error timeout http_502 http_503 http_504;
        proxy_next_upstream_tries 3;
        location {STREAM_PATH} {{
            proxy_pass http://$route;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            proxy_buffering off;
        }}
        location = /proxy-health {{
            default_type text/plain;
            return 200 "ok";
        }}
        location / {{
            proxy_pass http://$route;
        }}
    }}
}}
"""


def nginx_conf(upstreams: list[Upstream], listen: str, run_dir: str | None = None) -> str:
    """A whole nginx.conf. With ``run_dir`` (the local launcher) everything nginx writes goes there, so it runs
    unprivileged-style beside the project without touching /etc or /var; without it, the container's defaults."""
    if run_dir:
        head = (
            f"daemon off;\nworker_processes 1;\npid {run_dir}/nginx.pid;\nerror_log {run_dir}/error.log warn;\n"
            "events {\n    worker_connections 1024;\n}\n"
        )
    else:
        head = "worker_processes auto;\nerror_log /dev/stderr warn;\nevents {\n    worker_connections 1024;\n}\n"
    return head + nginx_http_block(upstreams, listen, run_dir)


def streamlit_command(port: int, address: str) -> list[str]:
    return ["streamlit", "run", "app.py", "--server.port", str(port), "--server.address", address, *STREAMLIT_FLAGS]


def dockerfile() -> str:
    command = ", ".join(f'"{part}"' for part in streamlit_command(REPLICA_PORT, "0.0.0.0"))
    return f"""# Generated by `python -m deploy.settings` from deploy/settings.py; edit that file, not this one.
# One Streamlit replica. deploy/compose.yaml runs {DOCKER_REPLICAS} of them behind nginx with data/ mounted read-only.
FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV ALIBABA_AI_DATA_DIR=/app/data
EXPOSE {REPLICA_PORT}
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s \\
  CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:{REPLICA_PORT}{READY_PATH}', timeout=2).status != 200)"
CMD [{command}]
"""


def compose(replicas: int = DOCKER_REPLICAS) -> str:
    services = []
    for i in range(1, replicas + 1):
        services.append(
            f"""  replica{i}:
    build:
      context: ..
      dockerfile: deploy/Dockerfile
    environment:
      # One cookie secret for every replica, so a reader moved to another replica keeps a valid session cookie.
      STREAMLIT_SERVER_COOKIE_SECRET: ${{DASHBOARD_COOKIE_SECRET:?set DASHBOARD_COOKIE_SECRET}}
    volumes:
      - ../data:/app/data:ro
    restart: unless-stopped
"""
        )
    depends = "".join(f"      replica{i}:\n        condition: service_healthy\n" for i in range(1, replicas + 1))
    return f"""# Generated by `python -m deploy.settings` from deploy/settings.py; edit that file, not this one.
# Docker does not run on the machine this project is tested on: `python -m deploy.local` runs the same proxy
# configuration and replicas there. Start with: DASHBOARD_COOKIE_SECRET=$(openssl rand -hex 32) docker compose up
services:
{"".join(services)}  proxy:
    image: nginx:1.22
    ports:
      - "{PROXY_PORT}:{PROXY_PORT}"
    volumes:
      - ./nginx.docker.conf:/etc/nginx/nginx.conf:ro
    depends_on:
{depends}"""


def docker_nginx_conf(replicas: int = DOCKER_REPLICAS) -> str:
    upstreams = [Upstream(f"replica{i}:{REPLICA_PORT}") for i in range(1, replicas + 1)]
    return (
        "# Generated by `python -m deploy.settings` from deploy/settings.py; edit that file, not this one.\n"
        "# In Docker, nginx's open-source build checks replicas passively (a refused or failed request moves on);\n"
        "# the containers' HEALTHCHECK uses the ready form of the health path.\n" + nginx_conf(upstreams, f"0.0.0.0:{PROXY_PORT}")
    )


K8S_NAME = "alibaba-ai-tracker"
K8S_IMAGE = "alibaba-ai-tracker:latest"  # built from deploy/Dockerfile and pushed where the cluster can pull it
K8S_HOST = "tracker.example.internal"


def kubernetes() -> str:
    """A Deployment (the ready check as readiness probe, Streamlit's health as liveness), a Service and an Ingress
    with cookie affinity under the same cookie name, for ingress-nginx. Checked against the Kubernetes schema in the
    tests, not run here (no cluster on this machine)."""
    ready_path, ready_query = READY_PATH.split("?")
    return f"""# Generated by `python -m deploy.settings` from deploy/settings.py; edit that file, not this one.
# Checked against the Kubernetes schema (tests/test_deploy_config.py), not run: this machine has no cluster.
# The cookie secret comes from a Secret: kubectl create secret generic {K8S_NAME} --from-literal=cookie-secret=$(openssl rand -hex 32)
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {K8S_NAME}
  labels:
    app: {K8S_NAME}
spec:
  replicas: {DOCKER_REPLICAS}
  selector:
    matchLabels:
      app: {K8S_NAME}
  template:
    metadata:
      labels:
        app: {K8S_NAME}
    spec:
      containers:
        - name: dashboard
          image: {K8S_IMAGE}
          ports:
            - containerPort: {REPLICA_PORT}
              name: http
          env:
            - name: ALIBABA_AI_DATA_DIR
              value: /app/data
            - name: STREAMLIT_SERVER_COOKIE_SECRET
              valueFrom:
                secretKeyRef:
                  name: {K8S_NAME}
                  key: cookie-secret
          readinessProbe:
            httpGet:
              path: "{ready_path}?{ready_query}"
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          livenessProbe:
            httpGet:
              path: {HEALTH_PATH}
              port: http
            initialDelaySeconds: 30
            periodSeconds: 10
          resources:
            requests:
              cpu: "1"
              memory: 512Mi
            limits:
              memory: 1Gi
---
apiVersion: v1
kind: Service
metadata:
  name: {K8S_NAME}
spec:
  selector:
    app: {K8S_NAME}
  ports:
    - name: http
      port: {REPLICA_PORT}
      targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {K8S_NAME}
  annotations:
    # A reader stays on the pod that holds its session (its websocket); a new reader is balanced.
    nginx.ingress.kubernetes.io/affinity: cookie
    nginx.ingress.kubernetes.io/session-cookie-name: {COOKIE}
    nginx.ingress.kubernetes.io/session-cookie-path: /
    nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"
    nginx.ingress.kubernetes.io/proxy-send-timeout: "3600"
    nginx.ingress.kubernetes.io/proxy-body-size: {MAX_BODY}
spec:
  ingressClassName: nginx
  rules:
    - host: {K8S_HOST}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {K8S_NAME}
                port:
                  name: http
"""


GENERATED = {
    "Dockerfile": dockerfile,
    "compose.yaml": compose,
    "nginx.docker.conf": docker_nginx_conf,
    "kubernetes.yaml": kubernetes,
}


def main() -> int:
    for name, render in GENERATED.items():
        (HERE / name).write_text(render(), encoding="utf-8")
        print(f"wrote deploy/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
