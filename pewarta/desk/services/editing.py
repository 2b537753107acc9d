"""Creating a story and changing its text, labels, authors, slug and links."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.accounts.roles import EDITOR, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from pewarta.common.html import sanitize_html
from pewarta.common.text import make_slug
from pewarta.desk import effects, workflow
from pewarta.desk.models import Kind, Revision, Section, Status, Story, Tag
from pewarta.desk.services.core import (
    UNCHANGED,
    check_version,
    draft_changes,
    locked_story,
    refresh,
    story_write,
)

KIND_SECTION = {
    Kind.BERITA: "berita",
    Kind.OPINI: "opini",
    Kind.ESAI: "esai",
    Kind.KOLOM: "kolom",
    Kind.SIARAN_PERS: "siaran-pers",
    Kind.ADVERTORIAL: "advertorial",  # paid content is never filed as news
}


def section_for_kind(kind: str) -> Section | None:
    return Section.objects.filter(slug=KIND_SECTION.get(kind, "berita")).first()


def _clean_images(images) -> list[dict]:
    cleaned = []
    for image in images or []:
        if not isinstance(image, dict) or not image.get("src"):
            continue
        entry = {
            "src": str(image["src"]),
            "caption": str(image.get("caption", ""))[:500],
            "credit": str(image.get("credit", ""))[:200],
            "featured": bool(image.get("featured", False)),
            "width": int(image.get("width") or 0),
            "height": int(image.get("height") or 0),
            "ai_generated": bool(image.get("ai_generated", False)),
            "candidate": bool(image.get("candidate", False)),
        }
        if image.get("rights_pending"):  # emailed: the writer has not stated their rights yet
            entry["rights_pending"] = True
        cleaned.append(entry)
    return cleaned


def rights_pending(images) -> list[dict]:
    """The photos whose sender has not yet stated the right to publish them."""
    return [image for image in images or [] if image.get("rights_pending")]


def _clean_related(related) -> list[int]:
    out = []
    for value in related or []:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(out))[:10]


def story_create(
    *,
    headline: str,
    body_html: str,
    authors: list[Contributor],
    actor,
    kind: str = Kind.BERITA,
    lead: str = "",
    dateline: str = "",
    images: list | None = None,
    source: str = Story.Source.EMAIL,
    status: str = Status.RECEIVED,
    language: str = "id",
    organization=None,
    submitted_at: datetime | None = None,
) -> Story:
    """Create a story in `received` (or `awaiting_confirmation`) with revision 1."""
    headline = (headline or "").strip()[:300]
    if not headline:
        raise ValidationFailed(_("Judul wajib diisi."))
    if status not in (Status.RECEIVED, Status.AWAITING_CONFIRMATION):
        raise ValidationFailed(_("Naskah baru harus berstatus masuk atau menunggu konfirmasi."))
    if kind not in Kind.values:
        kind = Kind.BERITA
    with transaction.atomic():
        story = Story.objects.create(
            kind=kind,
            section=section_for_kind(kind),
            status=status,
            source=source,
            language=language,
            organization=organization,
            slug=make_slug(headline),
            submitted_at=submitted_at or timezone.now(),
        )
        story.authors.set(authors)
        revision = Revision.objects.create(
            story=story,
            number=1,
            headline=headline,
            lead=(lead or "").strip(),
            body_html=sanitize_html(body_html),
            dateline=dateline[:80],
            images=_clean_images(images),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            note=_("Naskah asli penulis"),
        )
        story.draft_revision = revision
        story.save(update_fields=["draft_revision"])
        event = event_record(
            story=story,
            actor=actor,
            action="story.created",
            to_status=status,
            payload={"source": source, "kind": kind},
        )
        effects.story_changed_on_commit(story.pk, "created", event.pk)
    return story


def story_edit(
    *,
    story: Story,
    actor,
    expected_version: int,
    headline: str | None = None,
    lead: str | None = None,
    body_html: str | None = None,
    dateline: str | None = None,
    images: list | None = None,
    related: list | None = None,
    note: str = "",
) -> Revision:
    """Save a new draft revision. A stale `expected_version` raises StaleRevision."""
    with transaction.atomic():
        locked = locked_story(story)
        workflow.check_can_edit(locked, actor)
        check_version(locked, expected_version)
        base = locked.draft_revision or locked.live_revision
        new_headline = (headline if headline is not None else base.headline).strip()[:300]
        if not new_headline:
            raise ValidationFailed(_("Judul wajib diisi."))
        number = (locked.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        revision = Revision.objects.create(
            story=locked,
            number=number,
            headline=new_headline,
            lead=(lead if lead is not None else base.lead).strip(),
            body_html=sanitize_html(body_html) if body_html is not None else base.body_html,
            dateline=(dateline if dateline is not None else base.dateline)[:80],
            images=_clean_images(images) if images is not None else base.images,
            related=_clean_related(related) if related is not None else base.related,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            note=note[:300],
        )
        changes, undone = draft_changes(locked, base, revision)
        story_write(
            locked,
            actor=actor,
            event="story.edited",
            changes=changes,
            payload={"revision": number, "base_revision": base.number, **undone},
            note=note,
            effect="edited",
        )
    refresh(story, locked)
    return revision


_WRITER_DECLARABLE_FLAGS = {"flag_victim", "flag_minor", "has_ai_image"}
_FLAGS = {"is_unverified", "flag_victim", "flag_minor", "identity_hidden_confirmed", "has_ai_image"}


def _check_metadata_role(actor, flags, credited_editor) -> None:
    if has_role(actor, EDITOR):
        return
    editorial = credited_editor is not UNCHANGED or any(
        name not in _WRITER_DECLARABLE_FLAGS or not value for name, value in (flags or {}).items()
    )
    if editorial:
        raise NotPermitted(_("Hanya redaksi yang dapat mengubah label dan tanda ini."))


def _metadata_changes(locked, actor, kind, section, flags, credited_editor) -> dict:
    changes = {}
    if kind is not None and kind in Kind.values and kind != locked.kind:
        changes["kind"] = kind
    if section is not None and section.pk != locked.section_id:
        changes["section"] = section
    # Advertorial lives in its own section and nowhere else; leaving it leaves that section.
    new_kind = changes.get("kind", locked.kind)
    chosen = changes.get("section", locked.section)
    chosen_slug = chosen.slug if chosen is not None else None
    if (new_kind == Kind.ADVERTORIAL) != (chosen_slug == KIND_SECTION[Kind.ADVERTORIAL]):
        wanted = section_for_kind(new_kind)
        if wanted is not None and wanted.pk != locked.section_id:
            changes["section"] = wanted
        elif wanted is not None:
            changes.pop("section", None)
    for name, value in (flags or {}).items():
        if name in _FLAGS and getattr(locked, name) != bool(value):
            changes[name] = bool(value)
    confirmed = (flags or {}).get("identity_hidden_confirmed")
    if confirmed is not None:  # who confirmed counts: the publisher must be another editor
        confirmer = actor if confirmed else None
        if getattr(confirmer, "pk", None) != locked.identity_hidden_confirmed_by_id:
            changes["identity_hidden_confirmed_by"] = confirmer
    if credited_editor is not UNCHANGED:
        new_id = credited_editor.pk if credited_editor is not None else None
        if new_id != locked.credited_editor_id:
            changes["credited_editor"] = credited_editor
    return changes


def story_update_metadata(
    *,
    story: Story,
    actor,
    expected_version: int,
    kind: str | None = None,
    section: Section | None = None,
    tags=None,
    flags: dict | None = None,
    credited_editor=UNCHANGED,
) -> Story:
    """Change kind, section, tags, flags or the credited editor (the desk's sidebar).

    A writer (while the story is theirs to edit) may change kind, section and tags and may
    declare a risk (victim, minor, AI image); clearing a risk flag, the "belum terverifikasi"
    note, the identity confirmation and the credited editor are the desk's decisions.
    """
    _check_metadata_role(actor, flags, credited_editor)
    if credited_editor not in (UNCHANGED, None) and not has_role(credited_editor, EDITOR):
        raise ValidationFailed(_("Yang dicantumkan sebagai editor harus seorang editor."))
    with transaction.atomic():
        locked = locked_story(story)
        workflow.check_can_edit(locked, actor)
        check_version(locked, expected_version)
        changes = _metadata_changes(locked, actor, kind, section, flags, credited_editor)
        story_write(
            locked,
            actor=actor,
            event="story.metadata_changed",
            changes=changes,
            relations={"tags": tags} if tags is not None else None,
            payload={k: getattr(v, "pk", v) for k, v in changes.items()}
            | ({"tags": [t.pk for t in tags]} if tags is not None else {}),
            effect="metadata_changed",
        )
    return refresh(story, locked)


def tags_from_names(*, names: str | list[str]) -> list[Tag]:
    """Existing tags by name, new ones created (desk input such as "banjir, Bandung")."""
    if isinstance(names, str):
        names = names.split(",")
    tags = []
    for name in dict.fromkeys(n.strip()[:80] for n in names if n.strip()):
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag, _created = Tag.objects.get_or_create(
                slug=make_slug(name, 90), defaults={"name": name}
            )
        tags.append(tag)
    return tags


# --- authors, slug and links, changed by other rooms' services ----------------------------------


def story_add_author(*, story: Story, contributor: Contributor, actor, note: str = "") -> Story:
    """Credit a proven sender as an author (intake, after the address is verified)."""
    with transaction.atomic():
        locked = locked_story(story)
        authors = list(locked.authors.all())
        if contributor not in authors:
            story_write(
                locked,
                actor=actor,
                event="story.author_added",
                relations={"authors": [*authors, contributor]},
                note=note,
                payload={"contributor": contributor.pk},
                effect="authors_changed",
            )
    return refresh(story, locked)


def story_remove_author(*, story: Story, contributor: Contributor, actor, note: str = "") -> Story:
    """Take a byline off (an erased account under the "hapus" policy)."""
    with transaction.atomic():
        locked = locked_story(story)
        authors = list(locked.authors.all())
        if contributor in authors:
            story_write(
                locked,
                actor=actor,
                event="story.author_removed",
                relations={"authors": [a for a in authors if a.pk != contributor.pk]},
                note=note,
                payload={"contributor": contributor.pk},
                effect="authors_changed",
            )
    return refresh(story, locked)


def story_set_slug(*, story: Story, slug: str, actor) -> Story:
    """Give a published story a new slug (the reader site keeps the old ones answering)."""
    slug = make_slug(slug)
    with transaction.atomic():
        locked = locked_story(story)
        if locked.slug != slug:
            story_write(
                locked,
                actor=actor,
                event="story.slug_changed",
                changes={"slug": slug},
                payload={"from": locked.slug, "to": slug},
            )
    return refresh(story, locked)


def story_set_dates(
    *, story: Story, actor, published_at: datetime, submitted_at: datetime | None = None
) -> Story:
    """Give a published story the dates it really had (archive imports, demo content).

    Only work no person started (commands) may do this: the reader-facing dates of a story
    are otherwise set by publishing.
    """
    if actor is not workflow.SYSTEM_ACTOR:
        raise NotPermitted(_("Tanggal tayang hanya diatur oleh impor arsip."))
    if timezone.is_naive(published_at) or published_at > timezone.now():
        raise ValidationFailed(_("Tanggal tayang harus waktu yang sudah lewat, dengan zona waktu."))
    with transaction.atomic():
        locked = locked_story(story)
        if locked.first_published_at is None:
            raise ValidationFailed(_("Naskah ini belum pernah tayang."))
        changes = {"published_at": published_at, "first_published_at": published_at}
        if submitted_at is not None:
            changes["submitted_at"] = min(submitted_at, published_at)
        story_write(
            locked,
            actor=actor,
            event="story.dates_set",
            changes=changes,
            payload={k: v.isoformat() for k, v in changes.items()},
            effect="dates_set",
        )
    return refresh(story, locked)


def story_set_follow_up(*, story: Story, original: Story, actor) -> Story:
    """Mark `story` as the follow-up of `original` (PPMS section 2: verification continues).

    Both must be live. Caller has checked the actor's role (complaints' service).
    """
    if story.pk == original.pk:
        raise ValidationFailed(_("Berita lanjutan harus naskah yang lain."))
    with transaction.atomic():
        rows = Story.objects.select_for_update().filter(pk__in=[story.pk, original.pk])
        locked = {row.pk: row for row in rows.order_by("pk")}
        follow_up, first = locked[story.pk], locked[original.pk]
        if first.status != Status.PUBLISHED or follow_up.status != Status.PUBLISHED:
            raise TransitionNotAllowed(_("Kedua naskah harus sedang tayang."))
        if follow_up.follow_up_of_id not in (None, first.pk):
            raise ValidationFailed(_("Naskah ini sudah menjadi lanjutan dari berita lain."))
        story_write(
            follow_up,
            actor=actor,
            event="story.follow_up_linked",
            changes={"follow_up_of": first},
            payload={"original": first.pk, "follow_up": follow_up.pk},
            effect="follow_up_linked",
        )
    return refresh(story, follow_up)
