"""The corpus through the whole pipeline: each mail ends in the expected outcome and text."""

import io

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from PIL import Image

from pewarta.desk.models import Message, Status
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests import corpus

pytestmark = pytest.mark.django_db
Outcome = InboundMessage.Outcome
FIRST = "Ratusan warga memadati alun-alun"
LAST = "Pemenang mendapat piala bergilir."


def body_of(message):
    return message.story.draft_revision.body_html


def stored_image(src):
    name = src.removeprefix("/media/")
    with default_storage.open(name) as handle:
        return Image.open(io.BytesIO(handle.read()))


@pytest.mark.parametrize(
    "builder, headline, kind, present, absent",
    [
        ("gmail", "Lomba Nasi Liwet Meriah", "berita", [FIRST, LAST],
         ["Warga Cibiru", "0812", "-- "]),
        ("outlook", "Trotoar untuk Pejalan Kaki", "opini", [FIRST, LAST],
         ["Get Outlook", "DISCLAIMER", "confidential", "Tulisan lama", "MsoNormal", "margin"]),
        ("yahoo", "Pasar Kaget Ramai Pengunjung", "berita", [FIRST, LAST],
         ["Yahoo Mail", "Terima kasih.", "Sunday"]),
        ("windows_1252", "Harga Cabai Naik di Café", "berita",
         ["\u201cKami terpaksa mengurangi porsi sambal\u201d \u2013 kata", "café miliknya…"],
         ["\ufffd", "Ã"]),
        ("forwarded", "Warga Bersihkan Sungai Cikapundung", "berita", [FIRST, LAST],
         ["seizin", "From:"]),
    ],
)  # fmt: skip
def test_client_mail_becomes_a_waiting_story_with_clean_text(
    process, builder, headline, kind, present, absent
):
    message = process(getattr(corpus, builder)())
    assert message.outcome == Outcome.AWAITING_CONFIRMATION, message.reason
    revision = message.story.draft_revision
    assert (revision.headline, message.story.kind) == (headline, kind)
    for text in present:
        assert text in revision.body_html
    for text in absent:
        assert text not in revision.body_html
    assert message.story.status == Status.AWAITING_CONFIRMATION
    [request] = mail.outbox  # the address is unproven: nothing of the mail is repeated
    assert "konfirmasi" in request.subject.lower() and headline not in request.subject
    assert headline not in request.body


def test_dateline_is_taken_from_the_first_paragraph(process):
    message = process(corpus.gmail())
    revision = message.story.draft_revision
    assert revision.dateline == "Bandung"
    assert revision.body_html.startswith(f"<p>{FIRST}")


def test_forwarded_note_lands_in_the_conversation(process):
    message = process(corpus.forwarded())
    [note] = Message.objects.filter(story=message.story, direction=Message.Direction.IN)
    assert "tulisan teman saya" in note.body_text


def test_apple_mail_inline_photo_is_placed_rotated_and_without_metadata(process):
    message = process(corpus.apple_mail())
    revision = message.story.draft_revision
    html = revision.body_html
    [image] = revision.images
    assert image["caption"] == "Air rob menggenangi permukiman warga"
    assert image["credit"] == "Budi Santoso"
    assert image["featured"] is False  # it is in the body already
    assert (image["width"], image["height"]) == (60, 120)  # orientation 6 applied
    # Placed where the mail placed it: between the first and second paragraph.
    assert html.index(FIRST) < html.index(f'src="{image["src"]}"') < html.index("Ketua panitia")
    assert "Sent from my iPhone" not in html and "Keterangan:" not in html
    stored = stored_image(image["src"])
    assert stored.size == (60, 120)
    exif = stored.getexif()
    assert not exif.get_ifd(0x8825) and 0x0112 not in exif and 0x010F not in exif


def test_android_heic_photo_becomes_jpeg_with_caption_and_credit(process):
    message = process(corpus.android_heic())
    revision = message.story.draft_revision
    [image] = revision.images
    assert image["src"].endswith(".jpg") and image["featured"] is True
    assert image["caption"] == "Jembatan gantung yang putus diterjang arus"
    assert image["credit"] == "Wayan Sudarma"
    stored = stored_image(image["src"])
    assert stored.format == "JPEG" and not stored.getexif().get_ifd(0x8825)
    assert "Dikirim dari" not in revision.body_html and "Foto 1" not in revision.body_html


def test_docx_heading_is_the_headline_and_its_image_is_kept(process):
    message = process(corpus.docx_mail())
    story = message.story
    revision = story.draft_revision
    assert revision.headline == "Trotoar untuk Pejalan Kaki"
    assert story.kind == "opini"
    assert FIRST in revision.body_html and "<h" not in revision.body_html
    [image] = revision.images
    assert f'src="{image["src"]}"' in revision.body_html
    assert revision.body_html.index(LAST) < revision.body_html.index(image["src"])
    [cover] = Message.objects.filter(story=story, direction=Message.Direction.IN)
    assert "Berikut naskah opini saya" in cover.body_text


def test_other_attachments_are_refused_with_a_note_to_the_sender(process, confirm):
    message = process(corpus.with_pdf())
    assert message.outcome == Outcome.AWAITING_CONFIRMATION
    [request] = mail.outbox
    assert "proposal.pdf" not in request.body  # not before the address is proven
    confirm(request)
    ack = mail.outbox[-1]
    assert "proposal.pdf (application/pdf) tidak kami terima" in ack.body


