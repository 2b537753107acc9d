"""Table-driven tests: every allowed transition works, every other one is refused by name."""

import pytest
from django.utils import timezone

from pewarta.audit.models import Event
from pewarta.common.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from pewarta.desk import services, workflow
from pewarta.desk.models import Message, Status
from pewarta.desk.workflow import SYSTEM_ACTOR, TRANSITIONS

pytestmark = pytest.mark.django_db


def call(action, story, actor):
    """Invoke the service for `action` with valid arguments."""
    later = timezone.now() + timezone.timedelta(hours=3)
    return {
        "confirm_sender": lambda: services.story_confirm_sender(story=story, actor=actor),
        "review": lambda: services.story_review(story=story, actor=actor),
        "request_changes": lambda: services.story_request_changes(
            story=story, actor=actor, message="Tolong tambahkan nama narasumber."
        ),
        "resubmit": lambda: services.story_resubmit(story=story, actor=actor),
        "approve": lambda: services.story_approve(story=story, actor=actor),
        "reopen": lambda: services.story_reopen(story=story, actor=actor),
        "reject": lambda: services.story_reject(
            story=story, actor=actor, reason="low_quality", message="Belum memenuhi standar."
        ),
        "schedule": lambda: services.story_schedule(story=story, actor=actor, when=later),
        "unschedule": lambda: services.story_unschedule(story=story, actor=actor),
        "publish": lambda: services.story_publish(story=story, actor=actor),
        "update": lambda: _edit_then_update(story, actor),
        "unpublish": lambda: services.story_unpublish(
            story=story, actor=actor, note="Perlu verifikasi ulang."
        ),
        "retract": lambda: services.story_retract(
            story=story, actor=actor, reason="trauma", note="Melukai korban."
        ),
        "withdraw": lambda: services.story_withdraw(story=story, actor=actor),
        "expire": lambda: services.story_expire_unconfirmed(
            story=story, actor=actor, note="Pengirim tidak mengonfirmasi."
        ),
    }[action]()


def _edit_then_update(story, actor):
    if story.status == Status.PUBLISHED and workflow.EDITOR in workflow.actor_roles(actor, story):
        services.story_edit(
            story=story, actor=actor, expected_version=story.version, headline="Judul baru"
        )
    return services.story_publish_update(story=story, actor=actor)


ACTORS = ["system", "writer", "stranger", "editor", "senior_editor"]


def actor_for(name, request):
    return SYSTEM_ACTOR if name == "system" else request.getfixturevalue(name)


def holds(name, roles):
    implied = {
        "system": {"system"},
        "writer": {"contributor"},
        "stranger": set(),
        "editor": {"editor"},
        "senior_editor": {"editor", "senior_editor"},
    }[name]
    return bool(implied & roles)


ALLOWED = [(t, a) for t in TRANSITIONS for a in ACTORS if holds(a, t.roles)]
REFUSED_ROLE = [(t, a) for t in TRANSITIONS for a in ACTORS if not holds(a, t.roles)]
REFUSED_STATUS = [
    (status, action)
    for status in Status.values
    for action in workflow.ACTIONS
    if not any(t.source == status and t.action == action for t in TRANSITIONS)
]


def _id(value):
    return f"{value[0].source}-{value[0].action}-{value[1]}"


@pytest.mark.parametrize("case", ALLOWED, ids=_id)
def test_allowed_transition_moves_story_and_appends_event(case, make_story, request):
    transition, actor_name = case
    story = make_story(status=transition.source)
    actor = actor_for(actor_name, request)
    version = story.version
    events_before = Event.objects.filter(story=story).count()

    story = call(transition.action, story, actor)

    story.refresh_from_db()
    assert story.status == transition.target
    assert story.version > version
    event = Event.objects.filter(story=story).order_by("-pk").first()
    assert Event.objects.filter(story=story).count() > events_before
    assert event.action == workflow.EVENT_NAMES[transition.action]
    assert event.from_status == transition.source
    assert event.to_status == transition.target


