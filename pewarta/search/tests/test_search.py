from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from pewarta.desk import services
from pewarta.desk.models import Kind
from pewarta.search.api import related_stories, search, search_stories
from pewarta.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def headlines(stories):
    return [s.live_revision.headline for s in stories]


def test_tanda_tangan_finds_every_affixed_form(publish):
    a = publish("Bupati Menandatangani Nota Kesepahaman Air Bersih")
    b = publish("Penandatanganan Kontrak Jalan Tol Ditunda")
    c = publish("Perjanjian Damai Ditandatangani di Balai Desa")
    publish("Harga Cabai Naik Menjelang Lebaran")
    found = search_stories("tanda tangan")
    assert {s.pk for s in found} == {a.pk, b.pk, c.pk}


def test_stopword_only_query_returns_nothing_and_says_why(publish):
    publish("Warga yang Tinggal di Tepi Sungai Dievakuasi", body="dan ke dari yang di")
    results = search("yang dan di ke dari")
    assert results.hits == [] and results.total == 0
    assert results.only_stopwords


def test_headline_match_ranks_above_lead_above_body(publish):
    body = publish("Rapat Warga Kampung", body="Warga membahas banjir bandang kemarin.")
    lead = publish("Kerja Bakti Kampung", lead="Warga bersiap menghadapi banjir.")
    head = publish("Banjir Rendam Tiga Desa")
    assert [s.pk for s in search_stories("banjir")] == [head.pk, lead.pk, body.pk]


def test_recent_story_ranks_above_same_text_long_ago(publish):
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        old = publish("Festival Layang-layang Pantai Parangtritis")
    new = publish("Festival Layang-layang Pantai Parangtritis")
    assert [s.pk for s in search_stories("festival layang")] == [new.pk, old.pk]


def test_filters_by_section_kind_author_and_date(publish):
    news = publish("Pasar Murah Digelar di Alun-alun")
    opinion = publish("Pasar Murah Bukan Solusi Inflasi", kind=Kind.OPINI)
    with time_machine.travel(timezone.now() - timedelta(days=60)):
        older = publish("Pasar Murah Ramadan Diserbu Warga")
    assert {s.pk for s in search_stories("pasar murah", kind=Kind.OPINI)} == {opinion.pk}
    assert {s.pk for s in search_stories("pasar murah", section="opini")} == {opinion.pk}
    assert {s.pk for s in search_stories("pasar murah", section="berita")} == {news.pk, older.pk}
    recent = search_stories("pasar murah", date_from=(timezone.now() - timedelta(days=7)).date())
    assert {s.pk for s in recent} == {news.pk, opinion.pk}
    until = search_stories("pasar murah", date_to=(timezone.now() - timedelta(days=30)).date())
    assert {s.pk for s in until} == {older.pk}
    author = news.authors.get()
    assert len(search_stories("pasar murah", author=author)) == 3
    assert search_stories("pasar murah", author="tidak-ada") == []


def test_snippet_escapes_markup_and_marks_the_words(publish):
    publish(
        "Peretas Menyisipkan Kode",
        body="Situs dinas disusupi kode &lt;script&gt;alert(1)&lt;/script&gt; oleh peretas.",
    )
    hit = search("peretas kode").hits[0]
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    assert "<mark>peretas</mark>" in hit.snippet
    assert str(hit.headline) == "<mark>Peretas</mark> Menyisipkan <mark>Kode</mark>"


def test_retracted_story_leaves_the_index(
    publish, senior_editor, django_capture_on_commit_callbacks
):
    story = publish("Kabar Bohong Soal Vaksin Beredar")
    assert search_stories("vaksin") == [story]
    with django_capture_on_commit_callbacks(execute=True):
        services.story_retract(
            story=story, actor=senior_editor, reason="sara", note="Melanggar pedoman."
        )
    assert search_stories("vaksin") == []
    assert not SearchEntry.objects.filter(story=story).exists()


