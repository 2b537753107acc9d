"""Every write about complaints, corrections, replies and retractions.

Each service checks its input and the actor's role (named errors), changes rows inside one
transaction, appends an Event (subject = the complaint, story = its story) and schedules mail
after commit. The compliance report is computed from those Events alone.
"""

import logging
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.accounts.roles import ADMIN, EDITOR, SENIOR_EDITOR, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from pewarta.common.html import sanitize_html, text_to_html
from pewarta.common.mail import mail_send_on_commit
from pewarta.complaints import deadlines
from pewarta.complaints.evidence import evidence_check
from pewarta.complaints.models import Complaint, Correction, RightOfReply, TakedownOrder
from pewarta.desk import effects
from pewarta.desk import services as desk
from pewarta.desk.models import Status, Story
from pewarta.desk.workflow import SYSTEM_ACTOR

logger = logging.getLogger(__name__)

# Events that count as the desk acting on a complaint (for "time to first action").
ACTION_EVENTS = {"complaint.claimed", "complaint.resolved"}
# Outcomes whose author mail is sent by the contributors' notification handler instead.
_AUTHOR_TOLD_ELSEWHERE = {Complaint.Outcome.CORRECTED, Complaint.Outcome.RETRACTED}


def _check_staff(actor) -> None:
    if not has_role(actor, EDITOR):
        raise NotPermitted()


def _record(complaint: Complaint, *, action: str, actor, note: str = "", payload=None, **kw):
    return event_record(
        action=action,
        actor=actor,
        story=complaint.story,
        subject=complaint,
        note=note,
        payload={"kind": complaint.kind, **(payload or {})},
        **kw,
    )


# --- mail ---------------------------------------------------------------------------------------


def _author_addresses(story: Story) -> list[str]:
    addresses = []
    authors = story.authors.select_related("user")
    if hasattr(Contributor, "erased_at"):
        authors = authors.filter(erased_at__isnull=True)  # erased accounts get no mail
    for contributor in authors:
        address = contributor.email or (contributor.user.email if contributor.user else "")
        if address and address not in addresses:
            addresses.append(address)
    return addresses


def _tell_complainant(complaint: Complaint, step: str) -> None:
    if complaint.email:
        mail_send_on_commit(
            to=complaint.email,
            template="complaint_status" if step != "received" else "complaint_received",
            context={"complaint": complaint, "step": step, "story": complaint.story},
        )


def _tell_authors(complaint: Complaint, step: str) -> None:
    if complaint.kind == Complaint.Kind.TAKEDOWN and step == "received":
        return
    for address in _author_addresses(complaint.story):
        mail_send_on_commit(
            to=address,
            template="complaint_author",
            context={"complaint": complaint, "step": step, "story": complaint.story},
        )


# --- filing -------------------------------------------------------------------------------------


def _public_story(story_id: int) -> Story:
    story = Story.objects.published().filter(pk=story_id).first()
    if story is None:
        raise ValidationFailed(_("Naskah tidak ditemukan atau tidak sedang tayang."))
    return story


def complaint_file(
    *,
    kind: str,
    story: Story,
    name: str = "",
    email: str = "",
    phone: str = "",
    reason: str = "",
    identity: str = "",
    passage: str = "",
    body: str = "",
    source: str = "",
    evidence=None,
) -> Complaint:
    """A member of the public files a report, Hak Jawab or Hak Koreksi about a live story."""
    if kind not in (Complaint.Kind.REPORT, Complaint.Kind.REPLY, Complaint.Kind.CORRECTION):
        raise ValidationFailed(_("Jenis pengaduan tidak dikenal."))
    story = _public_story(story.pk)
    if kind == Complaint.Kind.REPORT and reason not in Complaint.Reason.values:
        raise ValidationFailed(_("Pilih alasan laporan."))
    if kind == Complaint.Kind.REPORT and reason == Complaint.Reason.OTHER and not body.strip():
        raise ValidationFailed(_("Jelaskan alasan laporan Anda."))
    if kind != Complaint.Kind.REPORT:
        if not (name.strip() and email.strip()):
            raise ValidationFailed(_("Nama dan email wajib diisi agar redaksi dapat menghubungi."))
        if not (passage.strip() and body.strip()):
            raise ValidationFailed(_("Kutip bagian yang dipersoalkan dan tulis tanggapan Anda."))
    evidence_type = evidence_check(evidence) if evidence else ""
    now = timezone.now()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            kind=kind,
            story=story,
            reason=reason if kind == Complaint.Kind.REPORT else "",
            name=name.strip()[:200],
            email=email.strip(),
            phone=phone.strip()[:40],
            identity=identity.strip(),
            passage=passage.strip(),
            body=body.strip(),
            source=source.strip(),
            evidence=evidence or "",
            evidence_type=evidence_type,
            received_at=now,
            deadline_at=deadlines.deadline_for(kind, now),
        )
        _record(
            complaint,
            action="complaint.received",
            actor=None,
            actor_label=complaint.name or _("pelapor anonim"),
            payload={"reason": complaint.reason, "deadline_at": complaint.deadline_at.isoformat()},
        )
        _tell_complainant(complaint, "received")
        _tell_authors(complaint, "received")
    return complaint


