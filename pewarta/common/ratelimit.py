"""A fixed-window rate limit on the cache, for public forms and per-sender mail limits."""

import time

from django.core.cache import cache

from pewarta.common.errors import RateLimited


def ratelimit_hit(key: str, *, limit: int, window: int) -> int:
    """Count one hit for `key`; raise RateLimited past `limit` hits per `window` seconds."""
    bucket = f"rl:{key}:{int(time.time()) // window}"
    cache.add(bucket, 0, timeout=window + 5)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window + 5)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=window)
    return count


def client_ip(request) -> str:
    """The client's address; behind a proxy, REMOTE_ADDR must be set by the proxy setup."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
