"""Publishing: now, as an update of a live story, or at a scheduled time."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pewarta.common.errors import PewartaError, ValidationFailed
from pewarta.common.text import make_slug
from pewarta.desk import workflow
from pewarta.desk.models import RISK_CHECKED_KINDS, RiskChecklist, Status, Story
from pewarta.desk.services.core import locked_story
from pewarta.desk.services.editing import rights_pending
from pewarta.desk.services.transitions import transition

logger = logging.getLogger(__name__)


def check_publishable(story: Story, actor=None) -> None:
    """Rules that must hold before readers see a story (raises ValidationFailed).

    `actor` is who makes it live (None or the system: the person who scheduled it was checked).
    """
    if story.draft_revision_id is None:
        raise ValidationFailed(_("Tidak ada naskah untuk ditayangkan."))
    pending = rights_pending(story.draft_revision.images)
    if pending:
        raise ValidationFailed(
            ngettext(
                "%(n)d foto belum dinyatakan haknya oleh pengirim. Tunggu pernyataan penulis "
                "(tautannya ada di tanda terima email) atau lepas foto itu dari naskah.",
                "%(n)d foto belum dinyatakan haknya oleh pengirim. Tunggu pernyataan penulis "
                "(tautannya ada di tanda terima email) atau lepas foto-foto itu dari naskah.",
                len(pending),
            )
            % {"n": len(pending)}
        )
    if (
        story.kind in RISK_CHECKED_KINDS
        and not RiskChecklist.objects.filter(story=story, kind=story.kind).exists()
    ):
        raise ValidationFailed(
            _(
                "Jawab daftar periksa risiko (korban kejahatan seksual, anak, SARA, pencemaran "
                "nama baik) sebelum naskah jenis %(kind)s ini ditayangkan."
            )
            % {"kind": story.get_kind_display()}
        )
    if story.flag_victim or story.flag_minor:
        _check_identity_hidden(story, actor)


def _check_identity_hidden(story: Story, actor) -> None:
    """Victim or child: a second editor confirms the identity is disguised (four eyes)."""
    if not story.identity_hidden_confirmed or story.identity_hidden_confirmed_by_id is None:
        raise ValidationFailed(
            _(
                "Naskah ini melibatkan korban atau anak: pastikan identitas mereka sudah "
                "disamarkan sebelum ditayangkan."
            )
        )
    if getattr(actor, "pk", None) == story.identity_hidden_confirmed_by_id:
        raise ValidationFailed(
            _(
                "Naskah ini melibatkan korban atau anak: penyamaran identitas dipastikan oleh "
                "Anda sendiri. Editor lain yang menayangkannya, atau editor lain memastikan "
                "ulang penyamaran itu."
            )
        )


def _free_slug(base: str, *, exclude: int | None = None, given: set[str] = frozenset()) -> str:
    """`base`, else the first free `base-2`, `base-3`...: free of published stories (but
    `exclude`) and of `given`. Exact lookups by the slug index, fifty candidates a query."""
    published = Story.objects.filter(first_published_at__isnull=False)
    if exclude is not None:
        published = published.exclude(pk=exclude)
    candidates, n = [base], 2
    while True:
        taken = set(published.filter(slug__in=candidates).values_list("slug", flat=True))
        for slug in candidates:
            if slug not in taken and slug not in given:
                return slug
        candidates, n = [f"{base}-{i}" for i in range(n, n + 50)], n + 50


def _unique_public_slug(story: Story, headline: str) -> str:
    return _free_slug(make_slug(headline), exclude=story.pk)


def unique_public_slugs(texts: list[str]) -> list[str]:
    """A public slug for each text, as `_unique_public_slug` would give them one after the
    other: none taken by a published story or by an earlier text of the list."""
    bases = [make_slug(text) for text in texts]
    published = Story.objects.filter(first_published_at__isnull=False, slug__in=set(bases))
    taken = set(published.values_list("slug", flat=True))
    given: set[str] = set()
    slugs = []
    for base in bases:
        slug = base if base not in taken and base not in given else _free_slug(base, given=given)
        given.add(slug)
        slugs.append(slug)
    return slugs


def _publish_changes(locked: Story, actor) -> dict:
    now = timezone.now()
    revision = locked.draft_revision
    changes = {"live_revision": revision, "published_at": now, "scheduled_at": None}
    if locked.first_published_at is None:
        changes["first_published_at"] = now
        changes["slug"] = _unique_public_slug(locked, revision.headline)
    if locked.credited_editor_id is None and getattr(actor, "is_authenticated", False):
        changes["credited_editor"] = actor
    return changes


def story_publish(*, story: Story, actor, expected_version: int | None = None) -> Story:
    """Publish now (from in review, approved or scheduled)."""
    with transaction.atomic():
        locked = locked_story(story)
        workflow.check_transition(locked, "publish", actor)
        check_publishable(locked, actor)
        return transition(
            story,
            actor=actor,
            action="publish",
            expected_version=expected_version,
            changes=_publish_changes(locked, actor),
            payload={"revision": locked.draft_revision.number},
        )


def story_publish_update(*, story: Story, actor, note: str = "") -> Story:
    """Make the current draft of a published story live (a `Diperbarui` update)."""
    with transaction.atomic():
        locked = locked_story(story)
        workflow.check_transition(locked, "update", actor)
        if locked.draft_revision_id == locked.live_revision_id:
            raise ValidationFailed(_("Tidak ada perubahan yang belum ditayangkan."))
        check_publishable(locked, actor)
        return transition(
            story,
            actor=actor,
            action="update",
            note=note,
            changes={"live_revision": locked.draft_revision},
            payload={"revision": locked.draft_revision.number},
        )


def story_schedule(*, story: Story, actor, when: datetime) -> Story:
    if when is None or timezone.is_naive(when) or when <= timezone.now():
        raise ValidationFailed(_("Pilih waktu tayang di masa depan."))
    with transaction.atomic():
        locked = locked_story(story)
        workflow.check_transition(locked, "schedule", actor)
        check_publishable(locked, actor)
        changes = {"scheduled_at": when}
        if locked.credited_editor_id is None and getattr(actor, "is_authenticated", False):
            changes["credited_editor"] = actor
        story = transition(
            story,
            actor=actor,
            action="schedule",
            changes=changes,
            payload={"when": when.isoformat()},
        )
    return story


def story_unschedule(*, story: Story, actor) -> Story:
    return transition(story, actor=actor, action="unschedule", changes={"scheduled_at": None})


def stories_publish_due(*, now: datetime | None = None) -> list[int]:
    """Publish every scheduled story whose time has come (run by the task consumer)."""
    now = now or timezone.now()
    published = []
    due = Story.objects.filter(status=Status.SCHEDULED, scheduled_at__lte=now)
    for story in due.order_by("scheduled_at"):
        try:
            story_publish(story=story, actor=workflow.SYSTEM_ACTOR)
        except PewartaError:
            logger.exception("scheduled story %s could not be published", story.pk)
            continue
        published.append(story.pk)
    return published
