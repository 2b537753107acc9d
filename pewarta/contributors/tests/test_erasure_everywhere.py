"""UU PDP: one person's address and name, planted through every channel, erased, then looked for
in every column of every table and in every stored file. Nothing may be left."""

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from PIL import Image

from pewarta.accounts.models import Contributor
from pewarta.conftest import jpeg_bytes
from pewarta.contributors.privacy import contributor_erase
from pewarta.contributors.services import story_reply
from pewarta.desk import services as desk
from pewarta.desk.models import Status, Story
from pewarta.intake import services as intake
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests.corpus import base, wire

pytestmark = pytest.mark.django_db(transaction=False)

ADDRESS = "zulkarnaen.wibisana.q7x@contoh-uji.id"
NAME = "Zulkarnaen Wibisana"
PHONE = "0812-7733-9915"
NEEDLES = [ADDRESS, NAME, "zulkarnaen.wibisana.q7x", PHONE]


def _photo_with_exif_artist() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = NAME  # Artist
    exif[0x8298] = ADDRESS  # Copyright
    return jpeg_bytes(exif=exif)


def _email_piece() -> bytes:
    msg = base("Banjir Rob Rendam Muara Angke", f"{NAME} <{ADDRESS}>")
    msg.set_content(
        "Banjir rob kembali merendam permukiman nelayan di Muara Angke sejak Senin pagi. "
        "Air setinggi lutut orang dewasa masuk ke rumah warga.\n\n"
        "Warga berharap tanggul laut segera diperbaiki sebelum musim hujan memuncak.\n\n"
        f"Salam,\n{NAME}\nHP {PHONE}\n"
    )
    msg.add_attachment(
        _photo_with_exif_artist(), maintype="image", subtype="jpeg", filename="rob.jpg"
    )
    return wire(msg)


def _email_reply(to: str) -> bytes:
    msg = base("Re: Naskah diterima", f"{NAME} <{ADDRESS}>", to=to)
    msg.set_content(f"Data ketinggian air dari RW 01. Hubungi saya di {PHONE}, {NAME}.\n")
    return wire(msg)


def _process(raw, capture, **envelope):
    with capture(execute=True):
        message = intake.inbound_message_store(
            raw=raw, channel="smtp", envelope_from=ADDRESS, peer="203.0.113.77", **envelope
        )
        return intake.inbound_message_process_safely(message=message)


