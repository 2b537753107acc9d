import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pewarta.audit.models import Event
from pewarta.complaints.models import Complaint


def _png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_report_is_recorded_with_event_confirmation_mail_and_tracking_page(
    client, live_story, django_capture_on_commit_callbacks
):
    url = reverse("complaints:report", kwargs={"story_id": live_story.pk})
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"reason": "hoaks", "body": "Angka korban tidak sesuai.", "email": "budi@contoh.id"},
        )

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(complaint.get_tracking_url())
    assert complaint.kind == "report" and complaint.reason == "hoaks"
    assert (complaint.deadline_at - complaint.received_at).total_seconds() == 48 * 3600
    event = Event.objects.get(action="complaint.received")
    assert event.story_id == live_story.pk and event.subject == complaint
    confirmation = [m for m in mail.outbox if m.to == ["budi@contoh.id"]]
    assert len(confirmation) == 1
    assert complaint.get_tracking_url() in confirmation[0].body
    # The author hears about it too.
    assert any(m.to == ["penulis@example.id"] for m in mail.outbox)

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "sudah kami terima" in page.content.decode()
    assert "Diterima" in page.content.decode()


@pytest.mark.django_db
def test_tracking_token_is_random_and_unknown_token_is_404(client, live_story):
    from pewarta.complaints.services import complaint_file

    a = complaint_file(kind="report", story=live_story, reason="sara")
    b = complaint_file(kind="report", story=live_story, reason="sara")
    assert a.token != b.token and len(a.token) >= 20
    assert client.get(reverse("complaints:track", kwargs={"token": "tebakan"})).status_code == 404


