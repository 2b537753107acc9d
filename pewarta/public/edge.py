"""Purges that reach every cache: the file cache here, and each Varnish in the configured list.

A Varnish purge is one task per Varnish, retried every `PEWARTA_EDGE_PURGE_RETRY_SECONDS`
for as long as a page may live there (`PEWARTA_EDGE_TTL`): one that is down or unreachable
gets the purge when it is back, and never holds up the others.
"""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings
from huey.contrib.djhuey import db_task

from pewarta.public import pagecache

logger = logging.getLogger(__name__)
PURGE_HEADER = "xkey-purge"


class PurgeFailed(Exception):
    pass


def varnish_purge(url: str, tags) -> int:
    """Ask one Varnish to drop every object carrying one of `tags`; returns how many it did."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=5)
    try:
        connection.request(
            "PURGE", parts.path or "/", headers={PURGE_HEADER: " ".join(sorted(set(tags)))}
        )
        response = connection.getresponse()
        body = response.read(200).decode("latin-1", "replace")
    except OSError as error:
        raise PurgeFailed(f"{url}: {error}") from error
    finally:
        connection.close()
    if response.status != 200:
        raise PurgeFailed(f"{url}: {response.status} {body.strip()[:100]}")
    return int(response.getheader("X-Purged", "0") or 0)


def _attempts() -> int:
    return max(1, settings.PEWARTA_EDGE_TTL // max(1, settings.PEWARTA_EDGE_PURGE_RETRY_SECONDS))


@db_task()
def edge_purge_task(url: str, tags: list[str], attempt: int = 1) -> int:
    """One Varnish, one purge; if it is unreachable, again later (quietly, one line a time)."""
    try:
        return varnish_purge(url, tags)
    except PurgeFailed as error:
        if attempt >= _attempts():
            logger.error("edge purge given up after %d attempts: %s", attempt, error)
            return 0
        logger.warning("edge purge failed (attempt %d), retrying: %s", attempt, error)
        edge_purge_task.schedule(
            args=(url, tags, attempt + 1), delay=settings.PEWARTA_EDGE_PURGE_RETRY_SECONDS
        )
        return 0


def purge_everywhere(tags) -> int:
    """Drop the pages carrying `tags` from the file cache now and from every Varnish soon."""
    tags = sorted(set(tags))
    dropped = pagecache.purge(tags)
    if settings.PEWARTA_EDGE_PURGE_URLS and tags:
        for url in settings.PEWARTA_EDGE_PURGE_URLS:
            edge_purge_task(url, tags)
    return dropped
