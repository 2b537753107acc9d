"""A writer who only uses email answers "Perlu revisi" with the revised piece: it goes back."""

import pytest
from django.core import mail
from django.urls import reverse

from pewarta.desk import services as desk
from pewarta.desk.models import Message, Status
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests import corpus
from pewarta.intake.tests.corpus import base, wire

pytestmark = pytest.mark.django_db
Outcome = InboundMessage.Outcome
SENDER = "Asep Sunandar <asep.sunandar@gmail.com>"
REVISED = [
    "BANDUNG - Sekitar tiga ratus warga memadati alun-alun pada Sabtu pagi untuk mengikuti "
    "lomba memasak nasi liwet yang digelar Karang Taruna Cibiru.",
    "Ketua panitia, Dedi Mulyadi, mengatakan lomba ini diikuti 40 kelompok dari tujuh RW. "
    "Setiap kelompok memasak di atas tungku kayu yang disediakan panitia.",
    "Juri dari Dinas Pariwisata menilai rasa, kebersihan dan penyajian. Pemenang mendapat "
    "piala bergilir dan uang pembinaan.",
]


@pytest.fixture
def asked(process, confirm, editor, django_capture_on_commit_callbacks):
    """A confirmed emailed story for which the desk asked for changes; returns (story, mail)."""
    message = process(corpus.gmail())
    confirm(mail.outbox[0])
    story = message.story
    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        desk.story_review(story=story, actor=editor)
        desk.story_request_changes(
            story=story, actor=editor, message="Sebutkan jumlah warga dan asal juri."
        )
    request = next(m for m in reversed(mail.outbox) if "Perlu revisi" in m.subject)
    return story, request


def _reply_to(request, sender=SENDER):
    msg = base(f"Re: {request.subject}", sender, to=request.reply_to[0],
               In_Reply_To=request.extra_headers["Message-ID"])  # fmt: skip
    return msg


def test_revised_text_in_the_reply_becomes_a_revision_and_returns_to_the_desk(
    process, asked, editor, client
):
    story, request = asked
    assert "lampiran .docx" in request.body  # the request tells them they may simply reply
    msg = _reply_to(request)
    quoted = "\n".join(f"> {line}" for line in request.body.splitlines())
    msg.set_content(
        "\n\n".join(REVISED) + f"\n\nPada Sen, 30 Nov 2026 Redaksi menulis:\n{quoted}\n"
    )
    message = process(wire(msg), envelope_to=request.reply_to)

    assert message.outcome == Outcome.REPLY
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    draft = story.draft_revision
    assert draft.number == 2  # after the original, the writer's revision
    assert "tiga ratus warga" in draft.body_html and "Dinas Pariwisata" in draft.body_html
    assert "Sebutkan jumlah" not in draft.body_html  # the quoted request is not the text
    assert draft.headline == "Lomba Nasi Liwet Meriah"
    assert draft.created_by == story.authors.get().user
    assert story.events.filter(action="story.resubmitted").exists()
    threaded = story.events.filter(action="intake.reply_threaded").get()
    assert threaded.payload["revision"] == 2
    heard = mail.outbox[-1]
    assert "Revisi diterima" in heard.subject and story.tracking_code in heard.subject

    client.force_login(editor)
    page = client.get(reverse("desk:review", args=[story.pk]), {"tab": "diff"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<ins" in html and "Dinas Pariwisata" in html


def test_revised_docx_in_the_reply_becomes_the_new_text(process, asked):
    story, request = asked
    msg = _reply_to(request)
    msg.set_content("Terlampir revisinya, Mas.\n\nSalam,\nAsep")
    msg.add_attachment(
        corpus.docx_file(heading="Lomba Nasi Liwet Diikuti 40 Kelompok", paragraphs=REVISED),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="revisi.docx",
    )
    process(wire(msg), envelope_to=request.reply_to)
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert story.draft_revision.headline == "Lomba Nasi Liwet Diikuti 40 Kelompok"
    assert "uang pembinaan" in story.draft_revision.body_html


def test_a_short_answer_stays_a_message_and_the_story_waits(process, asked):
    story, request = asked
    msg = _reply_to(request)
    msg.set_content("Baik, Mas. Saya tanyakan dulu ke panitia, besok saya kirim revisinya.")
    message = process(wire(msg), envelope_to=request.reply_to)
    assert message.outcome == Outcome.REPLY
    story.refresh_from_db()
    assert story.status == Status.CHANGES_REQUESTED and story.draft_revision.number == 1
    assert Message.objects.filter(story=story, direction="in", body_text__contains="besok").exists()


def test_a_revised_text_from_someone_else_changes_nothing(process, asked):
    story, request = asked
    msg = _reply_to(request, sender="Orang Lain <lain@example.id>")
    msg.set_content("\n\n".join(REVISED))
    message = process(wire(msg), envelope_to=request.reply_to)
    assert message.outcome == Outcome.QUARANTINED
    story.refresh_from_db()
    assert story.status == Status.CHANGES_REQUESTED and story.draft_revision.number == 1
