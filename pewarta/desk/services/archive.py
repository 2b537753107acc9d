"""Stories that arrive whole from another system's archive (`pewarta import-wxr`).

Work no person started (the import command, as SYSTEM) may create a story already published on
its original date, or put a draft into the desk, in one write: one Revision, one Event
(`story.imported`), one effect. Editors' actions go through the workflow as always.

An archive brings thousands of them: `stories_import` writes a batch with a handful of bulk
inserts (stories, revisions, authors, tags, events) instead of a dozen queries per story;
`story_import_check` is its check, so a caller can refuse one bad piece and keep the batch.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.audit.models import Event
from pewarta.audit.services import event_build
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.common.html import sanitize_html
from pewarta.desk import workflow
from pewarta.desk.models import Kind, Revision, Section, Status, Story, StoryAuthor, StoryTag, Tag
from pewarta.desk.services.editing import _clean_images, section_for_kind
from pewarta.desk.services.publishing import unique_public_slugs


def story_import_check(
    *,
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
) -> dict:
    """One imported piece, checked and cleaned (ValidationFailed otherwise): what
    `stories_import` writes. A post dated in the future waits in the desk."""
    headline = (headline or "").strip()[:300]
    if not headline:
        raise ValidationFailed(_("Judul wajib diisi."))
    if publish and (published_at is None or timezone.is_naive(published_at)):
        raise ValidationFailed(_("Tanggal tayang harus waktu yang sudah lewat, dengan zona waktu."))
    if publish and published_at > timezone.now():
        publish = False  # a future post waits in the desk like any scheduled piece would
    if kind not in Kind.values:
        kind = Kind.BERITA
    return {
        "headline": headline, "lead": (lead or "").strip(), "body_html": sanitize_html(body_html),
        "dateline": dateline[:80], "images": _clean_images(images),
        "authors": list(dict.fromkeys(authors)), "tags": list(dict.fromkeys(tags)),
        "publish": publish, "published_at": published_at if publish else None,
        "submitted_at": min(submitted_at, published_at) if publish else submitted_at,
        "kind": kind, "section": section, "slug": slug, "source": source,
        "payload": payload or {}, "credited_editor": credited_editor,
    }  # fmt: skip


def _key(story: Story):
    """The listing key of an imported story's links (desk.models.ListingLink)."""
    return story.published_at if story.status == Status.PUBLISHED else None


def stories_import(*, actor, pieces: list[dict]) -> list[Story]:
    """Create imported stories (each `story_import_check`ed), published on their dates or
    received, in bulk: one Revision and one `story.imported` Event each. No effects: the
    caller schedules the batch's reindexing (search, similarity) and purges once."""
    if actor is not workflow.SYSTEM_ACTOR:
        raise NotPermitted(_("Hanya impor arsip yang dapat memasukkan naskah utuh."))
    pieces = [story_import_check(**piece) for piece in pieces]
    if not pieces:
        return []
    sections: dict[str, Section | None] = {}
    for piece in pieces:
        if piece["section"] is None:
            if piece["kind"] not in sections:
                sections[piece["kind"]] = section_for_kind(piece["kind"])
            piece["section"] = sections[piece["kind"]]
    public = iter(unique_public_slugs([p["slug"] or p["headline"] for p in pieces if p["publish"]]))
    stories = []
    for piece in pieces:
        stories.append(
            Story(
                kind=piece["kind"],
                section=piece["section"],
                source=piece["source"],
                status=Status.PUBLISHED if piece["publish"] else Status.RECEIVED,
                credited_editor=piece["credited_editor"],
                submitted_at=piece["submitted_at"],
                published_at=piece["published_at"],
                first_published_at=piece["published_at"],
                slug=next(public) if piece["publish"] else (piece["slug"] or "")[:100],
            )  # fmt: skip
        )
    note = _("Diimpor dari arsip")
    with transaction.atomic():
        Story.objects.bulk_create(stories)
        revisions = Revision.objects.bulk_create(
            Revision(
                story=story,
                number=1,
                headline=p["headline"],
                lead=p["lead"],
                body_html=p["body_html"],
                dateline=p["dateline"],
                images=p["images"],
                note=note,
            )  # fmt: skip
            for story, p in zip(stories, pieces, strict=True)
        )
        for story, revision in zip(stories, revisions, strict=True):
            story.draft_revision = revision
            if story.status == Status.PUBLISHED:
                story.live_revision = revision
        ids = [story.pk for story in stories]
        first = Subquery(Revision.objects.filter(story=OuterRef("pk"), number=1).values("pk")[:1])
        Story.objects.filter(pk__in=ids).update(draft_revision=first)
        Story.objects.filter(pk__in=ids, status=Status.PUBLISHED).update(live_revision=first)
        StoryAuthor.objects.bulk_create(
            StoryAuthor(story_id=story.pk, contributor_id=author.pk, published_at=_key(story))
            for story, p in zip(stories, pieces, strict=True)
            for author in p["authors"]
        )
        StoryTag.objects.bulk_create(
            StoryTag(story_id=story.pk, tag_id=tag.pk, published_at=_key(story))
            for story, p in zip(stories, pieces, strict=True)
            for tag in p["tags"]
        )
        Event.objects.bulk_create(
            event_build(
                story=story,
                actor=actor,
                action="story.imported",
                to_status=story.status,
                payload={"source": p["source"], **p["payload"]},
            )  # fmt: skip
            for story, p in zip(stories, pieces, strict=True)
        )
    return stories
