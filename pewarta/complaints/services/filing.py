"""Filing: the public's reports, Hak Jawab and Hak Koreksi; staff record take-down orders."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.common.errors import ValidationFailed
from pewarta.complaints import deadlines
from pewarta.complaints.evidence import evidence_check
from pewarta.complaints.models import Complaint, TakedownOrder
from pewarta.complaints.services.common import check_staff, record, tell_authors, tell_complainant
from pewarta.desk.models import Status, Story


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
    tell_author: bool = True,
) -> Complaint:
    """A member of the public files a report, Hak Jawab or Hak Koreksi about a live story.

    `tell_author=False` for reports about readers' content (a comment), which the writer of the
    story is not answerable for."""
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
        record(
            complaint,
            action="complaint.received",
            actor=None,
            actor_label=complaint.name or _("pelapor anonim"),
            payload={"reason": complaint.reason, "deadline_at": complaint.deadline_at.isoformat()},
        )
        tell_complainant(complaint, "received")
        if tell_author:
            tell_authors(complaint, "received")
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
    check_staff(actor)
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
        record(
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
