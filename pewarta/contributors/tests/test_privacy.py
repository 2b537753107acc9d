import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pewarta.accounts.data_requests import data_request_log, data_requests_overdue
from pewarta.accounts.models import Consent, Contributor, DataRequest
from pewarta.audit.models import Event
from pewarta.conftest import jpeg_bytes, publish
from pewarta.contributors.privacy import contributor_erase
from pewarta.contributors.services import contributor_update_profile, identity_submit, story_reply
from pewarta.desk import services as desk
from pewarta.desk.models import Message, Status
from pewarta.desk.workflow import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db


def _story(member, headline="Panen Raya Kopi"):
    return desk.story_create(
        headline=headline,
        body_html="<p>Isi naskah panen kopi.</p>",
        authors=[member.contributor],
        actor=SYSTEM_ACTOR,
    )


def test_export_contains_profile_consents_stories_and_messages(member_client, member, editor):
    contributor = member.contributor
    contributor.real_name = "Ayu Lestari Putri"
    contributor.save(update_fields=["real_name"])
    story = _story(member)
    desk.story_review(story=story, actor=editor)
    desk.story_request_changes(story=story, actor=editor, message="Sebutkan luas kebun.")
    story_reply(story=story, user=member, text="Luasnya dua hektare.")
    response = member_client.get(reverse("contributors:data_export"))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["real_name"] == "Ayu Lestari Putri"
    assert data["profile"]["email"] == "ayu@example.id" and data["profile"]["birth_year"] == 1990
    assert {(c["purpose"], c["policy_version"]) for c in data["consents"]} == {
        ("terms", "2026.1"),
        ("privacy", "2026.1"),
    }
    (exported,) = data["stories"]
    assert exported["tracking_code"] == story.tracking_code
    assert exported["original"]["headline"] == "Panen Raya Kopi"
    texts = [m["text"] for m in data["messages"]]
    assert texts == ["Sebutkan luas kebun.", "Luasnya dua hektare."]
    logged = DataRequest.objects.get(contributor=contributor, kind="export")
    assert logged.completed_at is not None
    assert logged.due_at - logged.created_at == timezone.timedelta(hours=72)


def test_correction_is_logged(member):
    contributor_update_profile(
        contributor=member.contributor, actor=member, changes={"bio": "Guru di Garut."}
    )
    request = DataRequest.objects.get(kind="correction")
    assert request.detail == "bio" and request.completed_at


def test_delete_account_erases_personal_data_and_keeps_published_story_anonymous(
    member_client, member, editor, settings, django_capture_on_commit_callbacks
):
    contributor = member.contributor
    contributor.real_name, contributor.phone = "Ayu Lestari Putri", "08123456789"
    contributor.save(update_fields=["real_name", "phone"])
    identity_submit(contributor=contributor, upload=SimpleUploadedFile("ktp.jpg", jpeg_bytes()))
    id_file = settings.PEWARTA_PRIVATE_ROOT / contributor.identity_checks.get().image.name
    assert id_file.exists()
    published = _story(member, "Naskah Tayang")
    desk.story_review(story=published, actor=editor)
    publish(published, editor)
    pending = _story(member, "Naskah Belum Tayang")
    story_reply(story=pending, user=member, text="Mohon dicek.")
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("contributors:delete"), {"password": "sandi-rahasia-panjang-1", "confirm": "on"}
        )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    contributor.refresh_from_db()
    assert contributor.erased_at and contributor.user is None
    assert contributor.pen_name == "Penulis anonim"
    assert (contributor.real_name, contributor.email, contributor.phone) == ("", "", "")
    # Proof of consent stays (purpose, version, time), without anything that names her.
    kept = Consent.objects.filter(contributor=contributor)
    assert kept.exists() and not kept.exclude(guardian_email="", ip_address=None).exists()
    assert not id_file.exists()
    published.refresh_from_db()
    pending.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert [a.pen_name for a in published.authors.all()] == ["Penulis anonim"]
    assert pending.status == Status.WITHDRAWN
    assert not Message.objects.filter(story=pending).exists()  # her own words went with her
    assert Event.objects.filter(story=published, action="story.published").exists()
    assert not Event.objects.filter(actor_label="ayu").exists()
    request = DataRequest.objects.get(kind="deletion")
    assert request.completed_at and "ayu" not in request.requester_label
    # the public byline no longer names her
    page = member_client.get(published.get_absolute_url())
    assert "Ayu" not in page.content.decode()


