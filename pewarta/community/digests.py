"""Email digests: what the people someone follows published since the last one.

`digests_queue` splits the active subscribers of one frequency into batches and queues one
task per batch; `digest_send_batch` builds and sends each digest. Before sending, a batch
claims (subscriber, period) in `DigestSend` (unique), and marks it sent afterwards: a batch
retried after a failure skips everyone already served, and two workers never serve one
person twice.
"""

import logging
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from pewarta.common.mail import render_mail
from pewarta.community.models import DigestSend, Follow, Subscriber
from pewarta.community.services.follows import unsubscribe_headers
from pewarta.desk.models import Story

logger = logging.getLogger(__name__)
CLAIM_MINUTES = 15
MAX_STORIES = 20
WINDOW = {
    Subscriber.Frequency.DAILY: timedelta(days=1),
    Subscriber.Frequency.WEEKLY: timedelta(days=7),
}


def period_key(frequency: str, now: datetime) -> str:
    day = timezone.localdate(now)
    if frequency == Subscriber.Frequency.DAILY:
        return f"daily:{day.isoformat()}"
    year, week, _weekday = day.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def active_subscribers(frequency: str):
    return Subscriber.objects.filter(
        frequency=frequency, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).filter(Exists(Follow.objects.filter(subscriber=OuterRef("pk"), active=True)))


def digest_batches(frequency: str, now: datetime | None = None):
    """(subscriber ids, period, since, until) for every batch of one frequency's digests."""
    now = now or timezone.now()
    period = period_key(frequency, now)
    since = now - WINDOW[frequency]
    ids = active_subscribers(frequency).order_by("pk").values_list("pk", flat=True)
    size = settings.PEWARTA_DIGEST_BATCH_SIZE
    batch = []
    for pk in ids.iterator(chunk_size=5000):
        batch.append(pk)
        if len(batch) == size:
            yield batch, period, since, now
            batch = []
    if batch:
        yield batch, period, since, now


def _stories_by_target(since: datetime, until: datetime) -> tuple[dict, dict]:
    stories = list(
        Story.objects.published()
        .filter(published_at__gte=since, published_at__lt=until)
        .select_related("live_revision", "section")
        .prefetch_related("authors", "tags")
        .order_by("-published_at")
    )
    by_target = defaultdict(list)
    for story in stories:
        for author in story.authors.all():
            by_target[(Follow.Kind.WRITER, author.pk)].append(story)
        for tag in story.tags.all():
            by_target[(Follow.Kind.TAG, tag.pk)].append(story)
        if story.section_id:
            by_target[(Follow.Kind.SECTION, story.section_id)].append(story)
    return by_target, {story.pk: story for story in stories}


def _claim(ids: list[int], period: str, now: datetime) -> set[int]:
    """The subscribers of `ids` whose digest of `period` this run now holds (and is unsent):
    new claims are inserted (the unique constraint refuses duplicates), claims left by a run
    that failed or died are taken over once they expire. Three queries for the whole batch."""
    token = uuid.uuid4().hex
    until = now + timedelta(minutes=CLAIM_MINUTES)
    DigestSend.objects.bulk_create(
        [
            DigestSend(subscriber_id=pk, period=period, claim=token, claimed_until=until)
            for pk in ids
        ],
        ignore_conflicts=True,
    )
    DigestSend.objects.filter(
        subscriber_id__in=ids, period=period, sent_at__isnull=True, claimed_until__lt=now
    ).update(claim=token, claimed_until=until)
    return set(
        DigestSend.objects.filter(
            subscriber_id__in=ids, period=period, claim=token, sent_at__isnull=True
        ).values_list("subscriber_id", flat=True)
    )


def _line(story) -> dict:
    """What a digest says about a story, computed once per batch."""
    return {
        "headline": story.live_revision.headline,
        "byline": ", ".join(a.pen_name for a in story.authors.all()),
        "section": story.section.name if story.section_id else "",
        "url": settings.PEWARTA_SITE_URL + story.get_absolute_url(),
    }


def _message(subscriber: Subscriber, stories: list, period: str) -> EmailMessage:
    subject, body = render_mail(
        "digest",
        {"subscriber": subscriber, "stories": stories, "period": period},
        subscriber.language,
    )
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            **unsubscribe_headers(subscriber),
            "Auto-Submitted": "auto-generated",
            "Precedence": "bulk",
        },
    )


def send_batch(ids: list[int], period: str, since: datetime, until: datetime) -> tuple[int, int]:
    """Send the batch's digests; returns (sent, failed). Failed ones stay claimable."""
    by_target, _stories = _stories_by_target(since, until)
    follows = defaultdict(list)
    for sub_id, kind, target in Follow.objects.filter(
        subscriber_id__in=ids, active=True
    ).values_list("subscriber_id", "kind", "target_id"):
        follows[sub_id].append((kind, target))
    subscribers = Subscriber.objects.in_bulk(ids)
    chosen = {}
    for pk in ids:
        subscriber = subscribers.get(pk)
        if subscriber is None or not subscriber.is_active:
            continue
        found = {story.pk: story for key in follows.get(pk, ()) for story in by_target.get(key, ())}
        if found:
            newest = sorted(found.values(), key=lambda s: s.published_at, reverse=True)
            chosen[pk] = newest[:MAX_STORIES]
    if not chosen:
        return 0, 0
    ours = _claim(list(chosen), period, timezone.now())
    lines = {}
    sent = failed = 0
    connection = get_connection()
    for pk, stories in chosen.items():
        if pk not in ours:
            continue
        for story in stories:
            if story.pk not in lines:
                lines[story.pk] = _line(story)
        try:
            message = _message(subscribers[pk], [lines[s.pk] for s in stories], period)
            connection.send_messages([message])
        except Exception as error:  # noqa: BLE001 - this one is retried with the batch
            logger.warning("digest to subscriber %s failed: %s", pk, error)
            DigestSend.objects.filter(subscriber_id=pk, period=period).update(
                claimed_until=timezone.now() - timedelta(seconds=1)
            )
            failed += 1
            continue
        DigestSend.objects.filter(subscriber_id=pk, period=period).update(
            sent_at=timezone.now(), stories=len(stories)
        )
        sent += 1
    return sent, failed
