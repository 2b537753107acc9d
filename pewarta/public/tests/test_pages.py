import json
import re

import pytest
from django.utils import timezone
from PIL import Image

from pewarta.accounts.models import Contributor
from pewarta.desk import services
from pewarta.desk.models import Kind, Status, Tag
from pewarta.public.models import Page


def _json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def photo(settings):
    from pathlib import Path

    path = Path(settings.MEDIA_ROOT) / "uploads" / "banjir.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1600, 1000), (30, 120, 200)).save(path, "JPEG")
    return "/media/uploads/banjir.jpg"


@pytest.mark.django_db
def test_story_page_has_the_seed_shape(client, publish, editor, writer, photo):
    writer.contributor.affiliation = "Komunitas Peduli Ciliwung"
    writer.contributor.save()
    other = publish(headline="Banjir Surut di Kampung Melayu")
    story = publish(
        headline="Warga Bersihkan Sungai Ciliwung",
        lead="Ratusan warga turun ke sungai pada Minggu pagi.",
        dateline="Jakarta",
        body_html="<p>Kegiatan dimulai pukul 06.00.</p><p>Sampah plastik mendominasi.</p>",
        images=[
            {"src": photo, "caption": "Warga memungut sampah", "credit": "Rina/Pewarta",
             "featured": True, "ai_generated": False},
            {"src": "https://example.org/ilustrasi.png", "caption": "Ilustrasi sungai",
             "credit": "Redaksi", "ai_generated": True},
        ],
    )  # fmt: skip
    rev = services.story_edit(
        story=story, actor=editor, expected_version=story.version, related=[other.pk]
    )
    story.refresh_from_db()
    story = services.story_publish_update(story=story, actor=editor)
    services.story_update_metadata(
        story=story,
        actor=editor,
        expected_version=story.version,
        tags=[Tag.objects.create(name="Lingkungan", slug="lingkungan")],
    )
    story.refresh_from_db()
    html = client.get(story.get_absolute_url()).content.decode()

    assert '<p class="kind kind-berita">' in html
    assert "<h1>Warga Bersihkan Sungai Ciliwung</h1>" in html
    assert "Ratusan warga turun ke sungai" in html
    assert "Penulis Uji</a> (Komunitas Peduli Ciliwung)" in html
    assert "Editor: Eka Editor" in html
    assert re.search(
        r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d+ \w+ \d{4} \d\d:\d\d WIB", html
    )
    assert "JAKARTA, PEWARTA - </strong>Kegiatan dimulai" in html
    assert "Baca juga:" in html and "Banjir Surut di Kampung Melayu" in html
    assert "Sumber Foto: Rina/Pewarta" in html
    assert "Gambar dibuat dengan kecerdasan buatan (AI)" in html
    assert 'type="image/webp"' in html and "800w" in html and 'loading="lazy"' in html
    assert "#Lingkungan" in html
    assert "Isi tulisan menjadi tanggung jawab penulis" in html
    assert f'href="/laporkan/{story.pk}"' in html
    assert f'href="/hak-jawab/{story.pk}"' in html and f'href="/hak-koreksi/{story.pk}"' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{story.get_absolute_url()}">' in html
    assert '<meta property="og:title" content="Warga Bersihkan Sungai Ciliwung">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = _json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["author"][0]["name"] == "Penulis Uji"
    assert data["editor"]["name"] == "Eka Editor"
    assert data["publisher"]["name"] == "Pewarta"
    assert data["datePublished"] and data["dateModified"]
    assert rev.number == 2


@pytest.mark.django_db
def test_opinion_is_an_opinion_news_article(client, publish):
    story = publish(headline="Kota Butuh Lebih Banyak Taman", kind=Kind.OPINI)
    html = client.get(story.get_absolute_url()).content.decode()
    assert _json_ld(html)["@type"] == "OpinionNewsArticle"


