"""The desk queue: which stories need action, how long they have waited, what to watch for.

Reads only. Warnings are computed for the editorial queue (hundreds of pieces, not millions):
first-time contributor, text found elsewhere (the newest integrity check, kept as an Event),
victim/minor flag, unverified. Pieces still awaiting their sender's confirmation are not
editorial work yet and can be thousands after a spam flood: they have their own tab (intake's
`/desk/konfirmasi/`), paged in SQL, and the queue only counts them up to UNCONFIRMED_COUNT_CAP.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from pewarta.accounts.models import Contributor
from pewarta.audit.models import Event
from pewarta.desk import services
from pewarta.desk.models import Status, Story

QUEUE_STATUSES = [
    Status.AWAITING_CONFIRMATION,
    Status.RECEIVED,
    Status.IN_REVIEW,
    Status.CHANGES_REQUESTED,
    Status.APPROVED,
    Status.SCHEDULED,
]

EDITORIAL_STATUSES = [s for s in QUEUE_STATUSES if s != Status.AWAITING_CONFIRMATION]
UNCONFIRMED_COUNT_CAP = 1000  # "1000+": enough to see a flood, cheap whatever its size

STATUS_LABELS = {Status.PUBLISHED: _("Tayang, perubahan belum tayang")}

WARNINGS = {
    "first_time": _("Penulis baru"),
    "awaiting_confirmation": _("Menunggu konfirmasi pengirim"),
    "similar": _("Mirip naskah lain"),
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
    similarity: dict | None = None  # the newest integrity check, when it found a source
    options: str = ""  # the "Tugaskan kepada" <option>s, set by with_editor_options()

    @property
    def similarity_percent(self) -> int:
        found = self.similarity or {}
        return round(100 * max(found.get("share_new") or 0, found.get("share_source") or 0))

    @property
    def warning_labels(self):
        return [(code, WARNINGS[code]) for code in self.warnings]

    # A page has fifty rows with several links each: one reverse() per URL name, not per row.
    @property
    def review_url(self) -> str:
        return _url_of("desk:review", self.story.pk)

    @property
    def assign_url(self) -> str:
        return _url_of("desk:assign", self.story.pk)


def with_editor_options(items, editors):
    """Each row's editor list as HTML built once here (a page has fifty rows and a newsroom
    tens of editors), this row's editor selected. Names are escaped."""
    options = [(pk, f'<option value="{pk}">{escape(name)}</option>') for pk, name in editors]
    for item in items:
        chosen = item.story.assigned_editor_id
        item.options = mark_safe(  # noqa: S308 - built from escaped names
            "".join(
                html.replace(">", " selected>", 1) if pk == chosen else html for pk, html in options
            )
        )
    return items


@lru_cache(maxsize=16)
def _url_pattern(name: str, prefix: str) -> str:
    return reverse(name, args=[0])


def _url_of(name: str, pk: int) -> str:
    return _url_pattern(name, get_script_prefix()).replace("/0/", f"/{pk}/", 1)


def needs_action() -> Q:
    """Open stories, and published ones whose edited draft is not live yet."""
    unreleased = Q(status=Status.PUBLISHED) & ~Q(draft_revision=F("live_revision"))
    return Q(status__in=QUEUE_STATUSES) | unreleased


def editorial() -> Q:
    """What editors work on: `needs_action` less the pieces awaiting their sender."""
    unreleased = Q(status=Status.PUBLISHED) & ~Q(draft_revision=F("live_revision"))
    return Q(status__in=EDITORIAL_STATUSES) | unreleased


def search(query: str) -> Q:
    """Headline, writer (pen name, real name, address) or tracking code."""
    query = query.strip()[:200]
    writers = Contributor.objects.filter(
        Q(pen_name__icontains=query) | Q(real_name__icontains=query) | Q(email__icontains=query)
    )
    return (
        Q(tracking_code__iexact=query)
        | Q(draft_revision__headline__icontains=query)
        | Q(pk__in=Story.authors.through.objects.filter(contributor__in=writers).values("story"))
    )


