"""A lifted piece in Debian's Chromium: the desk shows its source with a score."""

import re

import pytest
from playwright.sync_api import expect

from pewarta.desk.models import Status
from pewarta.desk.tests.test_desk_browser import log_in
from pewarta.integrity.tests.texts import OLDER, lifted_piece


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lifted_piece_shows_its_source_and_score_on_the_review_page(
    live_server, page, make_story, editor
):
    older = make_story(
        status=Status.PUBLISHED,
        headline="Kali Pesanggrahan Meluap, Ulujami Terendam",
        body_html="".join(f"<p>{p}</p>" for p in OLDER),
    )
    piece = make_story(
        status=Status.RECEIVED,
        headline="Catatan dari Posko Ulujami",
        body_html=f"<p>{lifted_piece()}</p>",
    )
    log_in(page, live_server, "editor")

    badge = page.locator(f"#story-{piece.pk} .warn-similar")
    expect(badge).to_have_text(re.compile(r"Mirip \d+%"))
    badge.click()

    report = page.locator("section.similarity")
    source = report.locator("article.similar-source").first
    expect(
        source.get_by_role("link", name="Kali Pesanggrahan Meluap, Ulujami Terendam")
    ).to_have_attribute("href", older.get_absolute_url())
    expect(source.locator(".shares")).to_contain_text(re.compile(r"\d+% naskah ini ada di sumber"))
    expect(source.locator(".meta")).to_contain_text("Penulis Uji")
    marked = source.locator(".side-source mark").first
    expect(marked).to_be_visible()
    assert "Petugas pemadam kebakaran" in " ".join(
        source.locator(".side-new mark").all_inner_texts()
    )
