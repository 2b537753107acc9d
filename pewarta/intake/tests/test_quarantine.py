"""The desk's quarantine: held mail with reasons and raw source; release or discard, logged."""

import pytest
from django.core import mail

from pewarta.audit.models import Event
from pewarta.desk.models import Status
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests import corpus

pytestmark = pytest.mark.django_db
Outcome = InboundMessage.Outcome


@pytest.fixture
def held(process):
    return {
        "auto": process(corpus.auto_reply()),
        "bomb": process(corpus.image_bomb()),
        "waiting": process(corpus.gmail()),
    }


def test_only_editors_see_the_quarantine(client, writer, held):
    assert client.get("/desk/karantina/").status_code == 302
    client.force_login(writer)
    assert client.get("/desk/karantina/").status_code == 403
    assert client.post(f"/desk/karantina/{held['auto'].pk}/buang").status_code == 403
    held["auto"].refresh_from_db()
    assert held["auto"].outcome == Outcome.QUARANTINED


def test_list_shows_reasons_and_detail_shows_raw_source(client, editor, held):
    client.force_login(editor)
    page = client.get("/desk/karantina/").content.decode()
    assert "Balasan otomatis; tidak dibalas." in page
    assert "Gambar udara.png terlalu besar" in page
    assert "Alamat pengirim belum terverifikasi." in page
    assert held["waiting"].story.tracking_code in page
    detail = client.get(f"/desk/karantina/{held['auto'].pk}/").content.decode()
    assert "Auto-Submitted: auto-replied" in detail
    raw = client.get(f"/desk/karantina/{held['auto'].pk}/mentah")
    assert raw["Content-Type"] == "message/rfc822"
    assert raw.content == bytes(held["auto"].raw)


def test_release_reprocesses_a_quarantined_message_and_logs_it(client, editor, held):
    client.force_login(editor)
    response = client.post(f"/desk/karantina/{held['auto'].pk}/lepas")
    assert response.status_code == 302
    message = InboundMessage.objects.get(pk=held["auto"].pk)
    assert message.outcome == Outcome.AWAITING_CONFIRMATION
    assert message.story.draft_revision.headline == "Out of office: Naskah diterima"
    assert Event.objects.filter(action="intake.released", actor=editor).count() == 1


def test_release_of_a_waiting_sender_confirms_it_by_staff(client, editor, held):
    client.force_login(editor)
    client.post(f"/desk/karantina/{held['waiting'].pk}/lepas")
    message = InboundMessage.objects.get(pk=held["waiting"].pk)
    assert message.outcome == Outcome.ACCEPTED
    story = message.story
    assert story.status == Status.RECEIVED
    assert story.authors.get().email == "asep.sunandar@gmail.com"
    assert Event.objects.filter(action="intake.released", story=story, actor=editor).exists()


def test_discard_keeps_the_record_and_rejects_a_waiting_story(client, editor, held):
    client.force_login(editor)
    outbox_before = len(mail.outbox)
    client.post(f"/desk/karantina/{held['bomb'].pk}/buang", {"catatan": "Berkas berbahaya"})
    client.post(f"/desk/karantina/{held['waiting'].pk}/buang")
    bomb = InboundMessage.objects.get(pk=held["bomb"].pk)
    assert bomb.outcome == Outcome.DISCARDED and bytes(bomb.raw)
    assert Event.objects.get(action="intake.discarded", object_id=str(bomb.pk)).note == (
        "Berkas berbahaya"
    )
    waiting = InboundMessage.objects.get(pk=held["waiting"].pk)
    assert waiting.outcome == Outcome.DISCARDED
    assert waiting.story.status == Status.REJECTED
    assert len(mail.outbox) >= outbox_before
    page = client.get("/desk/karantina/").content.decode()
    assert "udara.png" not in page