@pytest.mark.django_db
def test_report_with_other_reason_needs_an_explanation(client, live_story):
    url = reverse("complaints:report", kwargs={"story_id": live_story.pk})
    response = client.post(url, {"reason": "lainnya", "body": ""})
    assert response.status_code == 200
    assert "Jelaskan alasan" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_reply_with_image_evidence_is_accepted(client, live_story):
    url = reverse("complaints:reply", kwargs={"story_id": live_story.pk})
    response = client.post(
        url,
        {
            "name": "Hendra Wijaya",
            "email": "hendra@contoh.id",
            "identity": "Kepala Desa Sukamaju yang disebut dalam berita.",
            "passage": "Kepala desa menolak memberi keterangan.",
            "reply": "",
            "body": "Saya tidak pernah dihubungi wartawan sebelum berita terbit.",
            "evidence": SimpleUploadedFile("bukti.png", _png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.kind == "reply" and complaint.evidence_type == "image/png"
    assert complaint.evidence.name.endswith(".png") and "bukti" not in complaint.evidence.name
    assert (complaint.deadline_at - complaint.received_at).total_seconds() == 72 * 3600


@pytest.mark.django_db
def test_evidence_is_private_and_served_to_staff_only(
    client, live_story, stranger, editor, settings
):
    from pewarta.complaints.services import complaint_file

    complaint = complaint_file(
        kind="reply",
        story=live_story,
        name="Hendra",
        email="hendra@contoh.id",
        passage="kutipan",
        body="tanggapan",
        evidence=SimpleUploadedFile("ktp-hendra.png", _png_bytes(), "image/png"),
    )
    path = complaint.evidence.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    url = reverse("complaints:desk_file", kwargs={"pk": complaint.pk, "which": "bukti"})
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == _png_bytes()
    assert url in client.get(complaint.get_desk_url()).content.decode()


@pytest.mark.django_db
def test_evidence_is_checked_by_content_not_by_name(client, live_story):
    url = reverse("complaints:reply", kwargs={"story_id": live_story.pk})
    data = {
        "name": "Hendra",
        "email": "hendra@contoh.id",
        "identity": "Warga",
        "passage": "kutipan",
        "body": "tanggapan",
        "evidence": SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "PDF, JPEG, PNG, atau WebP" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_oversized_evidence_is_refused(client, live_story, settings):
    settings.PEWARTA_COMPLAINT_EVIDENCE_MAX_BYTES = 1000
    url = reverse("complaints:reply", kwargs={"story_id": live_story.pk})
    data = {
        "name": "Hendra",
        "email": "hendra@contoh.id",
        "identity": "Warga",
        "passage": "kutipan",
        "body": "tanggapan",
        "evidence": SimpleUploadedFile("b.pdf", b"%PDF-1.4\n" + b"0" * 2000, "application/pdf"),
    }
    response = client.post(url, data)
    assert "terlalu besar" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_correction_request_records_passage_correction_and_source(client, live_story):
    url = reverse("complaints:correction", kwargs={"story_id": live_story.pk})
    response = client.post(
        url,
        {
            "name": "Rina",
            "email": "rina@contoh.id",
            "passage": "Banjir merendam lima desa.",
            "body": "Yang terendam tiga desa, bukan lima.",
            "source": "Siaran pers BPBD 3 Maret.",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.kind == "correction"
    assert complaint.source == "Siaran pers BPBD 3 Maret."


@pytest.mark.django_db
def test_honeypot_is_refused_politely_without_a_record(client, live_story):
    url = reverse("complaints:report", kwargs={"story_id": live_story.pk})
    response = client.post(url, {"reason": "sara", "website": "http://spam.example"})
    assert response.status_code == 400
    assert "tidak dapat kami proses" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_rate_limit_refuses_politely_after_the_limit(client, live_story, settings):
    settings.PEWARTA_COMPLAINT_RATE_LIMIT = 2
    url = reverse("complaints:report", kwargs={"story_id": live_story.pk})
    for _ in range(2):
        assert client.post(url, {"reason": "sara"}).status_code == 302
    response = client.post(url, {"reason": "sara"})
    assert response.status_code == 429
    assert "coba lagi nanti" in response.content.decode()
    assert response["Retry-After"]
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_forms_answer_404_for_unpublished_story(client, make_story):
    story = make_story()
    for name in ("report", "reply", "correction"):
        assert (
            client.get(reverse(f"complaints:{name}", kwargs={"story_id": story.pk})).status_code
            == 404
        )


@pytest.mark.django_db
def test_report_about_story_by_blocked_contributor_works(client, live_story, writer):
    writer.contributor.is_blocked = True
    writer.contributor.save(update_fields=["is_blocked"])
    writer.is_active = False
    writer.save(update_fields=["is_active"])

    url = reverse("complaints:report", kwargs={"story_id": live_story.pk})
    response = client.post(url, {"reason": "pencemaran", "body": "Menuduh tanpa bukti."})

    assert response.status_code == 302
    assert Complaint.objects.get().story == live_story


@pytest.mark.django_db
def test_report_about_story_by_deleted_contributor_works(
    client, live_story, writer, django_capture_on_commit_callbacks
):
    writer.contributor.delete()
    writer.delete()
    assert live_story.authors.count() == 0

    url = reverse("complaints:report", kwargs={"story_id": live_story.pk})
    assert client.get(url).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "privasi", "email": "pelapor@contoh.id"})

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.story == live_story
    assert [m.to for m in mail.outbox] == [["pelapor@contoh.id"]]


@pytest.mark.django_db
@pytest.mark.parametrize("policy", ["anonim", "hapus"])
def test_report_works_after_the_author_erased_their_account(
    client, live_story, writer, settings, policy, django_capture_on_commit_callbacks
):
    from pewarta.contributors import privacy

    settings.PEWARTA_ERASED_AUTHOR_POLICY = policy
    privacy.contributor_erase(contributor=writer.contributor, actor=writer)
    live_story.refresh_from_db()
    assert live_story.status == "published"

    mail.outbox.clear()
    url = reverse("complaints:reply", kwargs={"story_id": live_story.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "name": "Hendra",
                "email": "hendra@contoh.id",
                "identity": "Disebut dalam berita",
                "passage": "kutipan",
                "body": "tanggapan",
            },
        )
    assert response.status_code == 302
    assert Complaint.objects.get().story == live_story
    assert [m.to for m in mail.outbox] == [["hendra@contoh.id"]]  # nobody left to tell


@pytest.mark.django_db
def test_an_empty_submission_shows_what_is_missing(client, live_story):
    response = client.post(reverse("complaints:reply", kwargs={"story_id": live_story.pk}), {})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Complaint.objects.exists()
