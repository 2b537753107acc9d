"""End to end under the production server: Granian serves cached pages and sees purges."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from pewarta.desk import services
from pewarta.desk.models import Status

ROOT = Path(__file__).resolve().parents[3]


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return response.headers, response.read().decode()


@pytest.fixture
def granian(settings, page_cache_dir):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "PEWARTA_PAGE_CACHE_DIR": str(page_cache_dir),
        "PEWARTA_FRAGMENT_CACHE": "1",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", "2",
         "--port", str(port), "--no-ws", "--log-level", "warning", "pewarta.wsgi:application"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _get(base + "/health")
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("Granian did not start")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_publish_shows_on_every_cached_page_at_the_next_request(
    granian, reader_site_data, make_story, editor
):
    first = make_story(status=Status.APPROVED, headline="Posyandu Buka Layanan Malam")
    services.story_publish(story=first, actor=editor)
    pages = ["/", "/berita/", "/feed/", "/sitemap-news.xml"]
    for page in pages:
        _get(granian + page)  # rendered and stored by one worker
        for _ in range(4):  # the other worker too; both then answer from the page cache
            headers, _body = _get(granian + page)
        assert headers.get("X-Cache") == "hit", page
    second = make_story(status=Status.APPROVED, headline="Bank Sampah Raih Penghargaan")
    services.story_publish(story=second, actor=editor)  # committed: the purge has run
    # No staleness window at all: the very next requests, to either worker, show it.
    for page in pages:
        for _ in range(4):
            _headers, body = _get(granian + page)
            assert "Bank Sampah Raih Penghargaan" in body, page
