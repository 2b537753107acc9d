"""Outcomes that change what readers see: Ralat/Koreksi, Hak Jawab, edits, retraction,
and the follow-up of an unverified story (PPMS sections 2, 4 and 5)."""

from django.db import transaction
from django.utils.translation import gettext as _

from pewarta.accounts.roles import SENIOR_EDITOR, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from pewarta.common.html import sanitize_html, text_to_html
from pewarta.complaints.models import Complaint, Correction, RightOfReply
from pewarta.complaints.services.common import check_open, check_staff, locked_complaint, resolve
from pewarta.desk import effects
from pewarta.desk import services as desk
from pewarta.desk.models import Status, Story


def _published_story(story: Story) -> Story:
    story = Story.objects.get(pk=story.pk)
    if story.status != Status.PUBLISHED:
        raise TransitionNotAllowed(_("Naskah ini tidak sedang tayang."))
    return story


def story_correct(
    *,
    story: Story,
    actor,
    kind: str,
    text: str,
    expected_version: int,
    headline: str | None = None,
    lead: str | None = None,
    body_html: str | None = None,
    complaint: Complaint | None = None,
) -> Correction:
    """A Ralat or Koreksi: a new live revision plus a dated public note, linked both ways."""
    check_staff(actor)
    if kind not in (Correction.Kind.RALAT, Correction.Kind.KOREKSI):
        raise ValidationFailed(_("Pilih Ralat atau Koreksi."))
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Tulis catatan koreksi yang akan dibaca pembaca."))
    with transaction.atomic():
        story = _published_story(story)
        revision = desk.story_edit(
            story=story,
            actor=actor,
            expected_version=expected_version,
            headline=headline,
            lead=lead,
            body_html=body_html,
            note=f"{Correction.Kind(kind).label}: {text}"[:300],
        )
        story = desk.story_publish_update(story=story, actor=actor, note=text)
        correction = Correction.objects.create(
            story=story,
            kind=kind,
            text=text,
            revision=revision,
            complaint=complaint,
            created_by=actor,
        )
        event = event_record(
            action="story.corrected",
            actor=actor,
            story=story,
            subject=correction,
            note=text,
            payload={
                "kind": kind,
                "correction": correction.pk,
                "revision": revision.number,
                "complaint": complaint.pk if complaint else None,
            },
        )
        effects.story_changed_on_commit(story.pk, "corrected", event.pk)
    return correction


def complaint_correct(
    *, complaint: Complaint, actor, kind: str, text: str, expected_version: int, **changes
) -> Correction:
    check_staff(actor)
    with transaction.atomic():
        locked = locked_complaint(complaint)
        check_open(locked)
        correction = story_correct(
            story=locked.story,
            actor=actor,
            kind=kind,
            text=text,
            expected_version=expected_version,
            complaint=locked,
            **changes,
        )
        resolve(
            locked,
            actor=actor,
            outcome=Complaint.Outcome.CORRECTED,
            note=text,
            payload={"correction": correction.pk},
        )
    return correction


def reply_publish(
    *,
    story: Story,
    actor,
    respondent: str,
    title: str,
    body: str,
    complaint: Complaint | None = None,
) -> RightOfReply:
    """Publish a Hak Jawab as its own item, linked to the story (and shown on it)."""
    check_staff(actor)
    respondent, title, body = respondent.strip(), title.strip(), (body or "").strip()
    if not (respondent and title and body):
        raise ValidationFailed(_("Nama pemberi hak jawab, judul, dan isi wajib diisi."))
    body_html = sanitize_html(body) if body.lstrip().startswith("<") else text_to_html(body)
    with transaction.atomic():
        story = _published_story(story)
        reply = RightOfReply.objects.create(
            story=story,
            complaint=complaint,
            respondent=respondent[:200],
            title=title[:300],
            body_html=body_html,
            created_by=actor,
        )
        event = event_record(
            action="story.reply_published",
            actor=actor,
            story=story,
            subject=reply,
            payload={"reply": reply.pk, "complaint": complaint.pk if complaint else None},
        )
        effects.story_changed_on_commit(story.pk, "reply_published", event.pk)
    return reply


