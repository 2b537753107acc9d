"""A photo in a writer's reply becomes a candidate photo on the story; a refused attachment
is named to the writer with its reason."""

import pytest
from django.core import mail

from pewarta.audit.models import Event
from pewarta.desk import services as desk_services
from pewarta.desk.models import Status
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests import corpus
from pewarta.intake.tests.corpus import base

pytestmark = pytest.mark.django_db
Outcome = InboundMessage.Outcome
SENDER = "Asep Sunandar <asep.sunandar@gmail.com>"


@pytest.fixture
def process(process, dkim):
    """Replies need the same proof as new pieces: mail here is DKIM-signed as gmail.com signs it."""

    def run(raw, **kwargs):
        return process(dkim(raw, "gmail.com"), **kwargs)

    return run


@pytest.fixture
def confirmed_story(process, confirm):
    message = process(corpus.gmail())
    confirm(mail.outbox[0])
    message.story.refresh_from_db()
    return message.story


def reply_with(story, text, *attachments):
    msg = base("Re: Naskah diterima", SENDER, to=f"redaksi+{story.reply_token}@localhost")
    msg.set_content(text)
    for data, maintype, subtype, filename in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(msg)


def test_a_photo_in_a_reply_becomes_a_candidate_photo_with_caption_and_credit(
    process, confirmed_story
):
    story = confirmed_story
    before = list(story.draft_revision.images)
    raw = reply_with(
        story,
        "Ini foto tambahan dari lokasi.\n\n"
        "Foto 1: Warga menimbun karung pasir di tanggul (Foto: Budi Santoso)\n",
        (corpus.photo("JPEG", size=(200, 150)), "image", "jpeg", "tanggul.jpg"),
    )
    message = process(raw, envelope_to=[f"redaksi+{story.reply_token}@localhost"])
    assert message.outcome == Outcome.REPLY
    story.refresh_from_db()
    images = story.draft_revision.images
    assert len(images) == len(before) + 1
    added = images[-1]
    assert added["caption"] == "Warga menimbun karung pasir di tanggul"
    assert added["credit"] == "Budi Santoso"
    assert added["candidate"] is True and added["featured"] is False
    assert added["src"].startswith("/media/intake/")
    event = Event.objects.get(story=story, action="story.photos_added")
    assert event.payload["photos"] == [added["src"]]
    threaded = Event.objects.get(action="intake.reply_threaded", object_id=str(message.pk))
    assert threaded.payload["photos"] == [added["src"]]
    assert not [m for m in mail.outbox if "tidak kami terima" in m.subject]


def test_a_photo_without_credit_is_credited_to_the_sender(process, confirmed_story):
    raw = reply_with(
        confirmed_story, "Foto susulan.", (corpus.photo("PNG"), "image", "png", "susulan.png")
    )
    process(raw)
    confirmed_story.refresh_from_db()
    assert confirmed_story.draft_revision.images[-1]["credit"] == "Asep Sunandar"


def test_refused_attachments_are_named_to_the_writer_with_the_reason(process, confirmed_story):
    count = len(confirmed_story.draft_revision.images)
    raw = reply_with(
        confirmed_story,
        "Saya lampirkan dokumen dan foto.",
        (b"%PDF-1.4 data", "application", "pdf", "surat-kelurahan.pdf"),
        (b"bukan gambar sama sekali", "image", "jpeg", "rusak.jpg"),
        (corpus.photo("JPEG"), "image", "jpeg", "bagus.jpg"),
    )
    message = process(raw)
    assert message.outcome == Outcome.REPLY
    confirmed_story.refresh_from_db()
    assert len(confirmed_story.draft_revision.images) == count + 1  # the good one landed
    [answer] = [m for m in mail.outbox if "tidak kami terima" in m.subject]
    assert answer.to == ["asep.sunandar@gmail.com"]
    assert "surat-kelurahan.pdf" in answer.body and "application/pdf" in answer.body
    assert "rusak.jpg tidak dapat dibaca" in answer.body
    assert "1 foto sudah kami terima" in answer.body
    threaded = Event.objects.get(action="intake.reply_threaded", object_id=str(message.pk))
    assert len(threaded.payload["refused"]) == 2


def test_an_image_over_the_pixel_limit_is_refused_alone(process, confirmed_story, settings):
    settings.PEWARTA_MEDIA_MAX_PIXELS = 10_000
    raw = reply_with(
        confirmed_story,
        "Foto besar.",
        (corpus.photo("JPEG", size=(200, 100)), "image", "jpeg", "besar.jpg"),
    )
    message = process(raw)
    assert message.outcome == Outcome.REPLY  # the reply still lands in the conversation
    [answer] = [m for m in mail.outbox if "tidak kami terima" in m.subject]
    assert "besar.jpg terlalu besar" in answer.body


def test_a_photo_for_a_rejected_story_is_refused_with_the_reason(process, confirmed_story, editor):
    desk_services.story_reject(
        story=confirmed_story, actor=editor, reason="off_topic", message="Di luar liputan."
    )
    assert confirmed_story.status == Status.REJECTED
    raw = reply_with(
        confirmed_story, "Foto lagi.", (corpus.photo("JPEG"), "image", "jpeg", "lagi.jpg")
    )
    process(raw)
    [answer] = [m for m in mail.outbox if "tidak kami terima" in m.subject]
    assert "lagi.jpg tidak dapat dipasang" in answer.body and "ditutup" in answer.body
