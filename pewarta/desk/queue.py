"""The desk queue: which stories need action, how long they have waited, what to watch for.

Reads only. Warnings are computed for the open queue (hundreds of pieces, not millions):
first-time contributor, awaiting sender confirmation, possible duplicate (MinHash),
victim/minor flag, unverified.
"""

import hashlib
import re
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta

from datasketch import MinHash, MinHashLSH
from django.conf import settings
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.accounts.models import Contributor
from pewarta.audit.models import Event
from pewarta.common.html import html_to_text
from pewarta.desk.models import Status, Story

QUEUE_STATUSES = [
    Status.AWAITING_CONFIRMATION,
    Status.RECEIVED,
    Status.IN_REVIEW,
    Status.CHANGES_REQUESTED,
    Status.APPROVED,
    Status.SCHEDULED,
]

STATUS_LABELS = {Status.PUBLISHED: _("Tayang, perubahan belum tayang")}

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


def needs_action() -> Q:
    """Open stories, and published ones whose edited draft is not live yet."""
    unreleased = Q(status=Status.PUBLISHED) & ~Q(draft_revision=F("live_revision"))
    return Q(status__in=QUEUE_STATUSES) | unreleased


def queue_queryset():
    """Open stories with `waiting_since` = when they entered their current status."""
    entered = (
        Event.objects.filter(story=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return (
        Story.objects.filter(needs_action())
        .annotate(waiting_since=Subquery(entered))
        .select_related("draft_revision", "section", "assigned_editor")
        .prefetch_related("authors")
    )


def status_counts() -> dict[str, int]:
    rows = Story.objects.filter(needs_action()).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in [*QUEUE_STATUSES, Status.PUBLISHED]}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# --- warnings -----------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.U)


def shingles(text: str, size: int = 3) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


_NUM_PERM = 64
_SIGNATURE_LIMIT = 50_000
_signatures: OrderedDict[str, MinHash] = OrderedDict()
_index: dict = {}
_lock = threading.RLock()


def _template() -> MinHash:
    # zlib.crc32: deterministic and fast; signatures never leave this process.
    if "template" not in _index:
        _index["template"] = MinHash(num_perm=_NUM_PERM, seed=7, hashfunc=zlib.crc32)
    return _index["template"]


def signature(headline: str, body_html: str) -> MinHash:
    """MinHash of the body's word 3-shingles, memoised by a digest of the text.

    Headlines are left out (the same release often arrives under two subjects); equal
    headlines are caught separately.
    """
    digest = hashlib.sha256(f"{headline}\0{body_html}".encode()).hexdigest()
    with _lock:
        found = _signatures.get(digest)
        if found is not None:
            _signatures.move_to_end(digest)
            return found
    mh = _template().copy()
    text = html_to_text(body_html) or headline
    mh.update_batch([s.encode() for s in shingles(text)])
    with _lock:
        _signatures[digest] = mh
        while len(_signatures) > _SIGNATURE_LIMIT:
            _signatures.popitem(last=False)
    return mh


def _normal_headline(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _pool(recent_days: int):
    since = timezone.now() - timedelta(days=recent_days)
    return Story.objects.filter(Q(status__in=QUEUE_STATUSES) | Q(published_at__gte=since)).exclude(
        draft_revision__isnull=True
    )


def _new_index(threshold: float) -> dict:
    return {
        "threshold": threshold,
        "fingerprint": None,
        "lsh": MinHashLSH(threshold=threshold, num_perm=_NUM_PERM),
        "hashes": {},  # story id -> signature
        "revs": {},  # story id -> (draft revision id, its time): what the signature is of
        "headlines": {},  # story id -> normalised headline
        "by_headline": {},  # normalised headline -> story ids
    }


def _forget(index: dict, pk: int) -> None:
    index["lsh"].remove(pk)
    del index["hashes"][pk], index["revs"][pk]
    index["by_headline"].get(index["headlines"].pop(pk), set()).discard(pk)


def _remember(index: dict, pk: int, rev, headline: str, body: str) -> None:
    index["hashes"][pk] = signature(headline, body)
    index["lsh"].insert(pk, index["hashes"][pk])
    index["revs"][pk] = rev
    index["headlines"][pk] = _normal_headline(headline)
    index["by_headline"].setdefault(index["headlines"][pk], set()).add(pk)


def _duplicate_index(threshold: float, recent_days: int) -> dict:
    """LSH over open and recently published stories, updated for what changed since last time.

    Caller holds `_lock`.
    """
    pool = _pool(recent_days)
    fingerprint = tuple(
        pool.aggregate(n=Count("pk"), top=Max("pk"), rev=Max("draft_revision_id"),
                       at=Max("updated_at")).values()
    )  # fmt: skip
    index = _index.get("duplicates")
    if index is None or index["threshold"] != threshold:
        index = _index["duplicates"] = _new_index(threshold)
    if index["fingerprint"] == fingerprint:
        return index
    current = {
        pk: (rev, at)
        for pk, rev, at in pool.values_list("pk", "draft_revision_id", "draft_revision__created_at")
    }
    for pk, rev in list(index["revs"].items()):
        if current.get(pk) != rev:
            _forget(index, pk)
    missing = [pk for pk in current if pk not in index["revs"]]
    for start in range(0, len(missing), 500):
        rows = Story.objects.filter(pk__in=missing[start : start + 500]).values_list(
            "pk", "draft_revision__headline", "draft_revision__body_html"
        )
        for pk, headline, body in rows:
            _remember(index, pk, current[pk], headline, body)
    index["fingerprint"] = fingerprint
    return index


def possible_duplicates(stories, *, threshold: float = 0.6, recent_days: int = 30) -> dict:
    """story id -> ids of other stories (open or recently published) that look the same.

    Same normalised headline, or estimated Jaccard similarity of word 3-shingles >= threshold.
    """
    result = {}
    with _lock:
        index = _duplicate_index(threshold, recent_days)
        for story in stories:
            _match(index, story, result)
    return result


def _match(index: dict, story, result: dict) -> None:
    revision = story.draft_revision
    if revision is None:
        return
    mh = index["hashes"].get(story.pk) or signature(revision.headline, revision.body_html)
    found = set(index["lsh"].query(mh))
    found |= index["by_headline"].get(_normal_headline(revision.headline), set())
    found.discard(story.pk)
    if found:
        result[story.pk] = sorted(found)


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
    if filters.get("status") in [*QUEUE_STATUSES, Status.PUBLISHED]:
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
        if story.status == Status.PUBLISHED:  # an edit waiting to go live: since the edit
            story.waiting_since = story.draft_revision.created_at
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
