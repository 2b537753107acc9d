"""Stored stems: a restarted process reads a text's stems in one query instead of stemming."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pewarta.common import indonesian
from pewarta.integrity import index, stems
from pewarta.integrity import text as sig
from pewarta.integrity.models import Band, Fingerprint, WordStem
from pewarta.integrity.tests.texts import OLDER, SAME_TOPIC

pytestmark = pytest.mark.django_db


def restart():
    """What a new worker process starts with: no stem known."""
    indonesian.stem.cache_clear()
    sig.forget()


@pytest.fixture(autouse=True)
def fresh_process():
    """Each test starts as a new process would (earlier tests' stems were rolled back)."""
    restart()


def test_signing_stores_the_stems_a_restarted_process_then_reads_in_one_query(make_story):
    text = " ".join(OLDER)
    story = make_story(headline="Arsip", body_html="<p>x</p>")
    index.fingerprint_story(story_id=story.pk, text=text)
    assert WordStem.objects.get(word="mengguyur").stem == "guyur"
    expected = sig.term_ids(text).tolist()

    restart()
    unknown = sig.unknown_words([text])
    with CaptureQueriesContext(connection) as queries:
        assert stems.stems_recall([text]) == len(unknown) > 20
    assert len(queries) == 1
    assert sig.term_ids(text).tolist() == expected
    assert indonesian.stem.cache_info().misses == 0  # Sastrawi was not asked once
    with CaptureQueriesContext(connection) as queries:
        stems.stems_recall([text])
    assert len(queries) == 0  # every word known now: no query at all


def test_new_words_are_stemmed_here_and_stored_by_the_next_signing(make_story):
    story = make_story(headline="Arsip", body_html="<p>x</p>")
    index.fingerprint_story(story_id=story.pk, text=" ".join(OLDER))
    restart()
    stems.stems_recall([" ".join(SAME_TOPIC)])
    assert not WordStem.objects.filter(word="mengungsi").exists()
    sig.term_ids(" ".join(SAME_TOPIC))  # read by a check: stemmed, not stored yet
    index.fingerprint_story(story_id=story.pk, text=" ".join(OLDER + SAME_TOPIC))
    assert WordStem.objects.get(word="mengungsi").stem == "ungsi"


def test_a_stored_stem_is_what_the_process_uses():
    """The store is the authority once read: every worker reads a word the same way."""
    WordStem.objects.create(word="meluap", stem="luap")
    WordStem.objects.create(word="membludak", stem="luap")  # taught, not Sastrawi's reading
    stems.stems_recall(["membludak meluap"])
    assert sig.term_ids("membludak").tolist() == sig.term_ids("meluap").tolist()


def test_the_rebuild_forgets_the_stems_and_stores_every_word_again(make_story):
    story = make_story(headline="Arsip", body_html="<p>x</p>")
    index.fingerprint_story(story_id=story.pk, text=" ".join(OLDER))
    WordStem.objects.create(word="usang", stem="kata-lama")
    known = WordStem.objects.count()
    index.index_clear()
    assert not WordStem.objects.exists()
    index.fingerprints_bulk([("story", story.pk, " ".join(OLDER))])
    assert WordStem.objects.count() == known - 1
    assert not WordStem.objects.filter(word="usang").exists()


def test_a_flood_of_made_up_words_stays_bounded(monkeypatch):
    monkeypatch.setattr(sig, "_WORD_IDS_LIMIT", 50)
    sig.term_ids(" ".join(f"katabuatan{i}" for i in range(200)))
    assert len(sig._WORD_IDS) <= 50 and len(sig.learned_take()) <= 50


def test_a_rebuild_by_several_processes_stores_what_one_process_stores(make_story):
    documents = []
    for paragraphs in (OLDER, SAME_TOPIC):
        story = make_story(headline="Arsip", body_html="<p>x</p>")
        documents.append(("story", story.pk, " ".join(paragraphs)))

    def rebuilt(jobs: int):
        index.index_clear()
        assert index.fingerprints_bulk(documents, batch=1, jobs=jobs) == 2
        prints = {f.story_id: (f.digest, bytes(f.keys)) for f in Fingerprint.objects.all()}
        bands = sorted(Band.objects.values_list("key", "fingerprint__story_id"))
        return prints, bands, dict(WordStem.objects.values_list("word", "stem"))

    one = rebuilt(1)
    assert one[0] and one[2]["mengungsi"] == "ungsi"
    assert rebuilt(2) == one  # the words met in the forked processes are stored too


def test_a_stem_longer_than_the_column_is_left_out_not_a_failed_signing():
    assert stems.stems_keep({"kata": "x" * 60, "meluap": "luap"}) == 1
    assert list(WordStem.objects.values_list("word", flat=True)) == ["meluap"]
