"""The page cache: stored for anonymous readers, served before Django, purged precisely."""

import io

import pytest

from pewarta.desk import services
from pewarta.desk.models import Kind, Tag
from pewarta.public import pagecache
from pewarta.public.services import story_views_flush


def _django_must_not_run(environ, start_response):
    raise AssertionError(f"Django was called for {environ['PATH_INFO']}")


def front_get(url, app=_django_must_not_run, **headers):
    """Ask the front WSGI layer, as Granian would. Returns (status, headers, body)."""
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "wsgi.input": io.BytesIO(),
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    }
    seen = {}

    def start_response(status, response_headers):
        seen["status"], seen["headers"] = status, dict(response_headers)

    body = b"".join(pagecache.FrontCache(app)(environ, start_response))
    return seen["status"], seen["headers"], body


def cached(url):
    return pagecache.FrontCache(None).lookup(
        {"PATH_INFO": url.partition("?")[0], "QUERY_STRING": url.partition("?")[2]}
    )


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.django_db
def test_anonymous_page_is_served_by_the_front_layer_without_django(client, publish):
    story = publish(headline="Relawan Perbaiki Jembatan Gantung")
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    status, headers, body = front_get(url)
    assert status == "200 OK" and headers["X-Cache"] == "hit"
    assert "Relawan Perbaiki Jembatan Gantung" in body.decode()
    assert headers["ETag"] and headers["Last-Modified"]


@pytest.mark.django_db
def test_logged_in_or_session_requests_bypass_the_cache(client, publish):
    story = publish()
    client.get(story.get_absolute_url())
    calls = []

    def django(environ, start_response):
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"dinamis"]

    status, headers, body = front_get(story.get_absolute_url(), django, cookie="sessionid=abc")
    assert body == b"dinamis" and calls == [story.get_absolute_url()]


@pytest.mark.django_db
def test_staff_responses_are_not_stored(client, publish, editor):
    story = publish()
    client.force_login(editor)
    client.get(story.get_absolute_url())
    assert cached(story.get_absolute_url()) is None


@pytest.mark.django_db
def test_conditional_get_answers_304_in_django_and_in_front(client, publish):
    story = publish()
    url = story.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    status, _headers, body = front_get(url, if_none_match=etag)
    assert status.startswith("304") and body == b""


@pytest.mark.django_db
def test_publish_purges_exactly_the_pages_the_new_story_enters(
    client, publish, make_story, editor, writer, on_commit
):
    tag = Tag.objects.create(name="Pangan", slug="pangan")
    old = publish(headline="Harga Cabai Turun")
    old_opinion = publish(headline="Sekolah Ramah Anak", kind=Kind.OPINI)
    pages = [
        "/", "/berita/", "/feed/", "/feed/atom/", "/berita/feed/", "/sitemap.xml",
        "/sitemap-naskah.xml", "/sitemap-news.xml", f"/penulis/{writer.contributor.slug}",
        "/tag/pangan", "/opini/", old_opinion.get_absolute_url(), "/kirim",
    ]  # fmt: skip
    for url in pages:
        assert client.get(url).status_code == 200, url
        assert cached(url) is not None, url
    fresh = make_story(status="approved", headline="Panen Padi Melimpah", tags=[tag])
    with on_commit():
        services.story_publish(story=fresh, actor=editor)
    purged = {url for url in pages if cached(url) is None}
    assert purged == set(pages) - {"/opini/", old_opinion.get_absolute_url(), "/kirim"}
    for url in ["/", "/berita/", "/feed/", "/tag/pangan", f"/penulis/{writer.contributor.slug}"]:
        assert "Panen Padi Melimpah" in client.get(url).content.decode(), url
    assert old.pk


