"""Periodic work: remind the desk before a personal-data request's 3×24 hours run out."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pewarta.accounts.data_requests import data_requests_send_reminders


@db_periodic_task(crontab(minute="*/15"))
def pdp_remind():
    return data_requests_send_reminders()
