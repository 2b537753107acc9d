"""The writer's own writes: answering the desk, revising, the profile, the ID check."""

import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from pewarta.accounts.data_requests import data_request_log
from pewarta.accounts.models import Consent, Contributor, IdentityCheck
from pewarta.accounts.roles import EDITOR, has_role
from pewarta.accounts.services import PROFILE_FIELDS, consent_latest, guardian_consent_given
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.common.mail import mail_send_on_commit
from pewarta.desk import services as desk
from pewarta.desk.models import Message, Status, Story
from pewarta.intake.markup import body_to_html
from pewarta.intake.models import ConsentRecord
from pewarta.integrity.media import image_clean, photo_store, read_upload


def story_reply(*, story: Story, user, text: str) -> Message:
    """The contributor answers the desk on the web: one more message in the same thread."""
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Pesan masih kosong."))
    if not Story.objects.of_user(user).filter(pk=story.pk).exists():
        raise NotPermitted()
    if Contributor.objects.filter(user=user, is_blocked=True).exists():
        raise NotPermitted(_("Akun Anda diblokir redaksi."))
    with transaction.atomic():
        message = desk.message_record(
            story=story,
            direction=Message.Direction.IN,
            channel=Message.Channel.WEB,
            sender=user,
            from_address=user.email,
            subject=_("Balasan penulis"),
            body_text=text[:20000],
        )
        event_record(
            story=story,
            actor=user,
            action="story.message_received",
            payload={"message": message.pk},
        )
        _tell_assigned_editor(story, message)
    return message


def _tell_assigned_editor(story: Story, message: Message) -> None:
    """The editor handling the piece hears of the author's web reply at once."""
    editor = story.assigned_editor
    if editor is None or not editor.email:
        return
    link = settings.PEWARTA_SITE_URL + reverse("desk:review", args=[story.pk])
    mail_send_on_commit(
        to=editor.email,
        template="kontributor/desk_reply_notice",
        context={"story": story, "message": message, "link": link},
    )


def story_revise_and_resubmit(
    *,
    story: Story,
    user,
    expected_version: int,
    headline: str,
    lead: str,
    body_source: str,
    note: str = "",
) -> Story:
    """After the desk asked for changes: save the author's new text, then send it back."""
    if story.status != Status.CHANGES_REQUESTED:
        raise ValidationFailed(_("Naskah ini tidak sedang menunggu revisi dari Anda."))
    body_html = body_to_html(body_source)
    if len(body_html) < 20:
        raise ValidationFailed(_("Isi naskah masih kosong atau terlalu pendek."))
    with transaction.atomic():
        desk.story_edit(
            story=story,
            actor=user,
            expected_version=expected_version,
            headline=headline,
            lead=lead,
            body_html=body_html,
            note=_("Revisi penulis"),
        )
        story = desk.story_resubmit(story=story, actor=user, note=note.strip())
        if note.strip():
            story_reply(story=story, user=user, text=note)
    return story


def contributor_update_profile(
    *, contributor: Contributor, actor, changes: dict, photo=None, remove_photo: bool = False
) -> Contributor:
    """Correct profile data (a UU PDP correction, logged and completed at once)."""
    fields = []
    for name, value in changes.items():
        if name in PROFILE_FIELDS and getattr(contributor, name) != value:
            setattr(contributor, name, value)
            fields.append(name)
    if not (contributor.pen_name or "").strip():
        raise ValidationFailed(_("Nama pena wajib diisi."))
    old_photo = contributor.photo.name if contributor.photo else ""
    if photo is not None:
        name, _w, _h = photo_store(photo, folder="penulis")
        contributor.photo.name = name
        fields.append("photo")
    elif remove_photo and old_photo:
        contributor.photo = None
        fields.append("photo")
    if not fields:
        return contributor
    with transaction.atomic():
        contributor.save(update_fields=fields)
        data_request_log(
            contributor=contributor,
            kind="correction",
            detail=", ".join(sorted(fields)),
            completed_by=actor,
        )
    if "photo" in fields and old_photo:
        transaction.on_commit(lambda: default_storage.delete(old_photo))
    return contributor


def guardian_guard(story, action, actor) -> None:
    """Workflow guard: no review of a piece by an under-18 author without a guardian's consent."""
    if action != "review":
        return
    for author in story.authors.all():
        if author.is_minor and not guardian_consent_given(author):
            raise ValidationFailed(
                _(
                    "Penulis %(name)s berusia di bawah 18 tahun dan belum mendapat persetujuan "
                    "orang tua/wali. Naskah belum dapat ditinjau."
                )
                % {"name": author.pen_name}
            )


PASSING_REVIEW = frozenset({"approve", "schedule", "publish"})


def consent_on_record(contributor: Contributor) -> bool:
    """The writer agreed to the terms: the newest terms consent is given, or (with none) the
    consent recorded when they confirmed an emailed piece."""
    latest = consent_latest(contributor, Consent.Purpose.TERMS)
    if latest is not None:
        return latest.given
    return ConsentRecord.objects.filter(contributor=contributor).exists()


def consent_guard(story, action, actor) -> None:
    """Workflow guard: no piece passes review until each writer's consent is on record
    (whichever way it reached the desk: a staff release from quarantine records none)."""
    if action not in PASSING_REVIEW or story.status == Status.SCHEDULED:
        return
    for author in story.authors.select_related("user"):
        if author.user is not None and has_role(author.user, EDITOR):
            continue  # the newsroom's own staff write under their contract
        if not consent_on_record(author):
            raise ValidationFailed(
                _(
                    "%(name)s belum menyetujui syarat kontributor dan pemrosesan data "
                    "pribadinya: belum ada persetujuan tercatat. Naskah belum dapat disetujui "
                    "atau ditayangkan; minta penulis mengonfirmasi lewat tautan di emailnya "
                    "atau masuk ke akunnya."
                )
                % {"name": author.pen_name}
            )


def identity_submit(*, contributor: Contributor, upload) -> IdentityCheck:
    if contributor.is_identity_verified:
        raise ValidationFailed(_("Akun Anda sudah terverifikasi."))
    if contributor.identity_checks.filter(state=IdentityCheck.State.PENDING).exists():
        raise ValidationFailed(_("Permintaan verifikasi Anda masih menunggu keputusan redaksi."))
    clean = image_clean(read_upload(upload))
    check = IdentityCheck(contributor=contributor)
    check.image.save(
        f"{secrets.token_hex(12)}.{clean.extension}", ContentFile(clean.content), save=False
    )
    check.save()
    return check
