"""Django's Redis cache, made to carry on when Redis is briefly away.

A cache is an optimisation: when Redis does not answer within `PEWARTA_REDIS_TIMEOUT`, a read
is a miss and a write is skipped, so pages keep being served (slower) instead of failing.
After a failure the node leaves Redis alone for a few seconds rather than waiting on every call.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 3.0


def _guarded(name, default):
    def call(self, *args, **kwargs):
        if time.monotonic() < _Client.down_until:
            return default(args)
        try:
            return getattr(RedisCacheClient, name)(self, *args, **kwargs)
        except UNREACHABLE as error:
            _Client.down_until = time.monotonic() + RETRY_AFTER
            logger.warning("cache unavailable (%s): carrying on without it", error)
            return default(args)

    call.__name__ = name
    return call


class _Client(RedisCacheClient):
    down_until = 0.0

    get = _guarded("get", lambda args: args[1])  # (key, default)
    get_many = _guarded("get_many", lambda args: {})
    has_key = _guarded("has_key", lambda args: False)
    add = _guarded("add", lambda args: False)
    set = _guarded("set", lambda args: None)
    set_many = _guarded("set_many", lambda args: None)
    touch = _guarded("touch", lambda args: False)
    delete = _guarded("delete", lambda args: False)
    delete_many = _guarded("delete_many", lambda args: None)


class ResilientRedisCache(RedisCache):
    """Also: clear() removes this cache's keys only, never the task queue sharing the database."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client

    def clear(self):
        pattern = f"{self.key_prefix}:*"  # Django's keys are "<prefix>:<version>:<key>"
        try:
            client = self._cache.get_client(None, write=True)
            keys = list(client.scan_iter(match=pattern, count=1000))
            for start in range(0, len(keys), 500):
                client.delete(*keys[start : start + 500])
        except UNREACHABLE as error:
            logger.warning("cache not cleared (%s)", error)
            return False
        return True