@pytest.mark.parametrize(
    "builder, reason",
    [
        ("zip_bomb", "Berkas .docx terlalu besar setelah dibuka (200 MB; batas 40 MB)."),
        ("image_bomb", "Gambar udara.png terlalu besar (melebihi batas 50 juta piksel)."),
    ],
)
def test_bombs_are_quarantined_with_a_clear_reason_and_a_polite_reply(process, builder, reason):
    message = process(getattr(corpus, builder)())
    assert message.outcome == Outcome.QUARANTINED
    assert message.reason == reason
    assert message.story is None
    [reply] = mail.outbox  # a fixed text: the address is unproven, file names stay here
    assert reply.to == [message.sender] and reason not in reply.body
    assert "/kirim" in reply.body


def test_oversized_message_is_quarantined_with_the_limit(process, settings):
    settings.PEWARTA_MAX_MESSAGE_BYTES = 1024 * 1024
    message = process(corpus.oversized(megabytes=3))
    assert message.outcome == Outcome.QUARANTINED
    assert message.reason.startswith("Pesan terlalu besar (4 MB; batas 1 MB)")
    assert len(mail.outbox) == 1


def test_too_many_attachments_is_a_clear_refusal(process, settings):
    settings.PEWARTA_INTAKE_MAX_ATTACHMENTS = 1
    message = process(corpus.apple_mail() if False else corpus.forwarded())
    assert message.outcome == Outcome.AWAITING_CONFIRMATION  # a forwarded mail is not a file
    settings.PEWARTA_INTAKE_MAX_ATTACHMENTS = 0
    message = process(corpus.android_heic())
    assert message.outcome == Outcome.QUARANTINED
    assert message.reason == "Terlalu banyak lampiran (1; batas 0)."


@pytest.mark.parametrize(
    "builder, envelope_from, reason",
    [("auto_reply", "asep@example.id", "Balasan otomatis"), ("bounce", "", "bounce")],
)
def test_auto_replies_and_bounces_are_held_and_never_answered(
    process, builder, envelope_from, reason
):
    message = process(getattr(corpus, builder)(), envelope_from=envelope_from)
    assert message.outcome == Outcome.QUARANTINED
    assert reason in message.reason
    assert message.story is None
    assert mail.outbox == []


def test_list_mail_becomes_a_story_but_gets_no_answer(process):
    raw = corpus.gmail().replace(b"Subject:", b"List-Id: <warga.lists.example.id>\r\nSubject:", 1)
    message = process(raw)
    assert message.outcome == Outcome.AWAITING_CONFIRMATION
    assert mail.outbox == []


def test_spoofed_from_never_appears_under_the_owners_name(process, writer):
    message = process(corpus.spoofed(victim=writer.email), envelope_from="attacker@evil.example")
    story = message.story
    assert message.outcome == Outcome.AWAITING_CONFIRMATION
    assert story.status == Status.AWAITING_CONFIRMATION
    assert not story.authors.exists()
    # The only mail goes to the real owner of the address, who never asked for it.
    [request] = mail.outbox
    assert request.to == [writer.email]
    assert "tidak mengirim apa pun" in request.body


def test_english_piece_is_acknowledged_in_english(process, confirm):
    message = process(corpus.english())
    assert message.story.language == "en"
    [request] = mail.outbox
    assert "Please confirm your address" in request.subject
    confirm(request)
    ack = mail.outbox[-1]
    assert ack.subject.startswith("Received: Volunteers Clean Up the Beach")
    assert message.story.tracking_code in ack.body and "What happens next" in ack.body


def test_confirmation_link_records_consent_and_makes_an_account(process, confirm):
    from pewarta.intake.models import ConsentRecord

    message = process(corpus.gmail())
    response = confirm(mail.outbox[0])
    assert response.status_code == 200
    story = message.story
    story.refresh_from_db()
    assert story.status == Status.RECEIVED
    [author] = story.authors.all()
    assert author.email == "asep.sunandar@gmail.com" and author.user is not None
    assert not author.user.has_usable_password()
    [consent] = ConsentRecord.objects.filter(contributor=author)
    assert consent.purpose == "submission_email"
    # Proof of consent without the plain address: a keyed hash of it.
    from pewarta.accounts.personal_data import address_hash

    assert consent.address_hash == address_hash("Asep.Sunandar@gmail.com")
    assert "asep" not in consent.address_hash
    ack = mail.outbox[-1]
    assert story.tracking_code in ack.subject and "Kode lacak" in ack.body
    assert ack.reply_to == [f"redaksi+{story.reply_token}@localhost"]
    message.refresh_from_db()
    assert message.outcome == Outcome.ACCEPTED
    # A second click changes nothing.
    assert confirm(mail.outbox[0]).status_code == 200
    assert ConsentRecord.objects.count() == 1


def test_forged_confirmation_link_is_refused(client, process):
    process(corpus.gmail())
    response = client.post("/kirim/konfirmasi/bukan-tanda-tangan:abc/")
    assert response.status_code == 400
    assert "tidak sah" in response.content.decode()


def test_same_message_twice_is_a_duplicate_answered_once(process):
    raw = corpus.gmail()
    first = process(raw)
    second = process(raw)
    third = process(raw)
    assert (second.outcome, third.outcome) == (Outcome.DUPLICATE, Outcome.DUPLICATE)
    assert second.story == first.story == third.story
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2 and "sudah kami terima" in subjects[1]


def test_same_content_with_a_new_message_id_is_a_duplicate(process):
    first = process(corpus.gmail())
    again = process(corpus.gmail())  # a fresh Message-ID, the same words from the same sender
    assert again.outcome == Outcome.DUPLICATE and again.story == first.story
