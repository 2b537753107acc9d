import pytest
from django.conf import settings
from django.db import connection

from pewarta.search.analysis import analyze, parse_query, stem
from pewarta.search.stemcheck import CASES, compare


def test_affixed_forms_of_tanda_tangan_share_one_root():
    assert {stem(w) for w in ["menandatangani", "penandatanganan", "ditandatangani"]} == {
        "tandatangan"
    }


def test_query_tanda_tangan_accepts_the_words_apart_or_joined():
    query = parse_query("tanda tangan")
    assert query.fts5() == '(("tanda" AND "tangan") OR "tandatangan")'
    assert query.tsquery() == "(('tanda' & 'tangan') | 'tandatangan')"


def test_stopwords_are_left_out_of_text_and_query():
    assert analyze("yang dan di ke dari pembangunan") == ["bangun"]
    assert not parse_query("yang dan di ke dari")


def test_reduplication_and_case_and_accents():
    assert analyze("Anak-anak KEBAKARAN café") == ["anak", "bakar", "cafe"]


def test_sastrawi_beats_snowball_on_the_root_list():
    results = compare()
    sastrawi, snowball = results["sastrawi"], results["snowball"]
    print(
        f"\nsastrawi {sastrawi['correct']}/{sastrawi['total']} "
        f"{sastrawi['words_per_second']:,.0f} w/s; snowball {snowball['correct']}/"
        f"{snowball['total']} {snowball['words_per_second']:,.0f} w/s"
    )
    assert sastrawi["total"] >= 100
    assert sastrawi["accuracy"] >= 0.9
    assert sastrawi["accuracy"] > snowball["accuracy"]


@pytest.mark.django_db
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="compares with PostgreSQL's configuration")
def test_pewarta_analysis_beats_postgres_indonesian_configuration():
    """Why the PostgreSQL backend indexes our own stems with `simple` rather than `indonesian`:
    the built-in configuration is Snowball (no nasal-assimilation restore) and has no
    stopword list, so "yang" would be searched across the whole archive."""
    with connection.cursor() as cursor:

        def pg_stem(word):
            cursor.execute("SELECT to_tsvector('indonesian', %s)::text", [word])
            return cursor.fetchone()[0].split(":")[0].strip("'")

        pg_correct = sum(pg_stem(w) in roots for w, roots in CASES)
        ours = sum(stem(w) in roots for w, roots in CASES)
        cursor.execute("SELECT to_tsvector('indonesian', 'yang dan di dari')::text")
        stopwords_kept = cursor.fetchone()[0]
        menandatangani = pg_stem("menandatangani")
    print(f"\nPostgreSQL 'indonesian' {pg_correct}/{len(CASES)}, Pewarta {ours}/{len(CASES)}")
    assert menandatangani == "andatangan"
    assert "yang" in stopwords_kept
    assert ours > pg_correct
