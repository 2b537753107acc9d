"""Intake: store every raw message first, then turn it into a story, a reply or a quarantine entry.

`inbound_message_process` separates the sender's mistakes (quarantine + a polite note, unless the
mail is automated) from our faults (exceptions: the caller retries, then quarantines).
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.roles import EDITOR, has_role
from pewarta.accounts.services import contributor_by_verified_address
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.desk import services as desk_services
from pewarta.desk.models import Message, Status, Story
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.intake import identity, parse, reply_photos, revisions
from pewarta.intake.models import InboundMessage, SenderConfirmation
from pewarta.intake.photo_rights import rights_link
from pewarta.intake.replies import answer_sender, record_outgoing
from pewarta.intake.senders import confirmation_link, sender_confirm_by_staff
from pewarta.integrity.media import media_limits

logger = logging.getLogger(__name__)
Outcome = InboundMessage.Outcome
ANSWERABLE_CHANNELS = {"smtp", "lmtp", "imap", "file"}
# The audit name of each outcome, in the past tense like every Event.
INTAKE_EVENTS = {
    Outcome.ACCEPTED: "intake.accepted",
    Outcome.DUPLICATE: "intake.duplicate_detected",
    Outcome.QUARANTINED: "intake.quarantined",
    Outcome.AWAITING_CONFIRMATION: "intake.confirmation_requested",
    Outcome.REPLY: "intake.reply_threaded",
    Outcome.DISCARDED: "intake.discarded",
}


def intake_limits() -> parse.Limits:
    return parse.Limits(
        max_message_bytes=settings.PEWARTA_MAX_MESSAGE_BYTES,
        max_attachments=settings.PEWARTA_INTAKE_MAX_ATTACHMENTS,
        media=media_limits(),
    )


# --- storing ----------------------------------------------------------------------------------


def _message_id_of(raw: bytes) -> str:
    head = raw[: raw.find(b"\r\n\r\n") if b"\r\n\r\n" in raw[:65536] else 65536]
    match = re.search(rb"(?im)^message-id:[ \t]*(?:\r?\n[ \t]+)?(<[^>\r\n]{1,990}>)", head)
    if not match or re.search(rb"[\x00-\x1f\x7f]", match.group(1)):
        return (
            ""  # control characters (NUL among them) make no Message-ID: text columns refuse them
        )
    return match.group(1).decode("ascii", "replace")


def inbound_message_store(
    *, raw: bytes, channel: str, envelope_from: str = "", envelope_to=None, peer: str = ""
) -> InboundMessage:
    """Durably store raw bytes before anything else happens to them; processing is queued."""
    message = InboundMessage.objects.create(
        raw=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        message_id=_message_id_of(raw),
        channel=channel,
        envelope_from=(envelope_from or "")[:998],
        envelope_to=[str(a)[:320] for a in (envelope_to or [])][:50],
        peer=(peer or "")[:200],
    )
    return message


def inbound_message_store_once(*, raw: bytes, channel: str, **kwargs) -> tuple:
    """Store unless the same bytes with the same Message-ID are already stored (IMAP re-polls).

    Returns (message, created).
    """
    sha256 = hashlib.sha256(raw).hexdigest()
    existing = InboundMessage.objects.filter(sha256=sha256, message_id=_message_id_of(raw))
    found = existing.order_by("pk").first()
    if found is not None:
        return found, False
    return inbound_message_store(raw=raw, channel=channel, **kwargs), True


# --- processing -------------------------------------------------------------------------------


def _finish(message: InboundMessage, outcome: str, reason: str = "", story=None, payload=None):
    message.outcome = outcome
    message.reason = str(reason)
    message.story = story
    message.processed_at = timezone.now()
    message.save(
        update_fields=[
            "outcome", "reason", "story", "processed_at", "attempts", "sender", "content_key",
        ]
    )  # fmt: skip
    event_record(
        story=story,
        subject=message,
        actor=SYSTEM_ACTOR,
        action=INTAKE_EVENTS[outcome],
        note=str(reason),
        payload={"message_id": message.message_id, "channel": message.channel, **(payload or {})},
    )
    return message


def _sender_lock(address: str) -> None:
    """Serialize processing per sender so two copies of one mail never make two stories."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"intake:{address}"])


