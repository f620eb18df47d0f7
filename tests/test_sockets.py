"""Nagle's algorithm off for every reader: the listener gets TCP_NODELAY, and accepted connections inherit it."""

import socket
import sys

from dashboard.sockets import listening_tcp_sockets, no_delay_on_listeners


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_connections_accepted_after_the_call_have_nagle_off():
    # Bound the way Streamlit binds its server socket: protocol 0, which asyncio's own TCP_NODELAY skips.
    with socket.socket(family=socket.AF_INET) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()) as _client:
            before, _ = listener.accept()
        assert nodelay(before) == 0
        before.close()

        assert listener.fileno() in listening_tcp_sockets()
        assert no_delay_on_listeners() >= 1

        with socket.create_connection(listener.getsockname()) as _client:
            after, _ = listener.accept()
        with after:
            assert nodelay(after) == 1
        assert listener.fileno() in listening_tcp_sockets()  # the server's own descriptor is still open


def test_connected_and_unix_sockets_are_left_alone():
    left, right = socket.socketpair()
    with left, right, socket.socket(family=socket.AF_INET) as unbound:
        found = listening_tcp_sockets()
        assert left.fileno() not in found and right.fileno() not in found and unbound.fileno() not in found


def test_a_running_server_listens_with_nagle_off_on_uvloop():
    import json
    import urllib.request

    from dashboard.readiness import HEAP_PROBE_ENV
    from tests.browser.server import streamlit_server

    with (
        streamlit_server(env={HEAP_PROBE_ENV: "1"}) as (base, _process),
        urllib.request.urlopen(f"{base}/_stcore/health?heap", timeout=30) as response,
    ):
        probe = json.loads(response.read())
    assert probe["listeners_nodelay"] and all(probe["listeners_nodelay"])
    # uvloop where requirements.txt installs it (not on Windows): one wake-up for many messages, not one each
    assert probe["event_loop"].startswith("uvloop") or sys.platform == "win32", probe["event_loop"]
