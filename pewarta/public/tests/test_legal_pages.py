"""Legal pages and labels: /redaksi (UU Pers art. 12), the PPMS page, error pages, advertorial."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from pewarta.desk import services
from pewarta.desk.models import Kind

ROOT = Path(__file__).resolve().parents[3]


def _links_both_legal_pages(html):
    return 'href="/redaksi"' in html and 'href="/pedoman-media-siber"' in html


@pytest.mark.django_db
def test_redaksi_shows_the_press_companys_legal_data(client, settings, reader_site_data):
    settings.PEWARTA_PUBLISHER_NAME = "PT Kabar Warga Nusantara"
    settings.PEWARTA_PUBLISHER_ADDRESS = "Jl. Kenanga No. 7, Sleman, DI Yogyakarta"
    settings.PEWARTA_PUBLISHER_RESPONSIBLE = "Ratna Dewi"
    settings.PEWARTA_PUBLISHER_CHIEF_EDITOR = "Agus Salim"
    settings.PEWARTA_PUBLISHER_PHONE = "+62 274 555 0101"
    settings.PEWARTA_PUBLISHER_EMAIL = "redaksi@kabarwarga.example.id"
    html = client.get("/redaksi").content.decode()
    legal = html[html.index('class="legal"') :]
    for label, value in [
        ("Badan hukum", "PT Kabar Warga Nusantara"),
        ("Alamat", "Jl. Kenanga No. 7"),
        ("Penanggung jawab", "Ratna Dewi"),
        ("Pemimpin redaksi", "Agus Salim"),
        ("Telepon", "+62 274 555 0101"),
    ]:
        assert re.search(rf"<dt>{label}</dt><dd>{re.escape(value)}", legal), label
    assert 'href="mailto:redaksi@kabarwarga.example.id"' in legal
    assert "Pasal 12" in legal


@pytest.mark.parametrize(
    "missing",
    ["PEWARTA_PUBLISHER_NAME", "PEWARTA_PUBLISHER_RESPONSIBLE", "PEWARTA_PUBLISHER_PHONE"],
)
def test_production_refuses_to_start_without_the_legal_data(tmp_path, missing):
    env = {
        "PATH": "/usr/bin:/bin",
        "PEWARTA_VAR_DIR": str(tmp_path),
        "PEWARTA_ENV": "production",
        "SECRET_KEY": "k" * 50,
        "ALLOWED_HOSTS": "berita.example.id",
        "PEWARTA_PUBLISHER_NAME": "PT Kabar Warga Nusantara",
        "PEWARTA_PUBLISHER_ADDRESS": "Jl. Kenanga No. 7",
        "PEWARTA_PUBLISHER_RESPONSIBLE": "Ratna Dewi",
        "PEWARTA_PUBLISHER_CHIEF_EDITOR": "Agus Salim",
        "PEWARTA_PUBLISHER_PHONE": "+62 274 555 0101",
    }
    check = [sys.executable, "-c", "import pewarta.settings"]
    ok = subprocess.run(check, env=env, cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr[-800:]
    del env[missing]
    refused = subprocess.run(check, env=env, cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and missing in refused.stderr


@pytest.mark.django_db
def test_pedoman_links_the_official_text_and_senior_editors_edit_it(
    client, senior_editor, editor, reader_site_data
):
    html = client.get("/pedoman-media-siber").content.decode()
    official = html[html.index('class="official-text"') :]
    assert 'href="https://dewanpers.or.id/"' in official
    assert "1/Peraturan-DP/III/2012" in official

    edit_url = reverse("public:page-edit", args=["pedoman-media-siber"])
    client.force_login(editor)
    assert client.get(edit_url).status_code == 403  # an editor may not
    client.force_login(senior_editor)
    response = client.post(
        edit_url,
        {"title": "Pedoman Pemberitaan Media Siber", "body_html": "<p>Versi redaksi 2027.</p>"},
    )
    assert response.status_code == 302
    html = Client().get("/pedoman-media-siber").content.decode()
    assert "Versi redaksi 2027." in html and "1/Peraturan-DP/III/2012" in html


@pytest.mark.django_db
def test_every_error_page_links_redaksi_and_pedoman(client, settings, reader_site_data):
    settings.DEBUG = False
    not_found = client.get("/tidak-ada-halaman-ini")
    assert not_found.status_code == 404
    assert _links_both_legal_pages(not_found.content.decode())
    assert 'name="q"' in not_found.content.decode()  # a way on: search

    forbidden = client.get(reverse("public:page-edit", args=["redaksi"]), follow=False)
    assert forbidden.status_code in (302, 403)
    from django.views.defaults import permission_denied, server_error

    request = client.get("/").wsgi_request
    denied = permission_denied(request, Exception("tidak boleh"))
    assert denied.status_code == 403 and _links_both_legal_pages(denied.content.decode())
    broken = server_error(request)
    assert broken.status_code == 500 and _links_both_legal_pages(broken.content.decode())


def _advertorial(make_story, editor):
    story = make_story(headline="Promo Pupuk Organik untuk Petani Sleman")
    story = services.story_claim(story=story, actor=editor)
    story = services.story_update_metadata(
        story=story, actor=editor, expected_version=story.version, kind=Kind.ADVERTORIAL
    )
    story = services.story_approve(story=story, actor=editor)
    return services.story_publish(story=story, actor=editor)


@pytest.mark.django_db
def test_advertorial_is_not_news(client, make_story, editor, reader_site_data):
    ad = _advertorial(make_story, editor)
    url = ad.get_absolute_url()
    assert url.startswith("/advertorial/") and "/berita/" not in url
    html = client.get(url).content.decode()
    assert "konten berbayar" in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "AdvertiserContentArticle"
    assert client.get("/advertorial/").status_code == 200
    assert ad.live_revision.headline not in client.get("/berita/").content.decode()
    news = client.get("/sitemap-news.xml").content.decode()
    assert ad.live_revision.headline not in news and ad.slug not in news
    feed = client.get("/feed/").content.decode()
    assert "[Advertorial] Promo Pupuk Organik untuk Petani Sleman" in feed
    assert "<category>Advertorial</category>" in feed

    # Back to news: back under /berita/.
    story = services.story_update_metadata(
        story=ad, actor=editor, expected_version=ad.version, kind=Kind.BERITA
    )
    assert story.section.slug == "berita"


@pytest.mark.django_db
def test_the_official_text_link_is_a_setting(client, settings, reader_site_data):
    settings.PEWARTA_PPMS_OFFICIAL_URL = "https://dewanpers.or.id/dokumen/pedoman-media-siber.pdf"
    html = client.get("/pedoman-media-siber").content.decode()
    official = html[html.index('class="official-text"') :]
    assert 'href="https://dewanpers.or.id/dokumen/pedoman-media-siber.pdf"' in official
