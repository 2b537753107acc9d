import pytest

from pewarta.desk.models import Status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_works_without_javascript_in_a_real_browser(live_server, browser, make_story):
    """Publish through the services (real commits run the index task), then search in
    Chromium with JavaScript switched off: type, submit, filter, follow a result."""
    make_story(
        status=Status.PUBLISHED,
        headline="Bupati Menandatangani Perjanjian Air Bersih",
        body_html="<p>Perjanjian itu ditandatangani di pendopo.</p>",
    )
    make_story(status=Status.PUBLISHED, headline="Harga Beras Turun di Pasar Induk")
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(live_server.url + "/cari")
        page.get_by_label("Kata kunci").fill("tanda tangan")
        page.get_by_role("button", name="Cari", exact=True).last.click()
        results = page.locator(".search-results li")
        assert results.count() == 1
        assert results.locator("mark").first.inner_text() == "Menandatangani"
        page.locator("summary", has_text="Saring hasil").click()
        page.get_by_label("Jenis").select_option("opini")
        page.get_by_role("button", name="Cari", exact=True).last.click()
        assert "Tidak ada naskah yang cocok" in page.locator("main").inner_text()
        page.get_by_role("link", name="Cari lagi tanpa saringan rubrik").click()
        page.get_by_role("link", name="Bupati Menandatangani Perjanjian Air Bersih").click()
        assert page.locator("h1").inner_text() == "Bupati Menandatangani Perjanjian Air Bersih"
    finally:
        context.close()
