"""A reader in Debian's Chromium: signs up, comments, is moderated, follows the writer and
receives the digest, then unsubscribes with one click."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from pewarta.community import tasks
from pewarta.conftest import browser_log_in
from pewarta.desk.models import Status

PASSWORD = "kata-sandi-uji-123"


def sign_up(page, base):
    page.goto(f"{base}/akun/auth/signup/")
    page.fill("input[name=email]", "sari@example.id")
    page.fill("input[name=password1]", "Teh-Manis-Sore-2026")
    page.fill("input[name=password2]", "Teh-Manis-Sore-2026")
    page.fill("input[name=pen_name]", "Sari Pembaca")
    page.fill("input[name=birth_year]", "1995")
    page.check("input[name=agree_terms]")
    page.check("input[name=agree_privacy]")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/akun/auth/confirm-email/$"))
    (verification,) = [m for m in mail.outbox if m.to == ["sari@example.id"]]
    link = re.search(r"https?://\S+/akun/auth/confirm-email/\S+", verification.body).group(0)
    page.goto(link)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/akun/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_signs_up_comments_is_moderated_follows_and_gets_the_digest(
    live_server, browser, page, make_story, editor, settings
):
    base = live_server.url
    settings.PEWARTA_SITE_URL = base  # mail links name the site's address, not the Host
    story = make_story(status=Status.PUBLISHED, headline="Warga Bersihkan Sungai Cikapundung")
    sign_up(page, base)

    page.goto(base + story.get_absolute_url())
    box = page.locator("#komentar textarea[name=body]")  # the fragment, loaded by htmx
    box.fill("Semoga sungainya tetap bersih sampai musim hujan.")
    page.locator("#komentar button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("setelah diperiksa moderator")
    expect(page.locator("#komentar")).not_to_contain_text("musim hujan")

    desk = browser.new_context(locale="id-ID").new_page()
    browser_log_in(desk, base, "editor", "/desk/komentar/")
    row = desk.locator("tr.comment-row", has_text="musim hujan")
    row.locator("input[name=ids]").check()
    desk.get_by_role("button", name="Setujui").click()
    expect(desk.locator(".flash")).to_contain_text("1 komentar dimoderasi")
    desk.context.close()

    page.reload()
    expect(page.locator("#komentar .comment")).to_contain_text("musim hujan")
    page.locator("#komentar .follow-links a", has_text="Penulis Uji").click()
    page.get_by_label("Harian").check()
    page.get_by_role("button", name="Ikuti").click()
    expect(page.locator("main")).to_contain_text("Penulis Uji")

    fresh = make_story(status=Status.PUBLISHED, headline="Pasar Terapung Kembali Ramai")
    mail.outbox.clear()
    tasks.digests_queue("daily")
    (digest,) = [m for m in mail.outbox if m.to == ["sari@example.id"]]
    assert "Pasar Terapung Kembali Ramai" in digest.body
    assert fresh.get_absolute_url() in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(base + "/berhenti/" + unsubscribe.rsplit("/berhenti/", 1)[1])
    page.get_by_role("button", name="Berhenti menerima kabar").click()
    expect(page.locator("main")).to_contain_text("tidak akan menerima kabar lagi")
