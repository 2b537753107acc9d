"""Parsing stored messages in the task queue (retried), queued after the row commits."""

from django.db import transaction
from huey.contrib.djhuey import db_task

from pewarta.intake import services
from pewarta.intake.models import InboundMessage

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


def inbound_message_enqueue(message: InboundMessage) -> None:
    """Queue parsing after the stored row is committed (a lost queue entry is swept later)."""
    pk = message.pk
    transaction.on_commit(lambda: inbound_process_task(pk), robust=True)


def inbound_messages_requeue(*, limit: int = 1000) -> int:
    """Queue every stored message still pending: a receiver killed between committing a
    message and queueing it leaves it so. Called when a receiver starts, so a restarted node
    hands on what it stored before it died, without waiting for the sweep. A message queued
    twice is parsed once (the task re-reads it under a row lock and skips one not pending)."""
    pks = list(
        InboundMessage.objects.filter(outcome=InboundMessage.Outcome.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in pks:
        inbound_process_task(pk)
    return len(pks)
