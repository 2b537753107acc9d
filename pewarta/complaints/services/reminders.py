"""Reminding senior editors before a complaint's deadline runs out (once per complaint)."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pewarta.accounts.roles import ADMIN, SENIOR_EDITOR
from pewarta.common.mail import mail_send_on_commit
from pewarta.complaints import deadlines
from pewarta.complaints.models import Complaint
from pewarta.complaints.services.common import record
from pewarta.desk.workflow import SYSTEM_ACTOR


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
            record(
                complaint,
                action="complaint.reminder_sent",
                actor=SYSTEM_ACTOR,
                payload={"recipients": len(recipients)},
            )
        reminded.append(complaint.pk)
    return reminded
