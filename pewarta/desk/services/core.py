"""The one write path for a Story: every change, by any service, ends in `story_write`.

It bumps the version (optimistic locking for editors), saves only the changed fields,
appends the Event and schedules the side effects (page purge, index, mail) after commit.
"""

from pewarta.audit.models import Event
from pewarta.audit.services import event_record
from pewarta.common.errors import StaleRevision
from pewarta.desk import effects
from pewarta.desk.models import Status, Story, StoryAuthor, StoryTag

UNCHANGED = object()  # "leave this field as it is" for optional keyword arguments


def locked_story(story: Story) -> Story:
    """Re-read the story under a row lock. Caller is inside transaction.atomic()."""
    return Story.objects.select_for_update().get(pk=story.pk)


def check_version(story: Story, expected_version: int | None) -> None:
    if expected_version is not None and story.version != expected_version:
        raise StaleRevision(current_version=story.version, expected_version=expected_version)


def refresh(target: Story, source: Story) -> Story:
    """Copy the locked row's fields back onto the caller's instance."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.db = source._state.db
    for name in ("draft_revision", "live_revision", "section", "follow_up_of"):
        target._state.fields_cache.pop(name, None)
    return target


_SHOWN_FIELDS = ("headline", "lead", "body_html", "dateline", "images")


def _shown(value):
    if isinstance(value, list):  # photos: a statement of rights changes nothing readers see
        return [{k: v for k, v in image.items() if k != "rights_pending"} for image in value]
    return value


def draft_changes(locked: Story, base, revision) -> tuple[dict, dict]:
    """Fields and payload for a new draft revision. A confirmation that a victim's or child's
    identity is disguised holds for the text it was given on: new words or photos undo it."""
    changes, payload = {"draft_revision": revision}, {}
    if locked.identity_hidden_confirmed and any(
        _shown(getattr(base, name)) != _shown(getattr(revision, name)) for name in _SHOWN_FIELDS
    ):
        changes |= {"identity_hidden_confirmed": False, "identity_hidden_confirmed_by": None}
        payload["identity_confirmation_undone"] = True
    return changes, payload


def listing_links_sync(story: Story) -> None:
    """The listing key on the story's author and tag links: its date while published."""
    key = story.published_at if story.status == Status.PUBLISHED else None
    for model in (StoryAuthor, StoryTag):
        model.objects.filter(story_id=story.pk).exclude(published_at=key).update(published_at=key)


def story_write(
    locked: Story,
    *,
    actor,
    event: str,
    changes: dict | None = None,
    relations: dict | None = None,
    note: str = "",
    payload: dict | None = None,
    from_status: str = "",
    to_status: str = "",
    subject=None,
    effect: str | None = None,
) -> Event:
    """Write `changes` (fields) and `relations` (many-to-many sets) to a locked story.

    Caller holds the row lock inside transaction.atomic() and has checked permissions.
    `effect` names the change for the after-commit handlers (None: readers see no change).
    """
    fields = {"version", "updated_at"}
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
        fields.add(name)
    locked.version += 1
    locked.save(update_fields=sorted(fields))
    for name, values in (relations or {}).items():
        getattr(locked, name).set(values)
    if relations or {"status", "published_at"} & fields:
        listing_links_sync(locked)
    record = event_record(
        story=locked,
        actor=actor,
        action=event,
        from_status=from_status,
        to_status=to_status,
        note=note,
        payload=payload,
        subject=subject,
    )
    if effect:
        effects.story_changed_on_commit(locked.pk, effect, record.pk)
    return record
