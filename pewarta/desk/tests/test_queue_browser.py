"""The queue in Chromium at 1280 px: a monstrous headline or subject never hides the actions."""

import re

import pytest
from playwright.sync_api import expect

from pewarta.desk.models import Status
from pewarta.desk.tests.test_desk_browser import log_in

LONG_WORD = "Pengumumanpenerimaanbantuansosialtunaidarikementeriansosialuntukseluruhwarga" * 3
LONG_HEADLINE = " ".join(["Warga Kampung Melayu Kembali Mengungsi Karena Banjir"] * 8)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_long_headlines_do_not_widen_the_queue_and_search_finds_them(
    live_server, browser, make_story, editor
):
    wide = make_story(status=Status.RECEIVED, headline=LONG_WORD)
    long = make_story(status=Status.IN_REVIEW, headline=LONG_HEADLINE)
    market = make_story(status=Status.RECEIVED, headline="Pasar Murah di Depok")
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        log_in(page, live_server, "editor")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"the page is {width} px wide"
        for story in (wide, long):
            row = page.locator(f"#story-{story.pk}")
            for name in ("Ambil", "Tugaskan"):
                box = row.get_by_role("button", name=name).bounding_box()
                assert box is not None and box["x"] + box["width"] <= 1280, (name, box)
            expect(row.get_by_role("button", name="Tugaskan")).to_be_in_viewport()

        page.get_by_role("searchbox").fill(wide.tracking_code)
        expect(page.locator("#queue-table tbody tr")).to_have_count(1)
        expect(page.locator(f"#story-{wide.pk}")).to_be_visible()
        page.get_by_role("searchbox").fill("pasar murah")
        expect(page.locator(f"#story-{market.pk}")).to_be_visible()
        expect(page.locator("#queue-table tbody tr")).to_have_count(1)
        expect(page).to_have_url(
            re.compile(r"q=pasar(\+|%20)murah")
        )  # shareable, survives a reload
    finally:
        context.close()
