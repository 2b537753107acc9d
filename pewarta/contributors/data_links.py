"""One-time links for writers who only use email: export or erase without a password (UU PDP).

The writer asks at /akun/data/tautan with their address; when it is a writer's verified
address a link is mailed to it (the page answers the same either way, so it does not tell
who writes for us). Opening the link shows buttons only (link scanners fetch links); pressing
one spends the link. Links expire after PEWARTA_DATA_LINK_HOURS.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.data_requests import data_request_log
from pewarta.accounts.models import Contributor, DataAccessLink
from pewarta.audit.services import event_record
from pewarta.common.errors import ValidationFailed
from pewarta.common.mail import mail_send_on_commit
from pewarta.contributors import privacy

EXPORT, ERASE = "export", "erase"
EVENTS = {EXPORT: "personal_data.exported_by_link", ERASE: "personal_data.erased_by_link"}


def _hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def data_link_request(*, address: str) -> bool:
    """Mail a one-time link if `address` is a writer's verified address. Returns whether one
    was sent (for tests and logs only: the page must not show it)."""
    address = (address or "").strip()
    contributor = (
        Contributor.objects.filter(
            email__iexact=address, email_verified=True, erased_at__isnull=True, is_blocked=False
        )
        .order_by("pk")
        .first()
    )
    if not address or contributor is None:
        return False
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        DataAccessLink.objects.create(
            contributor=contributor,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + timezone.timedelta(hours=settings.PEWARTA_DATA_LINK_HOURS),
        )
        mail_send_on_commit(
            to=contributor.email,
            template="kontributor/data_link",
            context={
                "contributor": contributor,
                "link": settings.PEWARTA_SITE_URL + reverse("contributors:data_link", args=[token]),
                "hours": settings.PEWARTA_DATA_LINK_HOURS,
            },
            language=contributor.language,
        )
    return True


def data_link_open(token: str) -> DataAccessLink:
    """The usable link for `token`; ValidationFailed when unknown, spent or expired."""
    link = DataAccessLink.objects.select_related("contributor").filter(token_hash=_hash(token))
    link = link.first()
    _check(link)
    return link


def _check(link) -> None:
    if link is None:
        raise ValidationFailed(_("Tautan ini tidak sah."))
    if link.used_at is not None:
        raise ValidationFailed(_("Tautan ini sudah dipakai. Minta tautan baru bila perlu."))
    if link.expires_at <= timezone.now() or link.contributor.erased_at is not None:
        raise ValidationFailed(_("Tautan ini sudah kedaluwarsa. Minta tautan baru."))


def data_link_use(*, token: str, action: str):
    """Spend the link: EXPORT returns the export (a dict), ERASE erases the account."""
    if action not in (EXPORT, ERASE):
        raise ValidationFailed(_("Pilih tindakan."))
    with transaction.atomic():
        found = DataAccessLink.objects.select_for_update().filter(token_hash=_hash(token)).first()
        _check(found)
        link = DataAccessLink.objects.select_related("contributor__user").get(pk=found.pk)
        link.used_at, link.used_for = timezone.now(), action
        link.save(update_fields=["used_at", "used_for"])
        contributor = link.contributor
        event_record(actor=contributor.user, subject=link, action=EVENTS[action])
        if action == EXPORT:
            data = privacy.data_export(contributor=contributor)
            data_request_log(contributor=contributor, kind="export", completed_by=contributor.user)
            return data
        return privacy.contributor_erase(contributor=contributor, actor=contributor.user)
