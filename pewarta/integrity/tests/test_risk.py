"""Risk hints read from the text, and the word lists an operator can extend."""

from pewarta.integrity import risk


def questions(text):
    return {h.question for h in risk.hints_for_text(text)}


def test_named_person_near_words_of_accusation_hints_defamation():
    hints = risk.hints_for_text(
        "Polisi menetapkan Budi Santoso sebagai tersangka korupsi dana desa di Bekasi."
    )
    accusation = [h for h in hints if h.rule == "accusation"]
    assert {h.term for h in accusation} >= {"tersangka", "korupsi"}
    assert all(h.name == "Budi Santoso" for h in accusation)
    assert {h.question for h in accusation} == {"defamation"}
    assert "Budi Santoso" in accusation[0].label


def test_initials_with_age_and_affixed_forms_count_as_named():
    hints = risk.hints_for_text("Seorang pria berinisial AS (34) ditangkap karena menipu.")
    assert {h.term for h in hints if h.rule == "accusation"} >= {"ditangkap", "menipu"}


def test_words_of_crime_without_anyone_named_give_no_hint():
    assert questions("Angka pencurian sepeda motor turun tahun ini, kata laporan itu.") == set()


def test_child_age_or_school_grade_near_a_name_hints_minor():
    assert "minor" in questions("Andi (14), siswa kelas 2 SMP, hilang sejak Senin.")
    assert "minor" in questions("Rina yang berusia 9 tahun ditemukan selamat di hutan.")
    assert "minor" not in questions("Pak Joko (54) memanen padi bersama tetangganya.")
    assert "minor" not in questions("Sutrisno divonis 2 tahun penjara oleh hakim.")


def test_words_of_sexual_violence_hint_victim_and_sara_terms_hint_sara():
    assert "victim" in questions("Kasus pencabulan di sebuah pondok dilaporkan ke polisi.")
    assert "victim" in questions("Korban pemerkosaan itu kini didampingi psikolog.")
    assert "sara" in questions("Spanduk berisi ujaran kebencian terhadap kelompok lain dicopot.")


def test_plain_news_gives_no_hints():
    text = (
        "Warga Kampung Melayu menanam seribu pohon di bantaran kali pada Minggu pagi. "
        "Ketua RT Slamet Riyadi mengatakan kegiatan itu akan diulang tiap bulan."
    )
    assert risk.hints_for_text(text) == []
    assert risk.hints_for_text("") == []


def test_operator_word_files_extend_the_lists(settings, tmp_path):
    extra = tmp_path / "sara-lokal.txt"
    extra.write_text("# istilah setempat\nkaum pendatang\n", encoding="utf-8")
    assert "sara" not in questions("Spanduk menolak kaum pendatang dipasang di gapura.")
    settings.PEWARTA_RISK_WORD_FILES = [str(extra), str(tmp_path / "tidak-ada.txt")]
    assert "sara" in questions("Spanduk menolak kaum pendatang dipasang di gapura.")
    assert risk.find_terms("Menolak KAUM pendatang.", "sara") == [("KAUM pendatang", 8, 22)]


def test_hostile_text_is_handled():
    huge = "Budi Santoso tersangka. " * 50_000
    hints = risk.hints_for_text(huge)
    assert len(hints) == 1  # one hint per rule, term and name
    assert risk.hints_for_text("\x00\ufeff<script>(((") == []
