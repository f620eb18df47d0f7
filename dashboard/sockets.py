"""Small writes leave at once: TCP_NODELAY on the server's listening sockets.

Streamlit binds its own listening socket (``socket.socket(family=...)``, protocol 0) and hands it to uvicorn.
asyncio turns Nagle's algorithm off only for sockets whose protocol is IPPROTO_TCP, so the connections accepted from
that socket keep it on. A rerun answers with many small websocket frames: the first leaves, the second waits for the
reader's acknowledgement, and the reader's kernel delays that by up to 40 ms. Every rerun then took 40 ms longer
than its script, on a bare one-chart app as on this one (measured with benchmarks/ws_reader.py and tcpdump on
loopback; benchmarks/CAPACITY.md). On Linux an accepted socket inherits TCP_NODELAY from its listener, so setting it
on the listener once, before the first connection, covers every reader and the proxy's connections.
"""

from __future__ import annotations

import logging
import os
import socket
import stat
from pathlib import Path

LOGGER = logging.getLogger(__name__)
OPEN_FILES = Path("/proc/self/fd")


def listening_tcp_sockets() -> list[int]:
    """File descriptors of this process's listening TCP sockets (IPv4 or IPv6). Empty where /proc is missing."""
    found = []
    try:
        names = os.listdir(OPEN_FILES)
    except OSError:
        return found
    for name in names:
        try:
            fd = int(name)
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                continue
            with socket.socket(fileno=os.dup(fd)) as probe:  # a duplicate: closing it leaves the server's socket open
                if (
                    probe.family in (socket.AF_INET, socket.AF_INET6)
                    and probe.type == socket.SOCK_STREAM
                    and probe.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
                ):
                    found.append(fd)
        except (OSError, ValueError):  # closed meanwhile, or not a socket we can inspect
            continue
    return found


def nodelay_of(fd: int) -> bool:
    with socket.socket(fileno=os.dup(fd)) as sock:
        return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def no_delay_on_listeners() -> int:
    """Set TCP_NODELAY on every listening TCP socket of this process; returns how many were set."""
    done = 0
    for fd in listening_tcp_sockets():
        try:
            with socket.socket(fileno=os.dup(fd)) as listener:
                listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                done += 1
        except OSError as error:
            LOGGER.warning("could not set TCP_NODELAY on listening socket %d: %s", fd, error)
    LOGGER.info("TCP_NODELAY set on %d listening socket(s)", done)
    return done
