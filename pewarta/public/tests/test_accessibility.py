"""axe-core in Chromium finds no serious or critical violation on the reader pages."""

from pathlib import Path

import pytest
from django.urls import reverse

from pewarta.conftest import missing_component
from pewarta.desk import services
from pewarta.desk.models import Kind, Status

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_page(browser):
    """A page that may inject axe-core: the test's script, not one our CSP should allow."""
    context = browser.new_context(
        locale="id-ID", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _violations(page, url):
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_pages_have_no_serious_accessibility_violations(
    live_server, axe_page, reader_site_data, make_story, editor, writer
):
    page = axe_page
    if not AXE.exists():
        missing_component("node_modules/axe-core is missing: run `npm ci` (make test does)")
    story = make_story(
        status=Status.APPROVED,
        headline="Perpustakaan Keliling Sambangi Desa Terpencil",
        lead="Anak-anak antusias meminjam buku cerita.",
        dateline="Garut",
        body_html="<p>Mobil perpustakaan datang setiap Sabtu.</p><p>Buku baru tiba.</p>",
    )
    story = services.story_publish(story=story, actor=editor)
    opinion = make_story(status=Status.APPROVED, headline="Membaca Itu Hak", kind=Kind.OPINI)
    services.story_publish(story=opinion, actor=editor)
    urls = {
        "home": "/",
        "section": "/berita/",
        "story": story.get_absolute_url(),
        "author": f"/penulis/{writer.contributor.slug}",
        "kirim": "/kirim",
    }
    urls["search"] = reverse("search:search") + "?q=perpustakaan"
    found = {name: _violations(page, live_server.url + url) for name, url in urls.items()}
    assert found == {name: [] for name in urls}
