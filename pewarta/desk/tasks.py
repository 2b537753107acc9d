"""Scheduled publishing: a task due at each scheduled time, and a per-minute sweep."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pewarta.desk import effects, services
from pewarta.desk.models import Story


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


@effects.on_story_change
def enqueue_scheduled(*, story_id: int, action: str, event_id: int | None) -> None:
    """After a schedule commits: a task due at that time (the sweep is the fallback)."""
    if action != "schedule":
        return
    when = Story.objects.filter(pk=story_id).values_list("scheduled_at", flat=True).first()
    if when is not None:
        publish_due_at.schedule(eta=when)
