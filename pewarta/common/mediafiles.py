"""Stored photos served on one machine, before Django runs (the WSGI front layer).

With files under var/media, GET/HEAD /media/<name> is answered here with one stat() and the
file streamed in chunks (or through the server's file wrapper): no middleware, no database.
Renditions carry a content digest in their name, so they are cached for a year (`immutable`);
originals for a day. Only image types are served, never what a browser might run.
With object storage, /media/ is the bucket's (through Varnish or a CDN), and Django's
`media_file` view streams from the storage API when a node is asked directly.
"""

import mimetypes
import os
from email.utils import formatdate
from pathlib import Path

from pewarta.common.storage import cache_control_for

SERVED_TYPES = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/avif",
    "image/gif",
    "image/heic",
}
CHUNK = 64 * 1024


def safe_name(name: str) -> str | None:
    """A storage name from a URL path, or None if it tries to leave the media folder."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        return None
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    return name


def media_type(name: str) -> str | None:
    kind = mimetypes.guess_type(name)[0]
    return kind if kind in SERVED_TYPES else None


def _chunks(handle):
    try:
        while chunk := handle.read(CHUNK):
            yield chunk
    finally:
        handle.close()


class MediaFiles:
    """WSGI layer for `prefix` (MEDIA_URL) over `root` (MEDIA_ROOT)."""

    def __init__(self, app, root, prefix: str = "/media/"):
        self.app = app
        self.root = Path(root)
        self.prefix = prefix

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(self.prefix):
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD")])
            return [b""]
        name = safe_name(path[len(self.prefix) :])
        kind = media_type(name) if name else None
        try:
            stat = os.stat(self.root / name) if kind else None
        except OSError:
            stat = None
        if stat is None or not os.path.isfile(self.root / name):
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not found\n"]
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        headers = [
            ("Cache-Control", cache_control_for(name)),
            ("ETag", etag),
            ("Last-Modified", formatdate(stat.st_mtime, usegmt=True)),
            ("X-Content-Type-Options", "nosniff"),
        ]
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response("304 Not Modified", headers)
            return [b""]
        headers += [("Content-Type", kind), ("Content-Length", str(stat.st_size))]
        start_response("200 OK", headers)
        if method == "HEAD":
            return [b""]
        handle = open(self.root / name, "rb")  # noqa: SIM115 - closed by the server / _chunks
        wrapper = environ.get("wsgi.file_wrapper")
        return wrapper(handle, CHUNK) if wrapper else _chunks(handle)
