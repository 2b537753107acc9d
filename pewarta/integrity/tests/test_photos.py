"""Photo reuse: perceptual hashes, the banded index and the look-up of copies."""

import imagehash
import pytest

from pewarta.integrity import photos
from pewarta.integrity.models import PhotoBand, PhotoPrint
from pewarta.integrity.tests.pictures import copies, picture

pytestmark = pytest.mark.django_db


def _store(seed: int, **entry) -> PhotoPrint:
    image = picture(seed)
    fields = {"src": f"/media/foto/{seed}.jpg", "credit": f"Fotografer {seed}"} | entry
    return photos.photo_index(photos.PhotoEntry(**fields), photos.photo_hashes(image))


def test_the_batched_hash_is_imagehash_phash():
    for seed in range(5):
        small = photos._work_image(picture(seed))
        expected = int(str(imagehash.phash(small)), 16)
        assert photos.phash_boxes(small, [(0, 0, 1, 1)]) == [expected]
        assert photos.phash(small) == expected


def test_each_kind_of_copy_finds_its_source_and_credit():
    archive = {seed: _store(seed) for seed in range(1, 40)}
    for name, copy in copies(picture(7)).items():
        matches = photos.photo_lookup(photos.probe_hashes(copy))
        assert matches, name
        best = matches[0]
        assert best.photo_id == archive[7].pk, name
        assert best.credit == "Fotografer 7"
        assert best.score > 0.85
        assert best.how == {"mirrored": "mirror", "cropped": "crop"}.get(name, "full")


def test_unrelated_photos_find_nothing():
    for seed in range(1, 40):
        _store(seed)
    for seed in range(1000, 1030):
        assert photos.photo_lookup(photos.probe_hashes(picture(seed))) == [], seed


def test_the_look_up_goes_through_the_bands_not_a_scan():
    stored = _store(3)
    probe = photos.probe_hashes(picture(3))
    assert photos.photo_lookup(probe)[0].photo_id == stored.pk
    PhotoBand.objects.all().delete()  # the hashes are still there, the index is gone
    assert PhotoPrint.objects.filter(pk=stored.pk).exists()
    assert photos.photo_lookup(probe) == []


def test_indexing_is_idempotent_and_keeps_the_first_story(make_story):
    first, second = make_story(headline="Pertama"), make_story(headline="Kedua")
    stored = _store(5, story_id=first.pk)
    rows = PhotoBand.objects.count()
    again = _store(5, story_id=second.pk, credit="Orang lain")
    assert again.pk == stored.pk and PhotoBand.objects.count() == rows
    stored.refresh_from_db()
    assert stored.story_id == first.pk and stored.credit == "Fotografer 5"


def test_two_consumers_indexing_one_new_photo_leave_one_print(make_story, monkeypatch):
    """The consumer whose insert loses takes the other's row instead of failing with a
    duplicate key (seen on the cluster: two consumers, one photo)."""
    first, second = make_story(headline="Pertama"), make_story(headline="Kedua")
    real = photos._stored

    def other_consumer_meanwhile(src, using):
        monkeypatch.setattr(photos, "_stored", real)
        _store(6, story_id=first.pk)
        return None  # what we saw before the other consumer's commit

    monkeypatch.setattr(photos, "_stored", other_consumer_meanwhile)
    ours = _store(6, story_id=second.pk, credit="Orang lain")
    winner = PhotoPrint.objects.get()
    assert ours.pk == winner.pk and winner.story_id == first.pk
    assert winner.credit == "Fotografer 6"
    assert PhotoBand.objects.filter(photo=winner).count() == PhotoBand.objects.count() > 0
    assert photos.photo_lookup(photos.probe_hashes(picture(6)))[0].photo_id == winner.pk


def test_the_brute_force_reference_agrees_with_the_index():
    import numpy as np

    for seed in range(1, 20):
        _store(seed)
    rows = PhotoPrint.objects.order_by("pk").values_list("pk", "full", "core", "mirror")
    ids = [r[0] for r in rows]
    stored = np.array([[photos._unsigned(v) for v in r[1:]] for r in rows], dtype=np.uint64)
    for copy in copies(picture(11)).values():
        probe = photos.probe_hashes(copy)
        indexed = [(m.photo_id, m.distance) for m in photos.photo_lookup(probe)]
        brute = [(ids[row], distance) for row, distance in photos.brute_force_lookup(probe, stored)]
        assert indexed == sorted(brute, key=lambda pair: (pair[1], pair[0]))


def test_bulk_indexing_is_found_by_the_look_up():
    items = [
        (photos.PhotoEntry(src=f"/media/arsip/{seed}.jpg", credit=f"Arsip {seed}"),
         photos.photo_hashes(picture(seed)))
        for seed in (51, 52, 53)
    ]  # fmt: skip
    assert photos.photos_index_bulk(items, batch=2) == 3
    assert PhotoBand.objects.count() >= 3 * 4
    [match] = photos.photo_lookup(photos.probe_hashes(copies(picture(52))["resized"]))
    assert match.src == "/media/arsip/52.jpg" and match.credit == "Arsip 52"