def _earlier(message: InboundMessage):
    """An earlier, already processed copy of this message (same Message-ID or same bytes)."""
    same = Q(sha256=message.sha256)
    if message.message_id:
        same |= Q(message_id=message.message_id, sender=message.sender)
    return (
        InboundMessage.objects.filter(same)
        .exclude(pk=message.pk)
        .exclude(outcome=Outcome.PENDING)
        .defer("raw")
        .order_by("pk")
        .first()
    )


def _reply_tokens(message: InboundMessage, msg) -> list[str]:
    local, domain = settings.PEWARTA_NEWSROOM_EMAIL.lower().rsplit("@", 1)
    pattern = re.compile(rf"^{re.escape(local)}\+([a-z0-9]{{4,16}})@{re.escape(domain)}$")
    addresses = [str(a).lower() for a in message.envelope_to] + parse.recipients_of(msg)
    return [m.group(1) for a in addresses if (m := pattern.match(a.strip("<> ")))]


def _thread_story(message: InboundMessage, msg) -> Story | None:
    tokens = _reply_tokens(message, msg)
    if tokens:
        story = Story.objects.filter(reply_token__in=tokens).first()
        if story is not None:
            return story
    ids = parse.thread_ids(msg)
    if ids:
        found = Message.objects.filter(email_message_id__in=ids).select_related("story").first()
        if found is not None:
            return found.story
        earlier = InboundMessage.objects.filter(message_id__in=ids, story__isnull=False).first()
        if earlier is not None:
            return earlier.story
    return None


def _reply_into_story(message, story, raw, may_answer, lenient) -> InboundMessage:
    refusal = (
        "" if lenient else identity.reply_refusal(message, story, raw, parse.read_message(raw))
    )
    if refusal:
        return _finish(message, Outcome.QUARANTINED, refusal, story=story)
    if (
        message.message_id
        and Message.objects.filter(
            story=story, direction=Message.Direction.IN, email_message_id=message.message_id
        ).exists()
    ):
        return _finish(message, Outcome.DUPLICATE, _("Balasan ini sudah tercatat."), story=story)
    try:
        text = parse.reply_text(raw)
    except parse.ParseError as error:
        return _finish(message, Outcome.QUARANTINED, error.reason, story=story)
    msg = parse.read_message(raw)
    author = contributor_by_verified_address(message.sender)
    author = author if author and story.authors.filter(pk=author.pk).exists() else None
    desk_services.message_record(
        story=story,
        direction=Message.Direction.IN,
        channel=Message.Channel.EMAIL,
        sender=author.user if author and author.user_id else None,
        from_address=message.sender,
        subject=parse.header(msg, "Subject")[:300],
        body_text=text,
        email_message_id=message.message_id[:300],
    )
    revision = revisions.reply_revision_apply(
        story=story, author=author, raw=raw, msg=msg, limits=intake_limits()
    )
    payload = {"revision": revision} if revision else {}
    payload |= {
        key: value
        for key, value in reply_photos.reply_photos_add(
            message=message,
            story=story,
            raw=raw,
            msg=msg,
            limits=intake_limits(),
            may_answer=may_answer,
        ).items()  # fmt: skip
        if value
    }
    return _finish(message, Outcome.REPLY, story=story, payload=payload or None)


def _store_images(submission: parse.Submission, message: InboundMessage) -> tuple[str, list]:
    body_html, entries = submission.body_html, []
    featured_done = False
    stamp = timezone.now()
    for image in submission.images:
        digest = hashlib.sha256(image.data).hexdigest()[:16]
        name = default_storage.save(
            f"intake/{stamp:%Y/%m}/{message.pk}-{digest}.{image.extension}",
            ContentFile(image.data),
        )
        url = default_storage.url(name)
        body_html = body_html.replace(f'src="cid:{image.ref}"', f'src="{url}"')
        featured = not image.inline and not featured_done
        featured_done = featured_done or featured
        entries.append(
            {
                "src": url,
                "caption": image.caption,
                "credit": image.credit,
                "featured": featured,
                "width": image.width,
                "height": image.height,
                "rights_pending": True,  # until the sender states the right to publish it
            }  # fmt: skip
        )
    return body_html, entries


def _lenient_parse(raw: bytes, limits) -> parse.Submission:
    """Staff released the message: an empty subject no longer stops it."""
    try:
        return parse.parse_submission(raw, limits)
    except parse.LimitExceeded:
        raise
    except parse.ParseError as error:
        if "Subjek" not in str(error.reason):
            raise
        msg = parse.read_message(raw)
        del msg["Subject"]
        msg["Subject"] = _("Tanpa judul")
        return parse.parse_submission(bytes(msg), limits)


