"""What every complaint service shares: staff check, audit record, mail, closing."""

from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.accounts.roles import EDITOR, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, TransitionNotAllowed
from pewarta.common.mail import mail_send_on_commit
from pewarta.complaints.models import Complaint
from pewarta.desk.models import Story

# Events that count as the desk acting on a complaint (for "time to first action").
ACTION_EVENTS = {"complaint.claimed", "complaint.resolved"}
# Outcomes whose author mail is sent by the contributors' notification handler instead.
AUTHOR_TOLD_ELSEWHERE = {Complaint.Outcome.CORRECTED, Complaint.Outcome.RETRACTED}


def check_staff(actor) -> None:
    if not has_role(actor, EDITOR):
        raise NotPermitted()


def record(complaint: Complaint, *, action: str, actor, note: str = "", payload=None, **kw):
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


def author_addresses(story: Story) -> list[str]:
    addresses = []
    authors = story.authors.select_related("user")
    if hasattr(Contributor, "erased_at"):
        authors = authors.filter(erased_at__isnull=True)  # erased accounts get no mail
    for contributor in authors:
        address = contributor.email or (contributor.user.email if contributor.user else "")
        if address and address not in addresses:
            addresses.append(address)
    return addresses


def tell_complainant(complaint: Complaint, step: str) -> None:
    if complaint.email:
        mail_send_on_commit(
            to=complaint.email,
            template="complaint_status" if step != "received" else "complaint_received",
            context={"complaint": complaint, "step": step, "story": complaint.story},
        )


def tell_authors(complaint: Complaint, step: str) -> None:
    if complaint.kind == Complaint.Kind.TAKEDOWN and step == "received":
        return
    for address in author_addresses(complaint.story):
        mail_send_on_commit(
            to=address,
            template="complaint_author",
            context={"complaint": complaint, "step": step, "story": complaint.story},
        )


def locked_complaint(complaint: Complaint) -> Complaint:
    """Re-read under a row lock; caller is inside transaction.atomic()."""
    return Complaint.objects.select_for_update().select_related("story").get(pk=complaint.pk)


def check_open(complaint: Complaint) -> None:
    if not complaint.is_open:
        raise TransitionNotAllowed(_("Pengaduan ini sudah diselesaikan."))


def resolve(
    complaint: Complaint,
    *,
    actor,
    outcome: str,
    note: str = "",
    payload=None,
    tell_author: bool = True,
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
    record(
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
    tell_complainant(complaint, "closed")
    if tell_author and outcome not in AUTHOR_TOLD_ELSEWHERE:
        tell_authors(complaint, "closed")
    return complaint
