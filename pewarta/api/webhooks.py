"""Webhooks: an organization's URLs told of every status change of its pieces.

Each POST is JSON signed with the hook's own secret: header
`Pewarta-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; a receiver checks the
signature and refuses old timestamps (replays). A failed delivery is retried by a Huey task
with a growing delay (PEWARTA_API_WEBHOOK_RETRY_SECONDS × 4^n) up to
PEWARTA_API_WEBHOOK_ATTEMPTS tries; every try is kept in the delivery log the desk reads.
"""

import hashlib
import hmac
import http.client
import json
import logging
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.api import outbound
from pewarta.api.models import ApiKey, Scope, Webhook, WebhookDelivery
from pewarta.audit.models import Event
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.contributors.status import status_word
from pewarta.desk.models import Status, Story

logger = logging.getLogger(__name__)
MAX_HOOKS = 5
USER_AGENT = "Pewarta-webhook/1"
State = WebhookDelivery.State


def hooks_of(key: ApiKey):
    if key.organization_id:
        return Webhook.objects.filter(organization_id=key.organization_id)
    return Webhook.objects.filter(contributor_id=key.contributor_id, organization=None)


def hook_register(*, key: ApiKey, url: str) -> tuple[Webhook, str]:
    """Register a URL for the key's owner; returns (hook, secret) — the secret is shown once."""
    if Scope.READ_OWN not in key.scopes:
        raise NotPermitted(_("Webhook memerlukan cakupan “read-own”."))
    url = outbound.check_url(url)
    parts = outbound.urlsplit(url)
    outbound.checked_address(parts.hostname, parts.port or 443)
    if hooks_of(key).filter(is_active=True).count() >= MAX_HOOKS:
        raise ValidationFailed(_("Paling banyak %(n)d webhook aktif.") % {"n": MAX_HOOKS})
    secret = secrets.token_hex(32)
    with transaction.atomic():
        hook = Webhook.objects.create(
            organization=key.organization,
            contributor=None if key.organization_id else key.contributor,
            url=url,
            secret=secret,
            created_by_key=key,
        )
        event_record(
            subject=hook, actor_label=key.label, action="api.webhook_registered",
            note=url, payload={"key": key.prefix},
        )  # fmt: skip
    return hook, secret


def hook_remove(*, key: ApiKey, hook: Webhook) -> None:
    with transaction.atomic():
        Webhook.objects.filter(pk=hook.pk).update(is_active=False)
        event_record(
            subject=hook, actor_label=key.label, action="api.webhook_removed",
            note=hook.url, payload={"key": key.prefix},
        )  # fmt: skip


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300) -> bool:
    """What a receiver does (documented in docs/api.md; used by the tests)."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (ValueError, KeyError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def _payload(story: Story, event: Event) -> dict:
    url = None
    if event.to_status == Status.PUBLISHED and story.status == Status.PUBLISHED:
        url = settings.PEWARTA_SITE_URL + story.get_absolute_url()
    return {
        "type": "piece.status_changed",
        "event_id": event.pk,
        "tracking_code": story.tracking_code,
        "status": event.to_status,
        "status_label": status_word(event.to_status),
        "previous_status": event.from_status or None,
        "at": event.created_at.isoformat(),
        "url": url,
    }


def deliveries_for_change(*, story_id: int, event_id: int | None) -> list[int]:
    """A status change of a piece with hooks → one delivery each (ids of the new ones)."""
    event = Event.objects.filter(pk=event_id).first() if event_id else None
    if event is None or not event.to_status or event.to_status == event.from_status:
        return []
    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return []
    owners = Q(contributor__in=story.authors.all(), organization=None)
    if story.organization_id:
        owners |= Q(organization_id=story.organization_id)
    created = []
    for hook in Webhook.objects.filter(owners, is_active=True):
        try:
            with transaction.atomic():
                created.append(
                    WebhookDelivery.objects.create(
                        webhook=hook,
                        story=story,
                        event_id=event.pk,
                        payload=_payload(story, event),
                        next_attempt_at=timezone.now(),
                    )  # fmt: skip
                )
        except IntegrityError:
            continue  # already queued for this event
    return [delivery.pk for delivery in created]


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=settings.PEWARTA_API_WEBHOOK_RETRY_SECONDS * 4 ** (attempts - 1))


def delivery_attempt(delivery_id: int, *, now=None) -> WebhookDelivery | None:
    """One try, if one is due. Returns the delivery (None when nothing was due); its
    `next_attempt_at` says when to try again, if ever."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("webhook")
            .filter(pk=delivery_id, state=State.PENDING)
            .filter(next_attempt_at__lte=(now or timezone.now()) + timedelta(seconds=1))
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = None  # claimed: a second runner finds nothing due
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    hook = delivery.webhook
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Pewarta-Event": delivery.payload.get("type", ""),
        "Pewarta-Delivery": str(delivery.pk),
        "Pewarta-Signature": sign(hook.secret, int(time.time()), body),
    }
    status, error = None, ""
    if not hook.is_active:
        error = _("Webhook sudah dinonaktifkan.")
    else:
        try:
            status, _answer = outbound.post(
                hook.url, body, headers, timeout=settings.PEWARTA_API_WEBHOOK_TIMEOUT
            )
        except outbound.TargetRefused as refused:
            error = str(refused.message)
        except (OSError, http.client.HTTPException) as failure:
            error = f"{type(failure).__name__}: {failure}"[:500]
    now = timezone.now()
    delivery.response_status = status
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at, delivery.error = State.DELIVERED, now, ""
        delivery.next_attempt_at = None
    else:
        delivery.error = error or _("Penerima menjawab HTTP %(status)s.") % {"status": status}
        if delivery.attempts >= settings.PEWARTA_API_WEBHOOK_ATTEMPTS or not hook.is_active:
            delivery.state, delivery.next_attempt_at = State.FAILED, None
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save(
        update_fields=["state", "delivered_at", "error", "next_attempt_at", "response_status"]
    )
    return delivery


def deliveries_due(*, now=None, grace: int = 0) -> list[int]:
    """Pending deliveries due `grace` seconds ago or more."""
    now = (now or timezone.now()) - timedelta(seconds=grace)
    return list(
        WebhookDelivery.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
