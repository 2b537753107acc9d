import pytest
from django.urls import reverse

from pewarta.audit.models import Event
from pewarta.complaints import services
from pewarta.complaints.models import Complaint, Correction
from pewarta.desk.models import Status


@pytest.fixture
def complaint(live_story):
    return services.complaint_file(
        kind="correction",
        story=live_story,
        name="Rina",
        email="rina@contoh.id",
        passage="lima desa",
        body="tiga desa",
        source="BPBD",
    )


def _action(complaint, name):
    return reverse("complaints:desk_action", kwargs={"pk": complaint.pk, "action": name})


@pytest.mark.django_db
def test_queue_is_for_staff_only(client, complaint, stranger, editor):
    url = reverse("complaints:desk_queue")
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    assert client.get(complaint.get_desk_url()).status_code == 403
    assert client.post(_action(complaint, "claim")).status_code == 403
    client.force_login(editor)
    page = client.get(url)
    assert page.status_code == 200
    assert complaint.get_desk_url() in page.content.decode()


@pytest.mark.django_db
def test_claim_then_correct_through_the_desk(client, complaint, live_story, editor):
    client.force_login(editor)
    assert client.get(complaint.get_desk_url()).status_code == 200
    assert client.post(_action(complaint, "claim")).status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == "in_progress" and complaint.handler == editor
    assert complaint.first_action_at is not None

    response = client.post(
        _action(complaint, "correct"),
        {
            "expected_version": live_story.version,
            "headline": live_story.live_revision.headline,
            "lead": "",
            "body_html": "<p>Banjir merendam tiga desa.</p>",
            "kind": "koreksi",
            "text": "Jumlah desa diperbaiki menjadi tiga.",
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.outcome == "corrected"
    correction = Correction.objects.get()
    assert correction.kind == "koreksi"
    live_story.refresh_from_db()
    assert live_story.live_revision.body_html == "<p>Banjir merendam tiga desa.</p>"
    actions = list(
        Event.objects.filter(
            object_id=str(complaint.pk), content_type__model="complaint"
        ).values_list("action", flat=True)
    )
    assert actions == ["complaint.received", "complaint.claimed", "complaint.resolved"]


@pytest.mark.django_db
def test_stale_version_is_refused_with_a_message(client, complaint, live_story, editor):
    client.force_login(editor)
    response = client.post(
        _action(complaint, "correct"),
        {
            "expected_version": live_story.version - 1,
            "headline": "Judul",
            "body_html": "<p>x</p>",
            "kind": "ralat",
            "text": "x",
        },
        follow=True,
    )
    assert "Orang lain sudah menyimpan" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.is_open and not Correction.objects.exists()


@pytest.mark.django_db
def test_editor_cannot_retract_from_the_desk_but_senior_editor_can(
    client, complaint, live_story, editor, senior_editor
):
    data = {"reason": "dewan_pers", "note": "Sesuai keputusan Dewan Pers."}
    client.force_login(editor)
    page = client.get(complaint.get_desk_url()).content.decode()
    assert _action(complaint, "retract") not in page
    response = client.post(_action(complaint, "retract"), data, follow=True)
    assert "Hanya pemimpin redaksi" in response.content.decode()
    live_story.refresh_from_db()
    assert live_story.status == Status.PUBLISHED

    client.force_login(senior_editor)
    assert _action(complaint, "retract") in client.get(complaint.get_desk_url()).content.decode()
    client.post(_action(complaint, "retract"), data)
    live_story.refresh_from_db()
    assert live_story.status == Status.RETRACTED
    gone = client.get(live_story.get_absolute_url())
    assert gone.status_code == 410
    assert "Sesuai keputusan Dewan Pers." in gone.content.decode()


@pytest.mark.django_db
def test_invalid_action_form_is_shown_again(client, complaint, editor):
    client.force_login(editor)
    response = client.post(_action(complaint, "dismiss"), {"reason": ""})
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.is_open


@pytest.mark.django_db
def test_staff_record_a_takedown_order_in_the_same_queue(client, live_story, editor):
    client.force_login(editor)
    url = reverse("complaints:desk_takedown")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "story": live_story.pk,
            "authority": "Kementerian Komunikasi dan Digital",
            "reference": "B-123/2026",
            "urgent": "on",
            "note": "Turunkan konten dalam 4 jam.",
        },
    )
    order = Complaint.objects.get(kind="takedown")
    assert response.status_code == 302 and response["Location"] == order.get_desk_url()
    assert (order.deadline_at - order.received_at).total_seconds() == 4 * 3600
    queue = client.get(reverse("complaints:desk_queue")).content.decode()
    assert order.get_desk_url() in queue and "mendesak" in queue


