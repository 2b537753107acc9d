"""The SMTP/LMTP receiver (aiosmtpd). Bytes are committed to the database before the 250.

Database work runs on one worker thread (Django's ORM is synchronous; one thread also keeps
SQLite writes serialized). Parsing never happens here: it is queued as a task.
"""

import asyncio
import logging
import re
import signal
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from django.conf import settings
from django.db import close_old_connections, connection, transaction

from pewarta.common.errors import RateLimited
from pewarta.common.ratelimit import ratelimit_hit
from pewarta.desk.models import Story
from pewarta.intake import queue, services
from pewarta.intake.models import InboundMessage

logger = logging.getLogger(__name__)


def recipient_accepted(address: str) -> bool:
    """The newsroom address, or a per-story reply address of an existing story."""
    address = (address or "").strip().strip("<>").lower()
    newsroom = settings.PEWARTA_NEWSROOM_EMAIL.lower()
    if address == newsroom:
        return True
    local, domain = newsroom.rsplit("@", 1)
    match = re.fullmatch(rf"{re.escape(local)}\+([a-z0-9]{{4,16}})@{re.escape(domain)}", address)
    return bool(match) and Story.objects.filter(reply_token=match.group(1)).exists()


def sender_allowed(address: str) -> bool:
    """Per-sender rate limit (messages per hour); the null sender shares one bucket."""
    try:
        ratelimit_hit(
            f"intake:smtp:{(address or '<>').lower()}",
            limit=settings.PEWARTA_INTAKE_SENDER_RATE,
            window=3600,
        )
    except RateLimited:
        return False
    return True


def store_received(raw: bytes, *, channel, envelope_from, envelope_to, peer) -> int:
    """Commit the raw bytes (and queue parsing) and return the row id."""
    close_old_connections()
    with transaction.atomic():
        message = services.inbound_message_store(
            raw=raw, channel=channel, envelope_from=envelope_from,
            envelope_to=envelope_to, peer=peer,
        )  # fmt: skip
        queue.inbound_message_enqueue(message)
    return message.pk


class IntakeHandler:
    def __init__(self, *, lmtp: bool = False):
        self.lmtp = lmtp
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake-db")

    async def _db(self, fn, *args, **kwargs):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, lambda: fn(*args, **kwargs))

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if not await self._db(sender_allowed, address):
            return "450 4.7.1 Terlalu banyak pesan dari pengirim ini; coba lagi nanti"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        try:
            accepted = await self._db(recipient_accepted, address)
        except Exception:  # noqa: BLE001 - database trouble: let the sender retry
            logger.exception("checking recipient %s failed", address)
            return "451 4.3.0 Gangguan sementara; coba lagi nanti"
        if not accepted:
            return "550 5.1.1 Alamat tujuan tidak dikenal"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        peer = session.peer[0] if isinstance(session.peer, tuple) else str(session.peer or "")
        try:
            await self._db(
                store_received, raw,
                channel=InboundMessage.Channel.LMTP if self.lmtp else InboundMessage.Channel.SMTP,
                envelope_from=envelope.mail_from or "", envelope_to=list(envelope.rcpt_tos),
                peer=peer,
            )  # fmt: skip
        except Exception:  # noqa: BLE001 - not stored: the sender must keep it and retry
            logger.exception("storing a message from %s failed", envelope.mail_from)
            status = "451 4.3.0 Pesan belum tersimpan; coba lagi nanti"
        else:
            status = "250 2.0.0 Pesan diterima"
        if self.lmtp:
            return "\r\n".join(status for _ in envelope.rcpt_tos) or status
        return status


def serve(host: str, port: int, *, lmtp: bool = False, announce=print) -> None:
    """Run the receiver until SIGTERM/SIGINT."""
    handler = IntakeHandler(lmtp=lmtp)
    protocol = LMTP if lmtp else SMTP

    def factory():
        return protocol(
            handler,
            data_size_limit=settings.PEWARTA_MAX_MESSAGE_BYTES,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=settings.PEWARTA_NEWSROOM_EMAIL.rsplit("@", 1)[-1],
            ident="Pewarta",
        )

    try:
        queue.inbound_messages_requeue()
    except Exception:  # noqa: BLE001 - the sweep picks them up later; receiving comes first
        logger.exception("queueing messages left pending by an earlier run failed")
    finally:
        connection.close()  # the receiver's queries run in its executor thread
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(factory, host=host, port=port))
    bound = server.sockets[0].getsockname()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    announce(f"Pewarta {'LMTP' if lmtp else 'SMTP'} listening on {bound[0]}:{bound[1]}")
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        handler.executor.shutdown(wait=True)
        loop.close()
