"""The desk takes a complaint on, or closes it without changing the story."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.common.errors import ValidationFailed
from pewarta.complaints.models import Complaint
from pewarta.complaints.services.common import (
    check_open,
    check_staff,
    locked_complaint,
    record,
    resolve,
    tell_complainant,
)


def complaint_claim(*, complaint: Complaint, actor) -> Complaint:
    """An editor takes the complaint on; the complainant is told it is being handled."""
    check_staff(actor)
    with transaction.atomic():
        locked = locked_complaint(complaint)
        check_open(locked)
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
        record(locked, action="complaint.claimed", actor=actor)
        if "state" in fields:
            tell_complainant(locked, "in_progress")
    return locked


def complaint_dismiss(*, complaint: Complaint, actor, reason: str) -> Complaint:
    """Close without changing the story; the reason goes to the complainant."""
    check_staff(actor)
    if not (reason or "").strip():
        raise ValidationFailed(_("Tulis alasan penolakan yang akan dibaca pengadu."))
    with transaction.atomic():
        locked = locked_complaint(complaint)
        check_open(locked)
        return resolve(locked, actor=actor, outcome=Complaint.Outcome.DISMISSED, note=reason)


def complaint_resolve_content(
    *, complaint: Complaint, actor, removed: bool, note: str
) -> Complaint:
    """A report about readers' content (a comment) closes with the moderator's decision:
    the content taken down, or kept with the reason. Already closed: left as it is."""
    check_staff(actor)
    with transaction.atomic():
        locked = locked_complaint(complaint)
        if not locked.is_open:
            return locked
        outcome = Complaint.Outcome.COMMENT_REMOVED if removed else Complaint.Outcome.DISMISSED
        return resolve(locked, actor=actor, outcome=outcome, note=note, tell_author=False)
