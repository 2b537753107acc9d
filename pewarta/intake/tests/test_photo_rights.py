"""Emailed photos get the same rights statement as web uploads, on the confirmation page."""

import re

import pytest
from django.core import mail

from pewarta.audit.models import Event
from pewarta.common.errors import ValidationFailed
from pewarta.desk.models import Status, Story
from pewarta.intake.models import ConsentRecord
from pewarta.intake.tests import corpus

pytestmark = pytest.mark.django_db


def _path(message) -> str:
    link = re.search(r"https?://\S+/kirim/konfirmasi/\S+/", message.body).group(0)
    return "/" + link.split("/", 3)[3]


def test_confirming_a_piece_with_photos_needs_the_rights_statement(
    client, process, django_capture_on_commit_callbacks
):
    message = process(corpus.apple_mail())
    assert Story.objects.get(pk=message.story_id).draft_revision.images
    path = _path(mail.outbox[-1])
    page = client.get(path).content.decode()
    assert 'name="rights"' in page and "berhak memakai" in page
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(path)
    assert refused.status_code == 400
    assert "berhak memakai" in refused.content.decode()
    assert Story.objects.get(pk=message.story_id).status == Status.AWAITING_CONFIRMATION
    assert not ConsentRecord.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path, {"rights": "on"}).status_code == 200
    assert Story.objects.get(pk=message.story_id).status == Status.RECEIVED
    assert ConsentRecord.objects.filter(purpose="photo_rights").count() == 1
    event = Event.objects.get(action="intake.photo_rights_confirmed")
    assert event.story_id == message.story_id and event.payload["photos"] >= 1


def test_a_piece_without_photos_needs_no_statement(
    client, process, django_capture_on_commit_callbacks
):
    message = process(corpus.gmail())
    assert not Story.objects.get(pk=message.story_id).draft_revision.images
    path = _path(mail.outbox[-1])
    assert 'name="rights"' not in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 200
    assert Story.objects.get(pk=message.story_id).status == Status.RECEIVED
    assert not ConsentRecord.objects.filter(purpose="photo_rights").exists()


SIGNED_SENDER = "Asep Sunandar <asep.sunandar@gmail.com>"


def _with_photo(subject):
    from pewarta.intake.tests.corpus import PARAGRAPHS, base

    msg = base(subject, SIGNED_SENDER)
    msg.set_content("\n\n".join(PARAGRAPHS) + "\n\nFoto 1: Warga di tanggul (Foto: Asep Sunandar)")
    msg.add_attachment(corpus.photo("JPEG", size=(240, 160)), maintype="image",
                       subtype="jpeg", filename="tanggul.jpg")  # fmt: skip
    return bytes(msg)


def _rights_path(message) -> str:
    link = re.search(r"https?://\S+/kirim/hak-foto/\S+/", message.body).group(0)
    return "/" + link.split("/", 3)[3]


def test_a_proven_writers_emailed_photos_wait_for_the_statement_the_receipt_asks_for(
    client, process, confirm, dkim, django_capture_on_commit_callbacks, editor, senior_editor
):
    from pewarta.desk import services as desk
    from pewarta.desk.tests.test_safeguards import answer

    first = process(dkim(corpus.gmail(), "gmail.com"))  # a first piece proves the address
    confirm(mail.outbox[-1])
    assert Story.objects.get(pk=first.story_id).status == Status.RECEIVED
    mail.outbox.clear()

    message = process(dkim(_with_photo("Tanggul Jebol di Bekasi"), "gmail.com"))
    story = Story.objects.get(pk=message.story_id)
    assert story.status == Status.RECEIVED  # proven: no confirmation page to state it on
    [photo] = story.draft_revision.images
    assert photo["rights_pending"] is True
    [receipt] = mail.outbox
    path = _rights_path(receipt)
    assert "menyatakan berhak" in receipt.body

    # The desk sees it, and cannot publish the photo before the writer's statement.
    client.force_login(editor)
    review = client.get(f"/desk/naskah/{story.pk}/").content.decode()
    assert "Menunggu pernyataan hak dari penulis" in review
    answer(story, editor)
    story.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        desk.check_publishable(Story.objects.get(pk=story.pk), senior_editor)
    assert "belum dinyatakan haknya" in str(refused.value.message)

    client.logout()
    page = client.get(path).content.decode()
    assert 'name="rights"' in page and photo["src"] in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 400  # the box unticked: nothing recorded
    assert not ConsentRecord.objects.filter(purpose="photo_rights", method="rights_link")
    with django_capture_on_commit_callbacks(execute=True):
        stated = client.post(path, {"rights": "on"})
    assert stated.status_code == 200 and "sudah kami catat" in stated.content.decode()
    story.refresh_from_db()
    assert "rights_pending" not in story.draft_revision.images[0]
    assert ConsentRecord.objects.filter(purpose="photo_rights", method="rights_link").count() == 1
    assert Event.objects.filter(story=story, action="story.photo_rights_stated").exists()
    desk.check_publishable(story, senior_editor)  # nothing in the way any more
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path, {"rights": "on"}).status_code == 200  # a second click: no-op
    assert ConsentRecord.objects.filter(purpose="photo_rights", method="rights_link").count() == 1


def test_a_forged_or_foreign_rights_link_is_refused(client, process, dkim, confirm):
    from django.core import signing

    from pewarta.intake.photo_rights import SALT

    assert client.get("/kirim/hak-foto/bukan-token/").status_code == 400
    first = process(dkim(corpus.gmail(), "gmail.com"))
    confirm(mail.outbox[-1])
    story = Story.objects.get(pk=first.story_id)
    stranger = signing.dumps({"s": story.pk, "c": 999999}, salt=SALT)  # not the piece's writer
    response = client.post(f"/kirim/hak-foto/{stranger}/", {"rights": "on"})
    assert response.status_code == 400 and "tidak sah" in response.content.decode()


def test_the_confirmation_page_clears_the_photos_it_states_rights_for(client, process, confirm):
    message = process(corpus.apple_mail())
    assert Story.objects.get(pk=message.story_id).draft_revision.images[0]["rights_pending"]
    confirm(mail.outbox[-1])
    story = Story.objects.get(pk=message.story_id)
    assert story.status == Status.RECEIVED
    assert not any(image.get("rights_pending") for image in story.draft_revision.images)
