"""Desk decisions and records beyond the transition table: checklist, notes, credit, schedule."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from pewarta.accounts.roles import EDITOR, SENIOR_EDITOR
from pewarta.audit.models import Event
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.conftest import make_user
from pewarta.desk import services
from pewarta.desk.models import Kind, Message, Note, RiskChecklist, Status

pytestmark = pytest.mark.django_db


def answer(story, actor, **risks):
    values = {"victim": False, "minor": False, "sara": False, "defamation": False} | risks
    return services.story_answer_risk_checklist(
        story=story, actor=actor, note=values.pop("note", ""), **values
    )


def test_berita_cannot_publish_before_the_risk_checklist_is_answered(make_story, editor):
    story = make_story(status=Status.APPROVED, risk_checked=False)
    with pytest.raises(ValidationFailed) as raised:
        services.story_publish(story=story, actor=editor)
    assert "daftar periksa risiko" in str(raised.value.message)
    story.refresh_from_db()
    assert story.status == Status.APPROVED

    answer(story, editor)
    services.story_publish(story=story, actor=editor)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_press_release_needs_no_risk_checklist(make_story, editor):
    story = make_story(status=Status.APPROVED, risk_checked=False, kind=Kind.SIARAN_PERS)
    services.story_publish(story=story, actor=editor)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_scheduling_a_berita_also_needs_the_checklist(make_story, editor):
    story = make_story(status=Status.APPROVED, risk_checked=False)
    with pytest.raises(ValidationFailed):
        services.story_schedule(
            story=story, actor=editor, when=timezone.now() + timezone.timedelta(hours=1)
        )


def test_victim_answer_sets_the_flag_and_blocks_until_identity_hidden(
    make_story, editor, senior_editor
):
    story = make_story(status=Status.APPROVED, risk_checked=False)
    answer(story, editor, victim=True)
    story.refresh_from_db()
    assert story.flag_victim is True
    with pytest.raises(ValidationFailed) as raised:
        services.story_publish(story=story, actor=editor)
    assert "identitas" in str(raised.value.message)
    services.story_update_metadata(
        story=story,
        actor=senior_editor,  # a second editor confirms
        expected_version=story.version,
        flags={"identity_hidden_confirmed": True},
    )
    services.story_publish(story=story, actor=editor)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_sara_risk_needs_a_note_and_a_senior_editor(make_story, editor, senior_editor):
    story = make_story(status=Status.APPROVED, risk_checked=False)
    with pytest.raises(ValidationFailed):
        answer(story, editor, sara=True)
    assert not RiskChecklist.objects.filter(story=story).exists()
    answer(story, editor, sara=True, note="Kutipan provokatif dihapus; dua pihak dikonfirmasi.")
    with pytest.raises(NotPermitted):
        services.story_publish(story=story, actor=editor)
    services.story_publish(story=story, actor=senior_editor)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_checklist_is_refused_for_non_editors(make_story, writer, stranger):
    story = make_story(status=Status.IN_REVIEW, risk_checked=False)
    for actor in (writer, stranger):
        with pytest.raises(NotPermitted):
            answer(story, actor)
    assert not RiskChecklist.objects.filter(story=story).exists()


def test_answering_checklist_is_audited(make_story, editor):
    story = make_story(status=Status.IN_REVIEW, risk_checked=False)
    answer(story, editor, minor=True)
    event = Event.objects.filter(story=story, action="story.risk_checked").get()
    assert event.payload == {"victim": False, "minor": True, "sara": False, "defamation": False}
    assert event.actor == editor


def test_internal_note_is_kept_apart_from_messages(make_story, editor, writer):
    story = make_story(status=Status.IN_REVIEW)
    messages_before = Message.objects.filter(story=story).count()
    note = services.note_add(story=story, actor=editor, body="Cek ulang angka korban ke BPBD.")
    assert Note.objects.get(story=story) == note
    assert Message.objects.filter(story=story).count() == messages_before
    assert Event.objects.filter(story=story, action="story.note_added").exists()
    with pytest.raises(NotPermitted):
        services.note_add(story=story, actor=writer, body="Boleh saya lihat?")
    with pytest.raises(ValidationFailed):
        services.note_add(story=story, actor=editor, body="   ")


def test_credited_editor_is_the_publisher_unless_changed(make_story, editor):
    other = make_user("redaktur2", EDITOR, first_name="Dewi", last_name="Redaktur")
    story = make_story(status=Status.APPROVED)
    services.story_update_metadata(
        story=story, actor=editor, expected_version=story.version, credited_editor=other
    )
    services.story_publish(story=story, actor=editor)
    story.refresh_from_db()
    assert story.credited_editor == other


def test_credited_editor_must_be_an_editor(make_story, editor, writer):
    story = make_story(status=Status.IN_REVIEW)
    with pytest.raises(ValidationFailed):
        services.story_update_metadata(
            story=story, actor=editor, expected_version=story.version, credited_editor=writer
        )


def test_schedule_refuses_a_past_time(make_story, editor):
    story = make_story(status=Status.APPROVED)
    with pytest.raises(ValidationFailed):
        services.story_schedule(
            story=story, actor=editor, when=timezone.now() - timezone.timedelta(minutes=5)
        )
    story.refresh_from_db()
    assert story.status == Status.APPROVED


def test_schedule_enqueues_a_task_due_at_the_time(
    make_story, editor, django_capture_on_commit_callbacks
):
    story = make_story(status=Status.APPROVED)
    when = timezone.now() + timezone.timedelta(hours=1)
    HUEY.flush()
    assert HUEY.scheduled() == []
    with django_capture_on_commit_callbacks(execute=True):
        services.story_schedule(story=story, actor=editor, when=when)
    [task] = HUEY.scheduled()
    assert task.name.endswith("publish_due_at")
    assert abs((task.eta.replace(tzinfo=datetime.UTC) - when).total_seconds()) < 1
    # When the task runs at the time it publishes the story.
    services.stories_publish_due(now=when + timezone.timedelta(seconds=1))
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_unpublish_to_draft_is_for_senior_editors_and_needs_a_reason(
    make_story, editor, senior_editor
):
    story = make_story(status=Status.PUBLISHED)
    with pytest.raises(NotPermitted):
        services.story_unpublish(story=story, actor=editor, note="Salah data.")
    with pytest.raises(ValidationFailed):
        services.story_unpublish(story=story, actor=senior_editor, note=" ")
    services.story_unpublish(story=story, actor=senior_editor, note="Salah data.")
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW


def test_reject_needs_a_message_and_records_the_reason(make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    with pytest.raises(ValidationFailed):
        services.story_reject(story=story, actor=editor, reason="plagiarism", message="")
    services.story_reject(
        story=story, actor=editor, reason="plagiarism", message="Sebagian besar disalin."
    )
    event = Event.objects.get(story=story, action="story.rejected")
    assert event.payload == {"reason": "plagiarism"}
    assert Message.objects.filter(story=story, body_text="Sebagian besar disalin.").exists()


def test_claim_assign_release(make_story, editor, senior_editor, writer):
    story = make_story(status=Status.RECEIVED)
    story = services.story_claim(story=story, actor=editor)
    assert story.assigned_editor == editor and story.status == Status.IN_REVIEW
    story = services.story_assign(story=story, actor=editor, editor=senior_editor)
    assert story.assigned_editor == senior_editor
    with pytest.raises(ValidationFailed):
        services.story_assign(story=story, actor=editor, editor=writer)
    with pytest.raises(NotPermitted):
        services.story_assign(story=story, actor=writer, editor=None)
    story = services.story_assign(story=story, actor=editor, editor=None)
    assert story.assigned_editor is None
    assert Event.objects.filter(story=story, action="story.released").exists()


def test_desk_roles_command_creates_groups_with_permissions(capsys):
    call_command("desk-roles")
    from django.contrib.auth.models import Group

    for role in (EDITOR, SENIOR_EDITOR, "admin"):
        group = Group.objects.get(name=role)
        assert group.permissions.filter(codename="change_story").exists()
    finance = Group.objects.get(name="finance")  # a finance clerk edits no story in the admin
    assert not finance.permissions.exists()
    call_command("desk-roles")  # idempotent
    assert Group.objects.filter(name="finance").count() == 1
    assert "finance: diperbarui (0 izin)" in capsys.readouterr().out


def test_writer_may_declare_risks_but_not_clear_them_or_confirm(make_story, writer, editor):
    story = make_story(status=Status.RECEIVED)
    story = services.story_update_metadata(
        story=story, actor=writer, expected_version=story.version, flags={"flag_minor": True}
    )
    assert story.flag_minor is True
    for flags in ({"flag_minor": False}, {"identity_hidden_confirmed": True},
                  {"is_unverified": False}):  # fmt: skip
        with pytest.raises(NotPermitted):
            services.story_update_metadata(
                story=story, actor=writer, expected_version=story.version, flags=flags
            )
    with pytest.raises(NotPermitted):
        services.story_update_metadata(
            story=story, actor=writer, expected_version=story.version, credited_editor=editor
        )
    story.refresh_from_db()
    assert story.flag_minor is True and story.identity_hidden_confirmed is False


def test_claiming_a_story_another_editor_holds_is_refused(make_story, editor, senior_editor):
    story = make_story(status=Status.RECEIVED)
    services.story_claim(story=story, actor=editor)
    with pytest.raises(ValidationFailed) as raised:
        services.story_claim(story=story, actor=senior_editor)
    assert "Eka Editor" in str(raised.value.message)
    story.refresh_from_db()
    assert story.assigned_editor == editor
    services.story_claim(story=story, actor=editor)  # claiming again is harmless
    services.story_assign(story=story, actor=senior_editor, editor=senior_editor)  # explicit
    story.refresh_from_db()
    assert story.assigned_editor == senior_editor


def test_scheduled_publication_survives_a_restart(
    tmp_path, make_story, editor, monkeypatch, django_capture_on_commit_callbacks
):
    """The eta task lands in Huey's SQLite storage; a new consumer on the same file runs it."""
    import time_machine
    from huey import SqliteHuey

    from pewarta.desk import tasks

    path = str(tmp_path / "huey.sqlite3")
    before = SqliteHuey("pewarta", filename=path)
    before._registry.register(tasks.publish_due_at.task_class)
    monkeypatch.setattr(tasks.publish_due_at, "huey", before)
    story = make_story(status=Status.APPROVED)
    when = timezone.now() + timezone.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.story_schedule(story=story, actor=editor, when=when)
    del before  # the process stops

    after = SqliteHuey("pewarta", filename=path)  # the consumer starts again
    after._registry.register(tasks.publish_due_at.task_class)
    assert after.pending_count() == 1
    task = after.dequeue()
    naive_utc = when.astimezone(datetime.UTC).replace(tzinfo=None)
    assert task.eta == naive_utc
    assert not after.ready_to_run(task, naive_utc - datetime.timedelta(seconds=5))
    assert after.ready_to_run(task, naive_utc + datetime.timedelta(seconds=1))
    with time_machine.travel(when + datetime.timedelta(seconds=30), tick=False):
        after.execute(task)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert Event.objects.filter(
        story=story, action="story.published", actor_label="system"
    ).exists()
