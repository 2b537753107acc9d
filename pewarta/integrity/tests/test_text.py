"""Signatures of texts: stems, shingles, the sketch and its two containment estimates."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pewarta.integrity import text as sig
from pewarta.integrity.tests.texts import OLDER, SAME_TOPIC, lifted_piece


def test_affixes_stopwords_and_markup_do_not_change_the_shingles():
    a = sig.term_ids("Polisi menangkap tersangka pencurian motor di pasar.")
    b = sig.term_ids("polisi yang tangkap tersangka curi motor di Pasar!")
    assert a.tolist() == b.tolist()
    html = sig.document_text("Judul", "", "<p>Satu kalimat</p><p>kalimat dua</p>")
    assert html.split() == ["Judul", "Satu", "kalimat", "kalimat", "dua"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_the_fast_and_the_spanned_tokenizers_agree(text):
    ids, spans = sig.term_ids_with_spans(text)
    assert ids.tolist() == sig.term_ids(text).tolist()
    assert all(0 <= start < end <= len(text) for start, end in spans)


def test_sketch_keeps_a_consistent_sample_and_at_least_the_minimum():
    long_text = " ".join(OLDER * 6 + SAME_TOPIC * 6)
    sketch, unique = sig.sketch_of(long_text)
    assert sketch.shingles == len(unique)
    assert np.all(sketch.keys <= np.uint64(sketch.cutoff))
    assert len(sketch.keys) == int(np.sum(unique <= np.uint64(sketch.cutoff)))
    short, _ = sig.sketch_of(OLDER[0])
    assert len(short.keys) == short.shingles  # a short text keeps every shingle
    assert short.cutoff == int(sig.MAX_HASH)


def test_estimates_see_both_sides_of_containment():
    older, older_unique = sig.sketch_of(" ".join(OLDER))
    piece, piece_unique = sig.sketch_of(lifted_piece())
    hits = np.intersect1d(older.keys, piece_unique)
    exact = len(np.intersect1d(older_unique, piece_unique))
    assert exact / older.shingles > 0.25  # the piece lifts about a third of the older story
    assert len(hits) >= 3


def test_empty_and_symbol_only_texts_have_empty_signatures():
    for text in ("", "   ", "!!! ??? ...", sig.document_text("", "", "<p></p><br>")):
        sketch, unique = sig.sketch_of(text)
        assert sketch.empty and len(unique) == 0 and len(sketch.keys) == 0


def test_huge_text_is_cut_at_the_limit(settings):
    settings.PEWARTA_INTEGRITY_MAX_CHARS = 10_000
    sketch, _ = sig.sketch_of("kata " * 10_000 + " ".join(OLDER) * 50)
    assert sketch.words <= 2_000
