import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/cari"


def test_search_url_is_cari():
    assert reverse("search:search") == URL


def test_results_page_marks_words_and_escapes_markup(client, publish):
    story = publish(
        "Banjir Rendam Pasar Induk",
        body="Air setinggi lutut; warga menulis &lt;script&gt;alert(1)&lt;/script&gt; di spanduk banjir.",
    )
    response = client.get(URL, {"q": "banjir"})
    html = response.content.decode()
    assert response.status_code == 200
    assert story.get_absolute_url() in html
    assert "<mark>Banjir</mark> Rendam Pasar Induk" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert 'name="robots" content="noindex' in html


def test_filters_come_from_the_query_string(client, publish):
    from pewarta.desk.models import Kind

    publish("Pasar Murah di Alun-alun")
    opinion = publish("Pasar Murah Bukan Jawaban", kind=Kind.OPINI)
    html = client.get(URL, {"q": "pasar murah", "jenis": "opini"}).content.decode()
    assert opinion.get_absolute_url() in html
    assert "Alun-alun" not in html
    html = client.get(URL, {"q": "pasar murah", "rubrik": "opini"}).content.decode()
    assert "Alun-alun" not in html and "Bukan Jawaban" in html
    html = client.get(URL, {"q": "pasar murah", "penulis": "Penulis Uji"}).content.decode()
    assert "Alun-alun" in html and "Bukan Jawaban" in html


def test_pagination_keeps_the_query_and_filters(client, publish):
    for n in range(12):
        publish(f"Sengketa Lahan Nomor {n}")
    first = client.get(URL, {"q": "sengketa lahan", "jenis": "berita"}).content.decode()
    assert first.count('<li class="item">') == 10
    assert "halaman=2" in first and "jenis=berita" in first
    second = client.get(URL, {"q": "sengketa lahan", "jenis": "berita", "halaman": "2"})
    assert second.content.decode().count('<li class="item">') == 2
    assert 'aria-current="page"' in second.content.decode()


def test_no_results_page_helps(client, publish):
    publish("Panen Raya di Karawang")
    html = client.get(URL, {"q": "kapal selam", "jenis": "opini"}).content.decode()
    assert "Tidak ada naskah yang cocok" in html
    assert reverse("public:section", kwargs={"section": "berita"}) in html
    assert "Cari lagi tanpa saringan" in html
    assert "Panen Raya di Karawang" in html  # latest stories offered instead


def test_stopword_only_query_explains(client, publish):
    publish("Warga yang Datang dari Desa")
    html = client.get(URL, {"q": "yang dan dari"}).content.decode()
    assert "terlalu umum" in html
    assert "Warga yang Datang" not in html.split("Naskah terbaru")[0]


def test_bad_dates_are_reported_not_crashed(client, publish):
    publish("Gempa Guncang Cianjur")
    response = client.get(URL, {"q": "gempa", "dari": "kemarin", "sampai": "2100-01-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html and "id_dari-error" in html
    assert '<li class="item">' in html  # the bad filter is ignored, the search still runs


def test_empty_search_page_shows_the_form(client):
    html = client.get(URL).content.decode()
    assert 'role="search"' in html and 'name="q"' in html


def test_a_result_names_its_kind_once(client, publish):
    from pewarta.desk.models import Kind, Section

    publish("Kementerian Umumkan Bantuan Pangan", kind=Kind.SIARAN_PERS)
    html = client.get(URL, {"q": "bantuan pangan"}).content.decode()
    assert html.count("Siaran Pers") >= 1  # the label, and the filter's option
    assert "Siaran Pers · Siaran Pers" not in html
    assert '<p class="kind kind-siaran_pers">Siaran Pers</p>' in html
    Section.objects.filter(slug="siaran-pers").update(name="Rilis Lembaga")  # a renamed section
    html = client.get(URL, {"q": "bantuan pangan"}).content.decode()
    assert "Siaran Pers · Rilis Lembaga" in html
