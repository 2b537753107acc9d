"""Desk tasks: scheduled publishing (a task due at each scheduled time, and a per-minute
sweep) and the integrity upkeep of every changed story (text signature, photo hashes)."""

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


@db_task(retries=2, retry_delay=30)
def integrity_update(story_id: int):
    """Sign the story's text for the similarity index; check it if it is still open."""
    event = services.story_integrity_update(story_id=story_id)
    return event.pk if event else None


@effects.on_story_change
def enqueue_integrity(*, story_id: int, action: str, event_id: int | None) -> None:
    """Every committed change: the signature follows the text, as the search index does."""
    integrity_update(story_id)


@db_task(retries=2, retry_delay=30)
def photos_update(story_id: int):
    """Hash the story's photos into the reuse index; look up an open story's new photos."""
    event = services.story_photos_update(story_id=story_id)
    return event.pk if event else None


@effects.on_story_change
def enqueue_photos(*, story_id: int, action: str, event_id: int | None) -> None:
    """Every committed change: a photo stored with a story is hashed (and checked if open)."""
    photos_update(story_id)
