"""Varnish in front of two web nodes, with deploy/varnish.vcl, against a real varnishd."""

import pytest

from pewarta.common.tests.cluster.helpers import get, wait_for
from pewarta.desk import services
from pewarta.desk.models import Status

pytestmark = pytest.mark.slow


@pytest.fixture
def published(on_cluster, reader_site_data, make_story, editor):
    def publish(headline):
        story = make_story(status=Status.APPROVED, headline=headline)
        return services.story_publish(story=story, actor=editor)

    return publish


def test_a_story_page_is_kept_at_the_edge_with_its_tags(published):
    story = published("Warga Bersihkan Pantai Setiap Minggu")
    url = story.get_absolute_url()
    first = get(url)
    assert first[0] == 200 and first[1]["x-cache"] == "miss"
    second = get(url)
    assert second[1]["x-cache"] == "hit" and second[2] == first[2]
    assert f"story-{story.pk}" in second[1]["surrogate-key"].split()
    assert f"story-{story.pk}" in second[1]["cache-tag"].split(",")
    assert "xkey" not in second[1], "xkey is for Varnish; a CDN gets Surrogate-Key/Cache-Tag"
    assert second[1]["x-served-by"] in ("web1", "web2")


def test_a_publish_purges_exactly_the_pages_it_enters(published):
    old = published("Pasar Tani Digelar di Alun-alun")
    for path in ("/", "/berita/", "/feed/", old.get_absolute_url(), "/redaksi"):
        get(path)
        assert get(path)[1]["x-cache"] == "hit", path
    fresh = published("Sumur Resapan Cegah Banjir Kampung")

    def home_shows_it():
        status, headers, body = get("/")
        return "Sumur Resapan Cegah Banjir Kampung" in body.decode() and headers

    wait_for(home_shows_it, timeout=20, what="the new story on the home page")
    assert "Sumur Resapan Cegah Banjir Kampung" in get("/feed/")[2].decode()
    assert get("/redaksi")[1]["x-cache"] == "hit", "a page that does not show it stays cached"
    assert get(old.get_absolute_url())[1]["x-cache"] == "hit"
    assert fresh.pk


def test_personal_requests_pass_the_edge(published):
    story = published("Lomba Layang-layang Meriahkan Desa")
    url = story.get_absolute_url()
    get(url)
    assert get(url)[1]["x-cache"] == "hit"
    english = get(url, headers={"Accept-Language": "en-GB,en;q=0.9,id;q=0.5"})
    assert english[1]["x-cache"] == "miss" and english[1]["content-language"] == "en"
    assert get(url, headers={"Accept-Language": "en-US"})[1]["x-cache"] == "miss"
    assert get(url, headers={"Accept-Language": "id-ID,id;q=0.9,en;q=0.8"})[1]["x-cache"] == "hit"
    assert get(url, headers={"Accept-Language": "fr-FR"})[1]["x-cache"] == "hit"
    for cookie in ("sessionid=abc", "django_language=en", "messages=x", "a=1; sessionid=z"):
        assert get(url, headers={"Cookie": cookie})[1]["x-cache"] == "miss", cookie
    assert get(url, headers={"Cookie": "_ga=GA1.2.3"})[1]["x-cache"] == "hit"
    for _ in range(2):
        assert get("/desk/")[1].get("x-cache") == "miss"


def test_crafted_queries_do_not_fill_the_edge(published):
    published("Perpustakaan Keliling Sambangi Sekolah")
    get("/")
    assert get("/?utm_source=wa&fbclid=1")[1]["x-cache"] == "hit", "same object as /"
    for query in ("page=abc", "page=01", "pag%65=2", "page=2"):
        get(f"/?{query}")
        headers = get(f"/?{query}")[1]
        assert headers["x-cache"] == "miss" and "surrogate-key" not in headers, query
    get("/berita/?page=1")
    assert get("/berita/?page=1&utm_medium=x")[1]["x-cache"] == "hit"
    assert get("/%62erita/")[1]["x-cache"] == "miss" and get("/%62erita/")[1]["x-cache"] == "miss"


def test_listing_cursors_are_their_own_objects_at_the_edge(published):
    """`?sebelum=` pages are cached under their cursor, never as the listing's first page."""
    from pewarta.public.listing import cursor_of

    older = published("Pasar Malam Kembali Dibuka di Alun-alun")
    newer = published("Warga Gelar Kerja Bakti Bersihkan Selokan")
    first = get("/berita/")[2].decode()
    assert "Warga Gelar Kerja Bakti" in first
    url = f"/berita/?sebelum={cursor_of(newer)}"
    status, headers, body = get(url)
    assert status == 200 and headers["x-cache"] == "miss", "not page 1's object"
    assert "Pasar Malam Kembali Dibuka" in body.decode()
    assert "Warga Gelar Kerja Bakti" not in body.decode()
    assert get(url)[1]["x-cache"] == "hit"
    again = get("/berita/")
    assert again[1]["x-cache"] == "hit" and "Warga Gelar Kerja Bakti" in again[2].decode()
    assert older.pk


def test_only_our_own_addresses_may_purge(on_cluster):
    status, _headers, _body = get("/", method="PURGE", headers={"xkey-purge": "home"},
                                  source="127.0.0.2")  # fmt: skip
    assert status == 403
    assert get("/", method="BAN", source="127.0.0.2")[0] == 403
    assert get("/", method="PURGE", headers={"xkey-purge": "home"})[0] == 200
