"""Small HTTP and polling helpers for the cluster tests (loopback only)."""

import http.client
import socket
import time

SITE_HOST, SITE_PORT = "127.0.0.1", 8000


def get(
    path, *, headers=None, host=SITE_HOST, port=SITE_PORT, method="GET", source=None, body=None
):
    """(status, headers dict with lower-case names, body bytes)."""
    conn = http.client.HTTPConnection(
        host, port, timeout=15, source_address=(source, 0) if source else None
    )
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def wait_for(check, *, timeout=30.0, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def port_closed(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return False
    except OSError:
        return True
