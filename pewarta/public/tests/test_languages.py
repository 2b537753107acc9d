"""No page mixes Indonesian and English: dates and labels follow the reader's language.

Dates come from code (pewarta.common.timefmt), not from the catalogue, so they are checked on
every key page; the byline and kind labels come from the English catalogue
(pewarta/locale/en), already compiled for them.
"""

import re

import pytest
from django.test import Client

HARI = re.compile(r"\b(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu),")
DAYS = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),")


@pytest.fixture
def story(publish, reader_site_data):
    return publish(
        headline="Warga Tanam Bakau di Pesisir Demak",
        lead="Dua ratus bibit bakau ditanam kelompok nelayan.",
        body_html="<p>Penanaman berlangsung sejak pukul tujuh.</p>",
    )


def _client(language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    return client


def _pages(story):
    return ["/", "/berita/", story.get_absolute_url(), f"/penulis/{story.authors.first().slug}"]


@pytest.mark.django_db
def test_english_pages_print_english_dates_and_labels(story):
    client = _client("en")
    for url in _pages(story):
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html, url
        assert DAYS.search(html), url
        assert not HARI.search(html), (url, HARI.search(html).group(0))
    article = client.get(story.get_absolute_url()).content.decode()
    assert "Writer:" in article and "Penulis:" not in article
    assert '<p class="kind kind-berita"><a href="/berita/">News</a></p>' in article
    section = client.get("/berita/").content.decode()
    assert "<h1>News</h1>" in section


@pytest.mark.django_db
def test_indonesian_pages_print_indonesian_dates_and_labels(story):
    client = _client("id")
    for url in _pages(story):
        html = client.get(url).content.decode()
        assert '<html lang="id">' in html, url
        assert HARI.search(html), url
        assert not DAYS.search(html), (url, DAYS.search(html).group(0))
    article = client.get(story.get_absolute_url()).content.decode()
    assert "Penulis:" in article and "Writer:" not in article


@pytest.mark.django_db
def test_the_desk_and_the_writers_pages_follow_the_language(story, editor, writer):
    from pewarta.accounts.services import consents_accept_current

    consents_accept_current(contributor=writer.contributor)
    review = f"/desk/naskah/{story.pk}/"
    for language, wanted, unwanted in (("en", DAYS, HARI), ("id", HARI, DAYS)):
        desk = _client(language)
        desk.force_login(editor)
        response = desk.get(review)
        html = response.content.decode()
        assert response.status_code == 200, response.status_code
        assert wanted.search(html) and not unwanted.search(html), language
        own = _client(language)
        own.force_login(writer)
        response = own.get("/akun/")
        html = response.content.decode()
        assert response.status_code == 200, response.status_code
        assert wanted.search(html) and not unwanted.search(html), language
