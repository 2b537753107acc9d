"""Emailed photos get the same rights statement as web uploads, on the confirmation page."""

import re

import pytest
from django.core import mail

from pewarta.audit.models import Event
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
