from pewarta.search.analysis import analyze, parse_query, stem
from pewarta.search.stemcheck import compare


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