@pytest.mark.django_db
def test_update_and_retraction_purge_every_page_showing_the_story(
    client, publish, editor, senior_editor, on_commit
):
    story = publish(headline="Warga Gelar Pasar Murah")
    neighbour = publish(headline="Lomba Perahu Hias")
    services.story_edit(
        story=neighbour, actor=editor, expected_version=neighbour.version, related=[story.pk]
    )
    neighbour.refresh_from_db()
    with on_commit():
        neighbour = services.story_publish_update(story=neighbour, actor=editor)
    neighbour_url = neighbour.get_absolute_url()
    assert "Warga Gelar Pasar Murah" in client.get(neighbour_url).content.decode()
    assert cached(neighbour_url) is not None and cached("/opini/") is None
    client.get("/opini/")
    with on_commit():
        services.story_retract(
            story=story, actor=senior_editor, reason="sara", note="Memuat ujaran kebencian."
        )
    assert cached(neighbour_url) is None, "a page linking to the story must be purged"
    assert cached("/opini/") is not None, "unrelated pages stay cached"
    assert "Warga Gelar Pasar Murah" not in client.get(neighbour_url).content.decode()
    gone = client.get(story.get_absolute_url())
    assert gone.status_code == 410 and "Memuat ujaran kebencian." in gone.content.decode()
    status, _h, body = front_get(story.get_absolute_url())
    assert status == "410 Gone" and "Memuat ujaran kebencian." in body.decode()


@pytest.mark.django_db
def test_view_counting_does_not_break_the_cache(client, publish):
    story = publish(headline="Festival Kopi Nusantara")
    url = story.get_absolute_url()
    client.get(url)  # rendered by Django, stored in the page cache
    front = pagecache.FrontCache(_django_must_not_run)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": url, "QUERY_STRING": ""}
    pages = []
    for _ in range(4):
        pages.append(b"".join(front(environ, lambda status, headers: None)).decode())
    # Served without Django, the page still reports its read: its beacon posts /dibaca/<id>.
    assert all(f'data-story="{story.pk}"' in page and "dibaca.js" in page for page in pages)
    for n in range(5):
        client.post(f"/dibaca/{story.pk}", REMOTE_ADDR=f"10.0.0.{n + 1}")
    assert story_views_flush() == 5
    assert story.daily_views.get().views == 5
    html = client.get("/").content.decode()
    assert "Festival Kopi Nusantara" in html[html.index('id="terpopuler"') :]


@pytest.mark.django_db
def test_a_page_rendered_before_a_purge_is_not_stored(client, publish, monkeypatch):
    story = publish()
    url = story.get_absolute_url()
    from pewarta.public import views

    original = views._story_page

    def render_then_purge(request, found):
        response = original(request, found)
        pagecache.purge(["home"])  # a publish committed while this page was rendering
        return response

    monkeypatch.setattr(views, "_story_page", render_then_purge)
    assert client.get(url).status_code == 200
    assert cached(url) is None


@pytest.mark.django_db
def test_cached_article_fragments_follow_purges(client, publish, editor, settings, on_commit):
    """Page-cache misses reuse the rendered article until the next purge."""
    settings.PEWARTA_FRAGMENT_CACHE = True
    story = publish(headline="Kampung Warna-warni Jadi Tujuan Wisata")
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    tag = Tag.objects.create(name="Wisata", slug="wisata")
    story.tags.add(tag)  # no purge: the fragment is reused
    assert "#Wisata" not in client.get(url).content.decode()
    with on_commit():
        services.story_update_metadata(
            story=story, actor=editor, expected_version=story.version, tags=[tag]
        )
    assert "#Wisata" in client.get(url).content.decode()


@pytest.mark.django_db
def test_unknown_query_parameters_are_not_part_of_the_key(client, publish):
    story = publish()
    url = story.get_absolute_url()
    client.get(url + "?utm_source=wa&fbclid=x")
    assert cached(url) is not None, "stored once, under the plain URL"
    status, _headers, _body = front_get(url + "?utm_campaign=lain")
    assert status == "200 OK"
    client.get("/berita/?page=1&utm_source=wa")
    assert cached("/berita/?page=1") is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=01",
        "page=0",
        "page=-1",
        "page=2&page=3",
        "page=1e3",
        "page=%EF%BC%91",
        "page=%31",
        "pag%65=1",
        "page=+1",
    ],  # fmt: skip
)
def test_crafted_page_numbers_are_never_stored(client, publish, page_cache_dir, query):
    publish()
    response = client.get(f"/berita/?{query}")
    assert response.status_code in (200, 404)
    assert "xkey" not in response and "Surrogate-Control" not in response
    assert not (page_cache_dir / "pages").exists() or not any((page_cache_dir / "pages").iterdir())


