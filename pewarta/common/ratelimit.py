"""Fixed-window rate limits for public forms and per-sender mail limits, shared by every process.

Where the counters live:
- with `REDIS_URL`: in Redis, shared by every worker of every node (INCR + EXPIRE);
- on one machine: in a small SQLite file under var/, shared by every worker of the machine
  (`PEWARTA_RATE_LIMIT_STORE=memory` counts per process instead: the test suite uses it).

When Redis does not answer, each process counts on its own in memory until Redis is back
(retried after a few seconds): limits stay in force, per process, and no request fails
because the counter store is away. That is the documented safe behaviour.

Every limit is a setting: callers name a scope (the key's first part, e.g. `search`) with a
default; `PEWARTA_RATE_LIMITS="search=120/60,complaints=10/3600"` overrides it.
"""

import hashlib
import logging
import sqlite3
import threading
import time
from pathlib import Path

from django.conf import settings

from pewarta.common.errors import RateLimited

logger = logging.getLogger(__name__)
RETRY_REDIS_AFTER = 5.0  # seconds without trying Redis after it failed


def configured_limit(scope: str, limit: int, window: int) -> tuple[int, int]:
    """The (hits, seconds) of `scope`: the caller's default unless a setting overrides it."""
    for entry in settings.PEWARTA_RATE_LIMITS:
        name, _, value = entry.partition("=")
        if name.strip() == scope and "/" in value:
            hits, seconds = value.split("/", 1)
            try:
                return int(hits), int(seconds)
            except ValueError:
                logger.warning("ignored malformed PEWARTA_RATE_LIMITS entry %r", entry)
    return limit, window


class _MemoryCounters:
    def __init__(self):
        self.counts: dict[str, tuple[int, float]] = {}
        self.lock = threading.Lock()

    def hit(self, bucket: str, window: int) -> int:
        now = time.time()
        with self.lock:
            if len(self.counts) > 50_000:
                self.counts = {k: v for k, v in self.counts.items() if v[1] > now}
            count, expires = self.counts.get(bucket, (0, 0.0))
            count = count + 1 if expires > now else 1
            self.counts[bucket] = (count, expires if expires > now else now + window + 5)
            return count


class _SqliteCounters:
    """One machine, several worker processes: an atomic upsert in a WAL-mode SQLite file."""

    def __init__(self, path: Path):
        self.path = path
        self.local = threading.local()

    def _conn(self):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS hits (bucket TEXT PRIMARY KEY, n INTEGER, expires REAL)"
            )
            self.local.conn = conn
        return conn

    def hit(self, bucket: str, window: int) -> int:
        now = time.time()
        conn = self._conn()
        (count,) = conn.execute(
            "INSERT INTO hits (bucket, n, expires) VALUES (?, 1, ?) "
            "ON CONFLICT (bucket) DO UPDATE SET n = n + 1 RETURNING n",
            (bucket, now + window + 5),
        ).fetchone()
        if count == 1 and int(now) % 50 == 0:
            conn.execute("DELETE FROM hits WHERE expires < ?", (now,))
        return count


class _RedisCounters:
    def __init__(self, url: str):
        import redis

        timeout = settings.PEWARTA_REDIS_TIMEOUT
        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )

    def hit(self, bucket: str, window: int) -> int:
        pipe = self.client.pipeline()
        pipe.incr(bucket)
        pipe.expire(bucket, window + 5, nx=True)
        count, _ = pipe.execute()
        return int(count)


class Counters:
    def __init__(self):
        self.memory = _MemoryCounters()
        self.shared = None
        self.shared_for = None
        self.down_until = 0.0

    def reset(self) -> None:
        """Forget the per-process counters (tests)."""
        self.memory = _MemoryCounters()
        self.shared_for = None
        self.down_until = 0.0

    def _shared(self):
        where = (settings.REDIS_URL, settings.PEWARTA_RATE_LIMIT_STORE, str(settings.VAR_DIR))
        if self.shared_for != where:
            self.shared_for = where
            if settings.REDIS_URL:
                self.shared = _RedisCounters(settings.REDIS_URL)
            elif settings.PEWARTA_RATE_LIMIT_STORE == "memory":
                self.shared = self.memory
            else:
                self.shared = _SqliteCounters(Path(settings.VAR_DIR) / "ratelimit.sqlite3")
        return self.shared

    def hit(self, bucket: str, window: int) -> int:
        if time.monotonic() >= self.down_until:
            try:
                return self._shared().hit(bucket, window)
            except Exception as error:  # noqa: BLE001 - any store failure: count locally
                self.down_until = time.monotonic() + RETRY_REDIS_AFTER
                logger.warning("rate-limit store unavailable (%s); counting per process", error)
        return self.memory.hit(bucket, window)


counters = Counters()


def ratelimit_hit(key: str, *, limit: int, window: int) -> int:
    """Count one hit for `key`; raise RateLimited past `limit` hits per `window` seconds.

    The scope is the key's first part (`search:1.2.3.4` -> `search`); its limit is a setting.
    """
    scope = key.split(":", 1)[0]
    limit, window = configured_limit(scope, limit, window)
    # Keys carry addresses and From addresses: the counter store keeps only a digest of them.
    digest = hashlib.blake2b(key.encode(), digest_size=16, person=b"pewarta-ratelim").hexdigest()
    bucket = f"rl:{scope}:{digest}:{window}:{int(time.time()) // window}"
    count = counters.hit(bucket, window)
    if count > limit:
        raise RateLimited(retry_after=window)
    return count


def client_ip(request) -> str:
    """The client's address (behind trusted proxies: see common/proxies.py)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
