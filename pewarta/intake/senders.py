"""Sender confirmation: a signed link proves the address, records consent, makes the account."""

import hashlib
import re

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.accounts.personal_data import address_hash
from pewarta.accounts.services import (
    consents_accept_current,
    contributor_by_verified_address,
    contributor_for_user,
)
from pewarta.audit.models import Event
from pewarta.audit.services import event_record
from pewarta.common.errors import ValidationFailed
from pewarta.desk import services as desk_services
from pewarta.desk.models import Status
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.intake.models import ConsentRecord, InboundMessage, SenderConfirmation
from pewarta.intake.replies import answer_sender, record_outgoing

SALT = "pewarta.intake.sender-confirmation"
CONSENT_PURPOSE = "submission_email"


def _address_tag(address: str) -> str:
    # The link names the address by a hash only: URLs end up in logs and link scanners.
    return hashlib.sha256(address.lower().encode()).hexdigest()[:16]


def confirmation_token(confirmation: SenderConfirmation) -> str:
    return signing.dumps({"c": confirmation.pk, "a": _address_tag(confirmation.address)}, salt=SALT)


def confirmation_link(confirmation: SenderConfirmation) -> str:
    path = reverse("intake:confirm_sender", kwargs={"token": confirmation_token(confirmation)})
    return f"{settings.PEWARTA_SITE_URL}{path}"


def confirmation_from_token(token: str) -> SenderConfirmation:
    """The confirmation a link names; ValidationFailed for forged, broken or expired links."""
    max_age = settings.PEWARTA_INTAKE_CONFIRM_DAYS * 86400
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ValidationFailed(_("Tautan konfirmasi sudah kedaluwarsa.")) from exc
    except signing.BadSignature as exc:
        raise ValidationFailed(_("Tautan konfirmasi tidak sah.")) from exc
    found = SenderConfirmation.objects.filter(pk=data.get("c")).first()
    if found is None or _address_tag(found.address) != data.get("a"):
        raise ValidationFailed(_("Tautan konfirmasi tidak sah."))
    if found.confirmed_at is None and found.story.status != Status.AWAITING_CONFIRMATION:
        raise ValidationFailed(_("Naskah ini tidak lagi menunggu konfirmasi."))
    return found


def _unique_username(address: str) -> str:
    User = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", address)[:140] or "penulis"
    name, n = base, 2
    while User.objects.filter(username=name).exists():
        name, n = f"{base[:140]}-{n}", n + 1
    return name


def _user_with_proven_address(address: str):
    if not apps.is_installed("allauth.account"):
        return None
    from allauth.account.models import EmailAddress

    found = EmailAddress.objects.filter(email__iexact=address, verified=True).first()
    return found.user if found else None


def contributor_for_address(address: str, name: str, *, verified: bool) -> Contributor:
    """The contributor who owns `address`, never an account that merely typed it in.

    `verified`: the address has just been proven (the sender clicked our link). The proven
    owner is used when there is one; otherwise the newsroom's profile for the address (no
    login) is given an account of its own. Unproven (an editor vouches for a piece): the
    proven owner or a profile without a login, which whoever proves the address later adopts.
    """
    owner = contributor_by_verified_address(address)
    if owner is not None:
        return owner
    proven = _user_with_proven_address(address)
    if proven is not None:  # staff or an account without a writer's profile yet
        return contributor_for_user(proven)
    held = (
        Contributor.objects.filter(user__isnull=True, erased_at__isnull=True, email__iexact=address)
        .order_by("pk")
        .first()
    )
    if held is None:
        held = Contributor(pen_name=(name or address.split("@")[0])[:120], email=address)
        held.save()
    if not verified:
        return held
    User = get_user_model()
    user = User(username=_unique_username(address), email=address)
    user.set_unusable_password()
    user.save()
    held.user = user
    held.email_verified = True
    fields = ["user", "email_verified"]
    if held.verification == Contributor.Verification.UNVERIFIED:
        held.verification = Contributor.Verification.EMAIL
        fields.append("verification")
    held.save(update_fields=fields)
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=address.lower(), verified=True, primary=True)
    return held


def _attach_and_release(confirmation, contributor, actor, note) -> None:
    story = desk_services.story_add_author(
        story=confirmation.story, contributor=contributor, actor=actor, note=note
    )
    confirmation.contributor = contributor
    confirmation.confirmed_at = timezone.now()
    confirmation.save(update_fields=["contributor", "confirmed_at"])
    if story.status == Status.AWAITING_CONFIRMATION:
        desk_services.story_confirm_sender(story=story, actor=actor, note=note)
    if confirmation.inbound_id:
        InboundMessage.objects.filter(
            pk=confirmation.inbound_id, outcome=InboundMessage.Outcome.AWAITING_CONFIRMATION
        ).update(outcome=InboundMessage.Outcome.ACCEPTED, reason="")


def _notes_of(inbound) -> list:
    """The notes the sender was not told while unproven (file names, fixes): told now."""
    event = (
        Event.objects.filter(action="intake.confirmation_requested", object_id=str(inbound.pk))
        .order_by("pk")
        .first()
    )
    return list((event.payload or {}).get("notes") or []) if event else []


PHOTO_RIGHTS_PURPOSE = "photo_rights"


def photos_of(confirmation: SenderConfirmation) -> list[dict]:
    revision = confirmation.story.draft_revision
    return [image for image in (revision.images if revision else []) if image.get("src")]


