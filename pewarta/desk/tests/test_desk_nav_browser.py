"""Every staff page of the newsroom wears the desk's layout: an editor walks the desk menu in
Chromium and never lands on a reader-site page."""

import pytest
from playwright.sync_api import expect

from pewarta.desk.tests.test_desk_browser import log_in

PAGES = {
    "Konfirmasi": "Antrean naskah",
    "Karantina": "Karantina email",
    "Pengaduan": "Pengaduan terbuka",
    "Identitas": "Verifikasi identitas menunggu",
    "Data pribadi": "Permintaan data pribadi (UU PDP)",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_pages_share_the_desk_layout_and_menu(live_server, browser, editor):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        log_in(page, live_server, "editor")
        for link, heading in PAGES.items():
            page.locator(".desk-header nav").get_by_role("link", name=link, exact=True).click()
            expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
            expect(page.locator("body.desk .desk-header nav")).to_be_visible()
            assert page.locator("link[href*='desk/desk'][href$='.css']").count() == 1, link
            assert page.locator("footer.site-footer, .site-header").count() == 0, link
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 1280, (link, width)
    finally:
        context.close()
