"""Finance sets a rate in the desk; a contributor sees what the published piece earned."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from pewarta.accounts.services import consents_accept_current
from pewarta.conftest import browser_log_in
from pewarta.desk.models import Status

PASSWORD = "kata-sandi-uji-123"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_finance_sets_a_rate_and_the_contributor_sees_what_each_piece_earned(
    live_server, browser, page, make_story, finance, writer
):
    base = live_server.url
    desk = browser.new_context(locale="id-ID").new_page()
    browser_log_in(desk, base, "keuangan", "/desk/honorarium/")
    desk.select_option("#tarif-jenis", "berita")
    desk.fill("#tarif-jumlah", "150000")
    desk.get_by_role("button", name="Tetapkan tarif").click()
    expect(desk.locator("table.rates")).to_contain_text("150.000")
    desk.context.close()

    make_story(status=Status.PUBLISHED, headline="Nelayan Panen Rumput Laut")
    make_story(status=Status.IN_REVIEW, headline="Belum Tayang Jadi Belum Dibayar")
    EmailAddress.objects.create(user=writer, email=writer.email, verified=True, primary=True)
    consents_accept_current(contributor=writer.contributor)
    page.goto(f"{base}/akun/auth/login/")
    page.fill("input[name=login]", writer.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/akun/")
    page.locator(".akun-nav").get_by_role("link", name="Honorarium").click()
    row = page.locator("table.ledger tr", has_text="Nelayan Panen Rumput Laut")
    expect(row).to_contain_text("Rp 150.000")
    expect(page.locator("table.ledger")).not_to_contain_text("Belum Tayang")
    expect(page.locator("table.statements")).to_contain_text("Rp 150.000")