@pytest.mark.django_db
def test_press_release_advertorial_and_unverified_are_labelled(client, publish, editor):
    release = publish(headline="Kementerian Luncurkan Program Baru", kind=Kind.SIARAN_PERS)
    advert = publish(headline="Promo Akhir Tahun", kind=Kind.ADVERTORIAL)
    unverified = publish(headline="Jembatan Dikabarkan Retak")
    services.story_update_metadata(
        story=unverified,
        actor=editor,
        expected_version=unverified.version,
        flags={"is_unverified": True},
    )
    assert (
        "Siaran Pers — naskah ini adalah rilis resmi"
        in client.get(release.get_absolute_url()).content.decode()
    )
    assert "Advertorial — konten berbayar" in client.get(advert.get_absolute_url()).content.decode()
    unverified.refresh_from_db()
    assert (
        "Berita ini belum terverifikasi"
        in client.get(unverified.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_unpublished_story_is_not_shown_anywhere(client, make_story):
    story = make_story(status=Status.APPROVED, headline="Naskah Belum Tayang")
    assert "Naskah Belum Tayang" not in client.get("/").content.decode()
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_home_has_lead_latest_sections_and_most_read(client, publish, settings):
    from pewarta.public.services import story_views_flush

    opinion = publish(headline="Menjaga Bahasa Daerah", kind=Kind.OPINI)
    first = publish(headline="Pasar Tradisional Ramai Jelang Lebaran")
    for n in range(6):
        publish(headline=f"Kabar Singkat Nomor {n}")
    lead = publish(headline="Gempa Kecil Guncang Cianjur")
    for n in range(3):
        client.post(f"/dibaca/{first.pk}", REMOTE_ADDR=f"10.0.0.{n + 1}")
    client.post(f"/dibaca/{opinion.pk}")
    assert story_views_flush() == 4
    html = client.get("/").content.decode()
    assert html.index("Gempa Kecil Guncang Cianjur") < html.index("Terbaru")
    popular = html[html.index('id="terpopuler"') :]
    assert popular.index("Pasar Tradisional") < popular.index("Menjaga Bahasa Daerah")
    opini_block = html[html.index('id="rubrik-opini"') :]
    assert "Menjaga Bahasa Daerah" in opini_block, "older than the latest seven: in its section"
    assert html.count(f'href="{lead.get_absolute_url()}"') == 1, "the lead is not repeated"
    assert lead.pk


@pytest.mark.django_db
def test_section_pages_walk_by_keyset_both_ways(client, publish, monkeypatch):
    import re

    from pewarta.public import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    for n in range(5):
        publish(headline=f"Kabar Desa Nomor {n}")

    def links(html):
        return dict(re.findall(r'rel="(prev|next)" href="\?([^"]+)"', html))

    seen, html = [], client.get("/berita/").content.decode()
    assert "prev" not in links(html)
    while True:
        seen += re.findall(r"Kabar Desa Nomor (\d)", html)
        if "next" not in links(html):
            break
        html = client.get(f"/berita/?{links(html)['next']}").content.decode()
    assert seen == ["4", "3", "2", "1", "0"], "every story once, newest first"
    back = client.get(f"/berita/?{links(html)['prev']}").content.decode()
    assert re.findall(r"Kabar Desa Nomor (\d)", back) == ["2", "1"]
    assert "next" in links(back) and "prev" in links(back)

    # Stories published in the same microsecond are walked by id, none skipped or repeated.
    from django.core.cache import cache

    from pewarta.desk.models import Story

    Story.objects.update(published_at=Story.objects.order_by("pk").first().published_at)
    cache.clear()
    seen, html = [], client.get("/berita/?page=1").content.decode()
    while True:
        seen += re.findall(r"Kabar Desa Nomor (\d)", html)
        if "next" not in links(html):
            break
        html = client.get(f"/berita/?{links(html)['next']}").content.decode()
    assert sorted(seen) == ["0", "1", "2", "3", "4"] and len(seen) == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "sebelum=abc",
        "sebelum=1-99",
        "setelah=99999999999999999-1",
        "setelah=1-0",
        "sebelum=",
        "page=11",
        "page=x",
    ],
)
def test_crafted_listing_cursors_are_404_not_500(client, publish, query):
    publish(headline="Kabar Desa")
    assert client.get(f"/berita/?{query}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["sebelum=abc", "sebelum=1-99", "setelah=1-0", "page=11"])
def test_crafted_cursors_on_label_pages_are_404_not_500(client, publish, writer, query):
    """Label pages check a cursor against their links: one naming a story of another label,
    or none, is a 404 like on a section page."""
    from pewarta.public.listing import cursor_of

    publish(headline="Kabar Desa Lama")
    story = publish(headline="Kabar Desa")
    Tag.objects.create(name="Pertanian", slug="pertanian")
    slug = Contributor.objects.get(user=writer).slug
    for url in (f"/penulis/{slug}", "/tag/pertanian"):
        assert client.get(f"{url}?{query}").status_code == 404, url
    # A real story's cursor on a tag page that does not list it: 404 too.
    assert client.get(f"/tag/pertanian?sebelum={cursor_of(story)}").status_code == 404
    older = client.get(f"/penulis/{slug}?sebelum={cursor_of(story)}")
    assert older.status_code == 200 and "Kabar Desa Lama" in older.content.decode()


@pytest.mark.django_db
def test_a_tag_given_or_taken_on_the_desk_after_publication_moves_the_story_on_its_page(
    client, publish, label
):
    from pewarta.desk.models import StoryTag

    tag = Tag.objects.create(name="Pertanian", slug="pertanian")
    story = publish(headline="Petani Muda Panen Raya")
    assert "Petani Muda Panen Raya" not in client.get("/tag/pertanian").content.decode()
    story = label(story, tags=[tag])
    assert StoryTag.objects.get(story=story, tag=tag).published_at == story.published_at
    assert "Petani Muda Panen Raya" in client.get("/tag/pertanian").content.decode()
    label(story, tags=[])
    assert not StoryTag.objects.filter(story=story).exists()
    assert "Petani Muda Panen Raya" not in client.get("/tag/pertanian").content.decode()


@pytest.mark.django_db
def test_old_page_links_still_answer(client, publish, monkeypatch):
    from pewarta.public import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    for n in range(5):
        publish(headline=f"Kabar Desa Nomor {n}")
    third = client.get("/berita/?page=3").content.decode()
    assert "Kabar Desa Nomor 0" in third and 'rel="prev"' in third
    assert 'rel="next"' not in third


@pytest.mark.django_db
def test_author_page_shows_verified_badge_and_tag_page_lists(client, publish, writer):
    tag = Tag.objects.create(name="Pertanian", slug="pertanian")
    publish(headline="Petani Muda Panen Raya", tags=[tag])
    contributor = Contributor.objects.get(user=writer)
    contributor.verification = Contributor.Verification.IDENTITY
    contributor.save()
    html = client.get(f"/penulis/{contributor.slug}").content.decode()
    assert "Akun Terverifikasi" in html and "Petani Muda Panen Raya" in html
    assert "Petani Muda Panen Raya" in client.get("/tag/pertanian").content.decode()


@pytest.mark.django_db
def test_standing_pages_have_text_and_newsroom_address(client, settings):
    settings.PEWARTA_NEWSROOM_EMAIL = "naskah@koran.example"
    html = client.get("/kirim").content.decode()
    assert 'href="mailto:naskah@koran.example"' in html
    assert "Cara Mengirim Tulisan" in html
    for slug in ["redaksi", "pedoman-media-siber", "syarat-ketentuan", "privasi"]:
        assert client.get(f"/{slug}").status_code == 200
    footer = client.get("/").content.decode()
    assert 'href="/pedoman-media-siber"' in footer


@pytest.mark.django_db
def test_only_senior_editors_edit_standing_pages(client, editor, senior_editor):
    url = "/halaman/redaksi/ubah"
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(senior_editor)
    assert 'href="/halaman/redaksi/ubah"' in client.get("/redaksi").content.decode()
    response = client.post(
        url,
        {"title": "Susunan Redaksi", "body_html": "<p>Pemimpin Redaksi: Sri</p><script>x</script>"},
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="redaksi")
    assert page.title == "Susunan Redaksi" and "<script>" not in page.body_html
    client.logout()
    assert "Pemimpin Redaksi: Sri" in client.get("/redaksi").content.decode()


@pytest.mark.django_db
def test_robots_points_at_sitemaps(client, settings):
    settings.PEWARTA_SITE_URL = "https://pewarta.example"
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://pewarta.example/sitemap.xml" in text
    assert "Sitemap: https://pewarta.example/sitemap-news.xml" in text


@pytest.mark.django_db
def test_sitemaps_list_stories_sections_authors_and_recent_news(client, publish, writer):
    story = publish(headline="Festival Layang-layang Pantai")
    index = client.get("/sitemap.xml").content.decode()
    for name in ["naskah", "rubrik", "penulis"]:
        assert f"/sitemap-{name}.xml" in index
    assert story.get_absolute_url() in client.get("/sitemap-naskah.xml").content.decode()
    assert "/berita/" in client.get("/sitemap-rubrik.xml").content.decode()
    assert (
        f"/penulis/{writer.contributor.slug}" in client.get("/sitemap-penulis.xml").content.decode()
    )
    news = client.get("/sitemap-news.xml").content.decode()
    assert "<news:title>Festival Layang-layang Pantai</news:title>" in news
    story.first_published_at = timezone.now() - timezone.timedelta(hours=49)
    story.save(update_fields=["first_published_at"])
    from pewarta.public.pagecache import purge_all

    purge_all()
    assert "Festival" not in client.get("/sitemap-news.xml").content.decode()


@pytest.mark.django_db
def test_author_and_tag_pages_walk_their_links_and_follow_each_story(
    client, publish, writer, editor, senior_editor, monkeypatch
):
    """Label pages walk the links' listing key (desk.models.ListingLink); the key follows the
    story through the desk's services: publish, retract, a new co-author, a corrected date."""
    from datetime import timedelta

    from django.core.cache import cache

    from pewarta.desk import workflow
    from pewarta.desk.models import Story, StoryAuthor, StoryTag
    from pewarta.public import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    tag = Tag.objects.create(name="Pertanian", slug="pertanian")
    stories = [publish(headline=f"Kabar Tani Nomor {n}", tags=[tag]) for n in range(5)]
    contributor = Contributor.objects.get(user=writer)

    def walk(url):
        cache.clear()
        seen, html = [], client.get(url).content.decode()
        while True:
            seen += re.findall(r"Kabar Tani Nomor (\d)", html)
            found = dict(re.findall(r'rel="(prev|next)" href="\?([^"]+)"', html))
            if "next" not in found:
                return seen, found
            html = client.get(f"{url}?{found['next']}").content.decode()

    for url in (f"/penulis/{contributor.slug}", "/tag/pertanian"):
        seen, found = walk(url)
        assert seen == ["4", "3", "2", "1", "0"], url
        back = client.get(f"{url}?{found['prev']}").content.decode()
        assert re.findall(r"Kabar Tani Nomor (\d)", back) == ["2", "1"], url

    services.story_retract(story=stories[3], actor=senior_editor, reason="sara", note="Uji")
    assert not StoryAuthor.objects.filter(story=stories[3], published_at__isnull=False).exists()
    assert walk(f"/penulis/{contributor.slug}")[0] == ["4", "2", "1", "0"]
    assert walk("/tag/pertanian")[0] == ["4", "2", "1", "0"]

    guest = Contributor.objects.create(pen_name="Rekan Penulis", slug="rekan-penulis")
    services.story_add_author(story=stories[1], contributor=guest, actor=editor)
    assert walk("/penulis/rekan-penulis")[0] == ["1"]

    # The newest story given an older date (as an archive import does): it moves on every page.
    oldest = Story.objects.get(pk=stories[0].pk).published_at
    services.story_set_dates(
        story=stories[4], actor=workflow.SYSTEM_ACTOR, published_at=oldest - timedelta(days=1)
    )
    assert walk(f"/penulis/{contributor.slug}")[0] == ["2", "1", "0", "4"]
    assert walk("/tag/pertanian")[0] == ["2", "1", "0", "4"]
    link = StoryTag.objects.get(story=stories[4], tag=tag)
    assert link.published_at == Story.objects.get(pk=stories[4].pk).published_at
