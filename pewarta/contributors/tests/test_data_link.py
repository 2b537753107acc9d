"""Writers who only use email export or erase their data through a one-time mailed link."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pewarta.accounts.models import Contributor, DataAccessLink, DataRequest
from pewarta.intake.senders import contributor_for_address

pytestmark = pytest.mark.django_db
ADDRESS = "wulan.email-saja@contoh.id"


@pytest.fixture
def email_writer():
    """A writer made by confirming an emailed piece: a verified address, no password."""
    contributor = contributor_for_address(ADDRESS, "Wulan Sari", verified=True)
    assert not contributor.user.has_usable_password()
    return contributor


def _ask(client, address, capture):
    with capture(execute=True):
        return client.post(reverse("contributors:data_link_request"), {"email": address})


def _link_path(message) -> str:
    link = re.search(r"https?://\S+/akun/data/tautan/\S+", message.body).group(0)
    return "/" + link.split("/", 3)[3]


def test_link_is_mailed_to_the_verified_address_and_exports_once(
    client, email_writer, django_capture_on_commit_callbacks
):
    response = _ask(client, ADDRESS.upper(), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    path = _link_path(message)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not DataAccessLink.objects.filter(token_hash__contains=token).exists()  # hash only
    # Opening (what a link scanner does) changes nothing and shows the buttons.
    page = client.get(path)
    assert page.status_code == 200 and "Unduh data saya" in page.content.decode()
    assert DataAccessLink.objects.get().used_at is None
    exported = client.post(path, {"action": "export"})
    assert exported["Content-Type"] == "application/json"
    assert json.loads(exported.content)["profile"]["email"] == ADDRESS
    assert DataRequest.objects.get(kind="export").completed_at is not None
    # Single use: the same link neither exports nor erases again.
    assert client.get(path).status_code == 400
    again = client.post(path, {"action": "erase", "confirm": "on"})
    assert again.status_code == 400
    assert Contributor.objects.get(pk=email_writer.pk).erased_at is None


def test_link_erases_after_the_confirming_button(
    client, email_writer, django_capture_on_commit_callbacks
):
    _ask(client, ADDRESS, django_capture_on_commit_callbacks)
    path = _link_path(mail.outbox[-1])
    unconfirmed = client.post(path, {"action": "erase"})
    assert unconfirmed.status_code == 200
    assert Contributor.objects.get(pk=email_writer.pk).erased_at is None
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path, {"action": "erase", "confirm": "on"})
    assert "sudah dihapus" in done.content.decode()
    erased = Contributor.objects.get(pk=email_writer.pk)
    assert erased.erased_at is not None and erased.email == "" and erased.user is None


def test_expired_link_does_nothing(client, email_writer, django_capture_on_commit_callbacks):
    _ask(client, ADDRESS, django_capture_on_commit_callbacks)
    path = _link_path(mail.outbox[-1])
    DataAccessLink.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    assert client.get(path).status_code == 400
    assert client.post(path, {"action": "export"}).status_code == 400
    assert not DataRequest.objects.filter(kind="export").exists()


def test_unknown_or_unverified_address_gets_the_same_page_and_no_mail(
    client, email_writer, django_capture_on_commit_callbacks
):
    contributor_for_address("belum.verifikasi@contoh.id", "Belum", verified=False)
    known = _ask(client, ADDRESS, django_capture_on_commit_callbacks).content.decode()
    mail.outbox.clear()
    for address in ("tidak.ada@contoh.id", "belum.verifikasi@contoh.id"):
        page = _ask(client, address, django_capture_on_commit_callbacks).content.decode()
        assert "tautan sekali pakai sudah kami kirim" in page
        assert page.replace(address, "").count("kirim") == known.count("kirim")
    assert mail.outbox == []
    assert DataAccessLink.objects.count() == 1


def test_guessed_token_is_refused(client, email_writer):
    assert client.get("/akun/data/tautan/bukan-token-asli").status_code == 400
    assert (
        client.post("/akun/data/tautan/bukan-token-asli", {"action": "export"}).status_code == 400
    )


def test_requests_for_one_address_are_rate_limited(
    client, email_writer, django_capture_on_commit_callbacks
):
    for _ in range(5):
        _ask(client, ADDRESS, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3  # three links an hour per address
