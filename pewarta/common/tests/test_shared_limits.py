"""Rate-limit counters in Redis are one count for every worker of every node."""

import uuid

import pytest

from pewarta.common import ratelimit
from pewarta.common.errors import RateLimited

REDIS = "redis://127.0.0.1:6379/3"  # this suite's own database number


@pytest.fixture
def redis_counters(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.REDIS_URL = REDIS
    return ratelimit.Counters, f"uji-{uuid.uuid4().hex}"


def test_two_nodes_share_one_count_in_redis(redis_counters):
    counters, scope = redis_counters
    node_a, node_b = counters(), counters()  # two processes, on two machines alike
    bucket = f"rl:{scope}:60:1"
    assert [node_a.hit(bucket, 60), node_b.hit(bucket, 60), node_a.hit(bucket, 60)] == [1, 2, 3]


def test_a_limit_counted_on_one_node_holds_on_the_other(redis_counters, monkeypatch):
    counters, scope = redis_counters
    monkeypatch.setattr(ratelimit, "counters", counters())
    for _ in range(3):
        ratelimit.ratelimit_hit(f"{scope}:203.0.113.9", limit=3, window=60)
    monkeypatch.setattr(ratelimit, "counters", counters())  # the next request lands elsewhere
    with pytest.raises(RateLimited):
        ratelimit.ratelimit_hit(f"{scope}:203.0.113.9", limit=3, window=60)


def test_the_counter_stores_keep_no_address(redis_counters, monkeypatch, settings, tmp_path):
    """Counters keyed by a From address or a client address hold only a digest of it (the
    personal-data erasure never has to look in Redis or in var/ratelimit.sqlite3)."""
    counters, scope = redis_counters
    monkeypatch.setattr(ratelimit, "counters", counters())
    ratelimit.ratelimit_hit(f"{scope}:from:siti.rahma@example.id", limit=5, window=60)
    ratelimit.ratelimit_hit(f"{scope}:from:siti.rahma@example.id", limit=5, window=60)
    client = ratelimit.counters._shared().client
    keys = [key.decode() for key in client.scan_iter(f"rl:{scope}:*")]
    assert len(keys) == 1 and "siti" not in keys[0] and "example.id" not in keys[0]
    assert int(client.get(keys[0])) == 2  # still one count for that address
    settings.REDIS_URL = ""
    settings.PEWARTA_RATE_LIMIT_STORE = "file"
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(ratelimit, "counters", counters())
    ratelimit.ratelimit_hit(f"{scope}:peer:203.0.113.9", limit=5, window=60)
    ratelimit.ratelimit_hit(f"{scope}:from:siti.rahma@example.id", limit=5, window=60)
    with pytest.raises(RateLimited):
        for _ in range(5):
            ratelimit.ratelimit_hit(f"{scope}:from:siti.rahma@example.id", limit=5, window=60)
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("ratelimit.sqlite3*"))
    assert stored and b"siti" not in stored and b"203.0.113" not in stored
