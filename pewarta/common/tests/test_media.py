"""Stored photos answer 200 on one machine (no DEBUG), under the real `pewarta run`."""

import http.client
import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from pewarta.common.mediafiles import MediaFiles

ROOT = Path(__file__).resolve().parents[3]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _jpeg(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return out.getvalue()


def _call(app, path, method="GET", **headers):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": ""}
    environ.update({f"HTTP_{k.upper()}": v for k, v in headers.items()})
    seen = {}

    def start_response(status, response_headers):
        seen["status"], seen["headers"] = status, dict(response_headers)

    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


def _django_must_not_run(environ, start_response):
    raise AssertionError("Django was called for " + environ["PATH_INFO"])


def test_media_layer_serves_photos_with_long_cache_for_renditions(tmp_path):
    photo = _jpeg(tmp_path / "naskah" / "2026" / "11" / "foto.jpg")
    _jpeg(tmp_path / "renditions" / "0123456789abcdef-480.jpg")
    app = MediaFiles(_django_must_not_run, tmp_path, "/media/")
    status, headers, body = _call(app, "/media/naskah/2026/11/foto.jpg")
    assert status == "200 OK" and body == photo
    assert headers["Content-Type"] == "image/jpeg" and headers["Cache-Control"].endswith("86400")
    status, headers, _ = _call(app, "/media/renditions/0123456789abcdef-480.jpg")
    assert "immutable" in headers["Cache-Control"] and "31536000" in headers["Cache-Control"]
    status, _h, body = _call(app, "/media/naskah/2026/11/foto.jpg", if_none_match=headers["ETag"])
    assert status == "200 OK"  # that ETag was the rendition's
    etag = _call(app, "/media/naskah/2026/11/foto.jpg")[1]["ETag"]
    assert _call(app, "/media/naskah/2026/11/foto.jpg", if_none_match=etag)[0].startswith("304")


@pytest.mark.parametrize(
    "path",
    [
        "/media/../pewarta.sqlite3",
        "/media/naskah/../../private/identity/ktp.jpg",
        "/media//etc/passwd.jpg",
        "/media/naskah/%2e%2e/x.jpg",
        "/media/halaman.html",
        "/media/gambar.svg",
        "/media/naskah/tidak-ada.jpg",
        "/media/naskah\\..\\x.jpg",
        "/media/x.jpg\x00.html",
    ],
)
def test_media_layer_refuses_what_is_not_a_stored_photo(tmp_path, path):
    (tmp_path / "media").mkdir()
    _jpeg(tmp_path / "private" / "identity" / "ktp.jpg")
    (tmp_path / "media" / "halaman.html").write_text("<script>alert(1)</script>")
    (tmp_path / "media" / "gambar.svg").write_text("<svg onload='alert(1)'/>")
    app = MediaFiles(_django_must_not_run, tmp_path / "media", "/media/")
    status, _headers, body = _call(app, path)
    assert status.startswith("404") and b"alert" not in body and b"\xff\xd8" not in body


def test_media_layer_lets_other_paths_through(tmp_path):
    calls = []

    def django(environ, start_response):
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"ok"]

    app = MediaFiles(django, tmp_path, "/media/")
    assert _call(app, "/berita/")[2] == b"ok" and calls == ["/berita/"]
    assert _call(app, "/media/x.jpg", method="POST")[0].startswith("405")


@pytest.mark.slow
def test_a_stored_photo_answers_200_under_pewarta_run(tmp_path):
    """`pewarta run` (Granian, no DEBUG) serves /media/; issue 13 found it answering 404."""
    var = tmp_path / "var"
    photo = _jpeg(var / "media" / "naskah" / "2026" / "11" / "sawah.jpg")
    port, smtp = _free_port(), _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "PEWARTA_VAR_DIR": str(var),
        "PEWARTA_INTAKE_SMTP_ADDRESS": f"127.0.0.1:{smtp}",
        "DEBUG": "0",
        "HUEY_IMMEDIATE": "0",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "pewarta", "run", "--port", str(port), "--workers", "1"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "run did not start"
                time.sleep(0.3)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/media/naskah/2026/11/sawah.jpg")
        response = conn.getresponse()
        assert response.status == 200 and response.read() == photo
        assert response.getheader("Content-Type") == "image/jpeg"
        conn.request("GET", "/media/naskah/2026/11/tidak-ada.jpg")
        missing = conn.getresponse()
        missing.read()
        assert missing.status == 404
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


def test_a_node_asked_directly_streams_photos_from_the_storage(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    photo = _jpeg(tmp_path / "naskah" / "foto.jpg")
    response = client.get("/media/naskah/foto.jpg")
    assert response.status_code == 200 and b"".join(response.streaming_content) == photo
    assert client.get("/media/naskah/../../etc/passwd").status_code == 404
    assert client.get("/media/naskah/tidak-ada.jpg").status_code == 404
