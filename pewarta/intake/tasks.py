"""Periodic intake work: sweep stored messages whose queue entry was lost, poll IMAP, purge
raw mail past its retention."""

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from pewarta.intake import services
from pewarta.intake.fetchmail import fetchmail_once
from pewarta.intake.personal_data import raw_mail_purge
from pewarta.intake.queue import inbound_process_task  # noqa: F401 - registers the task

logger = logging.getLogger(__name__)


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
    return fetchmail_once()


@db_periodic_task(crontab(minute="17", hour="*"))
@lock_task("intake-raw-purge")
def purge_raw_mail():
    """Raw mail is kept only PEWARTA_RAW_MAIL_RETENTION_DAYS; older copies are emptied hourly."""
    return raw_mail_purge()
