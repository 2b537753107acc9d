"""Digest tasks: a periodic task queues one task per batch of subscribers; each batch task
builds and sends its digests and, if some failed, is retried (the claims keep anyone from
getting the same digest twice)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pewarta.community.digests import digest_batches, send_batch


class DigestBatchIncomplete(Exception):
    pass


@db_task(retries=3, retry_delay=120)
def digest_send_batch(ids, period, since, until):
    sent, failed = send_batch(ids, period, since, until)
    if failed:
        raise DigestBatchIncomplete(f"{failed} of {len(ids)} digests not sent for {period}")
    return sent


def digests_queue(frequency: str, now=None) -> int:
    """Queue every batch of one frequency's digests; returns the number of batches."""
    count = 0
    for ids, period, since, until in digest_batches(frequency, now):
        digest_send_batch(ids, period, since, until)
        count += 1
    return count


@db_periodic_task(crontab(hour="23", minute="0"))  # 06.00 WIB
def digests_daily():
    return digests_queue("daily")


@db_periodic_task(crontab(day_of_week="0", hour="23", minute="30"))  # Monday 06.30 WIB
def digests_weekly():
    return digests_queue("weekly")
