"""Appending to the audit log. Every editorial write calls `event_record`."""

import json

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from pewarta.audit.models import Event


def _actor_fields(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, str(actor) if actor is not None else "anonymous"
    return actor, actor.get_username()


def event_build(
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
    """One Event, not yet saved: `event_record` saves it, a bulk writer appends many at once."""
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
    return event


def event_record(**fields) -> Event:
    """Append one Event (the fields of `event_build`). `subject` is any other model instance
    the event is about."""
    event = event_build(**fields)
    event.save()
    return event


def events_relabel_actor(*, user, label: str) -> int:
    """Personal-data erasure: Events stay (they are the proof), without the person's name."""
    return Event.objects.filter(actor=user).update(actor_label=label)


def events_scrub(*, needles: list[str], replace, user=None, stories=None) -> int:
    """Personal-data erasure: Events keep what happened, without the person's address or name.

    Finds every Event whose note, actor label or payload mentions one of `needles` (and those
    acted by `user` or about `stories`), and rewrites those texts with `replace(value)`.
    """
    if not needles:
        return 0
    terms = set(needles) | {json.dumps(n)[1:-1] for n in needles}  # as JSON may escape them
    match = Q()
    for term in terms:
        match |= Q(note__icontains=term) | Q(actor_label__icontains=term)
        match |= Q(payload_text__icontains=term)
    found = Event.objects.annotate(payload_text=Cast("payload", TextField())).filter(match)
    ids = set(found.values_list("pk", flat=True))
    if user is not None:
        ids |= set(Event.objects.filter(actor=user).values_list("pk", flat=True))
    if stories is not None:
        ids |= set(Event.objects.filter(story__in=stories).values_list("pk", flat=True))
    done = 0
    for event in Event.objects.filter(pk__in=ids).only("note", "actor_label", "payload"):
        new = {
            "note": replace(event.note),
            "actor_label": replace(event.actor_label),
            "payload": replace(event.payload),
        }
        if any(new[name] != getattr(event, name) for name in new):
            done += Event.objects.filter(pk=event.pk).update(**new)
    return done