def complaint_publish_reply(
    *, complaint: Complaint, actor, title: str, body: str | None = None, respondent: str = ""
) -> RightOfReply:
    check_staff(actor)
    with transaction.atomic():
        locked = locked_complaint(complaint)
        check_open(locked)
        if locked.kind != Complaint.Kind.REPLY:
            raise ValidationFailed(_("Hanya pengaduan Hak Jawab yang dapat dimuat."))
        reply = reply_publish(
            story=locked.story,
            actor=actor,
            respondent=respondent or locked.name,
            title=title,
            body=body if body is not None else locked.body,
            complaint=locked,
        )
        resolve(
            locked,
            actor=actor,
            outcome=Complaint.Outcome.REPLY_PUBLISHED,
            payload={"reply": reply.pk},
        )
    return reply


def complaint_edit(
    *,
    complaint: Complaint,
    actor,
    expected_version: int,
    note: str,
    public_note: str = "",
    headline: str | None = None,
    lead: str | None = None,
    body_html: str | None = None,
) -> Complaint:
    """Edit the story (PPMS section 3d) and publish the update; optionally a Catatan Redaksi."""
    check_staff(actor)
    if not (note or "").strip():
        raise ValidationFailed(_("Tulis apa yang disunting dan mengapa."))
    with transaction.atomic():
        locked = locked_complaint(complaint)
        check_open(locked)
        story = _published_story(locked.story)
        revision = desk.story_edit(
            story=story,
            actor=actor,
            expected_version=expected_version,
            headline=headline,
            lead=lead,
            body_html=body_html,
            note=note[:300],
        )
        desk.story_publish_update(story=story, actor=actor, note=note)
        if public_note.strip():
            Correction.objects.create(
                story=story,
                kind=Correction.Kind.NOTE,
                text=public_note.strip(),
                revision=revision,
                complaint=locked,
                created_by=actor,
            )
        return resolve(
            locked,
            actor=actor,
            outcome=Complaint.Outcome.EDITED,
            note=note,
            payload={"revision": revision.number},
        )


def complaint_retract(*, complaint: Complaint, actor, reason: str, note: str) -> Complaint:
    """Retract the story (senior editors only); the URL then answers 410 with the notice."""
    if not has_role(actor, SENIOR_EDITOR):
        raise NotPermitted(_("Hanya pemimpin redaksi yang dapat mencabut naskah."))
    with transaction.atomic():
        locked = locked_complaint(complaint)
        check_open(locked)
        desk.story_retract(story=locked.story, actor=actor, reason=reason, note=note)
        return resolve(
            locked,
            actor=actor,
            outcome=Complaint.Outcome.RETRACTED,
            note=note,
            payload={"reason": reason},
        )


def story_link_follow_up(
    *, original: Story, follow_up: Story, actor, complaint: Complaint | None = None
) -> Story:
    """Link a follow-up to a story published as unverified (PPMS section 2), both ways."""
    check_staff(actor)
    with transaction.atomic():
        follow_up = desk.story_set_follow_up(story=follow_up, original=original, actor=actor)
        headline = str(follow_up)
        Correction.objects.create(
            story=original,
            kind=Correction.Kind.FOLLOW_UP,
            text=headline,
            related_story=follow_up,
            complaint=complaint,
            created_by=actor,
        )
        Correction.objects.create(
            story=follow_up,
            kind=Correction.Kind.FOLLOW_UP_OF,
            text=str(original),
            related_story=original,
            complaint=complaint,
            created_by=actor,
        )
        effects.story_changed_on_commit(original.pk, "follow_up_linked")
    return follow_up


def complaint_follow_up(*, complaint: Complaint, actor, follow_up: Story) -> Complaint:
    check_staff(actor)
    with transaction.atomic():
        locked = locked_complaint(complaint)
        check_open(locked)
        story_link_follow_up(
            original=locked.story, follow_up=follow_up, actor=actor, complaint=locked
        )
        return resolve(
            locked,
            actor=actor,
            outcome=Complaint.Outcome.FOLLOW_UP,
            payload={"follow_up": follow_up.pk},
        )