def takedown_record(
    *,
    story: Story,
    actor,
    authority: str,
    reference: str = "",
    urgent: bool = False,
    note: str = "",
    document=None,
    received_at: datetime | None = None,
) -> Complaint:
    """Staff record an official take-down order; its clock runs from when it was received."""
    _check_staff(actor)
    if not authority.strip():
        raise ValidationFailed(_("Sebutkan instansi yang mengeluarkan perintah."))
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ValidationFailed(_("Waktu diterimanya perintah tidak boleh di masa depan."))
    if story.status not in (Status.PUBLISHED, Status.RETRACTED):
        raise ValidationFailed(_("Perintah hanya dapat dicatat untuk naskah yang pernah tayang."))
    evidence_type = evidence_check(document) if document else ""
    with transaction.atomic():
        complaint = Complaint.objects.create(
            kind=Complaint.Kind.TAKEDOWN,
            story=story,
            name=authority.strip()[:200],
            body=note.strip(),
            received_at=received_at,
            deadline_at=deadlines.deadline_for(Complaint.Kind.TAKEDOWN, received_at, urgent=urgent),
            evidence_type=evidence_type,
        )
        TakedownOrder.objects.create(
            complaint=complaint,
            authority=authority.strip()[:200],
            reference=reference.strip()[:120],
            urgent=urgent,
            document=document or "",
            recorded_by=actor,
        )
        _record(
            complaint,
            action="complaint.received",
            actor=actor,
            note=note,
            payload={
                "authority": authority,
                "reference": reference,
                "urgent": urgent,
                "received_at": received_at.isoformat(),
                "deadline_at": complaint.deadline_at.isoformat(),
            },
        )
    return complaint


# --- desk actions -------------------------------------------------------------------------------


def _locked(complaint: Complaint) -> Complaint:
    """Re-read under a row lock; caller is inside transaction.atomic()."""
    return Complaint.objects.select_for_update().select_related("story").get(pk=complaint.pk)


def _check_open(complaint: Complaint) -> None:
    if not complaint.is_open:
        raise TransitionNotAllowed(_("Pengaduan ini sudah diselesaikan."))


def complaint_claim(*, complaint: Complaint, actor) -> Complaint:
    """An editor takes the complaint on; the complainant is told it is being handled."""
    _check_staff(actor)
    with transaction.atomic():
        locked = _locked(complaint)
        _check_open(locked)
        now = timezone.now()
        locked.handler = actor
        fields = ["handler"]
        if locked.state == Complaint.State.RECEIVED:
            locked.state = Complaint.State.IN_PROGRESS
            fields.append("state")
        if locked.first_action_at is None:
            locked.first_action_at = now
            fields.append("first_action_at")
        locked.save(update_fields=fields)
        _record(locked, action="complaint.claimed", actor=actor)
        if "state" in fields:
            _tell_complainant(locked, "in_progress")
    return locked


