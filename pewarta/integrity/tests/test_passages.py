"""Exact comparison: shares of each side and the passages, cut from the original words."""

from pewarta.integrity.passages import Parsed, compare
from pewarta.integrity.tests.texts import NEW_OPENING, OLDER, SAME_TOPIC, lifted_piece


def test_lifted_piece_shows_the_copied_sentences_side_by_side():
    found = compare(Parsed.of(lifted_piece()), Parsed.of(" ".join(OLDER)))
    assert 0.25 < found.share_source < 0.6
    assert found.share_new > 0.4
    marked_new = " ".join(t for p in found.passages for t, hit in p["new"] if hit)
    marked_source = " ".join(t for p in found.passages for t, hit in p["source"] if hit)
    assert (
        "Petugas pemadam kebakaran" in marked_new and "Petugas pemadam kebakaran" in marked_source
    )
    assert "Lurah Ulujami Siti Rahmawati" in marked_source
    assert "posko pengungsian" not in marked_new  # the new opening is not marked
    # the passage keeps the writer's own words as written (case, punctuation)
    assert any("Ketinggian air" in t for p in found.passages for t, _hit in p["source"])


def test_older_story_wholly_inside_a_longer_piece():
    whole = " ".join(OLDER)
    longer = " ".join(NEW_OPENING + OLDER + SAME_TOPIC)
    found = compare(Parsed.of(longer), Parsed.of(whole))
    assert found.share_source > 0.95
    assert 0.3 < found.share_new < 0.7


def test_same_topic_without_copying_shares_nothing_worth_showing():
    found = compare(Parsed.of(" ".join(SAME_TOPIC)), Parsed.of(" ".join(OLDER)))
    assert found.share_new < 0.05 and found.share_source < 0.05


def test_markup_in_text_stays_text():
    evil = "<script>alert(1)</script> " + " ".join(OLDER[:3])
    found = compare(Parsed.of(evil), Parsed.of(" ".join(OLDER)))
    texts = "".join(t for p in found.passages for t, _hit in p["new"])
    assert "</script>" in texts  # plain text: the template escapes it (see the desk tests)


def test_empty_sides():
    assert compare(Parsed.of(""), Parsed.of(" ".join(OLDER))).shared == 0
    assert compare(Parsed.of(" ".join(OLDER)), Parsed.of("")).passages == []
