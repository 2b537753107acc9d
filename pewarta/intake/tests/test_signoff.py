"""Contact details in an email sign-off go to the desk's private note, never into the story."""

import pytest
from django.core import mail

from pewarta.desk.models import Note
from pewarta.intake import parse
from pewarta.intake.tests.corpus import STORY, base, wire

SIGNOFFS = [
    "Salam,\nBudi Santoso\nHP 0812-3456-7890",
    "Hormat saya,\nBudi Santoso\nWA: 0857 1122 3344\nJl. Melati No. 5, Cibiru, Bandung",
    "Budi Santoso (Warga Cibiru)\nTelp. +62 812 3456 7890\nbudi.santoso@contoh.id",
    "Terima kasih.\nBudi Santoso, No. HP 081234567890",
]


def _mail(signoff: str) -> bytes:
    msg = base("[Berita] Lomba Nasi Liwet Meriah", "Budi Santoso <budi.santoso@contoh.id>")
    msg.set_content(STORY + "\n\n" + signoff + "\n")
    return wire(msg)


@pytest.mark.parametrize("signoff", SIGNOFFS)
def test_contact_details_leave_the_story_text(signoff):
    submission = parse.parse_submission(_mail(signoff))
    assert "Pemenang mendapat piala bergilir." in submission.body_html
    for secret in ("0812", "0857", "Melati", "budi.santoso@", "081234567890"):
        assert secret not in submission.body_html
    assert submission.contact_note
    for line in signoff.splitlines()[1:]:
        assert line.strip().strip(",") in submission.contact_note


def test_numbers_inside_the_story_stay():
    text = STORY + "\n\nHarga tiket Rp 25.000 dan pendaftaran dibuka hingga 12 Desember 2026."
    msg = base("[Berita] Lomba Nasi Liwet Meriah", "Budi Santoso <budi.santoso@contoh.id>")
    msg.set_content(text + "\n")
    submission = parse.parse_submission(wire(msg))
    assert "Rp 25.000" in submission.body_html and not submission.contact_note


@pytest.mark.django_db
def test_contact_goes_to_a_desk_note_not_to_the_writer(process, client, editor, settings):
    message = process(_mail(SIGNOFFS[1]))
    story = message.story
    assert "0857" not in story.draft_revision.body_html
    note = Note.objects.get(story=story)
    assert "0857 1122 3344" in note.body and "Jl. Melati No. 5" in note.body
    # The desk sees it on the review page; the writer's mail never echoes it.
    client.force_login(editor)
    assert "0857 1122 3344" in client.get(f"/desk/naskah/{story.pk}/?tab=pesan").content.decode()
    assert not any("0857" in m.body for m in mail.outbox)
