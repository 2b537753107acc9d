"""A reused photo in Debian's Chromium: the review page shows its source, credit and score."""

import re

import pytest
from playwright.sync_api import expect

from pewarta.desk.models import Status
from pewarta.desk.tests.test_desk_browser import log_in
from pewarta.desk.tests.test_photo_checks import photo_entry, stored_photo
from pewarta.integrity.tests.pictures import copies, picture


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reused_photo_shows_its_source_and_score_on_the_review_page(
    live_server, page, make_story, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    older = make_story(
        status=Status.PUBLISHED,
        headline="Pasar Terapung Lok Baintan Kembali Ramai",
        images=[photo_entry(stored_photo("pasar", picture(31)), "Yusuf Hamdani")],
    )
    copy = stored_photo("pasar-salinan", copies(picture(31))["mirrored"])
    piece = make_story(
        status=Status.RECEIVED,
        headline="Pagi di Sungai Martapura",
        images=[photo_entry(copy, "Kiriman pembaca")],
    )
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/desk/naskah/{piece.pk}/")

    summary = page.locator(".photo-summary")
    expect(summary).to_contain_text("Pasar Terapung Lok Baintan Kembali Ramai")
    expect(summary).to_contain_text("Yusuf Hamdani")
    expect(summary.locator(".share")).to_have_text(re.compile(r"\d+%"))
    expect(page.locator("nav.tabs")).to_contain_text(re.compile(r"foto \d+%"))

    summary.get_by_role("link").first.click()
    report = page.locator("section.photo-check")
    match = report.locator(".photo-matches li").first
    expect(
        match.get_by_role("link", name="Pasar Terapung Lok Baintan Kembali Ramai")
    ).to_have_attribute("href", older.get_absolute_url())
    expect(match).to_contain_text("Yusuf Hamdani")
    expect(match).to_contain_text("dicerminkan")
    score = int(match.locator(".share").inner_text().rstrip("%"))
    assert 85 <= score <= 100
