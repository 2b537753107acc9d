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