def inbound_message_process(*, message: InboundMessage, lenient: bool = False) -> InboundMessage:
    """Parse a stored message into a story, a reply or a quarantine entry (sender's mistakes)."""
    with transaction.atomic():
        message = InboundMessage.objects.select_for_update().get(pk=message.pk)
        if message.outcome != Outcome.PENDING:
            return message
        message.attempts += 1
        raw = bytes(message.raw)
        try:
            msg = parse.read_message(raw)
            message.sender, name = parse.sender_of(msg)
        except parse.ParseError as error:
            return _finish(message, Outcome.QUARANTINED, error.reason)
        _sender_lock(message.sender)
        envelope_from = message.envelope_from if message.channel in ("smtp", "lmtp") else None
        automated = parse.automated_reason(msg, envelope_from)
        if automated in ("bounce", "auto_reply") and not lenient:
            reason = {
                "bounce": _("Laporan kegagalan kirim (bounce); tidak dibalas."),
                "auto_reply": _("Balasan otomatis; tidak dibalas."),
            }[automated]
            return _finish(message, Outcome.QUARANTINED, reason, payload={"automated": automated})
        may_answer = not automated

        story = _thread_story(message, msg)
        if story is not None:
            return _reply_into_story(message, story, raw, may_answer, lenient)

        proven = identity.message_sender_verified(message, raw, msg)
        if may_answer and not proven and identity.dmarc_rejects(message, msg):
            may_answer = False  # a forgery the domain asks to reject: answering it is backscatter
        earlier = _earlier(message)
        if earlier is not None and not lenient:
            return _duplicate(message, earlier, may_answer, proven)

        try:
            if lenient:
                submission = _lenient_parse(raw, intake_limits())
            else:
                submission = parse.parse_submission(raw, intake_limits(), msg=msg)
        except parse.ParseError as error:
            answer_sender(
                message, "intake_refused", {"reason": error.reason}, may_answer=may_answer,
                proven=proven,
            )  # fmt: skip
            return _finish(message, Outcome.QUARANTINED, error.reason)
        message.content_key = submission.content_key
        same = (
            InboundMessage.objects.filter(content_key=message.content_key, story__isnull=False)
            .exclude(pk=message.pk)
            .defer("raw")
            .order_by()
            .first()
        )
        if same is not None and not lenient:
            return _duplicate(message, same, may_answer, proven)
        return _create_story(message, msg, submission, may_answer, proven)


def _duplicate(message, earlier, may_answer, proven) -> InboundMessage:
    story = earlier.story
    if story is None:
        return _finish(
            message,
            earlier.outcome if earlier.outcome != Outcome.REPLY else Outcome.DUPLICATE,
            _("Salinan dari pesan yang sudah diproses (%(reason)s).")
            % {"reason": earlier.reason or earlier.get_outcome_display()},
        )
    answered = InboundMessage.objects.filter(story=story, outcome=Outcome.DUPLICATE).exists()
    if not answered:
        answer_sender(
            message, "intake_duplicate", {}, language=story.language, story=story,
            may_answer=may_answer, proven=proven,
        )  # fmt: skip
    return _finish(
        message,
        Outcome.DUPLICATE,
        _("Sudah diterima sebagai %(code)s.") % {"code": story.tracking_code},
        story=story,
    )


