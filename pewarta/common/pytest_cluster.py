"""Tests against a running cluster (`make test-cluster`), loaded with `-p` by that target.

Before Django starts, the test process is pointed at the same engines as the cluster: a
private redis-server on a free port (with an append-only file, so that a restart keeps the
queue), SeaweedFS's S3 gateway on :8333, Varnish on :8000 for purges, and an SMTP sink in this
process for outgoing mail. The `cluster` fixture then starts `pewarta cluster`'s processes on
the test database, and `live_server` is the cluster's address: every browser test of the
reader site, the desk and the contributor space runs unchanged against Varnish and two nodes.
"""

import asyncio
import email
import email.policy
import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from pewarta.common.cluster import Cluster, Ports, free_port, port_open

ROOT = Path(__file__).resolve().parent.parent.parent / "var" / "cluster-test"
SITE = "http://127.0.0.1:8000"


def _configure() -> None:
    ROOT.mkdir(parents=True, exist_ok=True)
    redis_port = free_port()
    sink_port = free_port()
    os.environ["PEWARTA_TEST_REDIS_PORT"] = str(redis_port)
    os.environ["PEWARTA_TEST_SINK_PORT"] = str(sink_port)
    env = Cluster(ROOT / "cluster", Ports(), {"REDIS_URL": "x", "DATABASE_URL": "x"}).env
    os.environ.update(
        {
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "PEWARTA_S3_ENDPOINT_URL": env["PEWARTA_S3_ENDPOINT_URL"],
            "PEWARTA_S3_ACCESS_KEY": env["PEWARTA_S3_ACCESS_KEY"],
            "PEWARTA_S3_SECRET_KEY": env["PEWARTA_S3_SECRET_KEY"],
            "PEWARTA_EDGE_PURGE_URLS": SITE + "/",
            "PEWARTA_TRUSTED_PROXIES": "127.0.0.1,::1",
            "PEWARTA_PAGE_CACHE": "0",
            "PEWARTA_FRAGMENT_CACHE": "1",
            "PEWARTA_EDGE_PURGE_RETRY_SECONDS": "1",
            "HUEY_IMMEDIATE": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink_port),
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    )


_configure()  # at import (-p): before pytest-django reads the settings


class MailSink:
    """An SMTP server that keeps what it accepted; `delay` holds each DATA before the 250."""

    def __init__(self, port: int):
        from aiosmtpd.controller import Controller

        self.accepted: list[bytes] = []
        self.delay = 0.0
        self.started = threading.Event()
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):
        self.started.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        self.accepted.append(envelope.original_content or envelope.content)
        return "250 OK"

    def to(self, address: str) -> list[bytes]:
        return [m for m in self.accepted if address.encode() in m]


class RedisServer:
    def __init__(self, port: int, directory: Path):
        self.port = port
        self.directory = directory
        self.proc = None

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(  # noqa: S603
            ["/usr/bin/redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.directory), "--appendonly", "yes", "--appendfsync", "always",
             "--save", ""],
            stdout=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not port_open(self.port):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # a clean shutdown writes the AOF
            self.proc.wait(15)


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer(int(os.environ["PEWARTA_TEST_REDIS_PORT"]), ROOT / "redis")
    shutil.rmtree(server.directory, ignore_errors=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def mail_sink():
    sink = MailSink(int(os.environ["PEWARTA_TEST_SINK_PORT"]))
    sink.controller.start()
    yield sink
    sink.controller.stop()


def database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def cluster(django_db_setup, django_db_blocker, redis_server, mail_sink):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the cluster runs on PostgreSQL: set DATABASE_URL")
    for port in (8000, 8001, 8002, 2525, 8333):
        if port_open(port):
            pytest.fail(f"port {port} is taken: stop `make run` / `make cluster` first")
    env = {**os.environ, "DATABASE_URL": database_url(), "PEWARTA_VAR_DIR": str(ROOT / "var")}
    log = open(ROOT / "cluster.log", "a")  # noqa: SIM115 - closed at the end of the session
    running = Cluster(ROOT / "cluster", Ports(), env, out=lambda line: print(line, file=log))
    shutil.rmtree(ROOT / "cluster" / "seaweedfs", ignore_errors=True)
    for path in (ROOT / "cluster").glob("*.hold"):
        path.unlink()
    try:
        running.start_all()
    except Exception:
        running.stop_all()
        raise
    supervisor = threading.Thread(target=running.supervise, daemon=True)
    supervisor.start()
    yield running
    running.stop_all()
    log.close()


def edge_flush() -> None:
    request = urllib.request.Request(SITE + "/", method="BAN")  # noqa: S310 - loopback
    urllib.request.urlopen(request, timeout=5).read()  # noqa: S310 - loopback


@pytest.fixture
def on_cluster(cluster, transactional_db):
    """Each cluster test starts with an empty edge cache and no fragments from the last one."""
    from django.core.cache import cache

    edge_flush()
    client = cache._cache.get_client(None, write=True)
    for key in client.scan_iter(match=":1:public:*", count=500):
        client.delete(key)
    yield cluster


class SinkOutbox(list):
    """`django.core.mail.outbox` in cluster mode: what the SMTP sink accepted since the test began.

    Mail leaves the cluster's consumers a moment after the page answered, so reading it waits
    until nothing new has arrived for a second (ten at most).
    """

    def __init__(self, sink: MailSink):
        super().__init__()
        self.sink = sink
        self.start = len(sink.accepted)

    def _sync(self):
        deadline, seen, quiet_since = time.monotonic() + 10, -1, time.monotonic()
        while time.monotonic() < deadline:
            count = len(self.sink.accepted)
            if count != seen:
                seen, quiet_since = count, time.monotonic()
            elif time.monotonic() - quiet_since > 1.0:
                break
            time.sleep(0.1)
        del self[:]
        for raw in self.sink.accepted[self.start :]:
            message = email.message_from_bytes(raw, policy=email.policy.default)
            body = message.get_body(("plain",))
            super().append(SimpleNamespace(
                to=[a.addr_spec for a in message["To"].addresses] if message["To"] else [],
                subject=str(message["Subject"] or ""),
                body=body.get_content() if body else "",
                extra_headers=dict(message.items()),
            ))  # fmt: skip

    def __iter__(self):
        self._sync()
        return super().__iter__()

    def __len__(self):
        self._sync()
        return super().__len__()

    def __getitem__(self, index):
        self._sync()
        return super().__getitem__(index)


class ClusterServer:
    """Stands where pytest-django's live server would: the cluster's address."""

    url = SITE
    _live_server_modified_settings = SimpleNamespace(enable=lambda: None, disable=lambda: None)

    def __str__(self):
        return self.url


@pytest.fixture
def live_server(on_cluster, mail_sink):
    from django.core import mail

    mail.outbox = SinkOutbox(mail_sink)
    return ClusterServer()
