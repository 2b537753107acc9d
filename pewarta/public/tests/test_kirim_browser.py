"""/kirim in Chromium: a first-time sender learns about the confirmation mail and finds the
web form."""

import pytest
from playwright.sync_api import expect


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_kirim_explains_confirmation_and_leads_to_the_web_form(
    live_server, page, reader_site_data, settings
):
    settings.PEWARTA_INTAKE_CONFIRM_DAYS = 7
    page.goto(f"{live_server.url}/kirim")
    steps = page.locator(".kirim-steps")
    expect(steps.get_by_role("heading", name="Pertama kali mengirim lewat email?")).to_be_visible()
    expect(steps).to_contain_text("Mohon konfirmasi alamat email Anda")
    expect(steps).to_contain_text("tidak dikonfirmasi dalam 7 hari")
    steps.get_by_role("link", name="Kirim lewat formulir web").click()
    page.wait_for_url("**/akun/**")
    assert "/akun/kirim" in page.url  # the login page sends them on to the form
