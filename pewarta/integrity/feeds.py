"""Fetching and reading other outlets' RSS/Atom feeds, knowing an attacker may serve one.

Only http(s); the host is resolved once and every address it gives must be public (no
loopback, private, link-local or reserved ranges, unless the operator allows them for a feed
on their own network), and the connection goes to that checked address, so a DNS answer
cannot change between the check and the request. Redirects are followed by hand (each hop
checked), the body is cut at a size limit, and feedparser reads the bytes (RSS 0.9x-2.0,
Atom); entries become plain text through nh3.
"""

import calendar
import http.client
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser
from django.conf import settings
from django.utils.translation import gettext as _

from pewarta.common.html import html_to_text
from pewarta.common.outbound import (
    AddressRefused,
    PinnedHTTPConnection,
    PinnedHTTPSConnection,
    checked_address,
)
from pewarta.integrity.text import max_chars

MAX_REDIRECTS = 3
MAX_ENTRIES = 200
USER_AGENT = "Pewarta-integrity/1 (+feed reader)"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"


class FeedError(Exception):
    """A feed could not be fetched or read; the message is for the editor."""


@dataclass
class Entry:
    guid: str
    url: str
    title: str
    author: str
    published_at: datetime | None
    text: str


@dataclass
class Fetched:
    status: int  # 200, or 304 when the feed has not changed
    body: bytes
    etag: str
    modified: str


def _setting(name: str, default):
    return getattr(settings, name, default)


def _checked_address(host: str, port: int) -> str:
    """One address of `host` after checking all of them are allowed."""
    allow_private = _setting("PEWARTA_INTEGRITY_FEEDS_ALLOW_PRIVATE", False)
    try:
        return checked_address(host, port, allow_private=allow_private)
    except AddressRefused as refused:
        if refused.reason == "internal":
            raise FeedError(_("Alamat feed menuju jaringan internal; ditolak.")) from None
        raise FeedError(_("Nama host tidak dikenal: %(host)s") % {"host": host}) from None


def check_url(url: str) -> str:
    """The URL if it may be registered as a feed (http or https, a host), else FeedError."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(_("Alamat feed harus diawali http:// atau https://."))
    if parts.username or parts.password:
        raise FeedError(_("Alamat feed tidak boleh memuat nama pengguna atau kata sandi."))
    return url


def fetch(url: str, *, etag: str = "", modified: str = "") -> Fetched:
    limit = _setting("PEWARTA_INTEGRITY_FEED_MAX_BYTES", 5 * 1024 * 1024)
    timeout = _setting("PEWARTA_INTEGRITY_FEED_TIMEOUT", 15)
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(check_url(url))
        https = parts.scheme == "https"
        port = parts.port or (443 if https else 80)
        address = _checked_address(parts.hostname, port)
        kind = PinnedHTTPSConnection if https else PinnedHTTPConnection
        conn = kind(parts.hostname, port, address, timeout=timeout)
        headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                url = urljoin(url, response.getheader("Location", ""))
                continue
            if response.status == 304:
                return Fetched(304, b"", etag, modified)
            if response.status != 200:
                raise FeedError(_("Server feed menjawab %(status)d.") % {"status": response.status})
            body = response.read(limit + 1)
        except (OSError, http.client.HTTPException) as exc:
            raise FeedError(_("Feed tidak dapat diambil (%(error)s).") % {"error": exc}) from exc
        finally:
            conn.close()
        if len(body) > limit:
            raise FeedError(_("Feed terlalu besar (lebih dari %(mb)d MB).") % {"mb": limit >> 20})
        return Fetched(
            200,
            body,
            (response.getheader("ETag") or "")[:200],
            (response.getheader("Last-Modified") or "")[:100],
        )
    raise FeedError(_("Terlalu banyak pengalihan."))


def _web_url(value: str) -> str:
    value = (value or "").strip()
    return value[:1000] if value.lower().startswith(("http://", "https://")) else ""


def _entry_text(entry) -> str:
    parts = [entry.get("title", "")]
    contents = entry.get("content") or []
    body = " ".join(c.get("value", "") for c in contents) or entry.get("summary", "")
    parts.append(html_to_text(body))
    return "\n".join(p for p in parts if p).strip()[: max_chars()]


def _published(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def parse(body: bytes) -> list[Entry]:
    """The entries of a feed, newest as the feed lists them; FeedError when it is no feed."""
    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise FeedError(_("Isi alamat ini bukan feed RSS atau Atom yang dapat dibaca."))
    entries = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        text = _entry_text(entry)
        if not text:
            continue
        url = _web_url(entry.get("link", ""))
        guid = (entry.get("id") or url or entry.get("title", ""))[:500]
        if not guid:
            continue
        entries.append(
            Entry(
                guid=guid,
                url=url,
                title=html_to_text(entry.get("title", ""))[:500],
                author=html_to_text(entry.get("author", ""))[:200],
                published_at=_published(entry),
                text=text,
            )
        )
    return entries