def test_update_reindexes_the_new_text(publish, editor, django_capture_on_commit_callbacks):
    story = publish("Jembatan Gantung Putus")
    with django_capture_on_commit_callbacks(execute=True):
        services.story_edit(
            story=story,
            actor=editor,
            expected_version=story.version,
            headline="Jembatan Gantung Diperbaiki Warga",
            lead="",
            body_html="<p>Isi.</p>",
        )
        services.story_publish_update(story=story, actor=editor, note="Judul diperbarui.")
    assert search_stories("perbaiki") == [story]


def test_reindex_command_rebuilds_from_published_stories(publish, capsys):
    story = publish("Sekolah Rusak Diterjang Angin")
    SearchEntry.objects.all().delete()
    assert search_stories("sekolah") == []
    call_command("search-reindex")
    assert search_stories("sekolah") == [story]
    assert "1/1" in capsys.readouterr().out


def test_related_stories_exclude_itself_and_retracted(
    publish, senior_editor, django_capture_on_commit_callbacks
):
    story = publish("Nelayan Cilacap Keluhkan Solar Langka", body="Solar langka di Cilacap.")
    near = publish("Solar Langka, Nelayan Cilacap Tak Melaut", body="Nelayan menunggu solar.")
    gone = publish("Antrean Solar Nelayan Cilacap Mengular", body="Solar nelayan habis.")
    publish("Festival Musik Jazz di Yogyakarta")
    with django_capture_on_commit_callbacks(execute=True):
        services.story_retract(story=gone, actor=senior_editor, reason="sara", note="Dicabut.")
    related = related_stories(story)
    assert related == [near]


def test_unpublished_story_leaves_the_index(
    publish, senior_editor, django_capture_on_commit_callbacks
):
    story = publish("Proyek Irigasi Mangkrak")
    with django_capture_on_commit_callbacks(execute=True):
        services.story_unpublish(story=story, actor=senior_editor, note="Perlu verifikasi ulang.")
    assert search_stories("irigasi") == []


def test_stories_not_yet_published_are_not_found(make_story, django_capture_on_commit_callbacks):
    from pewarta.desk.models import Status

    with django_capture_on_commit_callbacks(execute=True):
        make_story(status=Status.APPROVED, headline="Rencana Pemekaran Kabupaten")
    assert search_stories("pemekaran") == []
    assert not SearchEntry.objects.exists()


def test_related_stories_of_a_draft_suggest_published_ones(publish, make_story):
    from pewarta.desk.models import Status

    older = publish("Sampah Plastik Menumpuk di Sungai Citarum", body="Sampah plastik Citarum.")
    draft = make_story(
        status=Status.IN_REVIEW,
        headline="Relawan Bersihkan Sampah Plastik Citarum",
        body_html="<p>Relawan memungut sampah plastik di Citarum.</p>",
    )
    assert related_stories(draft) == [older]


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="PostgreSQL's two ways to collect matches")
def test_postgres_both_match_strategies_agree(publish):
    from pewarta.search.analysis import parse_query
    from pewarta.search.backends import Filters, PostgresBackend

    stories = [publish(f"Pembangunan Bendungan Tahap {n}") for n in range(5)]
    tsquery = parse_query("bangun bendungan").tsquery()
    backend = PostgresBackend()
    walk = backend._run(tsquery, "document", Filters(), 3, newest_first=True)
    gin = backend._run(tsquery, "document", Filters(), 3, newest_first=False)
    newest = sorted(s.pk for s in stories[2:])
    assert sorted(r[0] for r in walk) == sorted(r[0] for r in gin) == newest


@pytest.mark.django_db(transaction=True)
def test_searching_leaves_the_connection_as_django_expects(publish):
    """Outside any transaction (as a request runs) and inside one, a search leaves the driver
    in the state Django believes it is in: the PostgreSQL backend's SET LOCAL runs in its own
    atomic block, so the next atomic() can always switch autocommit."""
    from django.db import connection, transaction

    publish(headline="Perahu nelayan kembali melaut")
    assert search("perahu").hits, "the published story is found"
    assert connection.get_autocommit()
    if connection.vendor == "postgresql":
        from psycopg.pq import TransactionStatus

        assert connection.connection.info.transaction_status == TransactionStatus.IDLE
    with transaction.atomic():
        search("nelayan melaut")
    with transaction.atomic():  # would raise "can't change 'autocommit' now" if left INTRANS
        assert search("perahu nelayan").hits is not None
