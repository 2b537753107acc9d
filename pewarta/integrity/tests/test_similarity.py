"""The persisted index and the check: containment both ways, over restarts, against abuse."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pewarta.common import indonesian
from pewarta.integrity import index, similarity
from pewarta.integrity import text as sig
from pewarta.integrity.models import Band, Fingerprint
from pewarta.integrity.tests.texts import OLDER, PRESS_RELEASE, SAME_TOPIC, lifted_piece

pytestmark = pytest.mark.django_db


def archive_loader(texts: dict[int, str]):
    def load(ids):
        return {
            pk: similarity.Source(
                kind="story",
                id=pk,
                headline=f"Naskah {pk}",
                url=f"/desk/naskah/{pk}/",
                date="2026-01-02T10:00:00+07:00",
                writer="Penulis Arsip",
                text=texts[pk],
            )
            for pk in ids
            if pk in texts
        }

    return load


@pytest.fixture
def archive(make_story):
    """Three stories with signatures: the older flood story and two on other matters."""
    texts = {}
    for paragraphs in (OLDER, SAME_TOPIC, PRESS_RELEASE):
        story = make_story(headline="Arsip", body_html="<p>x</p>")
        texts[story.pk] = " ".join(paragraphs)
        index.fingerprint_story(story_id=story.pk, text=texts[story.pk])
    return texts


def test_signature_is_stored_with_its_bands_and_follows_the_text(archive):
    pk = next(iter(archive))
    fingerprint = Fingerprint.objects.get(story_id=pk)
    keys = set(Band.objects.filter(fingerprint=fingerprint).values_list("key", flat=True))
    assert keys == set(sig.to_signed(index._keys_of(fingerprint)).tolist())
    assert not index.fingerprint_story(story_id=pk, text=archive[pk])  # unchanged: no work
    assert index.fingerprint_story(story_id=pk, text=" ".join(SAME_TOPIC[:2]))
    new_keys = set(Band.objects.filter(fingerprint=fingerprint).values_list("key", flat=True))
    assert (
        new_keys
        and new_keys != keys
        and not (keys - new_keys)
        & set(Band.objects.values_list("key", flat=True).filter(fingerprint=fingerprint))
    )
    index.fingerprint_drop(story_id=pk)
    assert not Fingerprint.objects.filter(story_id=pk).exists()
    assert not Band.objects.filter(fingerprint_id=fingerprint.pk).exists()


def test_piece_lifting_a_third_of_an_older_story_is_found_with_both_shares(archive):
    older = next(pk for pk, t in archive.items() if t.startswith(OLDER[0]))
    result = similarity.check_text(lifted_piece(), load_stories=archive_loader(archive))
    assert [m.source.id for m in result.matches] == [older]
    match = result.matches[0]
    assert 0.25 < match.share_source < 0.6 and match.share_new > 0.4
    payload = result.payload()
    assert payload["sources"][0]["headline"] == f"Naskah {older}"
    assert payload["sources"][0]["passages"] and "text" not in payload["sources"][0]


def test_older_story_wholly_contained_in_a_longer_piece_is_found(archive):
    older = next(pk for pk, t in archive.items() if t.startswith(OLDER[0]))
    longer = " ".join(["Pembuka yang baru sama sekali."] + OLDER + PRESS_LIKE + SAME_TOPIC)
    result = similarity.check_text(longer, load_stories=archive_loader(archive))
    match = next(m for m in result.matches if m.source.id == older)
    assert match.share_source > 0.95 and match.share_new < 0.7


PRESS_LIKE = [
    "Wali kota meresmikan taman baca di setiap rukun warga untuk menumbuhkan minat membaca.",
    "Taman baca itu dikelola karang taruna dengan koleksi buku sumbangan penerbit lokal.",
]


def test_unrelated_piece_on_the_same_topic_finds_nothing(archive):
    piece = " ".join(
        [
            "Genangan setinggi lutut orang dewasa menutup jalan utama Kebon Pala sejak pagi.",
            "Pengendara sepeda motor memilih memutar melewati jalan kampung yang lebih tinggi.",
            "Petugas dinas perhubungan mengatur lalu lintas di perempatan yang macet parah.",
        ]
    )
    assert similarity.check_text(piece, load_stories=archive_loader(archive)).matches == []


def test_own_story_is_left_out_and_removed_sources_are_skipped(archive):
    older = next(pk for pk, t in archive.items() if t.startswith(OLDER[0]))
    result = similarity.check_text(
        archive[older], load_stories=archive_loader(archive), exclude_story_id=older
    )
    assert all(m.source.id != older for m in result.matches)
    gone = similarity.check_text(lifted_piece(), load_stories=lambda ids: {})
    assert gone.matches == []


def test_the_check_needs_nothing_kept_in_the_process(archive):
    """A restarted worker has empty caches; the index lives in the database."""
    indonesian.stem.cache_clear()
    sig.forget()
    result = similarity.check_text(lifted_piece(), load_stories=archive_loader(archive))
    assert len(result.matches) == 1


def test_empty_and_huge_pieces(archive, settings):
    assert similarity.check_text("", load_stories=archive_loader(archive)).matches == []
    settings.PEWARTA_INTEGRITY_MAX_CHARS = 50_000
    huge = lifted_piece() + " " + "kalimat acak tanpa makna " * 200_000
    result = similarity.check_text(huge, load_stories=archive_loader(archive))
    assert result.truncated and len(result.matches) == 1


def test_bulk_rebuild_matches_one_by_one(archive):
    before = {f.story_id: (f.digest, bytes(f.keys)) for f in Fingerprint.objects.all()}
    index.index_clear()
    assert not Band.objects.exists()
    seen = []
    done = index.fingerprints_bulk(
        [("story", pk, text) for pk, text in archive.items()], progress=seen.append, batch=2
    )
    assert done == 3 and seen == [2, 3]
    after = {f.story_id: (f.digest, bytes(f.keys)) for f in Fingerprint.objects.all()}
    assert after == before
    assert Band.objects.count() == sum(len(k) // 8 for _d, k in after.values())


def _bands() -> set[tuple[int, int]]:
    """Band rows by story: (key, story id), whatever ids the fingerprints got."""
    story_of = dict(Fingerprint.objects.values_list("pk", "story_id"))
    return {(key, story_of[fid]) for key, fid in Band.objects.values_list("key", "fingerprint")}


def test_a_rebuild_finds_what_signing_one_by_one_finds(archive):
    """The rebuild's bulk writes (COPY on PostgreSQL) store the same bands as the signing
    of one story after a commit, and the check finds the same source, with the same shares."""
    load = archive_loader(archive)
    incremental = similarity.check_text(lifted_piece(), load_stories=load).payload()
    bands = _bands()
    index.index_clear()
    assert index.fingerprints_bulk([("story", pk, text) for pk, text in archive.items()]) == 3
    assert _bands() == bands
    index.common_keys_refresh()
    assert similarity.check_text(lifted_piece(), load_stories=load).payload() == incremental
    assert incremental["sources"]
    story = next(iter(archive))  # and the incremental path goes on from a rebuilt index
    index.fingerprint_story(story_id=story, text=archive[story] + " Tambahan kalimat baru.")
    assert index.probe(sig.sketch_of(archive[story])[1])[0].story_id == story


def _band_key() -> bool:
    with connection.cursor() as cursor:
        return index._band_key_exists(cursor)


def test_a_rebuild_builds_the_bands_key_again_even_when_it_fails(archive):
    if connection.vendor != "postgresql":
        pytest.skip("the key is dropped during a rebuild on PostgreSQL only")
    index.index_clear()

    def documents():
        yield from [("story", pk, text) for pk, text in archive.items()][:2]
        assert not _band_key()  # loaded without it
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        index.fingerprints_bulk(documents(), batch=1)
    assert _band_key()
    assert Fingerprint.objects.count() == 2  # the batches done before are kept


def test_a_killed_rebuild_is_repaired_by_the_daily_refresh(archive):
    if connection.vendor != "postgresql":
        pytest.skip("the key is dropped during a rebuild on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE integrity_band DROP CONSTRAINT {index._BAND_KEY}")
    index.common_keys_refresh()
    assert _band_key()
    assert not index.band_key_ensure()  # nothing to do the second time


def test_boilerplate_shared_by_many_documents_proves_nothing(make_story, settings):
    settings.PEWARTA_INTEGRITY_COMMON_SHINGLE_DOCS = 5
    footer = "Siaran pers ini disebarkan oleh bagian hubungan masyarakat pemerintah kota."
    for i in range(6):
        story = make_story(headline="Arsip", body_html="<p>x</p>")
        index.fingerprint_story(story_id=story.pk, text=f"{OLDER[i]} {footer}")
    piece = " ".join(SAME_TOPIC[:2]) + " " + footer
    assert index.probe(sig.sketch_of(piece)[1])  # before: the footer alone finds them
    assert index.common_keys_refresh() > 0
    assert index.probe(sig.sketch_of(piece)[1]) == []
    assert len(index.probe(sig.sketch_of(f"{OLDER[2]} {footer}")[1])) == 1


def test_the_check_makes_the_same_few_queries_however_many_candidates(archive, make_story):
    """Probe, stems and documents are each read once, never once per candidate."""
    load = archive_loader(archive)

    def queries_of_one_check() -> tuple[int, int]:
        indonesian.stem.cache_clear()
        sig.forget()  # a fresh process: the stems are read from the store too
        with CaptureQueriesContext(connection) as queries:
            result = similarity.check_text(lifted_piece(), load_stories=load)
        return len(queries), result.compared

    few, compared = queries_of_one_check()
    for i in range(8):  # eight more stories that lift from the same older one
        text = " ".join([SAME_TOPIC[i % 4], *OLDER[i % 3 : i % 3 + 4]])
        story = make_story(headline="Arsip", body_html="<p>x</p>")
        archive[story.pk] = text
        index.fingerprint_story(story_id=story.pk, text=text)
    many, compared_many = queries_of_one_check()
    assert compared == 1 and compared_many >= 8
    assert many == few <= 6


def test_the_probe_is_one_round_trip(archive):
    with CaptureQueriesContext(connection) as queries:
        assert index.probe(sig.sketch_of(lifted_piece())[1])
    assert len(queries) == 1


@pytest.mark.django_db(transaction=True)
def test_the_probe_turns_jit_off_for_itself_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
        index.probe(sig.sketch_of(lifted_piece())[1])
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "on"


def test_two_consumers_signing_one_new_story_leave_one_signature(make_story, monkeypatch):
    """Two changes to a new story, signed by two consumers at once: the one whose insert loses
    takes the other's row instead of failing with a duplicate key (seen on the cluster)."""
    story = make_story(headline="Arsip", body_html="<p>x</p>")
    theirs, ours = " ".join(OLDER), " ".join(SAME_TOPIC)
    real = index.sketch_of

    def other_consumer_meanwhile(text):
        monkeypatch.setattr(index, "sketch_of", real)
        assert index.fingerprint_story(story_id=story.pk, text=theirs)
        return real(text)

    monkeypatch.setattr(index, "sketch_of", other_consumer_meanwhile)
    assert index.fingerprint_story(story_id=story.pk, text=ours)
    fingerprint = Fingerprint.objects.get(story_id=story.pk)
    assert fingerprint.digest == sig.text_digest(ours)
    keys = set(Band.objects.filter(fingerprint=fingerprint).values_list("key", flat=True))
    assert keys == set(sig.to_signed(index._keys_of(fingerprint)).tolist())
    assert not index.fingerprint_story(story_id=story.pk, text=ours)
