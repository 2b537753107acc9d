"""The desk's side of the integrity checks: it reads its stories, integrity compares them.

Integrity sits below the desk and never reads a Story, so the desk hands it text: every
story's current draft is signed after each committed change (`story_integrity_update`, run by
the effect handler in desk.tasks), and an open story's draft is checked against the archive
and the reference corpus. The result is kept as a `story.integrity_checked` Event on the
story, so the check made before publication can still be shown after it. No Story field
changes, so an editor's open form does not go stale.
"""

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.roles import EDITOR, has_role
from pewarta.audit.models import Event
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted
from pewarta.desk.models import Kind, Status, Story
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.integrity import index, similarity
from pewarta.integrity.text import document_text

CHECK_EVENT = "story.integrity_checked"
OPEN_STATUSES = [
    Status.AWAITING_CONFIRMATION,
    Status.RECEIVED,
    Status.IN_REVIEW,
    Status.CHANGES_REQUESTED,
    Status.APPROVED,
    Status.SCHEDULED,
]


def revision_text(revision) -> str:
    if revision is None:
        return ""
    return document_text(revision.headline, revision.lead, revision.body_html)


def _writers(story: Story) -> str:
    return ", ".join(a.pen_name for a in story.authors.all())


def story_sources(ids: list[int]) -> dict[int, similarity.Source]:
    """Our stories as integrity shows them to the editor (headline, link, date, writer)."""
    stories = (
        Story.objects.filter(pk__in=ids)
        .select_related("draft_revision", "live_revision", "section")
        .prefetch_related("authors")
    )
    sources = {}
    for story in stories:
        shown = story.current
        published = story.status == Status.PUBLISHED and story.first_published_at
        when = story.first_published_at or story.submitted_at
        sources[story.pk] = similarity.Source(
            kind="story",
            id=story.pk,
            headline=shown.headline if shown else story.tracking_code,
            url=story.get_absolute_url() if published else reverse("desk:review", args=[story.pk]),
            date=timezone.localtime(when).isoformat() if when else "",
            writer=_writers(story),
            text=revision_text(story.draft_revision),
            press_release=story.kind == Kind.SIARAN_PERS,
            status=story.get_status_display(),
        )
    return sources


def needs_check(story: Story) -> bool:
    """Open pieces, and published ones whose edited draft is not live yet."""
    if story.draft_revision_id is None:
        return False
    unreleased = story.status == Status.PUBLISHED and story.draft_revision_id != (
        story.live_revision_id
    )
    return story.status in OPEN_STATUSES or unreleased


def latest_check(story: Story, *, revision_id: int | None = None) -> Event | None:
    checks = Event.objects.filter(story=story, action=CHECK_EVENT)
    if revision_id is not None:
        checks = checks.filter(payload__revision=revision_id)
    return checks.order_by("-created_at", "-id").first()


def check_summaries(story_ids: list[int]) -> dict[int, dict]:
    """story id -> the newest check's top source, for the queue's badges (no passages read)."""
    newest = (
        Event.objects.filter(story_id__in=story_ids, action=CHECK_EVENT)
        .values("story_id")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    rows = Event.objects.filter(pk__in=list(newest)).values_list(
        "story_id",
        "payload__top_share",
        "payload__sources__0__headline",
        "payload__sources__0__share_new",
        "payload__sources__0__share_source",
    )
    return {
        story_id: {"top_share": top or 0, "headline": headline or "", "share_new": new or 0,
                   "share_source": source or 0}
        for story_id, top, headline, new, source in rows
    }  # fmt: skip


def story_check_integrity(*, story: Story, actor=SYSTEM_ACTOR) -> Event:
    """Compare the story's draft with everything stored; keep the result as an Event."""
    if actor is not SYSTEM_ACTOR and not has_role(actor, EDITOR):
        raise NotPermitted()
    revision = story.draft_revision
    result = similarity.check_text(
        revision_text(revision), load_stories=story_sources, exclude_story_id=story.pk
    )
    payload = result.payload() | {
        "revision": revision.pk if revision else None,
        "revision_number": revision.number if revision else None,
    }
    if result.matches:
        top = result.matches[0]
        note = _("%(n)d sumber mirip; terbesar %(share)d%% naskah dari “%(headline)s”.") % {
            "n": len(result.matches),
            "share": round(top.share_new * 100),
            "headline": top.source.headline[:120],
        }
    else:
        note = _("Tidak ada sumber yang mirip.")
    return event_record(story=story, actor=actor, action=CHECK_EVENT, payload=payload, note=note)


def story_integrity_update(*, story_id: int) -> Event | None:
    """After a committed change: sign the story's draft; check it if it is still open.

    Idempotent: an unchanged text is neither signed nor checked again.
    """
    story = (
        Story.objects.select_related("draft_revision")
        .filter(pk=story_id)
        .filter(~Q(draft_revision=None))
        .first()
    )
    if story is None:
        index.fingerprint_drop(story_id=story_id)
        return None
    changed = index.fingerprint_story(story_id=story.pk, text=revision_text(story.draft_revision))
    if not needs_check(story):
        return None
    if not changed and latest_check(story, revision_id=story.draft_revision_id) is not None:
        return None
    event = story_check_integrity(story=story)
    _recheck_open_sources(event)
    return event


def stories_integrity_update(*, story_ids: list[int]) -> int:
    """`story_integrity_update` for a batch of new stories (an archive import): the drafts
    without a signature are signed and inserted in bulk, then the open ones are checked one
    by one as usual. Returns how many were signed."""
    stories = Story.objects.filter(pk__in=story_ids).exclude(draft_revision=None)
    unsigned = stories.filter(fingerprint=None).values_list(
        "pk", "draft_revision__headline", "draft_revision__lead", "draft_revision__body_html"
    )
    prepared = [
        index.prepare("story", pk, document_text(headline, lead, body))
        for pk, headline, lead, body in unsigned
    ]
    index.fingerprints_insert(prepared)
    found = set()
    for story in stories.only("pk", "status", "draft_revision_id", "live_revision_id"):
        found.add(story.pk)
        if needs_check(story):
            story_integrity_update(story_id=story.pk)
    for story_id in set(story_ids) - found:
        index.fingerprint_drop(story_id=story_id)
    return len(prepared)


def _recheck_open_sources(event: Event) -> None:
    """A copy found among open pieces: their checks learn of the newcomer too (the same
    release sent twice shows on both), one level deep."""
    ids = [s["id"] for s in event.payload.get("sources", []) if s.get("kind") == "story"]
    for other in Story.objects.filter(pk__in=ids).select_related("draft_revision"):
        if needs_check(other):
            story_check_integrity(story=other)


def stories_for_reindex():
    """(kind, id, text) of every story, for `pewarta integrity-reindex`."""
    rows = (
        Story.objects.exclude(draft_revision=None)
        .order_by("pk")
        .values_list(
            "pk", "draft_revision__headline", "draft_revision__lead", "draft_revision__body_html"
        )
    )
    for pk, headline, lead, body in rows.iterator(chunk_size=2000):
        yield "story", pk, document_text(headline, lead, body)
