"""Huey on Redis for several task nodes: no task lost when a consumer dies or Redis blinks.

Plain Huey pops a task off the Redis list and runs it; if the consumer dies meanwhile, the
task is gone. Here:
- a worker moves the task atomically (BLMOVE) into its own "processing" list and removes it
  only after running it; every consumer keeps a short-lived "alive" key, and any consumer
  puts back the tasks of one whose key has expired, so another runs them;
- a task queued while Redis does not answer is written to the database (QueuedTask) and
  moved to Redis by a consumer once it is back;
- each periodic task is queued once per minute for the whole cluster, not once per consumer.

Tasks must therefore be safe to run twice (they are: each one re-reads the database under a
lock and does only what is still to do); the queue makes sure each runs at least once.
"""

import logging
import os
import socket
import threading
import time
import uuid

from huey import RedisHuey
from huey.storage import RedisStorage
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)
HEARTBEAT = 2.0  # seconds between "alive" refreshes
LEASE = 8  # seconds after the last refresh that a consumer counts as dead


class ReliableRedisStorage(RedisStorage):
    def __init__(self, name="huey", **kwargs):
        kwargs.setdefault("socket_timeout", 5)
        kwargs.setdefault("socket_connect_timeout", 2)
        kwargs.setdefault("health_check_interval", 10)
        url = kwargs.pop("url", None)
        if url:
            from redis import ConnectionPool

            options = {
                k: kwargs.pop(k)
                for k in ("socket_timeout", "socket_connect_timeout", "health_check_interval")
            }
            kwargs["connection_pool"] = ConnectionPool.from_url(url, **options)
        else:
            for k in ("socket_timeout", "socket_connect_timeout", "health_check_interval"):
                kwargs.pop(k)
        super().__init__(name, **kwargs)
        self.consumer_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.processing_prefix = f"huey.processing.{self.name}."
        self.alive_prefix = f"huey.alive.{self.name}."
        self.current = threading.local()
        self.heartbeat = None

    # --- a worker's own list -------------------------------------------------------------

    def _processing_key(self) -> str:
        return f"{self.processing_prefix}{self.consumer_id}|{threading.get_ident()}"

    def dequeue(self):
        self._start_heartbeat()
        key = self._processing_key()
        try:
            data = self.conn.blmove(self.queue_key, key, self.read_timeout, "RIGHT", "LEFT")
        except (TimeoutError, TypeError, IndexError):
            return None
        if data is not None:
            self.current.entry = (key, data)
        return data

    def ack(self) -> None:
        entry = getattr(self.current, "entry", None)
        self.current.entry = None
        if entry is None:
            return
        key, data = entry
        for attempt in range(30):
            try:
                self.conn.lrem(key, 1, data)
                return
            except REDIS_DOWN:
                time.sleep(min(2.0, 0.1 * (attempt + 1)))
        logger.error("could not acknowledge a finished task; it may run again")

    # --- liveness and recovery -------------------------------------------------------------

    def _start_heartbeat(self) -> None:
        if self.heartbeat is None:
            self.heartbeat = threading.Thread(target=self._beat, name="huey-heartbeat", daemon=True)
            self.heartbeat.start()

    def _beat(self) -> None:
        from django.db import close_old_connections

        while True:
            try:
                close_old_connections()
                self.conn.set(self.alive_prefix + self.consumer_id, b"1", ex=LEASE)
                self.requeue_orphans()
                spool_drain(self)
            except REDIS_DOWN:
                pass
            except Exception:
                logger.exception("task queue upkeep failed")
            time.sleep(HEARTBEAT)

    def requeue_orphans(self) -> int:
        """Put back the tasks held by consumers that stopped refreshing their alive key."""
        moved = 0
        for key in self.conn.scan_iter(match=self.processing_prefix + "*", count=200):
            name = key.decode() if isinstance(key, bytes) else key
            owner = name[len(self.processing_prefix) :].split("|", 1)[0]
            if owner == self.consumer_id or self.conn.exists(self.alive_prefix + owner):
                continue
            while self.conn.lmove(name, self.queue_key, "RIGHT", "RIGHT") is not None:
                moved += 1
        if moved:
            logger.warning("put back %d task(s) of a consumer that stopped", moved)
        return moved

    def claim_periodic(self, name: str, minute: int) -> bool:
        key = f"huey.periodic.{self.name}.{name}.{minute}"
        return bool(self.conn.set(key, self.consumer_id, nx=True, ex=180))


def spool_drain(storage: ReliableRedisStorage, limit: int = 500) -> int:
    """Move tasks kept in the database while Redis was away into the queue, oldest first."""
    from django.db import transaction

    from pewarta.common.models import QueuedTask

    moved = 0
    with transaction.atomic():
        rows = list(QueuedTask.objects.select_for_update(skip_locked=True).order_by("pk")[:limit])
        for row in rows:
            storage.enqueue(bytes(row.data))
            moved += 1
        QueuedTask.objects.filter(pk__in=[r.pk for r in rows]).delete()
    if moved:
        logger.warning("queued %d task(s) kept in the database while Redis was away", moved)
    return moved


class ReliableRedisHuey(RedisHuey):
    storage_class = ReliableRedisStorage

    def enqueue(self, task):
        try:
            return super().enqueue(task)
        except REDIS_DOWN as error:
            if self._immediate:
                raise
            from pewarta.common.models import QueuedTask

            logger.warning("Redis unavailable (%s): task %s kept in the database", error, task)
            QueuedTask.objects.create(name=task.name[:200], data=self.serialize_task(task))
            return None

    def execute(self, task, timestamp=None):
        try:
            return super().execute(task, timestamp)
        finally:
            ack = getattr(self.storage, "ack", None)
            if ack is not None:
                ack()

    def read_periodic(self, timestamp):
        due = super().read_periodic(timestamp)
        if not due or not hasattr(self.storage, "claim_periodic"):
            return due
        minute = int(time.time() // 60)
        return [task for task in due if self.storage.claim_periodic(task.name, minute)]