@pytest.mark.django_db
def test_newsroom_corrects_on_its_own_initiative(client, live_story, editor, stranger):
    url = reverse("complaints:desk_story", kwargs={"story_id": live_story.pk})
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "action": "correct",
            "expected_version": live_story.version,
            "headline": live_story.live_revision.headline,
            "body_html": "<p>Tiga desa.</p>",
            "kind": "ralat",
            "text": "Redaksi meralat jumlah desa.",
        },
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.complaint is None and correction.kind == "ralat"
    page = client.get(url).content.decode()
    assert "Redaksi meralat jumlah desa." in page
    response = client.post(
        url,
        {"action": "reply", "respondent": "PT Maju", "title": "Jawaban PT Maju", "body": "Isi."},
    )
    assert response.status_code == 302
    assert "Jawaban PT Maju" in client.get(live_story.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_detail_pages_render_for_every_kind_and_the_closed_tab(client, live_story, editor):
    client.force_login(editor)
    complaints = [
        services.complaint_file(kind="report", story=live_story, reason="asusila"),
        services.complaint_file(
            kind="reply", story=live_story, name="A", email="a@contoh.id", passage="p", body="b"
        ),
        services.takedown_record(story=live_story, actor=editor, authority="Komdigi"),
    ]
    for item in complaints:
        page = client.get(item.get_desk_url())
        assert page.status_code == 200
        assert item.get_kind_display() in page.content.decode()
    assert "Muat Hak Jawab" in client.get(complaints[1].get_desk_url()).content.decode()
    services.complaint_dismiss(complaint=complaints[0], actor=editor, reason="Tidak melanggar.")
    closed = client.get(reverse("complaints:desk_queue"), {"status": "selesai"}).content.decode()
    assert complaints[0].get_desk_url() in closed
    assert complaints[1].get_desk_url() not in closed


@pytest.mark.django_db
def test_tracking_page_shows_the_outcome_and_the_correction(client, complaint, live_story, editor):
    correction = services.complaint_correct(
        complaint=complaint,
        actor=editor,
        kind="koreksi",
        text="Jumlah desa diperbaiki.",
        expected_version=live_story.version,
    )
    page = client.get(complaint.get_tracking_url()).content.decode()
    assert "Dikoreksi" in page and correction.get_absolute_url() in page


@pytest.mark.django_db
def test_admin_lists_complaints_read_only(client, complaint):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root", "root@contoh.id", "x-very-long")
    client.force_login(admin_user)
    page = client.get("/admin/complaints/complaint/")
    assert page.status_code == 200 and "Hak Koreksi" in page.content.decode()
    assert client.get("/admin/complaints/complaint/add/").status_code == 403


@pytest.mark.django_db
def test_takedown_received_earlier_counts_from_its_receipt(client, live_story, editor):
    from datetime import timedelta

    from django.utils import timezone

    from pewarta.common.timefmt import JAKARTA

    client.force_login(editor)
    received = timezone.localtime(timezone.now(), JAKARTA).replace(second=0, microsecond=0)
    received -= timedelta(hours=2)
    response = client.post(
        reverse("complaints:desk_takedown"),
        {
            "story": live_story.pk,
            "authority": "Pengadilan Negeri Jakarta Pusat",
            "received_at": received.strftime("%Y-%m-%dT%H:%M"),
            "note": "Putusan sela.",
        },
    )
    assert response.status_code == 302
    order = Complaint.objects.get(kind="takedown")
    assert order.received_at == received
    assert order.deadline_at == received + timedelta(hours=24)
