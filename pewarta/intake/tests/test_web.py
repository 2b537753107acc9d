import io

import docx
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pewarta.conftest import gps_exif, jpeg_bytes
from pewarta.desk.models import Message, Status, Story
from pewarta.intake.models import Draft
from pewarta.intake.web import draft_save, draft_submit

pytestmark = pytest.mark.django_db

FORM = {
    "token": "tok-123",
    "kind": "berita",
    "headline": "Jembatan Gantung Desa Sukamaju Rampung",
    "dateline": "Garut",
    "lead": "Warga bergotong royong selama tiga bulan.",
    "body": "Paragraf pertama tentang jembatan.\n\nParagraf **kedua** dengan kutipan warga.",
    "affiliation_disclosure": "",
    "originality": "on",
}


def _post(client, action, extra=None, files=None, capture=None):
    data = FORM | {"action": action} | (extra or {}) | (files or {})
    return client.post(reverse("intake:submit"), data)


def test_save_draft_then_submit_creates_one_received_web_story(
    member_client, member, django_capture_on_commit_callbacks
):
    response = _post(member_client, "save")
    draft = Draft.objects.get(token="tok-123")
    assert response["Location"] == reverse("intake:draft", args=[draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(member_client, "submit")
    story = Story.objects.get()
    assert response["Location"] == reverse("intake:submitted", args=[story.pk])
    assert story.status == Status.RECEIVED and story.source == Story.Source.WEB
    assert list(story.authors.all()) == [member.contributor]
    revision = story.draft_revision
    assert revision.number == 1 and revision.dateline == "Garut"
    assert "<strong>kedua</strong>" in revision.body_html
    page = member_client.get(response["Location"])
    assert story.tracking_code.encode() in page.content
    (ack,) = mail.outbox
    assert story.tracking_code in ack.subject and ack.to == ["ayu@example.id"]
    assert ack.reply_to == [f"redaksi+{story.reply_token}@localhost"]


def test_double_submit_creates_one_story(member_client):
    first = _post(member_client, "submit")
    second = _post(member_client, "submit")
    assert Story.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_submit_service_is_idempotent(member):
    contributor = member.contributor
    draft_save(
        contributor=contributor,
        token="tok-9",
        kind="opini",
        headline="Opini",
        lead="",
        body_source="Isi opini yang cukup panjang untuk dikirim.",
        originality_confirmed=True,
    )
    one, created_one = draft_submit(contributor=contributor, token="tok-9", actor=member)
    two, created_two = draft_submit(contributor=contributor, token="tok-9", actor=member)
    assert one.pk == two.pk and created_one and not created_two


def test_originality_declaration_is_required(member_client):
    response = _post(member_client, "submit", {"originality": ""})
    assert Story.objects.count() == 0
    follow = member_client.get(response["Location"])
    assert "karya asli" in follow.content.decode()


def test_photo_with_credit_is_stripped_and_attached(member_client, settings):
    raw = jpeg_bytes(exif=gps_exif())
    photo = SimpleUploadedFile("IMG_0001.HEIC", raw, content_type="image/heic")
    _post(
        member_client,
        "photo",
        {"credit": "Dokpri", "caption": "Jembatan baru", "rights": "on"},
        {"photo": photo},
    )
    draft = Draft.objects.get(token="tok-123")
    (image,) = draft.images
    assert image["credit"] == "Dokpri" and image["featured"] and image["width"] == 64
    stored = settings.MEDIA_ROOT / image["src"].removeprefix(settings.MEDIA_URL)
    assert b"KameraUji" not in stored.read_bytes()
    _post(member_client, "submit")
    assert Story.objects.get().draft_revision.images[0]["credit"] == "Dokpri"


@pytest.mark.parametrize(
    "extra, expected",
    [
        ({"credit": "", "rights": "on"}, "sumber foto"),
        ({"credit": "Foto: Google", "rights": "on"}, "bukan sumber foto"),
        ({"credit": "Dokpri", "rights": ""}, "berhak"),
    ],
)
def test_photo_needs_credit_and_rights(member_client, extra, expected):
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = _post(member_client, "photo", extra, {"photo": photo})
    assert Draft.objects.get(token="tok-123").images == []
    assert expected in member_client.get(response["Location"]).content.decode()


def test_fake_photo_is_refused_by_content(member_client):
    photo = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 executable", content_type="image/jpeg")
    response = _post(member_client, "photo", {"credit": "Dokpri", "rights": "on"}, {"photo": photo})
    assert "bukan gambar" in member_client.get(response["Location"]).content.decode()


def test_docx_upload_replaces_the_typed_body(member_client):
    document = docx.Document()
    document.add_paragraph("Isi dari berkas Word tentang banjir di Demak.")
    out = io.BytesIO()
    document.save(out)
    upload = SimpleUploadedFile("naskah.bin", out.getvalue())
    _post(member_client, "submit", {"body": ""}, {"docx": upload})
    assert "banjir di Demak" in Story.objects.get().draft_revision.body_html


def test_preview_has_the_public_page_shape(member_client):
    response = _post(member_client, "preview")
    html = response.content.decode()
    assert 'class="story preview"' in html and 'class="lead"' in html
    assert "Jembatan Gantung Desa Sukamaju Rampung" in html and "Ayu Lestari" in html
    assert Story.objects.count() == 0


def test_reply_on_the_web_joins_the_conversation(member_client, member):
    _post(member_client, "submit")
    story = Story.objects.get()
    member_client.post(
        reverse("contributors:story_reply", args=[story.pk]),
        {"text": "Sumber sudah saya lengkapi."},
    )
    message = Message.objects.get(story=story)
    assert message.direction == Message.Direction.IN and message.channel == Message.Channel.WEB
    assert message.sender == member
    assert story.events.filter(action="story.message_received").exists()


def test_docx_draft_reopens_as_editable_text(member_client):
    document = docx.Document()
    document.add_paragraph("Paragraf dari Word.")
    document.add_paragraph("Paragraf kedua.")
    out = io.BytesIO()
    document.save(out)
    response = _post(
        member_client, "save", {"body": ""}, {"docx": SimpleUploadedFile("x.docx", out.getvalue())}
    )
    page = member_client.get(response["Location"]).content.decode()
    assert "Paragraf dari Word.\n\nParagraf kedua.</textarea>" in page


def test_web_reply_reaches_the_assigned_editor(
    member_client, member, editor, django_capture_on_commit_callbacks
):
    from pewarta.desk import services as desk

    _post(member_client, "submit")
    story = Story.objects.get()
    desk.story_claim(story=story, actor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            reverse("contributors:story_reply", args=[story.pk]),
            {"text": "Foto tambahan menyusul."},
        )
    (notice,) = [m for m in mail.outbox if m.to == ["editor@example.id"]]
    assert "Foto tambahan menyusul." in notice.body
    assert f"/desk/naskah/{story.pk}/" in notice.body
