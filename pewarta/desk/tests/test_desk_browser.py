"""The desk in Debian's Chromium: one piece from claim to the public page, and a lost update
that is refused instead of lost."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from pewarta.conftest import browser_log_in, make_user
from pewarta.desk import services
from pewarta.desk.models import Revision, Status, Story

PASSWORD = "kata-sandi-uji-123"


def log_in(page, live_server, username):
    browser_log_in(page, live_server.url, username, "/desk/")
    expect(page.get_by_role("heading", name="Antrean naskah")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_claim_edit_diff_request_changes_resubmit_approve_publish(
    live_server, page, make_story, editor, writer
):
    story = make_story(
        status=Status.RECEIVED,
        headline="Warga Tanam Pohon di Bukit",
        body_html="<p>Warga menanam seribu pohon di bukit gundul.</p>",
        risk_checked=False,
    )
    log_in(page, live_server, "editor")

    row = page.locator(f"#story-{story.pk}")
    expect(row).to_contain_text("Naskah Masuk")
    row.get_by_role("button", name="Ambil").click()  # htmx swaps the row
    expect(page.locator(f"#story-{story.pk}")).to_contain_text("Eka Editor")
    expect(page.locator(f"#story-{story.pk}")).to_contain_text("Dalam Peninjauan")

    page.get_by_role("link", name="Warga Tanam Pohon di Bukit").click()
    page.fill("#id_headline", "Warga Bandung Tanam Dua Ribu Pohon di Bukit")
    editor_box = page.locator(".rte")
    editor_box.fill("Warga Bandung menanam dua ribu pohon di bukit gundul.")
    page.get_by_role("button", name="Simpan suntingan").click()
    expect(page.locator(".flash")).to_contain_text("Suntingan disimpan")
    expect(page.locator(".story-preview h1")).to_have_text(
        "Warga Bandung Tanam Dua Ribu Pohon di Bukit"
    )

    page.get_by_role("link", name="Perbandingan").click()
    diff = page.get_by_test_id("diff")
    expect(diff.locator("del").first).to_be_visible()
    assert "seribu" in " ".join(diff.locator("del").all_inner_texts())
    assert "dua ribu" in " ".join(diff.locator("ins").all_inner_texts())
    expect(page.locator("select[name=a]")).to_have_value("1")  # against the writer's original

    page.get_by_text("Minta revisi", exact=True).click()
    page.select_option("select[name=template]", "sumber")
    expect(page.locator("#changes_message")).to_have_value(re.compile("narasumber"))
    page.get_by_role("button", name="Kirim permintaan revisi").click()
    expect(page.locator(".review-head .status")).to_have_text("Perlu Revisi")
    # The decision reaches the writer: the message is recorded and mailed to them.
    to_writer = [m for m in mail.outbox if writer.email in m.to]
    assert any("narasumber" in m.body for m in to_writer)

    story.refresh_from_db()
    services.story_edit(
        story=story,
        actor=writer,
        expected_version=story.version,
        lead="Kata Ketua RW, Budi Santoso: bibit dari dinas kehutanan.",
    )
    story.refresh_from_db()
    services.story_resubmit(story=story, actor=writer, note="Sudah saya lengkapi.")

    page.reload()
    expect(page.locator(".review-head .status")).to_have_text("Dalam Peninjauan")
    for question in ("victim", "minor", "sara", "defamation"):
        page.locator(f"input[name={question}][value='0']").check()
    page.get_by_role("button", name="Simpan jawaban").click()
    expect(page.locator(".flash")).to_contain_text("Daftar periksa risiko disimpan")
    page.get_by_role("button", name="Setujui", exact=True).click()
    expect(page.locator(".review-head .status")).to_have_text("Disunting")
    page.get_by_role("button", name="Tayangkan", exact=True).click()
    expect(page.locator(".review-head .status")).to_have_text("Tayang")

    page.get_by_role("link", name="Lihat di situs").click()
    expect(page.locator("h1")).to_have_text("Warga Bandung Tanam Dua Ribu Pohon di Bukit")
    expect(page.locator(".lead")).to_contain_text("Budi Santoso")
    expect(page.locator(".body")).to_contain_text("menanam dua ribu pohon")
    expect(page.locator(".editor")).to_have_text("Editor: Eka Editor")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_the_same_story_one_is_refused_nothing_lost(
    live_server, browser, page, make_story, editor
):
    make_user("redaktur2", "editor", first_name="Dewi", last_name="Redaktur")
    story = make_story(status=Status.IN_REVIEW, headline="Jembatan Desa Rusak")
    other = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    try:
        second = other.new_page()
        second.set_default_timeout(15000)
        log_in(page, live_server, "editor")
        log_in(second, live_server, "redaktur2")
        review = f"{live_server.url}/desk/naskah/{story.pk}/"
        page.goto(review)
        second.goto(review)

        page.fill("#id_headline", "Jembatan Desa Rusak Diterjang Banjir")
        page.get_by_role("button", name="Simpan suntingan").click()
        expect(page.locator(".flash")).to_contain_text("Suntingan disimpan")

        second.fill("#id_headline", "Jembatan Gantung Desa Putus")
        second.get_by_role("button", name="Simpan suntingan").click()
        expect(second.locator(".stale")).to_contain_text("Orang lain sudah menyimpan")
        expect(second.locator(".stale .diff")).to_contain_text("Diterjang Banjir")
        expect(second.locator("#id_headline")).to_have_value("Jembatan Gantung Desa Putus")

        headlines = set(Revision.objects.filter(story=story).values_list("headline", flat=True))
        assert "Jembatan Desa Rusak Diterjang Banjir" in headlines
        assert "Jembatan Gantung Desa Putus" not in headlines

        # Having seen the other save, the second editor saves again on top of it.
        second.get_by_role("button", name="Simpan suntingan").click()
        expect(second.locator(".flash")).to_contain_text("Suntingan disimpan")
        headlines = list(
            Revision.objects.filter(story=story)
            .order_by("number")
            .values_list("headline", flat=True)
        )
        assert headlines == [
            "Jembatan Desa Rusak",
            "Jembatan Desa Rusak Diterjang Banjir",
            "Jembatan Gantung Desa Putus",
        ]
        assert Story.objects.get(pk=story.pk).draft_revision.headline == (
            "Jembatan Gantung Desa Putus"
        )
    finally:
        other.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_core_actions_work_without_javascript(live_server, browser, make_story, editor):
    story = make_story(
        status=Status.RECEIVED,
        headline="Posyandu Buka Layanan Malam",
        body_html="<p>Posyandu kini buka sampai pukul 21.00.</p>",
        risk_checked=False,
    )
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        log_in(page, live_server, "editor")
        page.locator(f"#story-{story.pk}").get_by_role("button", name="Ambil").click()
        expect(page.locator(".flash")).to_contain_text("Naskah Anda ambil")

        page.get_by_role("link", name="Posyandu Buka Layanan Malam").click()
        body = page.locator("textarea[name=body_html]")  # no rich-text editor without JS
        body.fill("<p>Posyandu kini buka sampai pukul 22.00 setiap Kamis.</p>")
        page.get_by_role("button", name="Simpan suntingan").click()
        expect(page.locator(".flash")).to_contain_text("Suntingan disimpan")

        page.locator("input[name=q_related]").fill("Posyandu")
        page.get_by_role("button", name="Cari", exact=True).click()
        expect(page.locator("#related-results")).to_contain_text("Tidak ada naskah tayang")

        for question in ("victim", "minor", "sara", "defamation"):
            page.locator(f"input[name={question}][value='0']").check()
        page.get_by_role("button", name="Simpan jawaban").click()
        page.get_by_role("button", name="Setujui & tayangkan").click()
        expect(page.locator(".review-head .status")).to_have_text("Tayang")
    finally:
        context.close()
    story.refresh_from_db()
    assert "22.00" in story.live_revision.body_html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_baca_juga_search_as_you_type(live_server, page, make_story, editor):
    older = make_story(status=Status.PUBLISHED, headline="Festival Layang-layang Pangandaran")
    make_story(status=Status.PUBLISHED, headline="Harga Cabai Turun di Pasar Induk")
    story = make_story(status=Status.IN_REVIEW, headline="Layang-layang Raksasa Terbang Lagi")
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/desk/naskah/{story.pk}/")

    page.locator("#q-related").press_sequentially("layang", delay=30)
    result = page.locator("#related-results").get_by_text("Festival Layang-layang Pangandaran")
    expect(result).to_be_visible()  # htmx answered while typing; no button pressed
    expect(page.locator("#related-results")).not_to_contain_text("Harga Cabai")
    result.click()  # ticks the checkbox, which moves into the chosen list
    expect(page.locator("#related-chosen")).to_contain_text("Festival Layang-layang")
    page.get_by_role("button", name="Simpan suntingan").click()
    expect(page.locator(".flash")).to_contain_text("Suntingan disimpan")
    expect(page.locator(".story-preview .baca-juga")).to_contain_text(
        "Festival Layang-layang Pangandaran"
    )
    story.refresh_from_db()
    assert story.draft_revision.related == [older.pk]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_baca_juga_suggestions_are_there_before_any_search(
    live_server, page, make_story, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # indexed for search
        older = make_story(
            status=Status.PUBLISHED,
            headline="Festival Layang-layang Pangandaran Dipadati Wisatawan",
            body_html="<p>Ratusan layang-layang raksasa terbang di pantai Pangandaran.</p>",
        )
        make_story(
            status=Status.PUBLISHED,
            headline="Harga Cabai Turun di Pasar Induk",
            body_html="<p>Pedagang cabai di pasar induk menurunkan harga.</p>",
        )
    story = make_story(
        status=Status.IN_REVIEW,
        headline="Layang-layang Raksasa Kembali Terbang di Pangandaran",
        body_html="<p>Festival layang-layang raksasa di pantai Pangandaran digelar lagi.</p>",
    )
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/desk/naskah/{story.pk}/")

    expect(page.locator("#q-related")).to_have_value("")
    suggested = page.locator(".related-suggestions")
    expect(suggested).to_contain_text("Festival Layang-layang Pangandaran")
    expect(suggested).not_to_contain_text("Harga Cabai")
    suggested.get_by_text("Festival Layang-layang Pangandaran").click()
    expect(page.locator("#related-chosen")).to_contain_text("Festival Layang-layang")
    page.get_by_role("button", name="Simpan suntingan").click()
    expect(page.locator(".flash")).to_contain_text("Suntingan disimpan")
    story.refresh_from_db()
    assert story.draft_revision.related == [older.pk]