def _values(value):
    if value is None:
        return ""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace") + value.decode("latin-1")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def rows_mentioning(needles) -> list[str]:
    """Every row of every table (introspected, not a list we keep) holding one of `needles`."""
    found = []
    patterns = [re.compile(re.escape(n), re.I) for n in needles]
    escaped = [re.compile(re.escape(json.dumps(n)[1:-1]), re.I) for n in needles]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            names = [col[0] for col in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(names, row, strict=True):
                    text = _values(value)
                    if any(p.search(text) for p in patterns + escaped):
                        found.append(f"{table}.{column}: {text[:160]!r}")
    return found


def files_mentioning(roots, needles) -> list[str]:
    found = []
    for root in roots:
        for path in Path(root).rglob("*"):
            if not path.is_file():
                continue
            data = path.read_bytes()
            text = data.decode("utf-8", "replace") + data.decode("latin-1") + str(path)
            if any(n.lower() in text.lower() for n in needles):
                found.append(str(path))
    return found


def test_erasure_leaves_no_trace_in_any_table_or_file(
    client, editor, senior_editor, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PEWARTA_PRIVATE_ROOT = tmp_path / "private"
    settings.PEWARTA_PAGE_CACHE_DIR = str(tmp_path / "pagecache")
    capture = django_capture_on_commit_callbacks

    # 1. A piece by email, through the real pipeline, with a photo; the sender confirms.
    message = _process(_email_piece(), capture)
    assert message.outcome == InboundMessage.Outcome.AWAITING_CONFIRMATION
    emailed = Story.objects.get(pk=message.story_id)
    assert PHONE not in emailed.draft_revision.body_html  # the sign-off went to a desk note
    link = re.search(r"https?://\S+/kirim/konfirmasi/\S+/", mail.outbox[-1].body).group(0)
    with capture(execute=True):
        assert client.post("/" + link.split("/", 3)[3], {"rights": "on"}).status_code == 200
    contributor = Contributor.objects.get(email__iexact=ADDRESS)
    user = contributor.user
    contributor.real_name, contributor.phone = NAME, PHONE
    contributor.save(update_fields=["real_name", "phone"])

    # 2. A piece through the web form with a photo; the desk publishes it.
    client.force_login(user)
    form = {
        "token": "tok-pdp",
        "kind": "berita",
        "headline": "Perahu Nelayan Kembali Melaut",
        "dateline": "Jakarta",
        "lead": "Cuaca membaik sejak Rabu.",
        "body": "Ratusan perahu kembali melaut setelah sepekan tertambat.",
        "affiliation_disclosure": "",
        "originality": "on",
        "credit": NAME,
        "caption": "Perahu di dermaga",
        "rights": "on",
        "action": "save",
        "photo": SimpleUploadedFile("perahu.jpg", _photo_with_exif_artist(), "image/jpeg"),
    }
    client.post(reverse("intake:submit"), form)
    with capture(execute=True):
        form.pop("photo")
        client.post(reverse("intake:submit"), form | {"action": "submit"})
    web_piece = Story.objects.exclude(pk=emailed.pk).get()
    desk.story_review(story=web_piece, actor=editor)
    desk.story_answer_risk_checklist(
        story=Story.objects.get(pk=web_piece.pk), actor=editor,
        victim=False, minor=False, sara=False, defamation=False,
    )  # fmt: skip
    with capture(execute=True):
        desk.story_publish(story=Story.objects.get(pk=web_piece.pk), actor=editor)

    # 3. The conversation: the desk asks, the writer answers on the web and by email.
    desk.story_review(story=emailed, actor=editor)
    with capture(execute=True):
        desk.story_request_changes(
            story=Story.objects.get(pk=emailed.pk), actor=editor, message="Sebutkan sumber data."
        )
    story_reply(story=emailed, user=user, text=f"Sumbernya BPBD, salam {NAME} ({PHONE}).")
    emailed.refresh_from_db()
    reply_to = f"redaksi+{emailed.reply_token}@localhost"
    replied = _process(_email_reply(reply_to), capture, envelope_to=[reply_to])
    assert replied.outcome == InboundMessage.Outcome.REPLY

    # 4. A complaint about another story, filed with the same address, name and evidence.
    client.logout()
    with capture(execute=True):
        client.post(
            reverse("complaints:report", kwargs={"story_id": web_piece.pk}),
            {
                "reason": "hoaks",
                "body": f"Saya {NAME}, warga RW 01; angka di berita keliru.",
                "email": ADDRESS,
                "name": NAME,
                "phone": PHONE,
                "evidence": SimpleUploadedFile("bukti.jpg", _photo_with_exif_artist()),
            },
        )
    # 5. Readers see the byline: the story and author pages are in the page cache.
    web_piece.refresh_from_db()
    assert NAME in client.get(web_piece.get_absolute_url()).content.decode()
    assert client.get(f"/penulis/{contributor.slug}").status_code == 200
    assert files_mentioning([settings.PEWARTA_PAGE_CACHE_DIR], [NAME])
    # 6. A wrong password typed with the address (login records), then an export.
    client.post(reverse("account_login"), {"login": ADDRESS, "password": "salah-sandi-123"})
    client.force_login(user)
    assert client.get(reverse("contributors:data_export")).status_code == 200

    planted = rows_mentioning(NEEDLES)
    assert planted, "the plant did not reach the database"
    tables = {row.split(".")[0] for row in planted}
    assert {"intake_inboundmessage", "desk_message", "desk_note", "complaints_complaint"} <= tables
    media_files = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert media_files

    # Erase.
    with capture(execute=True):
        contributor_erase(contributor=Contributor.objects.get(pk=contributor.pk), actor=user)

    assert rows_mentioning(NEEDLES) == []
    roots = [settings.MEDIA_ROOT, settings.PEWARTA_PRIVATE_ROOT, settings.PEWARTA_PAGE_CACHE_DIR]
    assert files_mentioning(roots, NEEDLES) == []
    # Photos of the piece that never ran are gone; the published one keeps its photo.
    emailed.refresh_from_db()
    assert emailed.status == Status.WITHDRAWN
    for image in emailed.draft_revision.images:
        assert not image["src"]
    web_piece.refresh_from_db()
    [published_photo] = web_piece.live_revision.images
    assert published_photo["credit"] == "Dokumentasi pribadi"
    assert (Path(settings.MEDIA_ROOT) / published_photo["src"].removeprefix("/media/")).exists()
