"""Follows and subscriptions: a verified reader follows at once; an address without an account
follows only after clicking the link mailed to it (double opt-in). Unsubscribing is one click."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.audit.services import event_record
from pewarta.common.errors import ValidationFailed
from pewarta.common.mail import mail_send_on_commit
from pewarta.common.ratelimit import ratelimit_hit
from pewarta.community.models import Follow, Subscriber
from pewarta.community.services.comments import commenter_check
from pewarta.desk.models import Section, Tag

CONFIRM_SALT = "pewarta.community.follow-confirm"
CONFIRM_DAYS = 7
# URL word -> (Follow.Kind, how to find the target by slug)
KINDS = {
    "penulis": Follow.Kind.WRITER,
    "tag": Follow.Kind.TAG,
    "rubrik": Follow.Kind.SECTION,
}


def follow_target(kind_word: str, slug: str):
    """The writer, tag or section behind a follow link, or None."""
    kind = KINDS.get(kind_word)
    if kind == Follow.Kind.WRITER:
        return kind, Contributor.objects.filter(slug=slug, erased_at__isnull=True).first()
    if kind == Follow.Kind.TAG:
        return kind, Tag.objects.filter(slug=slug).first()
    if kind == Follow.Kind.SECTION:
        return kind, Section.objects.filter(slug=slug).first()
    return None, None


def unsubscribe_headers(subscriber: Subscriber) -> dict:
    """RFC 2369 + RFC 8058 one-click unsubscribe for every mail to a subscriber."""
    from django.conf import settings
    from django.urls import reverse

    url = settings.PEWARTA_SITE_URL + reverse("community:unsubscribe", args=[subscriber.token])
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _frequency(value: str) -> str:
    if value not in Subscriber.Frequency.values:
        raise ValidationFailed(_("Pilih kabar harian atau mingguan."))
    return value


def follow_add(
    *,
    kind: str,
    target_id: int,
    frequency: str,
    user=None,
    email: str = "",
    ip: str = "",
    honeypot: str = "",
) -> Follow:
    """Follow a writer, tag or section. A signed-in, verified reader's follow is active at once;
    an address given without an account gets a confirmation link and nothing else until then."""
    frequency = _frequency(frequency)
    if honeypot:
        event_record(action="follow.refused", payload={"reason": "honeypot", "ip": ip})
        raise ValidationFailed(_("Permintaan tidak dapat diterima."))
    ratelimit_hit(f"follow:{ip}", limit=10, window=3600)
    if user is not None and user.is_authenticated:
        contributor = commenter_check(user)
        return _follow_confirmed(contributor, kind, target_id, frequency)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed(_("Tulis alamat email yang benar.")) from None
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(
            email=email, defaults={"frequency": frequency}
        )
        follow, _created = Follow.objects.get_or_create(
            subscriber=subscriber, kind=kind, target_id=target_id
        )
        token = signing.dumps(
            {"s": subscriber.pk, "f": follow.pk, "q": frequency}, salt=CONFIRM_SALT
        )
        mail_send_on_commit(
            to=subscriber.email,
            template="follow_confirm",
            context={"token": token, "days": CONFIRM_DAYS},
            headers=unsubscribe_headers(subscriber),
        )
    return follow


def _follow_confirmed(contributor, kind, target_id, frequency) -> Follow:
    email = contributor.email or contributor.user.email
    with transaction.atomic():
        subscriber = Subscriber.objects.filter(contributor=contributor).first()
        if subscriber is None:
            subscriber, _created = Subscriber.objects.get_or_create(email=email.lower())
        subscriber.contributor = contributor
        subscriber.frequency = frequency
        subscriber.language = contributor.language
        subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save()
        follow, _created = Follow.objects.update_or_create(
            subscriber=subscriber, kind=kind, target_id=target_id, defaults={"active": True}
        )
    return follow


def follow_confirm(*, token: str) -> Subscriber:
    """The link mailed to an address was clicked (and its button pressed): follows start."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 86400)
    except signing.BadSignature:
        raise ValidationFailed(
            _("Tautan konfirmasi tidak berlaku atau sudah kedaluwarsa. Silakan ikuti lagi.")
        ) from None
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=data["s"]).first()
        follow = Follow.objects.filter(pk=data["f"], subscriber=subscriber).first()
        if subscriber is None or follow is None:
            raise ValidationFailed(_("Langganan ini sudah tidak ada."))
        subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.frequency = data.get("q") or subscriber.frequency
        subscriber.save(update_fields=["confirmed_at", "unsubscribed_at", "frequency"])
        Follow.objects.filter(pk=follow.pk).update(active=True)
    return subscriber


def subscriber_unsubscribe(*, token: str) -> Subscriber | None:
    """One click (RFC 8058): no more digests to this address. Unknown tokens change nothing."""
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is not None and subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber


def follow_remove(*, subscriber: Subscriber, follow_id: int) -> None:
    Follow.objects.filter(subscriber=subscriber, pk=follow_id).delete()


def subscriber_set_frequency(*, subscriber: Subscriber, frequency: str) -> Subscriber:
    subscriber.frequency = _frequency(frequency)
    subscriber.save(update_fields=["frequency"])
    return subscriber
