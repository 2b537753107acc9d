"""Integrity's background work on a schedule (Huey's periodic tasks survive restarts):
reference feeds fetched, boilerplate shingles counted."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pewarta.integrity.index import common_keys_refresh
from pewarta.integrity.references import reference_sources_fetch_due


@db_periodic_task(crontab(minute="*/5"))
def fetch_reference_feeds():
    """Every five minutes: fetch the feeds whose interval has passed (failing ones back off)."""
    return reference_sources_fetch_due()


@db_periodic_task(crontab(hour="3", minute="17"))
def refresh_common_shingles():
    """Daily: which shingles so many documents keep that they prove nothing (boilerplate)."""
    return common_keys_refresh()