def queue_queryset():
    """Open stories with `waiting_since` = when they entered their current status."""
    entered = (
        Event.objects.filter(story=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return (
        Story.objects.filter(editorial())
        .annotate(waiting_since=Subquery(entered))
        .select_related("draft_revision", "section", "assigned_editor")
        .prefetch_related("authors")
    )


def status_counts() -> dict[str, int]:
    """Editorial pieces per status (exact), the unconfirmed ones counted up to the cap."""
    rows = Story.objects.filter(editorial()).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in [*EDITORIAL_STATUSES, Status.PUBLISHED]}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def unconfirmed_count() -> int:
    """Pieces awaiting their sender's confirmation, counted up to UNCONFIRMED_COUNT_CAP."""
    capped = Story.objects.filter(status=Status.AWAITING_CONFIRMATION).order_by()
    return capped.values("pk")[:UNCONFIRMED_COUNT_CAP].count()


# --- warnings -----------------------------------------------------------------------------------


def similarity_of(summaries: dict[int, dict]) -> dict[int, dict]:
    """story id -> its newest integrity check's top source, when it found one."""
    return {pk: s for pk, s in summaries.items() if s["share_new"] or s["share_source"]}


def first_time_author_ids(stories) -> set[int]:
    """Authors of these stories who have nothing published yet."""
    ids = {a.pk for s in stories for a in s.authors.all()}
    published = Contributor.objects.filter(
        pk__in=ids, stories__first_published_at__isnull=False
    ).values_list("pk", flat=True)
    return ids - set(published)


def story_warnings(story, *, first_timers: set[int], similar: dict) -> list[str]:
    authors = list(story.authors.all())
    warnings = []
    if authors and all(a.pk in first_timers for a in authors):
        warnings.append("first_time")
    if story.status == Status.AWAITING_CONFIRMATION:
        warnings.append("awaiting_confirmation")
    if story.pk in similar:
        warnings.append("similar")
    if story.flag_victim or story.flag_minor:
        warnings.append("victim_minor")
    if story.is_unverified or (
        authors and all(a.verification == Contributor.Verification.UNVERIFIED for a in authors)
    ):
        warnings.append("unverified")
    return warnings


def warnings_for(story) -> tuple[list[str], dict | None]:
    """The warnings of one story and its newest integrity check (for the review screen)."""
    check = services.latest_check(story)
    similar = similarity_of(services.check_summaries([story.pk]) if check else {})
    warnings = story_warnings(story, first_timers=first_time_author_ids([story]), similar=similar)
    return warnings, check


def _filtered(qs, *, user, filters: dict):
    if filters.get("pk"):
        qs = qs.filter(pk=filters["pk"])
    if filters.get("q", "").strip():
        qs = qs.filter(search(filters["q"]))
    if filters.get("status") in [*EDITORIAL_STATUSES, Status.PUBLISHED]:
        qs = qs.filter(status=filters["status"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("section"):
        qs = qs.filter(section__slug=filters["section"])
    if filters.get("mine"):
        qs = qs.filter(assigned_editor=user)
    return qs


_RANK = {"late": 0, "near": 1, "ok": 2, "none": 3}


def _age(status, waiting_since, submitted_at, edited_at, now) -> timedelta:
    if status == Status.PUBLISHED:  # an edit waiting to go live: since the edit
        return now - edited_at
    return now - (waiting_since or submitted_at)


def build_queue(*, user, filters: dict) -> list[QueueItem]:
    """The queue as the desk sees it, filtered, oldest waiting first (every item's warnings)."""
    stories = list(_filtered(queue_queryset(), user=user, filters=filters))
    return _items(stories, filters=filters)


def _items(stories, *, filters: dict) -> list[QueueItem]:
    now = timezone.now()
    first_timers = first_time_author_ids(stories)
    similar = similarity_of(services.check_summaries([s.pk for s in stories]))
    items = []
    min_age = AGE_FILTERS.get(filters.get("age"), (None,))[0]
    for story in stories:
        edited_at = story.draft_revision.created_at if story.draft_revision else None
        age = _age(story.status, story.waiting_since, story.submitted_at, edited_at, now)
        if min_age is not None and age < min_age:
            continue
        warnings = story_warnings(story, first_timers=first_timers, similar=similar)
        if filters.get("warning") and filters["warning"] not in warnings:
            continue
        target = target_for(story.status)
        items.append(
            QueueItem(story, age, age_class(age, target), target, warnings, similar.get(story.pk))
        )
    items.sort(key=lambda item: (_RANK[item.age_class], -item.age.total_seconds()))
    return items


def queue_page(*, user, filters: dict, number, per_page: int) -> Page:
    """One page of the queue: the order is worked out on bare rows (status and times) and only
    the page's stories are loaded with their authors, checks and warnings."""
    if filters.get("warning"):  # a warning filter needs every story's warnings
        return Paginator(build_queue(user=user, filters=filters), per_page).get_page(number)
    rows = _filtered(queue_queryset(), user=user, filters=filters).values_list(
        "pk", "status", "waiting_since", "submitted_at", "draft_revision__created_at"
    )
    now = timezone.now()
    min_age = AGE_FILTERS.get(filters.get("age"), (None,))[0]
    ordered = []
    for pk, status, waiting_since, submitted_at, edited_at in rows:
        age = _age(status, waiting_since, submitted_at, edited_at, now)
        if min_age is None or age >= min_age:
            ordered.append((_RANK[age_class(age, target_for(status))], -age.total_seconds(), pk))
    ordered.sort()
    page = Paginator([pk for *_key, pk in ordered], per_page).get_page(number)
    stories = {s.pk: s for s in queue_queryset().filter(pk__in=list(page.object_list))}
    page.object_list = _items([stories[pk] for pk in page.object_list if pk in stories],
                              filters=filters)  # fmt: skip
    return page
