"""Adding and replacing a story's photos: a writer's reply (through intake, as the system),
an editor's upload, or a pick from the media library. Each change is a new draft revision
written through `story_write`, like any other edit of the text."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from pewarta.accounts.roles import EDITOR, has_role
from pewarta.common.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from pewarta.desk.models import Revision, Status, Story
from pewarta.desk.services.core import (
    check_version,
    draft_changes,
    locked_story,
    refresh,
    story_write,
)
from pewarta.desk.services.editing import _clean_images
from pewarta.desk.workflow import SYSTEM_ACTOR

CLOSED = {Status.REJECTED, Status.WITHDRAWN, Status.RETRACTED}


def _check_actor(actor) -> None:
    if actor is not SYSTEM_ACTOR and not has_role(actor, EDITOR):
        raise NotPermitted(_("Hanya redaksi yang dapat mengubah foto naskah."))


def _new_revision(locked: Story, actor, images: list[dict], *, event: str, note: str, payload):
    base = locked.draft_revision or locked.live_revision
    number = (locked.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = Revision.objects.create(
        story=locked,
        number=number,
        headline=base.headline,
        lead=base.lead,
        body_html=base.body_html,
        dateline=base.dateline,
        images=images,
        related=base.related,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note[:300],
    )
    changes, undone = draft_changes(locked, base, revision)
    story_write(
        locked,
        actor=actor,
        event=event,
        changes=changes,
        payload={"revision": number, "base_revision": base.number, **payload, **undone},
        note=note,
        effect="edited",
    )
    return revision


def story_photos_add(
    *,
    story: Story,
    actor,
    photos: list[dict],
    expected_version: int | None = None,
    candidate: bool = False,
    note: str = "",
) -> Revision:
    """Add photos (src, caption, credit, width, height) to the story's draft.

    `candidate` marks photos a writer sent later (a reply): the editor decides whether they
    stay. A photo already on the story is not added twice.
    """
    with transaction.atomic():
        locked = locked_story(story)
        _check_actor(actor)
        if locked.status in CLOSED:
            raise TransitionNotAllowed(_("Naskah ini sudah ditutup; fotonya tidak dapat diubah."))
        if expected_version is not None:
            check_version(locked, expected_version)
        base = locked.draft_revision or locked.live_revision
        existing = list(base.images or [])
        known = {image.get("src") for image in existing}
        added = []
        for photo in _clean_images(photos):
            if photo["src"] in known:
                continue
            known.add(photo["src"])
            photo["featured"] = not candidate and not any(i.get("featured") for i in existing)
            photo["candidate"] = candidate
            added.append(photo)
        if not added:
            raise ValidationFailed(_("Foto ini sudah ada pada naskah."))
        revision = _new_revision(
            locked, actor, existing + added, event="story.photos_added",
            note=note or _("%(n)d foto ditambahkan.") % {"n": len(added)},
            payload={"photos": [p["src"] for p in added], "candidate": candidate},
        )  # fmt: skip
    refresh(story, locked)
    return revision


def story_photos_rights_stated(*, story: Story, actor, address: str = "") -> Revision | None:
    """The writer stated the right to publish the photos they emailed: the draft's pending
    photos are cleared for publication (a new revision, like any other photo change)."""
    with transaction.atomic():
        locked = locked_story(story)
        _check_actor(actor)
        base = locked.draft_revision or locked.live_revision
        images = [dict(image) for image in base.images or []]
        pending = [image for image in images if image.pop("rights_pending", False)]
        if not pending or locked.status in CLOSED:
            return None
        revision = _new_revision(
            locked, actor, images, event="story.photo_rights_stated",
            note=_("Penulis menyatakan berhak atas %(n)d foto kirimannya.") % {"n": len(pending)},
            payload={"photos": [image["src"] for image in pending]},
        )  # fmt: skip
    refresh(story, locked)
    return revision


def story_photo_replace(
    *, story: Story, actor, expected_version: int, index: int, photo: dict, note: str = ""
) -> Revision:
    """Put a new picture in place of the draft's photo number `index` (caption and credit
    as given, or kept)."""
    with transaction.atomic():
        locked = locked_story(story)
        _check_actor(actor)
        if locked.status in CLOSED:
            raise TransitionNotAllowed(_("Naskah ini sudah ditutup; fotonya tidak dapat diubah."))
        check_version(locked, expected_version)
        base = locked.draft_revision or locked.live_revision
        images = list(base.images or [])
        if not 0 <= index < len(images):
            raise ValidationFailed(_("Foto yang hendak diganti tidak ada."))
        old = images[index]
        (new,) = _clean_images([photo]) or [None]
        if new is None:
            raise ValidationFailed(_("Foto pengganti tidak valid."))
        new["caption"] = new["caption"] or old.get("caption", "")
        new["credit"] = new["credit"] or old.get("credit", "")
        new["featured"] = bool(old.get("featured"))
        new["candidate"] = False
        images[index] = new
        revision = _new_revision(
            locked, actor, images, event="story.photo_replaced",
            note=note or _("Foto %(n)d diganti.") % {"n": index + 1},
            payload={"old": old.get("src", ""), "new": new["src"]},
        )  # fmt: skip
    refresh(story, locked)
    return revision
