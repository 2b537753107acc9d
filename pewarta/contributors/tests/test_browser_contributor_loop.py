"""End to end in Debian's Chromium: sign up, verify, submit with a photo, revise, see it live."""

import re

import pytest
from django.core import mail

from pewarta.accounts.models import Contributor
from pewarta.conftest import jpeg_bytes, publish
from pewarta.desk import services as desk
from pewarta.desk.models import Status, Story


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_contributor_signs_up_submits_revises_and_sees_the_piece_published(
    page, live_server, editor, tmp_path, settings
):
    base = live_server.url
    settings.PEWARTA_SITE_URL = base  # mail links name the site's address, not the Host
    page.goto(f"{base}/akun/auth/signup/")
    page.fill("input[name=email]", "dewi@example.id")
    page.fill("input[name=password1]", "Kopi-Tubruk-Pagi-2026")
    page.fill("input[name=password2]", "Kopi-Tubruk-Pagi-2026")
    page.fill("input[name=pen_name]", "Dewi Anggraini")
    page.fill("input[name=birth_year]", "1992")
    page.check("input[name=agree_terms]")
    page.check("input[name=agree_privacy]")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/akun/auth/confirm-email/$"))

    (verification,) = [m for m in mail.outbox if m.to == ["dewi@example.id"]]
    link = re.search(r"https?://\S+/akun/auth/confirm-email/\S+", verification.body).group(0)
    page.goto(link)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/akun/")
    assert Contributor.objects.get(pen_name="Dewi Anggraini").email_verified

    page.click("text=Kirim naskah baru")
    page.select_option("select[name=kind]", "berita")
    page.fill("input[name=headline]", "Perpustakaan Keliling Sambangi Kampung Nelayan")
    page.fill("input[name=dateline]", "Cirebon")
    page.fill("textarea[name=lead]", "Seratus anak meminjam buku pada hari pertama.")
    page.fill(
        "textarea[name=body]",
        "Mobil perpustakaan datang setiap Sabtu.\n\nWarga menyambut dengan **antusias**.",
    )
    page.check("input[name=originality]")
    photo = tmp_path / "IMG_2024.jpg"
    photo.write_bytes(jpeg_bytes(size=(320, 200)))
    page.set_input_files("input[name=photo]", str(photo))
    page.fill("input[name=credit]", "Dokpri")
    page.fill("input[name=caption]", "Anak-anak membaca di samping mobil perpustakaan")
    page.check("input[name=rights]")
    page.click("button[name=action][value=photo]")
    page.wait_for_selector(".photo-list img")
    page.click("button[name=action][value=submit]")
    page.wait_for_selector(".tracking .code")
    story = Story.objects.get()
    assert page.inner_text(".tracking .code") == story.tracking_code
    assert story.status == Status.RECEIVED and story.source == Story.Source.WEB
    assert story.draft_revision.images[0]["credit"] == "Dokpri"

    page.goto(f"{base}/akun/")
    row = page.locator(".stories li", has_text="Perpustakaan Keliling")
    assert "Naskah Masuk" in row.text_content()

    desk.story_review(story=story, actor=editor)
    desk.story_request_changes(
        story=story, actor=editor, message="Mohon sebutkan nama pengelola perpustakaan."
    )
    page.reload()
    assert "Perlu Revisi" in row.text_content()
    row.locator("a").first.click()
    assert "Mohon sebutkan nama pengelola perpustakaan." in page.inner_text(".conversation")
    page.click("text=Revisi dan kirim ulang")
    page.fill(
        "textarea[name=body]",
        "Mobil perpustakaan yang dikelola **Pak Darto** datang setiap Sabtu.",
    )
    page.fill("textarea[name=note]", "Nama pengelola sudah saya tambahkan.")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".timeline")
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert "Pak Darto" in story.draft_revision.body_html

    publish(story, editor)
    page.goto(f"{base}/akun/")
    row = page.locator(".stories li", has_text="Perpustakaan Keliling")
    assert "Tayang" in row.text_content()
    row.locator("a.live").click()
    page.wait_for_url(re.compile(r"/berita/\d{4}/\d{2}/\d{2}/"))
    assert "Perpustakaan Keliling Sambangi Kampung Nelayan" in page.inner_text("h1")
