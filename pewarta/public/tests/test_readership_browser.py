"""A reader opens a story in Chromium; the page's beacon reports the read, the minute's flush
puts it in the daily table, and an editor sees it on /desk/angka/."""

import pytest
from playwright.sync_api import expect

from pewarta.desk.tests.test_desk_browser import log_in
from pewarta.public.models import StoryViews
from pewarta.public.services import story_views_flush


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_read_in_the_browser_reaches_the_desk_numbers(
    live_server, browser, page, publish, editor, reader_site_data
):
    story = publish(headline="Festival Kopi Nusantara di Alun-alun")
    with page.expect_response(lambda r: f"/dibaca/{story.pk}" in r.url) as beacon:
        page.goto(live_server.url + story.get_absolute_url())
    assert beacon.value.status == 204 and beacon.value.request.method == "POST"
    expect(page.locator("h1")).to_have_text("Festival Kopi Nusantara di Alun-alun")
    page.reload()  # the same reader again: not counted twice
    page.wait_for_load_state("networkidle")
    assert story_views_flush() == 1
    assert StoryViews.objects.get(story=story).views == 1

    desk = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    staff = desk.new_page()
    staff.set_default_timeout(15000)
    try:
        log_in(staff, live_server, "editor")
        staff.get_by_role("link", name="Angka").click()
        numbers = staff.locator("#dibaca")
        expect(numbers).to_contain_text("Dibaca: 1 kali")
        row = numbers.locator(f"tr[data-story='{story.pk}']")
        expect(row).to_contain_text("Festival Kopi Nusantara di Alun-alun")
        expect(row.locator(".total")).to_have_text("1")
        expect(numbers.locator("figure[data-section='Berita']")).to_be_visible()
    finally:
        desk.close()
