"""Clients behind our proxies, and rate limits that hold across workers and Redis outages."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from pewarta.common import ratelimit
from pewarta.common.errors import RateLimited
from pewarta.common.proxies import client_address

PROXIES = ["10.0.0.0/24", "127.0.0.1"]


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("10.0.0.20", "203.0.113.9", "203.0.113.9"),  # Varnish added the reader
        ("10.0.0.20", "203.0.113.9, 10.0.0.5", "203.0.113.9"),  # a load balancer, then Varnish
        ("10.0.0.20", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # forged first entry ignored
        ("198.51.100.4", "203.0.113.9", "198.51.100.4"),  # not our proxy: header not believed
        ("10.0.0.20", "bukan-alamat, 203.0.113.9", "203.0.113.9"),
        ("10.0.0.20", "203.0.113.9:5555", "203.0.113.9"),
        ("10.0.0.20", "[2001:db8::1]:443", "2001:db8::1"),
        ("10.0.0.20", "10.0.0.7", "10.0.0.7"),  # only proxies: the farthest one
    ],
)
def test_the_client_is_the_first_address_our_proxies_did_not_add(peer, forwarded, client):
    assert client_address(peer, forwarded, PROXIES) == client


def test_without_trusted_proxies_the_header_is_never_read():
    assert client_address("127.0.0.1", "203.0.113.9", []) == "127.0.0.1"


@pytest.mark.django_db
@override_settings(PEWARTA_TRUSTED_PROXIES=["127.0.0.1"], PEWARTA_RATE_LIMITS=["search=2/60"])
def test_readers_behind_the_proxy_are_limited_each_on_their_own(client):
    def search(forwarded, peer="127.0.0.1"):
        return client.get("/cari", {"q": "banjir"}, REMOTE_ADDR=peer,
                          HTTP_X_FORWARDED_FOR=forwarded).status_code  # fmt: skip

    assert [search("203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert search("203.0.113.2") == 200, "another reader behind the same proxy is not blocked"
    # An attacker talking to the node directly cannot buy a fresh bucket with a forged header.
    assert [search(f"192.0.2.{n}", peer="198.51.100.7") for n in range(3)] == [200, 200, 429]


def test_every_limit_is_a_setting(settings):
    settings.PEWARTA_RATE_LIMITS = ["complaints=1/10", "rusak=x/y"]
    assert ratelimit.configured_limit("complaints", 5, 3600) == (1, 10)
    assert ratelimit.configured_limit("search", 60, 60) == (60, 60)
    assert ratelimit.configured_limit("rusak", 3, 30) == (3, 30)


def test_the_file_store_is_shared_by_every_worker_of_a_machine(settings, tmp_path):
    settings.PEWARTA_RATE_LIMIT_STORE = "file"
    settings.VAR_DIR = tmp_path
    first, second = ratelimit.Counters(), ratelimit.Counters()  # two worker processes
    assert first.hit("rl:uji:60:1", 60) == 1
    assert second.hit("rl:uji:60:1", 60) == 2
    assert first.hit("rl:uji:60:1", 60) == 3


@override_settings(REDIS_URL="redis://127.0.0.1:1/0", PEWARTA_REDIS_TIMEOUT=0.2)
def test_with_redis_unreachable_limits_still_hold_per_process():
    """The documented safe behaviour: counted in memory, never an error page, never unlimited."""
    ratelimit.counters.reset()
    for _ in range(3):
        ratelimit.ratelimit_hit("search:198.51.100.9", limit=3, window=60)
    with pytest.raises(RateLimited):
        ratelimit.ratelimit_hit("search:198.51.100.9", limit=3, window=60)


def test_the_redis_cache_carries_on_when_redis_is_away(settings):
    from pewarta.common.cache import ResilientRedisCache

    away = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    away.set("kunci", "nilai")
    assert away.get("kunci", "bawaan") == "bawaan"
    assert away.add("kunci", 1) is False and away.clear() is False
    assert cache.get("tidak-ada") is None