@pytest.mark.parametrize("case", REFUSED_ROLE, ids=_id)
def test_transition_refused_for_actor_without_role(case, make_story, request):
    transition, actor_name = case
    story = make_story(status=transition.source)
    actor = actor_for(actor_name, request)
    events_before = Event.objects.filter(story=story).count()

    with pytest.raises(NotPermitted):
        call(transition.action, story, actor)

    story.refresh_from_db()
    assert story.status == transition.source
    assert Event.objects.filter(story=story).count() == events_before


@pytest.mark.parametrize("case", REFUSED_STATUS, ids=lambda c: f"{c[0]}-{c[1]}")
def test_action_refused_in_wrong_status(case, make_story, senior_editor):
    status, action = case
    story = make_story(status=status)
    version = story.version

    with pytest.raises((TransitionNotAllowed, ValidationFailed)) as raised:
        call(action, story, senior_editor)

    if action != "update":
        assert raised.type is TransitionNotAllowed
    story.refresh_from_db()
    assert story.status == status
    assert story.version == version


def test_double_publish_is_refused_by_name(make_story, editor):
    story = make_story(status=Status.APPROVED)
    services.story_publish(story=story, actor=editor)
    with pytest.raises(TransitionNotAllowed):
        services.story_publish(story=story, actor=editor)


def test_request_changes_needs_a_message_and_records_it(make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    with pytest.raises(ValidationFailed):
        services.story_request_changes(story=story, actor=editor, message="  ")
    services.story_request_changes(story=story, actor=editor, message="Sertakan foto.")
    message = Message.objects.get(story=story)
    assert message.direction == Message.Direction.OUT
    assert message.body_text == "Sertakan foto."


def test_reject_needs_a_reason_code(make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    with pytest.raises(ValidationFailed):
        services.story_reject(story=story, actor=editor, reason="nope", message="x")
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW


def test_victim_flag_blocks_publication_until_identity_hidden(make_story, editor, senior_editor):
    story = make_story(status=Status.APPROVED)
    services.story_update_metadata(
        story=story, actor=editor, expected_version=story.version, flags={"flag_victim": True}
    )
    with pytest.raises(ValidationFailed):
        services.story_publish(story=story, actor=editor)
    story.refresh_from_db()
    services.story_update_metadata(
        story=story,
        actor=senior_editor,
        expected_version=story.version,
        flags={"identity_hidden_confirmed": True},
    )
    services.story_publish(story=story, actor=editor)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_publish_credits_the_publishing_editor_and_sets_slug(make_story, editor):
    story = make_story(status=Status.APPROVED, headline="Jalan Desa Akhirnya Diaspal")
    services.story_publish(story=story, actor=editor)
    story.refresh_from_db()
    assert story.credited_editor == editor
    assert story.slug == "jalan-desa-akhirnya-diaspal"
    assert story.live_revision == story.draft_revision
    assert story.first_published_at is not None


def test_scheduled_story_publishes_when_due(make_story):
    story = make_story(status=Status.SCHEDULED)
    assert services.stories_publish_due() == []
    later = story.scheduled_at + timezone.timedelta(minutes=1)
    assert services.stories_publish_due(now=later) == [story.pk]
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_registered_guard_can_refuse_a_transition(make_story, editor):
    story = make_story(status=Status.RECEIVED)

    def no_review_on_fridays(story, action, actor):
        if action == "review":
            raise ValidationFailed("Tidak boleh.")

    workflow.register_guard(no_review_on_fridays)
    try:
        with pytest.raises(ValidationFailed):
            services.story_review(story=story, actor=editor)
    finally:
        workflow._guards.remove(no_review_on_fridays)
    services.story_review(story=story, actor=editor)


def test_same_headline_published_again_gets_the_next_free_slug(make_story):
    slugs = [make_story(status="published", headline="Banjir Surut").slug for _ in range(3)]
    assert slugs == ["banjir-surut", "banjir-surut-2", "banjir-surut-3"]
