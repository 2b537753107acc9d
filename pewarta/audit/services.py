"""Appending to the audit log. Every editorial write calls `event_record`."""

from django.contrib.contenttypes.models import ContentType

from pewarta.audit.models import Event


def _actor_fields(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, str(actor) if actor is not None else "anonymous"
    return actor, actor.get_username()


def event_record(
    *,
    action: str,
    actor=None,
    story=None,
    subject=None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    payload: dict | None = None,
    actor_label: str = "",
) -> Event:
    """Append one Event. `subject` is any other model instance the event is about."""
    user, label = _actor_fields(actor)
    event = Event(
        story=story,
        actor=user,
        actor_label=actor_label or label,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        payload=payload or {},
    )
    if subject is not None:
        event.content_type = ContentType.objects.get_for_model(subject)
        event.object_id = str(subject.pk)
    event.save()
    return event


def events_relabel_actor(*, user, label: str) -> int:
    """Personal-data erasure: Events stay (they are the proof), without the person's name."""
    return Event.objects.filter(actor=user).update(actor_label=label)
