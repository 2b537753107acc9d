"""The reliable queue on a real Redis (database 3 of the machine's; skipped where there is none)."""

import uuid

import pytest
import redis

from pewarta.common.models import QueuedTask
from pewarta.common.taskqueue import ReliableRedisHuey, ReliableRedisStorage, spool_drain

URL = "redis://127.0.0.1:6379/3"


@pytest.fixture
def name():
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    queue = f"uji{uuid.uuid4().hex[:8]}"
    yield queue
    client = redis.Redis.from_url(URL)
    for key in client.scan_iter(match=f"huey*{queue}*"):
        client.delete(key)


def consumer(name):
    storage = ReliableRedisStorage(name, url=URL)
    storage.heartbeat = object()  # tests drive liveness by hand
    return storage


def test_a_task_held_by_a_dead_consumer_goes_to_another(name):
    dead, alive = consumer(name), consumer(name)
    dead.enqueue(b"terbitkan-naskah-7")
    assert dead.dequeue() == b"terbitkan-naskah-7"  # taken, then the process is killed
    assert alive.dequeue() is None
    assert alive.requeue_orphans() == 1
    assert alive.dequeue() == b"terbitkan-naskah-7"
    alive.ack()
    assert not [k for k in alive.conn.scan_iter(match=alive.processing_prefix + "*")
                if alive.conn.llen(k)]  # fmt: skip


def test_a_living_consumer_keeps_its_task(name):
    busy, other = consumer(name), consumer(name)
    busy.enqueue(b"kirim-surat")
    busy.dequeue()
    busy.conn.set(busy.alive_prefix + busy.consumer_id, b"1", ex=30)
    assert other.requeue_orphans() == 0
    busy.ack()
    assert other.dequeue() is None


def test_each_periodic_task_is_queued_once_a_minute_for_the_cluster(name):
    first, second = consumer(name), consumer(name)
    assert first.claim_periodic("publish_due_stories", 29000000)
    assert not second.claim_periodic("publish_due_stories", 29000000)
    assert second.claim_periodic("publish_due_stories", 29000001)


@pytest.mark.django_db
def test_a_task_queued_while_redis_is_away_waits_in_the_database(name):
    away = ReliableRedisHuey(name, url="redis://127.0.0.1:1/0", results=False)

    @away.task()
    def tandai(n):
        return n

    tandai(5)
    [kept] = QueuedTask.objects.all()
    assert kept.name.endswith("tandai")
    back = consumer(name)
    assert spool_drain(back) == 1
    assert not QueuedTask.objects.exists()
    assert back.dequeue() == bytes(kept.data)
