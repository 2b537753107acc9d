"""Personal-data requests (UU PDP): every request is logged with its 3×24-hour deadline."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor, DataRequest
from pewarta.accounts.roles import EDITOR, STAFF_ROLES, has_role
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.common.mail import mail_send_on_commit


def data_request_log(
    *, contributor: Contributor | None, kind: str, detail: str = "", completed_by=None
) -> DataRequest:
    """Log a request. Self-service ones are completed at once (`completed_by` = the person)."""
    now = timezone.now()
    label = contributor.pen_name if contributor else _("(tanpa akun)")
    if contributor and contributor.email:
        label = f"{label} <{contributor.email}>"
    done = completed_by is not None
    return DataRequest.objects.create(
        contributor=contributor,
        requester_label=label[:200],
        kind=kind,
        detail=detail,
        created_at=now,
        due_at=now + timezone.timedelta(hours=settings.PEWARTA_PDP_DEADLINE_HOURS),
        completed_at=now if done else None,
        completed_by=completed_by if getattr(completed_by, "is_authenticated", False) else None,
        resolution=_("Diselesaikan sendiri oleh pemilik data.") if done else "",
    )


def data_requests_overdue():
    return DataRequest.objects.filter(completed_at__isnull=True, due_at__lt=timezone.now())


REMIND_BEFORE = timezone.timedelta(hours=12)


def editor_addresses() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
    emails = sorted({u.email for u in users.distinct() if u.email})
    return emails or [settings.PEWARTA_NEWSROOM_EMAIL]


def data_requests_send_reminders(*, now=None) -> list[int]:
    """Tell the desk about open requests due within 12 hours (or overdue); once per request."""
    now = now or timezone.now()
    due = DataRequest.objects.filter(
        completed_at__isnull=True, reminder_sent_at__isnull=True, due_at__lte=now + REMIND_BEFORE
    )
    reminded, recipients = [], None
    for request in due.order_by("due_at"):
        with transaction.atomic():
            claimed = DataRequest.objects.filter(pk=request.pk, reminder_sent_at__isnull=True)
            if not claimed.update(reminder_sent_at=now):
                continue
            recipients = recipients or editor_addresses()
            mail_send_on_commit(
                to=recipients,
                template="kontributor/pdp_reminder",
                context={"request": request, "overdue": request.due_at < now},
            )
        reminded.append(request.pk)
    return reminded


def data_request_complete(*, request: DataRequest, actor, resolution: str) -> DataRequest:
    if not has_role(actor, EDITOR):
        raise NotPermitted()
    if not resolution.strip():
        raise ValidationFailed(_("Tuliskan bagaimana permintaan ini diselesaikan."))
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        if request.completed_at:
            raise ValidationFailed(_("Permintaan ini sudah selesai."))
        request.completed_at, request.completed_by = timezone.now(), actor
        request.resolution = resolution.strip()
        request.save(update_fields=["completed_at", "completed_by", "resolution"])
    return request
