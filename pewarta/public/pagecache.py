"""The anonymous page cache: rendered pages kept as files, served before Django runs.

Why files: every Granian worker (and the task consumer that publishes scheduled stories) sees
the same directory, so a purge made by any process is seen by all of them at once, with no
extra server. Each worker keeps the decoded pages in memory and re-reads a file only when its
mtime changes, so a hit costs one `stat()` and a dict lookup.

Layout under `PEWARTA_PAGE_CACHE_DIR`:
  pages/<md5 of path?canonical query>   pickle of (status, headers, body, expires, story_id)
  tags/<tag>                  keys of the pages showing that thing, one per line
  generation                  touched by every purge; a page rendered before it is not stored
  views/<pid>-<n>.json        reads counted by the /dibaca/ beacon (readership.py) on a machine
                              without Redis, waiting for the `public_views_flush` task

With `REDIS_URL` (several nodes) the purge generation lives in Redis instead, so that every
node's fragment cache and every render racing a purge see the same one.
"""

import functools
import hashlib
import json
import logging
import os
import pickle
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
# Query keys that may be part of a cache key, each with its test of a canonical value (set by
# pewarta.public.caching). Every other key is left out of the key.
STORED_QUERY_KEYS: dict = {}

MEMO_SIZE = 2000  # decoded pages a worker keeps in memory (the files stay the truth)
CACHE_CONTROL = "public, max-age=0, must-revalidate"
_KEPT_HEADERS = {
    "content-type",
    "content-language",
    "etag",
    "last-modified",
    "location",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "content-security-policy",
    "xkey",
    "surrogate-key",
    "cache-tag",
    "surrogate-control",
}


def cache_dir() -> Path:
    return Path(settings.PEWARTA_PAGE_CACHE_DIR)


def canonical_query(query: str) -> str:
    """The query string as a cache keys it: the stored keys only, sorted (same in the VCL)."""
    if not query:
        return ""
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k in STORED_QUERY_KEYS]
    return urlencode(sorted(kept))


def page_key(path_info: str, query: str) -> str:
    text = f"{path_info}?{canonical_query(query)}"
    return hashlib.md5(text.encode("latin-1", "replace")).hexdigest()  # noqa: S324


def bypass_cookies() -> tuple[str, ...]:
    """A request carrying one of these is not anonymous-and-plain: it goes to Django."""
    return (
        settings.SESSION_COOKIE_NAME + "=",
        settings.LANGUAGE_COOKIE_NAME + "=",
        "messages=",
    )


@functools.lru_cache(maxsize=256)
def prefers_other_language(header: str) -> bool:
    """True when the browser's first supported language is not the site's default (id).

    Cached pages are Indonesian; such readers go to Django, which renders their language.
    """
    from django.conf import settings
    from django.utils.translation.trans_real import parse_accept_lang_header

    supported = {code for code, _name in settings.LANGUAGES}
    for lang, _q in parse_accept_lang_header(header):
        code = lang.split("-")[0].lower()
        if code in supported:
            return code != settings.LANGUAGE_CODE
    return False


def is_cacheable_environ(environ, cookies) -> bool:
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if prefers_other_language(environ.get("HTTP_ACCEPT_LANGUAGE", "")[:200]):
        return False
    cookie = environ.get("HTTP_COOKIE")
    return not cookie or not any(name in cookie for name in cookies)


# --- writing (Django side) ----------------------------------------------------------------------


_GENERATION_KEY = "pewarta:pagecache:generation"


def generation() -> int:
    if settings.REDIS_URL:
        return cache.get(_GENERATION_KEY) or 0
    try:
        return os.stat(cache_dir() / "generation").st_mtime_ns
    except FileNotFoundError:
        return 0


def _next_generation() -> None:
    if not settings.REDIS_URL:
        return
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, time.time_ns(), None)
    except Exception as error:  # noqa: BLE001 - Redis away: fragments follow at their TTL
        logger.warning("purge generation not advanced: %s", error)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def security_headers() -> list[tuple[str, str]]:
    """What the security middleware (Django's, django-csp) adds to every page.

    A page is stored by its view, before the middleware runs; the front layer serves it
    without Django, so the stored copy carries these itself.
    """
    from csp.utils import build_policy

    headers = [("Content-Security-Policy", build_policy())]
    if settings.X_FRAME_OPTIONS:
        headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    referrer = settings.SECURE_REFERRER_POLICY
    if referrer:
        text = referrer if isinstance(referrer, str) else ",".join(referrer)
        headers.append(("Referrer-Policy", text))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    return [(k, v) for k, v in headers if v]