def _check_photo_rights(confirmation: SenderConfirmation, photo_rights: bool) -> None:
    """Emailed photos need the statement a web upload needs (web.photo_add's `rights`)."""
    if photos_of(confirmation) and not photo_rights:
        raise ValidationFailed(
            _("Nyatakan bahwa Anda berhak memakai foto yang Anda kirim sebelum mengonfirmasi.")
        )


def _record_photo_rights(confirmation, contributor) -> None:
    photos = photos_of(confirmation)
    if not photos:
        return
    ConsentRecord.objects.create(
        contributor=contributor,
        address_hash=address_hash(confirmation.address),
        purpose=PHOTO_RIGHTS_PURPOSE,
        terms_version=settings.PEWARTA_TERMS_VERSION,
    )
    event_record(
        story=confirmation.story, subject=confirmation, actor=SYSTEM_ACTOR,
        action="intake.photo_rights_confirmed", payload={"photos": len(photos)},
    )  # fmt: skip
    desk_services.story_photos_rights_stated(story=confirmation.story, actor=SYSTEM_ACTOR)


def sender_confirm(
    *, token: str, ip: str | None = None, photo_rights: bool = False
) -> SenderConfirmation:
    """One click proves the address for exactly the piece the link was sent for: consent is
    recorded, the account made (or the proven owner's used) and that one story released.
    Other pieces waiting under the same address keep waiting for their own link."""
    confirmation = confirmation_from_token(token)
    with transaction.atomic():
        confirmation = (
            SenderConfirmation.objects.select_for_update(of=("self",))
            .select_related("story", "inbound")
            .get(pk=confirmation.pk)
        )
        if confirmation.confirmed_at is not None:
            return confirmation
        if confirmation.story.status != Status.AWAITING_CONFIRMATION:
            raise ValidationFailed(_("Naskah ini tidak lagi menunggu konfirmasi."))
        _check_photo_rights(confirmation, photo_rights)
        contributor = contributor_for_address(
            confirmation.address, confirmation.name, verified=True
        )
        _record_photo_rights(confirmation, contributor)
        ConsentRecord.objects.create(
            contributor=contributor,
            address_hash=address_hash(confirmation.address),
            purpose=CONSENT_PURPOSE,
            terms_version=settings.PEWARTA_TERMS_VERSION,
        )
        consents_accept_current(contributor=contributor, ip=ip)  # the accounts app's records
        _attach_and_release(confirmation, contributor, SYSTEM_ACTOR, _("Pengirim mengonfirmasi."))
        story = confirmation.story
        event_record(
            story=story, subject=confirmation, actor=SYSTEM_ACTOR,
            action="intake.sender_confirmed", payload={"address": confirmation.address},
        )  # fmt: skip
        if confirmation.inbound is not None:
            mail_id = answer_sender(
                confirmation.inbound, "intake_ack",
                {"headline": story.draft_revision.headline,
                 "notes": _notes_of(confirmation.inbound)},
                language=story.language, story=story, proven=True,
            )  # fmt: skip
            if mail_id:
                record_outgoing(story, mail_id, _("Tanda terima otomatis (kode %(code)s).")
                                % {"code": story.tracking_code})  # fmt: skip
        confirmation.refresh_from_db()
    return confirmation


def sender_confirm_by_staff(*, message: InboundMessage, actor) -> None:
    """An editor vouches for a waiting sender (no consent is recorded: the sender gave none)."""
    with transaction.atomic():
        confirmation = (
            SenderConfirmation.objects.select_for_update()
            .filter(inbound=message, confirmed_at__isnull=True)
            .first()
        )
        if confirmation is None:
            raise ValidationFailed(_("Tidak ada konfirmasi yang menunggu untuk pesan ini."))
        contributor = contributor_for_address(
            confirmation.address, confirmation.name, verified=False
        )
        event_record(
            story=confirmation.story, subject=message, actor=actor, action="intake.released",
            note=_("Pengirim dikonfirmasi oleh redaksi."), payload={"address": message.sender},
        )  # fmt: skip
        _attach_and_release(confirmation, contributor, actor, _("Dikonfirmasi oleh redaksi."))


def sender_confirmations_expire(*, now=None) -> int:
    """Pieces whose sender did not prove the address within PEWARTA_INTAKE_CONFIRM_DAYS are
    set aside: the story is closed as expired, the mail marked discarded, both recorded."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(days=settings.PEWARTA_INTAKE_CONFIRM_DAYS)
    stale = SenderConfirmation.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=cutoff,
        story__status=Status.AWAITING_CONFIRMATION,
    ).values_list("pk", flat=True)
    reason = _(
        "Pengirim tidak mengonfirmasi alamatnya dalam %(days)d hari; konfirmasi kedaluwarsa."
    )
    reason %= {"days": settings.PEWARTA_INTAKE_CONFIRM_DAYS}
    done = 0
    for pk in list(stale[:1000]):
        with transaction.atomic():
            confirmation = (
                SenderConfirmation.objects.select_for_update(of=("self",))
                .select_related("story")
                .get(pk=pk)
            )
            if (
                confirmation.confirmed_at
                or confirmation.story.status != Status.AWAITING_CONFIRMATION
            ):
                continue
            desk_services.story_expire_unconfirmed(
                story=confirmation.story, actor=SYSTEM_ACTOR, note=reason
            )
            if confirmation.inbound_id:
                InboundMessage.objects.filter(pk=confirmation.inbound_id).update(
                    outcome=InboundMessage.Outcome.DISCARDED, reason=reason
                )
            event_record(
                story=confirmation.story, subject=confirmation, actor=SYSTEM_ACTOR,
                action="intake.confirmation_expired", note=reason,
                payload={"inbound": confirmation.inbound_id},
            )  # fmt: skip
            done += 1
    return done