def _resolve(
    complaint: Complaint, *, actor, outcome: str, note: str = "", payload=None
) -> Complaint:
    """Close a locked, open complaint with `outcome`. Caller holds the row lock."""
    now = timezone.now()
    complaint.state = Complaint.State.CLOSED
    complaint.outcome = outcome
    complaint.outcome_note = note
    complaint.resolved_at = now
    complaint.first_action_at = complaint.first_action_at or now
    complaint.handler = complaint.handler or actor
    complaint.save(
        update_fields=[
            "state",
            "outcome",
            "outcome_note",
            "resolved_at",
            "first_action_at",
            "handler",
        ]
    )
    _record(
        complaint,
        action="complaint.resolved",
        actor=actor,
        note=note,
        payload={
            "outcome": outcome,
            "deadline_at": complaint.deadline_at.isoformat(),
            "met": now <= complaint.deadline_at,
            **(payload or {}),
        },
    )
    _tell_complainant(complaint, "closed")
    if outcome not in _AUTHOR_TOLD_ELSEWHERE:
        _tell_authors(complaint, "closed")
    return complaint


def complaint_dismiss(*, complaint: Complaint, actor, reason: str) -> Complaint:
    """Close without changing the story; the reason goes to the complainant."""
    _check_staff(actor)
    if not (reason or "").strip():
        raise ValidationFailed(_("Tulis alasan penolakan yang akan dibaca pengadu."))
    with transaction.atomic():
        locked = _locked(complaint)
        _check_open(locked)
        return _resolve(locked, actor=actor, outcome=Complaint.Outcome.DISMISSED, note=reason)


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
    _check_staff(actor)
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
    _check_staff(actor)
    with transaction.atomic():
        locked = _locked(complaint)
        _check_open(locked)
        correction = story_correct(
            story=locked.story,
            actor=actor,
            kind=kind,
            text=text,
            expected_version=expected_version,
            complaint=locked,
            **changes,
        )
        _resolve(
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
    _check_staff(actor)
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
    _check_staff(actor)
    with transaction.atomic():
        locked = _locked(complaint)
        _check_open(locked)
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
        _resolve(
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
    _check_staff(actor)
    if not (note or "").strip():
        raise ValidationFailed(_("Tulis apa yang disunting dan mengapa."))
    with transaction.atomic():
        locked = _locked(complaint)
        _check_open(locked)
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
        return _resolve(
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
        locked = _locked(complaint)
        _check_open(locked)
        desk.story_retract(story=locked.story, actor=actor, reason=reason, note=note)
        return _resolve(
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
    _check_staff(actor)
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
    _check_staff(actor)
    with transaction.atomic():
        locked = _locked(complaint)
        _check_open(locked)
        story_link_follow_up(
            original=locked.story, follow_up=follow_up, actor=actor, complaint=locked
        )
        return _resolve(
            locked,
            actor=actor,
            outcome=Complaint.Outcome.FOLLOW_UP,
            payload={"follow_up": follow_up.pk},
        )


# --- reminders ----------------------------------------------------------------------------------


def senior_editor_addresses() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[SENIOR_EDITOR, ADMIN]) | Q(is_superuser=True))
        .exclude(email="")
        .distinct()
    )
    return sorted({user.email for user in users})


def complaints_send_reminders(*, now: datetime | None = None) -> list[int]:
    """Tell senior editors about open complaints whose deadline is near; once per complaint."""
    now = now or timezone.now()
    due = Complaint.objects.exclude(state=Complaint.State.CLOSED).filter(
        reminder_sent_at__isnull=True,
        deadline_at__lte=deadlines.remind_at_cutoff(now),
    )
    reminded = []
    recipients = None
    for complaint in due.select_related("story").order_by("deadline_at"):
        with transaction.atomic():
            claimed = Complaint.objects.filter(
                pk=complaint.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            if recipients is None:
                recipients = senior_editor_addresses()
            if recipients:
                mail_send_on_commit(
                    to=recipients,
                    template="complaint_reminder",
                    context={"complaint": complaint, "story": complaint.story, "now": now},
                )
            _record(
                complaint,
                action="complaint.reminder_sent",
                actor=SYSTEM_ACTOR,
                payload={"recipients": len(recipients)},
            )
        reminded.append(complaint.pk)
    return reminded
