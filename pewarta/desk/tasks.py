from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pewarta.desk import services


@db_periodic_task(crontab(minute="*"))
def publish_due_stories():
    """Every minute: publish scheduled stories whose time has come (survives restarts)."""
    return services.stories_publish_due()


@db_task(retries=3, retry_delay=30)
def publish_due_at():
    """Enqueued with eta = the scheduled time; stored by Huey, so it survives restarts too.

    It publishes whatever is due rather than one story: idempotent, and a story that was
    rescheduled or unscheduled in the meantime is simply not due.
    """
    return services.stories_publish_due()
