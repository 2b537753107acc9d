"""Stories that arrive whole from another system's archive (`pewarta import-wxr`).

Work no person started (the import command, as SYSTEM) may create a story already published on
its original date, or put a draft into the desk, in one write: one Revision, one Event
(`story.imported`), one effect. Editors' actions go through the workflow as always.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.common.html import sanitize_html
from pewarta.desk import effects, workflow
from pewarta.desk.models import Kind, Revision, Section, Status, Story, Tag
from pewarta.desk.services.editing import _clean_images, section_for_kind
from pewarta.desk.services.publishing import _unique_public_slug


def story_import(
    *,
    actor,
    headline: str,
    body_html: str,
    authors: list[Contributor],
    published_at: datetime | None,
    submitted_at: datetime,
    publish: bool,
    kind: str = Kind.BERITA,
    lead: str = "",
    dateline: str = "",
    images: list | None = None,
    section: Section | None = None,
    tags: list[Tag] = (),
    slug: str = "",
    source: str = Story.Source.IMPORT,
    payload: dict | None = None,
    credited_editor=None,
    announce: bool = True,
) -> Story:
    """Create an imported story: published on `published_at` when `publish`, else received.

    `announce=False` leaves the after-commit effects to the caller (a bulk import reindexes
    once at the end instead of once per story).
    """
    if actor is not workflow.SYSTEM_ACTOR:
        raise NotPermitted(_("Hanya impor arsip yang dapat memasukkan naskah utuh."))
    headline = (headline or "").strip()[:300]
    if not headline:
        raise ValidationFailed(_("Judul wajib diisi."))
    if publish and (published_at is None or timezone.is_naive(published_at)):
        raise ValidationFailed(_("Tanggal tayang harus waktu yang sudah lewat, dengan zona waktu."))
    if publish and published_at > timezone.now():
        publish = False  # a future post waits in the desk like any scheduled piece would
    if kind not in Kind.values:
        kind = Kind.BERITA
    status = Status.PUBLISHED if publish else Status.RECEIVED
    with transaction.atomic():
        story = Story(
            kind=kind,
            section=section or section_for_kind(kind),
            status=status,
            source=source,
            credited_editor=credited_editor,
            submitted_at=min(submitted_at, published_at) if publish else submitted_at,
        )
        story.save()
        revision = Revision.objects.create(
            story=story,
            number=1,
            headline=headline,
            lead=(lead or "").strip(),
            body_html=sanitize_html(body_html),
            dateline=dateline[:80],
            images=_clean_images(images),
            note=_("Diimpor dari arsip"),
        )
        fields = {"draft_revision": revision}
        if publish:
            fields |= {
                "live_revision": revision,
                "published_at": published_at,
                "first_published_at": published_at,
                "slug": _unique_public_slug(story, slug or headline),
            }
        else:
            fields["slug"] = (slug or "")[:100]
        for name, value in fields.items():
            setattr(story, name, value)
        story.save(update_fields=list(fields))
        story.authors.set(authors)
        if tags:
            story.tags.set(tags)
        event = event_record(
            story=story,
            actor=actor,
            action="story.imported",
            to_status=status,
            payload={"source": source, **(payload or {})},
        )
        if announce:
            effects.story_changed_on_commit(story.pk, "imported", event.pk)
    return story
