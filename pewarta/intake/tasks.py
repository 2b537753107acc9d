"""Background work for intake: parse stored messages (retried), sweep lost ones, poll IMAP."""

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from pewarta.intake import services
from pewarta.intake.models import InboundMessage

logger = logging.getLogger(__name__)
RETRIES = 3


@db_task(retries=RETRIES, retry_delay=30, context=True)
def inbound_process_task(message_pk: int, task=None):
    """Parse one stored message. Our faults are retried, then quarantined with the reason."""
    message = InboundMessage.objects.filter(pk=message_pk).first()
    if message is None:
        return None
    give_up = task is None or not task.retries
    message = services.inbound_message_process_safely(message=message, give_up=give_up)
    if message.outcome == InboundMessage.Outcome.PENDING:
        raise RuntimeError(f"inbound message {message_pk} failed; retrying")
    return message.outcome


@db_periodic_task(crontab(minute="*/5"))
@lock_task("intake-sweep")
def sweep_pending_messages():
    """Messages stored but never processed (queue entry lost in a crash) are picked up here."""
    return services.inbound_messages_process_pending(older_than_seconds=600)


@db_periodic_task(crontab(minute="*"))
@lock_task("intake-fetchmail")
def poll_imap():
    """When an IMAP mailbox is configured, fetch it every minute."""
    if not settings.PEWARTA_IMAP_HOST:
        return 0
    from pewarta.intake.fetchmail import fetchmail_once

    return fetchmail_once()
