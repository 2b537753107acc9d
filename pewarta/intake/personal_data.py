"""Intake's places of personal data (raw mail, sender confirmations, consent records) and the
retention of raw mail. Registered with `accounts.personal_data` in IntakeConfig.ready."""

import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from pewarta.accounts.personal_data import Person, register_place
from pewarta.audit.services import event_record
from pewarta.desk import services as desk_services
from pewarta.desk.models import Story
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.intake.models import ConsentRecord, InboundMessage, SenderConfirmation

logger = logging.getLogger(__name__)


def _from_person(person: Person) -> Q:
    match = Q(pk__in=[])
    for address in person.addresses:
        match |= Q(sender__iexact=address) | Q(envelope_from__iexact=address)
    return match


def _confirmations(person: Person):
    match = Q(pk__in=[])
    for address in person.addresses:
        match |= Q(address__iexact=address)
    if person.contributor is not None:
        match |= Q(contributor=person.contributor)
    return SenderConfirmation.objects.filter(match)


def intake_export(person: Person) -> dict | None:
    mails = InboundMessage.objects.filter(_from_person(person)).order_by("received_at")
    consents = (
        ConsentRecord.objects.filter(contributor=person.contributor)
        if person.contributor is not None
        else ConsentRecord.objects.none()
    )
    data = {
        "emails_received": [
            {
                "received_at": m.received_at.isoformat(),
                "from": m.sender,
                "message_id": m.message_id,
                "outcome": m.outcome,
                "story": m.story.tracking_code if m.story_id else None,
                "raw_kept": bool(m.raw),
            }
            for m in mails.select_related("story")
        ],
        "sender_confirmations": [
            {
                "story": c.story.tracking_code,
                "address": c.address,
                "name": c.name,
                "created_at": c.created_at.isoformat(),
                "confirmed_at": c.confirmed_at.isoformat() if c.confirmed_at else None,
            }
            for c in _confirmations(person).select_related("story")
        ],
        "consent_records": [
            {
                "purpose": c.purpose,
                "terms_version": c.terms_version,
                "method": c.method,
                "given_at": c.given_at.isoformat(),
            }
            for c in consents
        ],
    }
    return data if any(data.values()) else None


def intake_erase(person: Person, actor) -> int:
    """Raw mail from the person is emptied (the outcome record stays, without address or
    network peer); confirmations go (their waiting pieces lose every mention of the person);
    consent records keep only the keyed hash of the address (they never held more)."""
    done = 0
    confirmations = list(_confirmations(person))
    waiting = Story.objects.filter(pk__in=[c.story_id for c in confirmations])
    desk_services.desk_forget_person(person=person, stories=waiting)
    done += SenderConfirmation.objects.filter(pk__in=[c.pk for c in confirmations]).delete()[0]
    for message in InboundMessage.objects.filter(_from_person(person)):
        done += InboundMessage.objects.filter(pk=message.pk).update(
            raw=b"",
            sender="",
            envelope_from="",
            peer="",
            reason=person.scrub(message.reason),
        )
    return done


register_place("intake", export=intake_export, erase=intake_erase)


# --- retention of raw mail --------------------------------------------------------------------


def raw_mail_purge(*, now=None) -> int:
    """Empty raw mail older than PEWARTA_RAW_MAIL_RETENTION_DAYS (the outcome record stays:
    hash, Message-ID, outcome and reason); records the purge as an Event."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(days=settings.PEWARTA_RAW_MAIL_RETENTION_DAYS)
    old = InboundMessage.objects.filter(received_at__lt=cutoff).exclude(
        outcome=InboundMessage.Outcome.PENDING
    )
    old = old.exclude(raw=b"")
    count = old.update(raw=b"", sender="", envelope_from="", peer="")
    if count:
        event_record(
            actor=SYSTEM_ACTOR,
            action="intake.raw_mail_purged",
            note=f"{count}",
            payload={"count": count, "before": cutoff.isoformat()},
        )
        logger.info("raw mail purged: %d messages received before %s", count, cutoff)
    return count