@override_settings(PEWARTA_ERASED_AUTHOR_POLICY="hapus")
def test_delete_policy_can_remove_the_byline(member, editor):
    story = _story(member)
    desk.story_review(story=story, actor=editor)
    publish(story, editor)
    contributor_erase(contributor=member.contributor, actor=member)
    assert story.authors.count() == 0


def test_wrong_password_does_not_delete(member_client, member):
    member_client.post(reverse("contributors:delete"), {"password": "salah", "confirm": "on"})
    assert Contributor.objects.get(pk=member.contributor.pk).erased_at is None


def test_overdue_requests_are_listed_for_the_desk(member, editor, client):
    fresh = data_request_log(contributor=member.contributor, kind="other", detail="Hapus foto lama")
    old = data_request_log(contributor=member.contributor, kind="other", detail="Koreksi nama")
    DataRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=80),
        due_at=timezone.now() - timezone.timedelta(hours=8),
    )
    assert list(data_requests_overdue()) == [old]
    client.force_login(editor)
    html = client.get(reverse("contributors:pdp_requests") + "?terlambat=1").content.decode()
    assert "Koreksi nama" in html and "Hapus foto lama" not in html and "TERLAMBAT" in html
    client.post(
        reverse("contributors:pdp_complete", args=[old.pk]), {"resolution": "Nama diperbaiki."}
    )
    old.refresh_from_db()
    assert old.completed_by == editor and not data_requests_overdue().exists()
    fresh.refresh_from_db()
    assert fresh.completed_at is None


def test_other_request_from_the_contributor_is_open_with_a_deadline(member_client, member):
    member_client.post(
        reverse("contributors:data_request"), {"detail": "Mohon hapus nomor telepon lama."}
    )
    request = DataRequest.objects.get(kind="other")
    assert request.completed_at is None
    assert request.due_at - request.created_at == timezone.timedelta(hours=72)


def test_desk_is_reminded_once_before_the_deadline(
    member, editor, django_capture_on_commit_callbacks
):
    from django.core import mail

    from pewarta.accounts.data_requests import data_requests_send_reminders

    request = data_request_log(contributor=member.contributor, kind="other", detail="Koreksi nama")
    with django_capture_on_commit_callbacks(execute=True):
        assert data_requests_send_reminders() == []  # 72 hours left
    later = request.due_at - timezone.timedelta(hours=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert data_requests_send_reminders(now=later) == [request.pk]
        assert data_requests_send_reminders(now=later) == []
    (reminder,) = mail.outbox
    assert reminder.to == ["editor@example.id"]
    assert "Koreksi nama" in reminder.body and "/akun/pdp/" in reminder.body


def test_erasing_deletes_photos_of_unsent_drafts(
    member, settings, django_capture_on_commit_callbacks
):
    from pewarta.intake.web import draft_save, photo_add

    draft = draft_save(
        contributor=member.contributor, token="t1", kind="berita", headline="H", lead="",
        body_source="Isi draf.",
    )  # fmt: skip
    image = photo_add(
        draft=draft,
        upload=SimpleUploadedFile("a.jpg", jpeg_bytes()),
        credit="Dokpri",
        caption="",
        rights=True,
    )
    path = settings.MEDIA_ROOT / image["src"].removeprefix(settings.MEDIA_URL)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        contributor_erase(contributor=member.contributor, actor=member)
    assert not path.exists()


def test_erasure_blocked_by_protected_data_becomes_an_open_request(
    member_client, member, monkeypatch
):
    from django.db.models import ProtectedError

    from pewarta.contributors import privacy

    def refuse(*args, **kwargs):
        raise ProtectedError("still referenced", set())

    monkeypatch.setattr(privacy, "_erase", refuse)
    response = member_client.post(
        reverse("contributors:delete"), {"password": "sandi-rahasia-panjang-1", "confirm": "on"}
    )
    assert "redaksi menuntaskannya" in response.content.decode()
    request = DataRequest.objects.get(kind="deletion")
    assert request.completed_at is None and "Ayu Lestari" in request.requester_label
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert (
        member_client.get(reverse("contributors:dashboard")).status_code == 200
    )  # still signed in
