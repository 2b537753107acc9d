"""Integrity's background work: reference feeds fetched on a schedule (survives restarts)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pewarta.integrity.references import reference_sources_fetch_due


@db_periodic_task(crontab(minute="*/5"))
def fetch_reference_feeds():
    """Every five minutes: fetch the feeds whose interval has passed (failing ones back off)."""
    return reference_sources_fetch_due()
