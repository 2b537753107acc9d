import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from pewarta.audit.models import Event
from pewarta.complaints import services
from pewarta.complaints.report import compliance_report

T0 = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def history(live_story, editor, senior_editor):
    """Four complaints with known timings: met, missed, open-but-late, open-in-time."""
    at = lambda hours: time_machine.travel(T0 + timedelta(hours=hours), tick=False)  # noqa: E731
    with at(0):
        met = services.complaint_file(kind="report", story=live_story, reason="sara")
        missed = services.complaint_file(kind="report", story=live_story, reason="hoaks")
        late = services.complaint_file(
            kind="reply", story=live_story, name="A", email="a@contoh.id", passage="p", body="b"
        )
    with at(3):
        services.complaint_claim(complaint=met, actor=editor)
    with at(10):
        services.complaint_dismiss(complaint=met, actor=editor, reason="Bukan pelanggaran.")
    with at(50):
        services.complaint_dismiss(complaint=missed, actor=editor, reason="Bukan pelanggaran.")
    with at(71):
        pending = services.takedown_record(
            story=live_story, actor=editor, authority="Komdigi", reference="9/2026"
        )
    return {"met": met, "missed": missed, "late": late, "pending": pending}


def _report(hours_now=80):
    return compliance_report(
        start=T0 - timedelta(days=1),
        end=T0 + timedelta(days=10),
        now=T0 + timedelta(hours=hours_now),
    )


@pytest.mark.django_db
def test_report_figures_match_the_events(history):
    report = _report()
    events = Event.objects.filter(content_type__model="complaint")

    assert report.received == events.filter(action="complaint.received").count() == 4
    assert report.by_kind == {"report": 2, "reply": 1, "takedown": 1}
    resolved = events.filter(action="complaint.resolved")
    assert sum(report.outcomes.values()) == resolved.count() == 2
    assert report.verdicts["met"] == resolved.filter(payload__met=True).count() == 1
    # missed = resolved late (1) + still open past the deadline (the reply, 72 h, now 80 h)
    assert report.verdicts == {"met": 1, "missed": 2, "open": 1}

    rows = {row.complaint_id: row for row in report.rows}
    met = rows[history["met"].pk]
    claimed = events.get(action="complaint.claimed", object_id=str(history["met"].pk))
    received = events.get(action="complaint.received", object_id=str(history["met"].pk))
    assert met.first_action_at == claimed.created_at
    assert met.hours_to_first_action == 3.0
    assert rows[history["missed"].pk].hours_to_first_action == 50.0
    assert met.received_at == received.created_at
    assert report.median_hours_to_first_action == 26.5
    assert rows[history["late"].pk].first_action_at is None


@pytest.mark.django_db
def test_report_is_computed_from_events_not_from_editable_rows(history):
    from pewarta.complaints.models import Complaint

    Complaint.objects.filter(pk=history["missed"].pk).update(resolved_at=T0, outcome="")
    report = _report()
    row = next(r for r in report.rows if r.complaint_id == history["missed"].pk)
    assert row.outcome == "dismissed" and row.verdict(report.now) == "missed"


@pytest.mark.django_db
def test_period_only_counts_complaints_received_in_it(history):
    report = compliance_report(
        start=T0 + timedelta(hours=60), end=T0 + timedelta(hours=80), now=T0 + timedelta(hours=80)
    )
    assert [row.complaint_id for row in report.rows] == [history["pending"].pk]
    assert report.verdicts == {"met": 0, "missed": 0, "open": 1}


@pytest.mark.django_db
def test_report_page_and_csv_for_staff(client, history, editor):
    client.force_login(editor)
    day = (T0 + timedelta(hours=7)).date()  # Jakarta date of T0 may differ from UTC
    params = {
        "dari": (day - timedelta(days=2)).isoformat(),
        "sampai": (day + timedelta(days=5)).isoformat(),
    }
    url = reverse("complaints:desk_report")
    with time_machine.travel(T0 + timedelta(hours=80), tick=False):
        page = client.get(url, params)
        response = client.get(url, {**params, "format": "csv"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-figure="received">4<' in html
    assert 'data-figure="met">1<' in html and 'data-figure="missed">2<' in html
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 4
    by_id = {int(r["pengaduan"]): r for r in rows}
    assert by_id[history["met"].pk]["tenggat"] == "met"
    assert by_id[history["met"].pk]["jam_ke_tindakan_pertama"] == "3.0"
    assert by_id[history["missed"].pk]["hasil"] == "dismissed"


@pytest.mark.django_db
def test_report_is_staff_only(client, stranger):
    url = reverse("complaints:desk_report")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(stranger)
    assert client.get(url).status_code == 403
