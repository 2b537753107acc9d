"""Periodic work: remind senior editors before a complaint's deadline passes."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pewarta.complaints.services import complaints_send_reminders


@db_periodic_task(crontab(minute="*/10"))
def complaints_remind():
    return complaints_send_reminders()
