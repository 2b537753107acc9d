"""The desk queue: which stories need action, how long they have waited, what to watch for.

Reads only. Warnings are computed for the open queue (hundreds of pieces, not millions):
first-time contributor, awaiting sender confirmation, possible duplicate (MinHash),
victim/minor flag, unverified.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta

from datasketch import MinHash, MinHashLSH
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.accounts.models import Contributor
from pewarta.common.html import html_to_text
from pewarta.desk.models import Event, Status, Story

QUEUE_STATUSES = [
    Status.AWAITING_CONFIRMATION,
    Status.RECEIVED,
    Status.IN_REVIEW,
    Status.CHANGES_REQUESTED,
    Status.APPROVED,
    Status.SCHEDULED,
]

WARNINGS = {
    "first_time": _("Penulis baru"),
    "awaiting_confirmation": _("Menunggu konfirmasi pengirim"),
    "duplicate": _("Kemungkinan duplikat"),
    "victim_minor": _("Korban/anak"),
    "unverified": _("Belum terverifikasi"),
}

AGE_FILTERS = {
    "1h": (timedelta(hours=1), _("lebih dari 1 jam")),
    "4h": (timedelta(hours=4), _("lebih dari 4 jam")),
    "24h": (timedelta(hours=24), _("lebih dari 24 jam")),
    "72h": (timedelta(hours=72), _("lebih dari 3 hari")),
}

DEFAULT_TARGET_HOURS = {
    Status.AWAITING_CONFIRMATION: 48,
    Status.RECEIVED: 4,
    Status.IN_REVIEW: 24,
    Status.CHANGES_REQUESTED: 72,
    Status.APPROVED: 12,
}


def target_for(status: str) -> timedelta | None:
    hours = {**DEFAULT_TARGET_HOURS, **getattr(settings, "PEWARTA_DESK_TARGET_HOURS", {})}
    return timedelta(hours=hours[status]) if status in hours else None


def age_class(age: timedelta, target: timedelta | None) -> str:
    """ "ok" well inside the target, "near" in its last quarter, "late" past it."""
    if target is None:
        return "none"
    if age >= target:
        return "late"
    return "near" if age >= target * 0.75 else "ok"


@dataclass
class QueueItem:
    story: Story
    age: timedelta
    age_class: str
    target: timedelta | None
    warnings: list[str] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)

    @property
    def warning_labels(self):
        return [(code, WARNINGS[code]) for code in self.warnings]


def queue_queryset():
    """Open stories with `waiting_since` = when they entered their current status."""
    entered = (
        Event.objects.filter(story=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return (
        Story.objects.filter(status__in=QUEUE_STATUSES)
        .annotate(waiting_since=Subquery(entered))
        .select_related("draft_revision", "section", "assigned_editor")
        .prefetch_related("authors")
    )


def status_counts() -> dict[str, int]:
    rows = Story.objects.filter(status__in=QUEUE_STATUSES).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in QUEUE_STATUSES}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# --- warnings -----------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.U)


def shingles(text: str, size: int = 3) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _minhash(revision) -> MinHash:
    """Signatures are cached by a digest of the text they were computed from."""
    digest = hashlib.sha256(f"{revision.headline}\0{revision.body_html}".encode()).hexdigest()
    key = f"desk:minhash:{digest}"
    cached = cache.get(key)
    if cached is not None:
        scheme, values = cached
        return MinHash(num_perm=64, seed=7, hashvalues=values, scheme=scheme)
    mh = MinHash(num_perm=64, seed=7)
    for shingle in shingles(revision.headline + " " + html_to_text(revision.body_html)):
        mh.update(shingle.encode())
    cache.set(key, (mh.scheme, mh.hashvalues.tolist()), 60 * 60 * 24)
    return mh


def _normal_headline(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def possible_duplicates(stories, *, threshold: float = 0.6, recent_days: int = 30) -> dict:
    """story id -> ids of other stories (open or recently published) that look the same.

    Same normalised headline, or estimated Jaccard similarity of word 3-shingles >= threshold.
    """
    since = timezone.now() - timedelta(days=recent_days)
    others = (
        Story.objects.filter(Q(status__in=QUEUE_STATUSES) | Q(published_at__gte=since))
        .exclude(draft_revision__isnull=True)
        .select_related("draft_revision")
    )
    pool = {s.pk: s for s in others}
    pool.update({s.pk: s for s in stories if s.draft_revision_id})
    lsh = MinHashLSH(threshold=threshold, num_perm=64)
    hashes, by_headline = {}, {}
    for pk, story in pool.items():
        hashes[pk] = _minhash(story.draft_revision)
        lsh.insert(pk, hashes[pk])
        by_headline.setdefault(_normal_headline(story.draft_revision.headline), set()).add(pk)
    result = {}
    for story in stories:
        if story.pk not in hashes:
            continue
        found = set(lsh.query(hashes[story.pk]))
        found |= by_headline.get(_normal_headline(story.draft_revision.headline), set())
        found.discard(story.pk)
        if found:
            result[story.pk] = sorted(found)
    return result


def first_time_author_ids(stories) -> set[int]:
    """Authors of these stories who have nothing published yet."""
    ids = {a.pk for s in stories for a in s.authors.all()}
    published = Contributor.objects.filter(
        pk__in=ids, stories__first_published_at__isnull=False
    ).values_list("pk", flat=True)
    return ids - set(published)


def story_warnings(story, *, first_timers: set[int], duplicates: dict) -> list[str]:
    authors = list(story.authors.all())
    warnings = []
    if authors and all(a.pk in first_timers for a in authors):
        warnings.append("first_time")
    if story.status == Status.AWAITING_CONFIRMATION:
        warnings.append("awaiting_confirmation")
    if story.pk in duplicates:
        warnings.append("duplicate")
    if story.flag_victim or story.flag_minor:
        warnings.append("victim_minor")
    if story.is_unverified or (
        authors and all(a.verification == Contributor.Verification.UNVERIFIED for a in authors)
    ):
        warnings.append("unverified")
    return warnings


def warnings_for(story) -> tuple[list[str], list[Story]]:
    """The warnings of one story and the stories it may duplicate (for the review screen)."""
    duplicates = possible_duplicates([story])
    warnings = story_warnings(
        story, first_timers=first_time_author_ids([story]), duplicates=duplicates
    )
    similar = Story.objects.filter(pk__in=duplicates.get(story.pk, [])).select_related(
        "draft_revision"
    )
    return warnings, list(similar)


def build_queue(*, user, filters: dict) -> list[QueueItem]:
    """The queue as the desk sees it, filtered, oldest waiting first."""
    qs = queue_queryset()
    if filters.get("status") in QUEUE_STATUSES:
        qs = qs.filter(status=filters["status"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("section"):
        qs = qs.filter(section__slug=filters["section"])
    if filters.get("mine"):
        qs = qs.filter(assigned_editor=user)
    stories = list(qs)
    now = timezone.now()
    first_timers = first_time_author_ids(stories)
    duplicates = possible_duplicates(stories)
    items = []
    min_age = AGE_FILTERS.get(filters.get("age"), (None,))[0]
    for story in stories:
        age = now - (story.waiting_since or story.submitted_at)
        if min_age is not None and age < min_age:
            continue
        warnings = story_warnings(story, first_timers=first_timers, duplicates=duplicates)
        if filters.get("warning") and filters["warning"] not in warnings:
            continue
        target = target_for(story.status)
        items.append(
            QueueItem(
                story, age, age_class(age, target), target, warnings, duplicates.get(story.pk, [])
            )
        )
    rank = {"late": 0, "near": 1, "ok": 2, "none": 3}
    items.sort(key=lambda item: (rank[item.age_class], -item.age.total_seconds()))
    return items
