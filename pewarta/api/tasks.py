"""Webhook deliveries: the first try right after the change commits, retries with a growing
delay (a task due at each retry time), and a per-minute sweep for retries whose queue entry
was lost."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from pewarta.api import webhooks
from pewarta.desk import effects


@db_task()
def webhook_deliver(delivery_id: int):
    delivery = webhooks.delivery_attempt(delivery_id)
    if delivery is not None and delivery.next_attempt_at is not None:
        webhook_deliver.schedule((delivery_id,), eta=delivery.next_attempt_at)
    return delivery.state if delivery else None


@effects.on_story_change
def enqueue_deliveries(*, story_id: int, action: str, event_id: int | None) -> None:
    for pk in webhooks.deliveries_for_change(story_id=story_id, event_id=event_id):
        webhook_deliver(pk)


@db_periodic_task(crontab(minute="*"))
@lock_task("api-webhook-sweep")
def webhook_sweep():
    due = webhooks.deliveries_due(grace=120)
    for pk in due:
        webhook_deliver(pk)
    return len(due)