def _create_story(message, msg, submission, may_answer, proven) -> InboundMessage:
    contributor = contributor_by_verified_address(submission.from_address) if proven else None
    if contributor is not None and contributor.is_blocked:
        return _finish(message, Outcome.QUARANTINED, _("Pengirim diblokir oleh redaksi."))
    body_html, images = _store_images(submission, message)
    status = Status.RECEIVED if contributor is not None else Status.AWAITING_CONFIRMATION
    story = desk_services.story_create(
        headline=submission.headline,
        lead=submission.lead,
        body_html=body_html,
        dateline=submission.dateline,
        kind=submission.kind,
        images=images,
        authors=[contributor] if contributor else [],
        actor=SYSTEM_ACTOR,
        status=status,
        language=submission.language,
        submitted_at=message.received_at,
    )
    if submission.contact_note:  # the sign-off's phone and address: for the desk only
        desk_services.note_add_contact(story=story, contact=submission.contact_note)
    if submission.cover_note:
        desk_services.message_record(
            story=story,
            direction=Message.Direction.IN,
            channel=Message.Channel.EMAIL,
            from_address=submission.from_address,
            subject=parse.header(msg, "Subject")[:300],
            body_text=submission.cover_note,
            email_message_id=message.message_id[:300],
        )
    context = {"notes": submission.notes, "headline": submission.headline}
    if contributor is None:
        confirmation = SenderConfirmation.objects.create(
            story=story, inbound=message, address=submission.from_address,
            name=submission.from_name[:200],
        )  # fmt: skip
        context["link"] = confirmation_link(confirmation)
        mail_id = answer_sender(
            message, "intake_confirm", context, language=story.language, story=story,
            may_answer=may_answer,
        )  # fmt: skip
        outcome, reason = Outcome.AWAITING_CONFIRMATION, _("Alamat pengirim belum terverifikasi.")
    else:
        if images:  # a proven writer skips the confirmation page: the receipt asks instead
            context["rights_link"] = rights_link(story, contributor)
        mail_id = answer_sender(
            message, "intake_ack", context, language=story.language, story=story,
            may_answer=may_answer, proven=True,
        )  # fmt: skip
        outcome, reason = Outcome.ACCEPTED, ""
    if mail_id:
        record_outgoing(story, mail_id, _("Tanda terima otomatis (kode %(code)s).")
                        % {"code": story.tracking_code})  # fmt: skip
    return _finish(message, outcome, reason, story=story, payload={"notes": submission.notes})


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


def inbound_message_process_safely(*, message: InboundMessage, give_up: bool = True):
    """Process; our faults are recorded (quarantined when `give_up`) instead of raised."""
    try:
        return inbound_message_process(message=message)
    except Exception as error:  # noqa: BLE001 - our fault: keep the message, record the failure
        logger.exception("processing inbound message %s failed", message.pk)
        return inbound_message_record_failure(message=message, error=error, give_up=give_up)


def inbound_messages_process_pending(*, older_than_seconds: int = 0, limit: int = 1000) -> int:
    """Sweep: process stored messages whose queued task was lost (e.g. a crash after storing)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    pks = list(
        InboundMessage.objects.filter(outcome=Outcome.PENDING, received_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in pks:
        inbound_message_process_safely(message=InboundMessage(pk=pk))
    return len(pks)


# --- staff: release and discard ---------------------------------------------------------------


def _check_staff(actor) -> None:
    if not has_role(actor, EDITOR):
        raise NotPermitted(_("Hanya redaksi yang dapat mengelola karantina."))


def inbound_message_release(*, message: InboundMessage, actor) -> InboundMessage:
    """Staff let a held message through: re-run it leniently, or confirm a waiting sender."""
    _check_staff(actor)
    message = InboundMessage.objects.get(pk=message.pk)
    if message.outcome == Outcome.AWAITING_CONFIRMATION:
        sender_confirm_by_staff(message=message, actor=actor)
        return InboundMessage.objects.get(pk=message.pk)
    if message.outcome != Outcome.QUARANTINED:
        raise ValidationFailed(_("Hanya pesan yang dikarantina yang dapat dilepas."))
    with transaction.atomic():
        locked = InboundMessage.objects.select_for_update().get(pk=message.pk)
        event_record(
            story=locked.story, subject=locked, actor=actor, action="intake.released",
            note=locked.reason, payload={"message_id": locked.message_id},
        )  # fmt: skip
        locked.outcome = Outcome.PENDING
        locked.save(update_fields=["outcome"])
        return inbound_message_process(message=locked, lenient=True)


def inbound_message_discard(*, message: InboundMessage, actor, note: str = "") -> InboundMessage:
    """Staff drop a held message (kept for the record). A waiting story is rejected."""
    _check_staff(actor)
    with transaction.atomic():
        locked = InboundMessage.objects.select_for_update().get(pk=message.pk)
        if locked.outcome not in (Outcome.QUARANTINED, Outcome.AWAITING_CONFIRMATION):
            raise ValidationFailed(_("Pesan ini tidak sedang ditahan."))
        story = locked.story
        if story is not None and story.status == Status.AWAITING_CONFIRMATION:
            desk_services.story_reject(
                story=story, actor=actor, reason="unverifiable",
                message=note or _("Pengirim tidak mengonfirmasi alamat emailnya."),
            )  # fmt: skip
        locked.outcome = Outcome.DISCARDED
        locked.save(update_fields=["outcome"])
        event_record(
            story=story, subject=locked, actor=actor, action="intake.discarded",
            note=note or locked.reason, payload={"message_id": locked.message_id},
        )  # fmt: skip
        return locked
