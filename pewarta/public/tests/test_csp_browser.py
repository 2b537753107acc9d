"""Chromium under our Content-Security-Policy: the main pages of readers, writers and editors
load without a single violation, and their scripted parts still work."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from pewarta.desk import services
from pewarta.desk.models import Status
from pewarta.desk.workflow import SYSTEM_ACTOR


class Watch:
    """Collects CSP violations and script errors of one page."""

    def __init__(self, page):
        self.problems = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.problems.append(f"{message.type}: {text}")


def logged_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def visit(page, url):
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    page.wait_for_load_state("load")
    return response


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_pages_run_under_the_policy(live_server, page, make_story, reader_site_data):
    watch = Watch(page)
    story = make_story(status=Status.PUBLISHED, headline="Petani Kopi Panen Raya di Lereng")
    base = live_server.url
    for url in ["/", story.get_absolute_url(), "/berita/", "/cari?q=kopi", "/kirim",
                f"/laporkan/{story.pk}"]:  # fmt: skip
        response = visit(page, base + url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto(base + "/")
    page.fill("#cari-q", "kopi")
    page.locator("form.search button[type=submit]").click()
    expect(page.get_by_role("link", name="Petani Kopi Panen Raya di Lereng")).to_be_visible()
    assert watch.problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_writer_pages_run_under_the_policy_and_confirmations_still_ask(
    live_server, page, member, reader_site_data
):
    watch = Watch(page)
    story = services.story_create(
        headline="Pasar Malam Kembali Dibuka",
        body_html="<p>Pedagang kembali berjualan.</p>",
        authors=[member.contributor],
        actor=SYSTEM_ACTOR,
        status=Status.RECEIVED,
    )
    logged_in(page, live_server, member)
    visit(page, live_server.url + "/akun/kirim")
    expect(page.locator("form.submit-form")).to_be_visible()
    visit(page, f"{live_server.url}/akun/naskah/{story.pk}")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Tarik naskah ini").click()
    assert asked and "Tarik naskah ini" in asked[0], "site.js asks before withdrawing"
    story.refresh_from_db()
    assert story.status == Status.RECEIVED, "dismissed: nothing sent"
    assert watch.problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_desk_pages_run_under_the_policy_with_htmx_and_the_editor(
    live_server, page, make_story, editor
):
    watch = Watch(page)
    story = make_story(status=Status.RECEIVED, headline="Sekolah Darurat Berdiri di Pengungsian")
    logged_in(page, live_server, editor)
    visit(page, live_server.url + "/desk/")
    row = page.locator(f"#story-{story.pk}")
    row.get_by_role("button", name="Ambil").click()  # an htmx request, swapped in place
    expect(page.locator(f"#story-{story.pk}")).to_contain_text("Dalam Peninjauan")
    visit(page, f"{live_server.url}/desk/naskah/{story.pk}/")
    expect(page.locator(".rte")).to_be_visible()  # desk.js built the editor
    assert watch.problems == []
