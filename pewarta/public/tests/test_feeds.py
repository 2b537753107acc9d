import feedparser
import pytest

from pewarta.desk.models import Kind, Tag


@pytest.mark.django_db
def test_every_feed_parses_cleanly(client, publish, writer):
    tag = Tag.objects.create(name="Cuaca", slug="cuaca")
    story = publish(
        headline="Hujan Deras & Angin <Kencang> di Pesisir",
        lead="Nelayan diminta tidak melaut.",
        tags=[tag],
    )
    publish(headline="Mengapa Kita Perlu Trotoar", kind=Kind.OPINI)
    slug = writer.contributor.slug
    feeds = [
        "/feed/", "/feed/atom/", "/berita/feed/", "/berita/feed/atom/", "/opini/feed/",
        "/esai/feed/", "/kolom/feed/", "/siaran-pers/feed/", f"/penulis/{slug}/feed/",
        f"/penulis/{slug}/feed/atom/", "/tag/cuaca/feed/", "/tag/cuaca/feed/atom/",
    ]  # fmt: skip
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version in {"rss20", "atom10"}, url
    site = feedparser.parse(client.get("/feed/").content)
    titles = [e.title for e in site.entries]
    assert "Hujan Deras & Angin <Kencang> di Pesisir" in titles
    entry = site.entries[titles.index("Hujan Deras & Angin <Kencang> di Pesisir")]
    assert entry.link.endswith(story.get_absolute_url())
    assert entry.author == "Penulis Uji"
    opini = feedparser.parse(client.get("/opini/feed/").content)
    assert [e.title for e in opini.entries] == ["Mengapa Kita Perlu Trotoar"]


@pytest.mark.django_db
def test_unknown_feed_collection_is_404(client):
    assert client.get("/tag/tidak-ada/feed/").status_code == 404
    assert client.get("/penulis/tidak-ada/feed/").status_code == 404