@pytest.mark.django_db
def test_a_page_number_the_view_does_not_use_is_not_stored(client, publish, page_cache_dir):
    """Home and story pages have no pages: /?page=N must not store a copy of each."""
    story = publish()
    for n in range(2, 7):
        assert client.get(f"/?page={n}").status_code == 200
        assert client.get(f"{story.get_absolute_url()}?page={n}").status_code == 200
    assert not (page_cache_dir / "pages").exists() or not any((page_cache_dir / "pages").iterdir())
    assert client.get("/").has_header("xkey")
    assert len(list((page_cache_dir / "pages").iterdir())) == 1


@pytest.mark.django_db
def test_a_page_past_the_last_one_is_a_404_and_not_stored(client, publish, page_cache_dir):
    publish()
    assert client.get("/berita/?page=2").status_code == 404
    assert client.get("/berita/?page=999999").status_code == 404
    assert not (page_cache_dir / "pages").exists() or not any((page_cache_dir / "pages").iterdir())


@pytest.mark.django_db
def test_cacheable_pages_carry_their_tags_for_edge_caches(client, publish, writer, settings):
    settings.PEWARTA_EDGE_TTL = 1234
    story = publish(headline="Pasar Apung Ramai Pembeli")
    response = client.get(story.get_absolute_url())
    tags = set(response["xkey"].split())
    assert f"story-{story.pk}" in tags
    assert response["Surrogate-Key"] == response["xkey"]
    assert set(response["Cache-Tag"].split(",")) == tags
    assert response["Surrogate-Control"] == "max-age=1234"
    home = client.get("/")
    assert {"home", f"story-{story.pk}"} <= set(home["xkey"].split())
    assert "feeds" in client.get("/feed/")["xkey"].split()
    assert "sitemaps" in client.get("/sitemap.xml")["xkey"].split()
    assert (
        f"author-{writer.contributor.pk}"
        in client.get(f"/penulis/{writer.contributor.slug}")["xkey"].split()
    )


@pytest.mark.django_db
def test_personal_requests_carry_no_edge_tags(client, publish, editor):
    story = publish()
    url = story.get_absolute_url()
    assert "xkey" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "xkey" not in client.get(url, HTTP_COOKIE="django_language=en")
    client.force_login(editor)
    assert "xkey" not in client.get(url)
    assert "xkey" not in client.get("/desk/")


@pytest.mark.django_db
def test_english_browser_is_not_served_the_cached_indonesian_page(client, make_story, editor):
    from pewarta.public.pagecache import is_cacheable_environ

    get = {"REQUEST_METHOD": "GET"}
    assert is_cacheable_environ({**get, "HTTP_ACCEPT_LANGUAGE": "id-ID,id;q=0.9"}, ())
    assert is_cacheable_environ({**get, "HTTP_ACCEPT_LANGUAGE": "fr-FR"}, ())
    assert not is_cacheable_environ({**get, "HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, ())
    client.get("/")  # stores the Indonesian page
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Latest" in english and "Terbaru" not in english


@pytest.mark.django_db
def test_a_flood_of_junk_query_strings_stores_a_bounded_number_of_pages(
    client, publish, page_cache_dir
):
    """Every distinct junk query is a fresh URL to an attacker; the cache keeps one copy."""
    story = publish()
    urls = ["/", "/berita/", story.get_absolute_url(), "/feed/", "/sitemap.xml"]
    junk = ["page={n}x", "page=0{n}", "utm_source={n}", "_={n}", "page=1&cb={n}", "{n}", "p=a{n}",
            "sebelum=9999999999999999-{n}", "setelah=1-{n}", "sebelum={n}000-1"]  # fmt: skip
    for n in range(8):
        for url in urls:
            for query in junk:
                assert client.get(f"{url}?{query.format(n=n)}").status_code in (200, 404)
    stored = list((page_cache_dir / "pages").iterdir())
    assert len(stored) <= len(urls) + 1, (
        "one page per URL (and /berita/?page=1), whatever the query"
    )
