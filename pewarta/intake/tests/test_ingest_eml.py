"""The walking skeleton: an .eml through `pewarta ingest-eml`, published, read on the page."""

import json
import re
from email.message import EmailMessage

import pytest
from django.core import mail
from django.core.management import call_command

from pewarta.desk import services
from pewarta.desk.models import Status, Story
from pewarta.intake.models import InboundMessage

pytestmark = pytest.mark.django_db

BODY = (
    "BANDUNG - Ratusan warga memadati alun-alun pada Sabtu pagi untuk mengikuti lomba "
    "memasak nasi liwet.\n\n"
    "Panitia menyebut lomba ini digelar untuk merayakan hari jadi kampung.\n\n"
    "Salam,\nAsep"
)


def write_eml(tmp_path, name="kiriman.eml", subject="[Berita] Lomba Nasi Liwet Meriah",
              body=BODY, message_id="<liwet-1@mail.example.id>"):  # fmt: skip
    msg = EmailMessage()
    msg["From"] = "Asep Sunandar <asep@example.id>"
    msg["To"] = "redaksi@localhost"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    msg.set_content(body)
    path = tmp_path / name
    path.write_bytes(bytes(msg))
    return path


def ingest(*paths, capsys):
    call_command("ingest-eml", *map(str, paths), json=True)
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_eml_to_published_page_has_the_seed_shape(
    tmp_path, capsys, client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [result] = ingest(write_eml(tmp_path), capsys=capsys)
    # An unsigned mail from an unknown address waits until the sender confirms it.
    assert result["outcome"] == "awaiting_confirmation"
    story = Story.objects.get(pk=result["story"])
    assert story.tracking_code == result["tracking_code"]
    assert story.status == Status.AWAITING_CONFIRMATION
    assert not story.authors.exists()
    [confirm_mail] = mail.outbox
    assert confirm_mail.to == ["asep@example.id"]
    link = re.search(r"http://\S+/kirim/konfirmasi/\S+/", confirm_mail.body).group(0)
    path = link.split("8000", 1)[1]
    assert "Ya, saya yang mengirim" in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(path)
    assert "sudah terkonfirmasi" in confirmed.content.decode()
    story.refresh_from_db()
    assert story.status == Status.RECEIVED
    [author] = story.authors.all()
    assert (author.pen_name, author.email_verified) == ("Asep Sunandar", True)
    assert story.tracking_code in mail.outbox[-1].subject
    original = story.revisions.get(number=1)
    assert original.headline == "Lomba Nasi Liwet Meriah"
    assert original.dateline == "Bandung"
    assert "Ratusan warga memadati alun-alun" in original.body_html

    other = services.story_create(
        headline="Kampung Gelar Festival Layang-layang",
        body_html="<p>Langit kampung penuh warna.</p>",
        authors=list(story.authors.all()),
        actor=editor,
    )
    services.story_claim(story=other, actor=editor)
    services.story_answer_risk_checklist(
        story=other, actor=editor, victim=False, minor=False, sara=False, defamation=False
    )
    services.story_publish(story=other, actor=editor)

    story = services.story_claim(story=story, actor=editor)
    services.story_edit(
        story=story,
        actor=editor,
        expected_version=story.version,
        lead="Lomba memasak nasi liwet menjadi puncak perayaan hari jadi kampung.",
        related=[other.pk],
    )
    story.refresh_from_db()
    services.story_answer_risk_checklist(
        story=story, actor=editor, victim=False, minor=False, sara=False, defamation=False
    )
    services.story_approve(story=story, actor=editor)
    services.story_publish(story=story, actor=editor)
    story.refresh_from_db()

    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert '<p class="kind kind-berita"><a href="/berita/">Berita</a></p>' in html
    assert "<h1>Lomba Nasi Liwet Meriah</h1>" in html
    assert "Lomba memasak nasi liwet menjadi puncak perayaan" in html
    assert "Editor: Eka Editor" in html
    assert "Asep Sunandar" in html
    published = story.first_published_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Jakarta"))
    hari = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"][published.weekday()]
    assert f"{hari}, {published.day} " in html and f"{published:%H:%M} WIB" in html
    assert "BANDUNG, PEWARTA - </strong>Ratusan warga" in html
    assert "<strong>Baca juga:</strong>" in html
    assert f'href="{other.get_absolute_url()}">Kampung Gelar Festival Layang-layang</a>' in html
    assert "platform jurnalisme warga" in html
    assert "redaksi@localhost" in html
    assert "tidak mewakili pandangan redaksi" in html

    home = client.get("/").content.decode()
    assert "Lomba Nasi Liwet Meriah" in home


def test_bad_files_are_quarantined_and_do_not_stop_the_others(tmp_path, capsys):
    empty = tmp_path / "kosong.eml"
    empty.write_bytes(b"")
    no_subject = write_eml(tmp_path, "tanpa-subjek.eml", subject="", message_id="<x@y>")
    garbage = tmp_path / "sampah.eml"
    garbage.write_bytes(b"\xff\xfe\x00 not an email at all \x00" * 20)
    missing = tmp_path / "tidak-ada.eml"
    good = write_eml(tmp_path)

    results = ingest(empty, no_subject, garbage, missing, good, capsys=capsys)

    assert [r["outcome"] for r in results] == [
        "quarantined", "quarantined", "quarantined", "quarantined", "awaiting_confirmation",
    ]  # fmt: skip
    assert all(r["reason"] for r in results[:4])
    assert "Subjek" in results[1]["reason"]
    # Every readable file was stored, even the ones that could not become stories.
    assert InboundMessage.objects.count() == 4


def test_same_message_twice_is_a_duplicate(tmp_path, capsys):
    path = write_eml(tmp_path)
    first, second = ingest(path, path, capsys=capsys)
    assert first["outcome"] == "awaiting_confirmation"
    assert second["outcome"] == "duplicate"
    assert second["story"] == first["story"]
    assert Story.objects.count() == 1


def test_kind_tag_in_subject_sets_kind(tmp_path, capsys):
    path = write_eml(
        tmp_path, subject="Fwd: [Opini] Trotoar untuk Pejalan Kaki", message_id="<o@x>"
    )
    [result] = ingest(path, capsys=capsys)
    story = Story.objects.get(pk=result["story"])
    assert story.kind == "opini"
    assert story.section.slug == "opini"
    assert story.draft_revision.headline == "Trotoar untuk Pejalan Kaki"
