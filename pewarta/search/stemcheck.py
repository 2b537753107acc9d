"""How well each candidate stemmer finds Indonesian roots: the evidence behind the choice.

`compare()` runs Sastrawi (with the compound roots of `analysis.COMPOUNDS`) and PyStemmer's
Snowball Indonesian over CASES and reports accuracy and words per second (uncached).
Used by `bench/bench_search.py` and `tests/test_analysis.py`.
"""

import time

# (affixed word, accepted roots). Joined compounds are accepted joined or apart.
CASES: list[tuple[str, tuple[str, ...]]] = [
    ("menandatangani", ("tandatangan",)),
    ("penandatanganan", ("tandatangan",)),
    ("ditandatangani", ("tandatangan",)),
    ("bertanggung", ("tanggung",)),
    ("mempertanggungjawabkan", ("tanggungjawab",)),
    ("pertanggungjawaban", ("tanggungjawab",)),
    ("bekerjasama", ("kerjasama",)),
    ("memberitahukan", ("beritahu",)),
    ("pemerintahan", ("perintah",)),
    ("pembangunan", ("bangun",)),
    ("membangun", ("bangun",)),
    ("dibangun", ("bangun",)),
    ("kebijakan", ("bijak",)),
    ("perekonomian", ("ekonomi",)),
    ("keberhasilan", ("hasil",)),
    ("berhasil", ("hasil",)),
    ("menghasilkan", ("hasil",)),
    ("pelajaran", ("ajar",)),
    ("mengajar", ("ajar",)),
    ("pengajar", ("ajar",)),
    ("mempelajari", ("ajar", "pelajar")),
    ("menyapu", ("sapu",)),
    ("penyapu", ("sapu",)),
    ("menyampaikan", ("sampai",)),
    ("penyampaian", ("sampai",)),
    ("disampaikan", ("sampai",)),
    ("menulis", ("tulis",)),
    ("penulis", ("tulis",)),
    ("tulisan", ("tulis",)),
    ("ditulis", ("tulis",)),
    ("memukul", ("pukul",)),
    ("pemukulan", ("pukul",)),
    ("memilih", ("pilih",)),
    ("pemilihan", ("pilih",)),
    ("pilihan", ("pilih",)),
    ("terpilih", ("pilih",)),
    ("mengambil", ("ambil",)),
    ("pengambilan", ("ambil",)),
    ("diambil", ("ambil",)),
    ("mengirim", ("kirim",)),
    ("pengiriman", ("kirim",)),
    ("kiriman", ("kirim",)),
    ("menanam", ("tanam",)),
    ("penanaman", ("tanam",)),
    ("tanaman", ("tanam",)),
    ("ditanam", ("tanam",)),
    ("menangkap", ("tangkap",)),
    ("penangkapan", ("tangkap",)),
    ("ditangkap", ("tangkap",)),
    ("tertangkap", ("tangkap",)),
    ("menolak", ("tolak",)),
    ("penolakan", ("tolak",)),
    ("ditolak", ("tolak",)),
    ("memeriksa", ("periksa",)),
    ("pemeriksaan", ("periksa",)),
    ("diperiksa", ("periksa",)),
    ("menyelidiki", ("selidik",)),
    ("penyelidikan", ("selidik",)),
    ("penyidikan", ("sidik",)),
    ("mengumumkan", ("umum",)),
    ("pengumuman", ("umum",)),
    ("diumumkan", ("umum",)),
    ("keamanan", ("aman",)),
    ("pengamanan", ("aman",)),
    ("mengamankan", ("aman",)),
    ("kesehatan", ("sehat",)),
    ("pendidikan", ("didik",)),
    ("mendidik", ("didik",)),
    ("peserta", ("serta",)),
    ("perdagangan", ("dagang",)),
    ("pedagang", ("dagang",)),
    ("berdagang", ("dagang",)),
    ("pertanian", ("tani",)),
    ("petani", ("tani",)),
    ("perikanan", ("ikan",)),
    ("nelayan", ("nelayan",)),
    ("kepolisian", ("polisi",)),
    ("kejaksaan", ("jaksa",)),
    ("pengadilan", ("adil",)),
    ("keadilan", ("adil",)),
    ("persidangan", ("sidang",)),
    ("disidangkan", ("sidang",)),
    ("kebakaran", ("bakar",)),
    ("terbakar", ("bakar",)),
    ("membakar", ("bakar",)),
    ("banjir", ("banjir",)),
    ("kebanjiran", ("banjir",)),
    ("pengungsi", ("ungsi",)),
    ("mengungsi", ("ungsi",)),
    ("pengungsian", ("ungsi",)),
    ("bantuan", ("bantu",)),
    ("membantu", ("bantu",)),
    ("dibantu", ("bantu",)),
    ("perbaikan", ("baik",)),
    ("memperbaiki", ("baik",)),
    ("diperbaiki", ("baik",)),
    ("kenaikan", ("naik",)),
    ("menaikkan", ("naik",)),
    ("penurunan", ("turun",)),
    ("menurunkan", ("turun",)),
    ("diturunkan", ("turun",)),
    ("pembayaran", ("bayar",)),
    ("membayar", ("bayar",)),
    ("dibayarkan", ("bayar",)),
    ("pelayanan", ("layan",)),
    ("melayani", ("layan",)),
    ("perusahaan", ("usaha",)),
    ("pengusaha", ("usaha",)),
    ("berusaha", ("usaha",)),
    ("kesepakatan", ("sepakat",)),
    ("menyepakati", ("sepakat",)),
    ("disepakati", ("sepakat",)),
    ("permasalahan", ("masalah",)),
    ("mempermasalahkan", ("masalah",)),
    ("penyelesaian", ("selesai",)),
    ("menyelesaikan", ("selesai",)),
    ("diselesaikan", ("selesai",)),
    ("kerusakan", ("rusak",)),
    ("merusak", ("rusak",)),
    ("perumahan", ("rumah",)),
    ("jalanan", ("jalan",)),
    ("perjalanan", ("jalan",)),
    ("berjalan", ("jalan",)),
    ("menjalankan", ("jalan",)),
    ("anak-anak", ("anak",)),
    ("rumah-rumah", ("rumah",)),
    ("bersama-sama", ("sama",)),
    ("ketidakadilan", ("adil", "tidakadil")),
    ("memperjuangkan", ("juang",)),
    ("perjuangan", ("juang",)),
    ("pejuang", ("juang",)),
]


