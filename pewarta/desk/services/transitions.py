"""Moving a story through the workflow table (desk.workflow), one service per action."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from pewarta.common.errors import TransitionNotAllowed, ValidationFailed
from pewarta.desk import workflow
from pewarta.desk.models import Message, Story
from pewarta.desk.services.core import check_version, locked_story, refresh, story_write
from pewarta.desk.services.records import message_record

REJECTION_REASONS = {
    "off_topic": _l("Tidak sesuai topik"),
    "plagiarism": _l("Plagiarisme"),
    "sara": _l("SARA"),
    "unverifiable": _l("Tidak dapat diverifikasi"),
    "duplicate": _l("Duplikat"),
    "low_quality": _l("Kualitas rendah"),
    "promotional": _l("Bersifat promosi"),
}

RETRACTION_REASONS = {
    "sara": _l("SARA"),
    "decency": _l("Asusila (pornografi)"),
    "child": _l("Masa depan anak"),
    "trauma": _l("Trauma korban"),
    "dewan_pers": _l("Keputusan Dewan Pers"),
}


def transition(
    story: Story,
    *,
    actor,
    action: str,
    note: str = "",
    payload: dict | None = None,
    expected_version: int | None = None,
    changes: dict | None = None,
    before_save=None,
) -> Story:
    """Perform one table transition. Returns the caller's story, refreshed."""
    with transaction.atomic():
        locked = locked_story(story)
        target = workflow.check_transition(locked, action, actor).target
        check_version(locked, expected_version)
        if before_save is not None:
            before_save(locked)
        from_status = locked.status
        story_write(
            locked,
            actor=actor,
            event=workflow.EVENT_NAMES[action],
            changes={**(changes or {}), "status": target},
            from_status=from_status,
            to_status=target,
            note=note,
            payload=payload,
            effect=action,
        )
    return refresh(story, locked)


def story_confirm_sender(*, story: Story, actor, note: str = "") -> Story:
    return transition(story, actor=actor, action="confirm_sender", note=note)


def story_review(*, story: Story, actor) -> Story:
    return transition(story, actor=actor, action="review")


def _tell_writer(story, actor, text, subject):
    message_record(
        story=story,
        direction=Message.Direction.OUT,
        channel=Message.Channel.EMAIL,
        sender=actor,
        subject=str(subject),
        body_text=text,
    )


def story_request_changes(
    *, story: Story, actor, message: str, expected_version: int | None = None
) -> Story:
    message = (message or "").strip()
    if not message:
        raise ValidationFailed(_("Tuliskan kepada penulis apa yang perlu diubah."))
    return transition(
        story,
        actor=actor,
        action="request_changes",
        note=message,
        expected_version=expected_version,
        before_save=lambda locked: _tell_writer(locked, actor, message, _("Permintaan revisi")),
    )


def story_resubmit(*, story: Story, actor, note: str = "") -> Story:
    return transition(story, actor=actor, action="resubmit", note=note)


def story_approve(*, story: Story, actor, expected_version: int | None = None) -> Story:
    return transition(story, actor=actor, action="approve", expected_version=expected_version)


def story_reopen(*, story: Story, actor) -> Story:
    return transition(story, actor=actor, action="reopen")


def story_reject(
    *, story: Story, actor, reason: str, message: str, expected_version: int | None = None
) -> Story:
    if reason not in REJECTION_REASONS:
        raise ValidationFailed(_("Pilih alasan penolakan."))
    message = (message or "").strip()
    if not message:
        raise ValidationFailed(_("Tulis pesan kepada penulis yang menjelaskan keputusan ini."))
    return transition(
        story,
        actor=actor,
        action="reject",
        note=message,
        payload={"reason": reason},
        expected_version=expected_version,
        before_save=lambda locked: _tell_writer(
            locked, actor, message, _("Keputusan atas naskah Anda")
        ),
    )


@workflow.register_guard
def unpublish_grace_guard(story: Story, action: str, actor) -> None:
    """A published story never silently disappears: taking it back to the desk is only for an
    accidental publish, within PEWARTA_UNPUBLISH_GRACE_MINUTES of its first publication;
    afterwards the way off the site is retraction (a listed reason, 410 with the notice)."""
    if action != "unpublish":
        return
    grace = timezone.timedelta(minutes=settings.PEWARTA_UNPUBLISH_GRACE_MINUTES)
    first = story.first_published_at or story.published_at
    if first is None or timezone.now() - first <= grace:
        return
    raise TransitionNotAllowed(
        _(
            "Naskah ini sudah tayang lebih dari %(minutes)d menit: tidak dapat diturunkan ke "
            "draf. Sunting lalu tayangkan pembaruan, atau Cabut dengan alasan yang tercantum."
        )
        % {"minutes": settings.PEWARTA_UNPUBLISH_GRACE_MINUTES},
        action=action,
        status=story.status,
    )


def story_unpublish(*, story: Story, actor, note: str) -> Story:
    """Take an accidental publish back to the desk (within the grace window, with a reason)."""
    if not (note or "").strip():
        raise ValidationFailed(_("Tuliskan alasan menurunkan naskah."))
    return transition(story, actor=actor, action="unpublish", note=note)


def story_retract(*, story: Story, actor, reason: str, note: str) -> Story:
    """Retract a published story (senior editors). The URL keeps answering with the notice."""
    if reason not in RETRACTION_REASONS:
        raise ValidationFailed(_("Pilih alasan pencabutan dari daftar."))
    if not (note or "").strip():
        raise ValidationFailed(_("Tulis catatan pencabutan yang akan dibaca pembaca."))
    return transition(story, actor=actor, action="retract", note=note, payload={"reason": reason})


def story_withdraw(*, story: Story, actor, note: str = "") -> Story:
    return transition(story, actor=actor, action="withdraw", note=note)
