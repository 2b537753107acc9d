"""Intake: store every raw message first, then turn it into a story or a quarantine entry."""

import hashlib
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.desk import services as desk_services
from pewarta.desk.events import event_record
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.intake import parse
from pewarta.intake.models import InboundMessage

logger = logging.getLogger(__name__)
Outcome = InboundMessage.Outcome


def inbound_message_store(
    *, raw: bytes, channel: str, envelope_from: str = "", envelope_to=None, peer: str = ""
) -> InboundMessage:
    """Durably store raw bytes before anything else happens to them."""
    message_id = ""
    try:
        message_id = str(parse.read_message(raw).get("Message-ID", "") or "").strip()[:998]
    except Exception:  # noqa: BLE001 - storing must never fail because headers are bad
        logger.info("stored a message whose headers could not be read")
    return InboundMessage.objects.create(
        raw=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        message_id=message_id,
        channel=channel,
        envelope_from=envelope_from[:998],
        envelope_to=list(envelope_to or []),
        peer=peer[:200],
    )


def _contributor_for(address: str, name: str) -> Contributor:
    contributor = Contributor.objects.filter(email__iexact=address).order_by("pk").first()
    if contributor is None:
        contributor = Contributor(pen_name=name or address.split("@")[0], email=address)
        contributor.save()
    return contributor


def _finish(message: InboundMessage, outcome: str, reason: str = "", story=None):
    message.outcome = outcome
    message.reason = str(reason)
    message.story = story
    message.processed_at = timezone.now()
    message.save(update_fields=["outcome", "reason", "story", "processed_at", "attempts"])
    event_record(
        story=story,
        subject=message,
        actor=SYSTEM_ACTOR,
        action=f"intake.{outcome}",
        note=str(reason),
        payload={"message_id": message.message_id, "channel": message.channel},
    )
    return message


def inbound_message_process(*, message: InboundMessage) -> InboundMessage:
    """Parse a stored message into a story. The sender's mistakes end in quarantine."""
    with transaction.atomic():
        message = InboundMessage.objects.select_for_update().get(pk=message.pk)
        if message.outcome != Outcome.PENDING:
            return message
        message.attempts += 1
        try:
            submission = parse.parse_submission(bytes(message.raw))
        except parse.ParseError as error:
            return _finish(message, Outcome.QUARANTINED, error.reason)
        if submission.message_id:
            earlier = (
                InboundMessage.objects.filter(message_id=submission.message_id, story__isnull=False)
                .exclude(pk=message.pk)
                .first()
            )
            if earlier is not None:
                return _finish(
                    message,
                    Outcome.DUPLICATE,
                    _("Sudah diterima sebagai %(code)s.") % {"code": earlier.story.tracking_code},
                    story=earlier.story,
                )
        contributor = _contributor_for(submission.from_address, submission.from_name)
        story = desk_services.story_create(
            headline=submission.headline,
            lead=submission.lead,
            body_html=submission.body_html,
            dateline=submission.dateline,
            kind=submission.kind,
            authors=[contributor],
            actor=SYSTEM_ACTOR,
            language=submission.language,
            submitted_at=message.received_at,
        )
        return _finish(message, Outcome.ACCEPTED, story=story)


def inbound_message_record_failure(*, message: InboundMessage, error: Exception, give_up: bool):
    """Our own fault while processing: count the attempt; after the last one, quarantine."""
    with transaction.atomic():
        message = InboundMessage.objects.select_for_update().get(pk=message.pk)
        if message.outcome != Outcome.PENDING:
            return message
        message.attempts += 1
        if not give_up:
            message.save(update_fields=["attempts"])
            return message
        logger.error("giving up on inbound message %s: %r", message.pk, error)
        return _finish(
            message,
            Outcome.QUARANTINED,
            _("Kesalahan internal saat memproses pesan (%(error)s).")
            % {"error": type(error).__name__},
        )
