"""IMAP poller: each message is committed to the database before it is flagged or moved."""

import logging

from django.conf import settings
from django.db import transaction
from imap_tools import MailBox, MailBoxUnencrypted, MailMessageFlags

from pewarta.intake import queue, services
from pewarta.intake.models import InboundMessage

logger = logging.getLogger(__name__)
STORED_KEYWORD = "PewartaStored"


def _mailbox():
    cls = MailBox if settings.PEWARTA_IMAP_SSL else MailBoxUnencrypted
    box = cls(settings.PEWARTA_IMAP_HOST, settings.PEWARTA_IMAP_PORT)
    return box.login(
        settings.PEWARTA_IMAP_USER,
        settings.PEWARTA_IMAP_PASSWORD,
        initial_folder=settings.PEWARTA_IMAP_FOLDER,
    )


def _fetch_raw(box, uid: str) -> bytes | None:
    status, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
    if status != "OK":
        return None
    for item in data or []:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None


def _mark_done(box, uid: str) -> None:
    if settings.PEWARTA_IMAP_MOVE_TO:
        box.move(uid, settings.PEWARTA_IMAP_MOVE_TO)
    else:
        box.flag(uid, [MailMessageFlags.SEEN, STORED_KEYWORD], True)


def fetchmail_once(*, limit: int = 500) -> int:
    """Fetch new messages; returns how many were newly stored. Safe to run concurrently-ish:
    storing is idempotent by Message-ID plus content hash."""
    stored = 0
    with _mailbox() as box:
        uids = box.uids(f"NOT KEYWORD {STORED_KEYWORD}")[:limit]
        for uid in uids:
            raw = _fetch_raw(box, uid)
            if raw is None:
                continue
            with transaction.atomic():
                message, created = services.inbound_message_store_once(
                    raw=raw, channel=InboundMessage.Channel.IMAP,
                    peer=settings.PEWARTA_IMAP_HOST,
                )  # fmt: skip
                if created:
                    queue.inbound_message_enqueue(message)
            stored += int(created)
            _mark_done(box, uid)  # only after the row above is committed
    return stored