def snowball_stemmer():
    import Stemmer

    stemmer = Stemmer.Stemmer("indonesian")
    return stemmer.stemWord


def sastrawi_stemmer():
    from pewarta.search.analysis import _sastrawi

    return _sastrawi().stem_word


def evaluate(stem, cases=CASES, *, rounds: int = 5) -> dict:
    wrong = [(w, stem(w), roots) for w, roots in cases if stem(w) not in roots]
    started = time.perf_counter()
    for _ in range(rounds):
        for word, _roots in cases:
            stem(word)
    elapsed = time.perf_counter() - started
    return {
        "correct": len(cases) - len(wrong),
        "total": len(cases),
        "accuracy": (len(cases) - len(wrong)) / len(cases),
        "words_per_second": rounds * len(cases) / elapsed,
        "wrong": wrong,
    }


def compare() -> dict[str, dict]:
    return {"sastrawi": evaluate(sastrawi_stemmer()), "snowball": evaluate(snowball_stemmer())}


def report() -> str:
    lines = []
    for name, r in compare().items():
        lines.append(
            f"{name:9} {r['correct']:3}/{r['total']} correct ({r['accuracy']:.0%}), "
            f"{r['words_per_second']:,.0f} words/s uncached"
        )
        sample = ", ".join(f"{w}->{got}" for w, got, _roots in r["wrong"][:6])
        if sample:
            lines.append(f"          misses: {sample}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
