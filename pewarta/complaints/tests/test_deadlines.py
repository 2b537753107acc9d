from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from pewarta.audit.models import Event
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.complaints import deadlines, services
from pewarta.complaints.models import Complaint

# A moment after the fixtures' stories are published (they are published at the real now).
T0 = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)


@pytest.mark.django_db
def test_report_deadline_is_two_days_and_passes_with_time(live_story):
    with time_machine.travel(T0, tick=False):
        complaint = services.complaint_file(kind="report", story=live_story, reason="sara")
    assert complaint.deadline_at == T0 + timedelta(hours=48)
    with time_machine.travel(T0 + timedelta(hours=47, minutes=59), tick=False):
        assert not complaint.is_overdue()
    with time_machine.travel(T0 + timedelta(hours=48, minutes=1), tick=False):
        assert complaint.is_overdue()


@pytest.mark.django_db
def test_other_deadlines_follow_settings(live_story, settings):
    settings.PEWARTA_COMPLAINT_HOURS_REPLY = 24
    settings.PEWARTA_COMPLAINT_HOURS_CORRECTION = 120
    with time_machine.travel(T0, tick=False):
        reply = services.complaint_file(
            kind="reply", story=live_story, name="A", email="a@contoh.id", passage="p", body="b"
        )
        correction = services.complaint_file(
            kind="correction",
            story=live_story,
            name="B",
            email="b@contoh.id",
            passage="p",
            body="b",
        )
    assert reply.deadline_at == T0 + timedelta(hours=24)
    assert correction.deadline_at == T0 + timedelta(hours=120)


@pytest.mark.django_db
def test_resolution_before_and_after_deadline_is_recorded_as_met_or_missed(live_story, editor):
    with time_machine.travel(T0, tick=False):
        early = services.complaint_file(kind="report", story=live_story, reason="sara")
        late = services.complaint_file(kind="report", story=live_story, reason="hoaks")
    with time_machine.travel(T0 + timedelta(hours=47), tick=False):
        services.complaint_dismiss(complaint=early, actor=editor, reason="Tidak melanggar.")
    with time_machine.travel(T0 + timedelta(hours=49), tick=False):
        services.complaint_dismiss(complaint=late, actor=editor, reason="Tidak melanggar.")
    met = {e.object_id: e.payload["met"] for e in Event.objects.filter(action="complaint.resolved")}
    assert met == {str(early.pk): True, str(late.pk): False}


@pytest.mark.django_db
def test_reminder_goes_to_senior_editors_once_before_the_deadline(
    live_story, senior_editor, editor, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        complaint = services.complaint_file(kind="report", story=live_story, reason="sara")
    mail.outbox.clear()
    capture = django_capture_on_commit_callbacks
    # 40 hours in: 8 hours left, more than the 6-hour warning: nothing yet.
    with time_machine.travel(T0 + timedelta(hours=40), tick=False), capture(execute=True):
        assert services.complaints_send_reminders() == []
    # 43 hours in: 5 hours left: senior editors are told, once.
    with time_machine.travel(T0 + timedelta(hours=43), tick=False), capture(execute=True):
        assert services.complaints_send_reminders() == [complaint.pk]
        assert services.complaints_send_reminders() == []
    with time_machine.travel(T0 + timedelta(hours=47), tick=False), capture(execute=True):
        assert services.complaints_send_reminders() == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["senior@example.id"]  # not the plain editor
    assert complaint.get_desk_url() in mail.outbox[0].body
    assert Event.objects.filter(action="complaint.reminder_sent").count() == 1


@pytest.mark.django_db
def test_closed_complaints_get_no_reminder(live_story, senior_editor, editor):
    with time_machine.travel(T0, tick=False):
        complaint = services.complaint_file(kind="report", story=live_story, reason="sara")
        services.complaint_dismiss(complaint=complaint, actor=editor, reason="Bukan pelanggaran.")
    with time_machine.travel(T0 + timedelta(hours=47), tick=False):
        assert services.complaints_send_reminders() == []


@pytest.mark.django_db
def test_the_periodic_task_runs_the_reminders(live_story, senior_editor):
    from pewarta.complaints.tasks import complaints_remind

    with time_machine.travel(T0, tick=False):
        complaint = services.complaint_file(kind="report", story=live_story, reason="sara")
    with time_machine.travel(T0 + timedelta(hours=45), tick=False):
        complaints_remind.call_local()
    complaint.refresh_from_db()
    assert complaint.reminder_sent_at == T0 + timedelta(hours=45)


@pytest.mark.django_db
def test_takedown_order_has_24_hours_or_4_when_urgent(live_story, editor):
    with time_machine.travel(T0, tick=False):
        normal = services.takedown_record(
            story=live_story, actor=editor, authority="Komdigi", reference="123/2026"
        )
        urgent = services.takedown_record(
            story=live_story, actor=editor, authority="Komdigi", urgent=True
        )
        earlier = services.takedown_record(
            story=live_story,
            actor=editor,
            authority="Pengadilan Negeri",
            received_at=T0 - timedelta(hours=3),
        )
    assert normal.deadline_at == T0 + timedelta(hours=24)
    assert urgent.deadline_at == T0 + timedelta(hours=4)
    assert earlier.deadline_at == T0 + timedelta(hours=21)
    assert normal.order.reference == "123/2026" and urgent.order.urgent
    assert Complaint.objects.filter(kind="takedown").count() == 3
    with time_machine.travel(T0 + timedelta(hours=5), tick=False):
        assert urgent.is_overdue() and not normal.is_overdue()


@pytest.mark.django_db
def test_takedown_is_staff_only_and_needs_an_authority(live_story, stranger, editor):
    with pytest.raises(NotPermitted):
        services.takedown_record(story=live_story, actor=stranger, authority="Komdigi")
    with pytest.raises(ValidationFailed):
        services.takedown_record(story=live_story, actor=editor, authority=" ")
    with pytest.raises(ValidationFailed):
        services.takedown_record(
            story=live_story,
            actor=editor,
            authority="Komdigi",
            received_at=datetime.now(UTC) + timedelta(hours=1),
        )


@pytest.mark.django_db
def test_desk_queue_shows_the_clock_and_marks_overdue(client, live_story, editor):
    with time_machine.travel(T0, tick=False):
        services.complaint_file(kind="report", story=live_story, reason="sara")
        services.takedown_record(story=live_story, actor=editor, authority="Komdigi", urgent=True)
    client.force_login(editor)
    with time_machine.travel(T0 + timedelta(hours=5), tick=False):
        html = client.get(reverse("complaints:desk_queue")).content.decode()
    assert "43 j 00 m" in html  # the report: 43 hours left
    assert "Lewat -1 j 00 m" in html  # the urgent order: one hour late
    assert 'class="overdue"' in html


def test_clock_label_counts_hours_and_minutes():
    assert deadlines.clock_label(T0 + timedelta(hours=2, minutes=5), T0) == "2 j 05 m"
    assert deadlines.clock_label(T0, T0 + timedelta(minutes=90)) == "-1 j 30 m"