def store(environ, response, *, tags, story_id=None) -> None:
    key = page_key(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
    headers = [(k, v) for k, v in response.items() if k.lower() in _KEPT_HEADERS]
    present = {k.lower() for k, _v in headers}
    headers += [(k, v) for k, v in security_headers() if k.lower() not in present]
    headers.append(("Cache-Control", CACHE_CONTROL))
    body = response.content
    headers.append(("Content-Length", str(len(body))))
    expires = time.time() + settings.PEWARTA_PAGE_CACHE_TTL
    entry = (response.status_code, headers, body, expires, story_id)
    base = cache_dir()
    _atomic_write(base / "pages" / key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    (base / "tags").mkdir(parents=True, exist_ok=True)
    for tag in tags:
        with open(base / "tags" / tag, "a") as index:
            index.write(key + "\n")


def purge(tags) -> int:
    """Drop every stored page carrying one of `tags`. Returns the number of pages dropped."""
    _next_generation()
    base = cache_dir()
    marker = base / "generation"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    now = time.time_ns()
    os.utime(marker, ns=(now, now))
    dropped = 0
    for tag in set(tags):
        index = base / "tags" / tag
        # Renamed first so that pages stored meanwhile start a fresh index, never lost.
        claimed = index.with_name(f".{tag}.{os.getpid()}.{now}")
        try:
            os.replace(index, claimed)
        except FileNotFoundError:
            continue
        for key in set(claimed.read_text().split()):
            try:
                os.unlink(base / "pages" / key)
                dropped += 1
            except FileNotFoundError:
                pass
        claimed.unlink(missing_ok=True)
    return dropped


def purge_all() -> None:
    base = cache_dir()
    purge([p.name for p in (base / "tags").glob("[!.]*")] if (base / "tags").exists() else [])
    for page in (base / "pages").glob("*") if (base / "pages").exists() else []:
        page.unlink(missing_ok=True)


# --- view counting ------------------------------------------------------------------------------


class ViewCounter:
    """Counts story views in memory; every few seconds writes them to a spool file."""

    def __init__(self, directory: Path, interval: float = 5.0):
        self.directory = directory
        self.interval = interval
        self.counts: dict[int, int] = {}
        self.last = time.monotonic()
        self.serial = 0

    def hit(self, story_id: int) -> None:
        self.counts[story_id] = self.counts.get(story_id, 0) + 1
        if time.monotonic() - self.last > self.interval:
            self.flush()

    def flush(self) -> None:
        self.last = time.monotonic()
        counts, self.counts = self.counts, {}
        if not counts:
            return
        self.serial += 1
        data = json.dumps({"at": time.time(), "counts": counts}).encode()
        _atomic_write(self.directory / f"{os.getpid()}-{id(self):x}-{self.serial}.json", data)


_counter: ViewCounter | None = None


def count_view(story_id: int) -> None:
    global _counter
    if _counter is None or _counter.directory != cache_dir() / "views":
        _counter = ViewCounter(cache_dir() / "views")
    _counter.hit(story_id)


def flush_views() -> None:
    if _counter is not None:
        _counter.flush()


# --- serving (in front of Django) ---------------------------------------------------------------


class FrontCache:
    """WSGI layer: anonymous GET/HEAD of a stored page is answered without entering Django."""

    def __init__(self, app, directory: Path | None = None):
        self.app = app
        self.pages = str((directory or cache_dir()) / "pages") + "/"
        self.cookies = bypass_cookies()
        self.memo: dict[str, tuple[int, tuple]] = {}

    def lookup(self, environ):
        key = page_key(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        path = self.pages + key
        try:
            mtime = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            self.memo.pop(key, None)
            return None
        memo = self.memo.get(key)
        if memo is not None and memo[0] == mtime:
            entry = memo[1]
        else:
            try:
                with open(path, "rb") as f:
                    entry = pickle.loads(f.read())  # noqa: S301 - our own files
            except (FileNotFoundError, EOFError, pickle.UnpicklingError):
                return None
            if len(self.memo) > MEMO_SIZE:
                self.memo.clear()
            self.memo[key] = (mtime, entry)
        return entry if entry[3] > time.time() else None

    def __call__(self, environ, start_response):
        if is_cacheable_environ(environ, self.cookies):
            entry = self.lookup(environ)
            if entry is not None:
                return self.serve(entry, environ, start_response)
        return self.app(environ, start_response)

    def serve(self, entry, environ, start_response):
        status, headers, body, _expires, story_id = entry
        etag = environ.get("HTTP_IF_NONE_MATCH")
        if etag and status == 200 and any(k == "ETag" and v == etag for k, v in headers):
            start_response("304 Not Modified", [("ETag", etag), ("Cache-Control", CACHE_CONTROL)])
            return [b""]
        start_response(_STATUS[status], [*headers, ("X-Cache", "hit")])
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]


_STATUS = {200: "200 OK", 301: "301 Moved Permanently", 410: "410 Gone"}
CACHEABLE_STATUS = set(_STATUS)
