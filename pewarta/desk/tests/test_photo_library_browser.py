"""The media library in Debian's Chromium: an editor searches it and picks a photo, which
lands on the story with the credit it was stored with."""

import pytest
from playwright.sync_api import expect

from pewarta.desk.models import Status
from pewarta.desk.tests.test_desk_browser import log_in
from pewarta.desk.tests.test_photo_checks import photo_entry, stored_photo
from pewarta.integrity.tests.pictures import picture


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_picks_a_photo_from_the_library_and_its_credit_comes_along(
    live_server, page, make_story, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_story(
        status=Status.PUBLISHED,
        headline="Perahu Nelayan Kembali Melaut",
        images=[photo_entry(stored_photo("perahu", picture(41)), "Made Wirawan", "Perahu cadik")],
    )
    make_story(
        headline="Festival Layang-layang",
        images=[photo_entry(stored_photo("layang", picture(42)), "Nur Aini", "Layangan naga")],
    )
    story = make_story(headline="Cuaca Buruk, Nelayan Libur")
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/desk/naskah/{story.pk}/")

    page.get_by_role("link", name="Pilih dari pustaka foto").click()
    expect(page.get_by_role("heading", name="Pustaka foto")).to_be_visible()
    page.get_by_label("Cari keterangan, kredit atau judul naskah").fill("nelayan")
    page.get_by_role("button", name="Cari").click()
    photos = page.locator("li.library-photo")
    expect(photos).to_have_count(1)
    expect(photos.first).to_contain_text("Made Wirawan")
    photos.first.get_by_role("button", name="Pakai foto ini").click()

    expect(page.locator(".flash, .messages")).to_contain_text("kredit: Made Wirawan")
    row = page.locator("fieldset.images .image-row").first
    expect(row.locator("input[name='image-0-credit']")).to_have_value("Made Wirawan")
    expect(row.locator("input[name='image-0-caption']")).to_have_value("Perahu cadik")
