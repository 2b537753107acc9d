"""How much each story is read: counted by a beacon, kept per day, read by the desk and the home.

A page served from the page cache or from Varnish never reaches Django, so the story page
carries a small static script (`public/dibaca.js`) that POSTs `/dibaca/<story id>` once the page
is shown. The endpoint counts a reader at most once per story per PEWARTA_VIEW_DEDUPE_SECONDS
(address and browser, hashed, in the shared rate-limit store) and an address at most
`views=120/60` times a minute (a rate-limit scope), then adds one to a counter: in Redis when
the site has one (a hash per day, shared by every node), else in the machine's spool files.
The `public_views_flush` task adds both into `StoryViews`, the daily table that the desk's
numbers and the home page's Terpopuler read (`most_read`, `story_views_by_day`).
"""

import hashlib
import logging
import time
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pewarta.common.errors import RateLimited
from pewarta.common.ratelimit import client_ip, counters, ratelimit_hit
from pewarta.common.timefmt import JAKARTA
from pewarta.desk.models import Story
from pewarta.public import pagecache
from pewarta.public.models import StoryViews

logger = logging.getLogger(__name__)
REDIS_PREFIX = "pewarta:views:"
_redis = {"url": None, "client": None}


def _redis_client():
    if not settings.REDIS_URL:
        return None
    if _redis["url"] != settings.REDIS_URL:
        import redis

        timeout = settings.PEWARTA_REDIS_TIMEOUT
        _redis["client"] = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        _redis["url"] = settings.REDIS_URL
    return _redis["client"]


def _today() -> date:
    return timezone.localdate(timezone=JAKARTA)


def _is_public(story_id: int) -> bool:
    return Story.objects.published().filter(pk=story_id).exists()


def view_count(story_id: int) -> None:
    """One more read of the story today, in Redis (every node) or the local spool."""
    client = _redis_client()
    if client is not None:
        key = f"{REDIS_PREFIX}{_today():%Y%m%d}"
        try:
            pipe = client.pipeline()
            pipe.hincrby(key, str(story_id), 1)
            pipe.expire(key, 8 * 86400)
            pipe.execute()
            return
        except Exception as error:  # noqa: BLE001 - Redis away: count on this machine instead
            logger.warning("view counter in Redis unavailable (%s); spooling locally", error)
    pagecache.count_view(story_id)


def view_record(*, story_id: int, reader: str) -> bool:
    """Count a reader's view unless they were counted for this story lately. Returns counted."""
    try:
        ratelimit_hit(f"views:{reader.split('|', 1)[0]}", limit=120, window=60)
    except RateLimited:
        return False
    digest = hashlib.sha256(f"{story_id}|{reader}".encode()).hexdigest()[:24]
    window = settings.PEWARTA_VIEW_DEDUPE_SECONDS
    if counters.hit(f"seen:{digest}:{int(time.time()) // window}", window) > 1:
        return False
    if not _is_public(story_id):
        return False
    view_count(story_id)
    return True


@csrf_exempt  # a beacon carries no token; it can only add one read of a published story
@require_POST
@never_cache
def beacon(request, story_id: int):
    reader = f"{client_ip(request)}|{request.headers.get('user-agent', '')[:200]}"
    view_record(story_id=story_id, reader=reader)
    return HttpResponse(status=204)


def redis_views_take() -> dict[tuple[int, date], int]:
    """Take (and remove) every day's counts from Redis: {(story id, day): views}."""
    client = _redis_client()
    if client is None:
        return {}
    totals: dict[tuple[int, date], int] = {}
    try:
        for key in client.scan_iter(match=f"{REDIS_PREFIX}*", count=100):
            name = key.decode()
            stamp = name.removeprefix(REDIS_PREFIX)
            if not stamp.isdigit():
                continue
            taken = f"{name}:taken:{time.time_ns()}"
            if not client.renamenx(name, taken):
                continue
            day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
            for story_id, n in client.hgetall(taken).items():
                totals[(int(story_id), day)] = totals.get((int(story_id), day), 0) + int(n)
            client.delete(taken)
    except Exception as error:  # noqa: BLE001 - try again at the next flush
        logger.warning("could not read view counts from Redis (%s)", error)
    return totals


# --- reading the counts --------------------------------------------------------------------------


def most_read(*, limit: int = 5, days: int = 7) -> list[Story]:
    """The most read published stories of the last `days` days, most read first (Terpopuler).

    Each story carries `views_week`: its reads over those days."""
    since = _today() - timedelta(days=days - 1)
    ranked = (
        StoryViews.objects.filter(day__gte=since)
        .values("story_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "-story_id")[: limit * 4]
    )
    totals = {row["story_id"]: row["total"] for row in ranked}
    published = Story.objects.published().filter(pk__in=totals).select_related("live_revision")
    stories = {s.pk: s for s in published}
    found = [stories[pk] for pk in totals if pk in stories][:limit]
    for story in found:
        story.views_week = totals[story.pk]
    return found


def _days(days: int) -> list[date]:
    today = _today()
    return [today - timedelta(days=n) for n in range(days - 1, -1, -1)]


def story_views_by_day(*, days: int = 30, stories: int = 10) -> dict:
    """For the desk's numbers: reads per day in all, per section and for the most read stories.

    {"days": [date...], "total": [n...], "sections": [(name, [n...], total)],
     "stories": [(story, [n...], total)]}, each series one number per day, oldest first.
    """
    span = _days(days)
    index = {day: i for i, day in enumerate(span)}
    rows = StoryViews.objects.filter(day__gte=span[0]).values_list(
        "story_id", "day", "views", "story__section__name"
    )
    total = [0] * len(span)
    sections: dict[str, list[int]] = {}
    per_story: dict[int, list[int]] = {}
    for story_id, day, views, section in rows:
        i = index[day]
        total[i] += views
        sections.setdefault(section or "—", [0] * len(span))[i] += views
        per_story.setdefault(story_id, [0] * len(span))[i] += views
    top = sorted(per_story.items(), key=lambda kv: (-sum(kv[1]), -kv[0]))[:stories]
    found = Story.objects.filter(pk__in=[pk for pk, _s in top]).select_related(
        "live_revision", "draft_revision", "section"
    )
    by_pk = {s.pk: s for s in found}
    return {
        "days": span,
        "total": total,
        "sections": sorted(
            ((name, series, sum(series)) for name, series in sections.items()),
            key=lambda row: -row[2],
        ),
        "stories": [(by_pk[pk], series, sum(series)) for pk, series in top if pk in by_pk],
    }
