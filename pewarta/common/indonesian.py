"""Indonesian words: normalising, splitting and stemming, shared by search and integrity.

Tokens are lower-cased words; each is stemmed with Sastrawi (chosen over Snowball's Indonesian
stemmer by the comparison in `pewarta.search.stemcheck`: it restores the nasal-assimilated
root, menandatangani -> tandatangan, where Snowball gives "andatangan"), with the stem cached
per word. A few closed compounds ("tanda tangan" / "tandatangan") are taught to the stemmer
as roots.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

WORD_RE = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")
MAX_WORD = 40

# Function words that carry no topic: left out of both the index and the query.
_STOPWORD_TEXT = """
    ada adalah adanya agak agar akan aku anda antara apa apabila apakah atas atau bagai
    bagaimana bagi bahkan bahwa baik banyak barang belum berapa bisa boleh bukan dalam dan
    dapat dari daripada demi dengan di dia dua hal hanya harus hingga ia ialah ini itu jadi
    jika juga justru kalau kami kamu kan karena kata ke kecuali kemudian kenapa kepada ketika
    kita lagi lain lalu maka mana masih mau melalui mereka meski meskipun mungkin namun nya
    oleh pada para pernah pula pun saat saja sambil sampai sangat saya se sebab sebagai sebelum
    sedang sedangkan segala sehingga sejak sekarang selain selalu seluruh semua sementara
    seperti serta setelah sudah supaya tanpa tapi telah tentang tergolong terhadap tersebut
    tetapi tiap untuk walau walaupun yaitu yakni yang
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Closed compounds that Indonesian writes joined once affixed (menandatangani) and often
# apart when bare (tanda tangan). Also taught to the stemmer as roots.
_COMPOUND_TEXT = """
    tandatangan tanggungjawab kerjasama beritahu sebarluas lipatganda salahguna dayaguna
    hasilguna ambilalih alihfungsi ikutserta campurtangan bumihangus kambinghitam
"""
COMPOUNDS = frozenset(_COMPOUND_TEXT.split())


class _RootSet(set):
    """Sastrawi's dictionary interface over a set (its own ArrayDictionary scans a list)."""

    def contains(self, word: str) -> bool:
        return word in self


@lru_cache(maxsize=1)
def root_words() -> frozenset[str]:
    """Sastrawi's dictionary of Indonesian root words (with our closed compounds)."""
    import Sastrawi

    path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    return frozenset({w.strip() for w in path.read_text().split("\n") if w.strip()} | COMPOUNDS)


def _sastrawi():
    from Sastrawi.Stemmer.Stemmer import Stemmer

    return Stemmer(_RootSet(root_words()))


def is_common_word(word: str) -> bool:
    """Whether a lower-case word is an Indonesian dictionary word (not a proper name)."""
    return word in root_words() or stem(word) in root_words()


_stemmer = None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Root of one lower-case word (cached: news text repeats its words)."""
    global _stemmer
    if word.isdigit() or len(word) < 4:
        return word
    if _stemmer is None:
        _stemmer = _sastrawi()
    return _stemmer.stem_word(word) or word


COMBINING_RE = re.compile(r"[\u0300-\u036f]")


def normalize(text: str) -> str:
    """Lower case without diacritics (café -> cafe); plain ASCII takes the fast path."""
    text = text or ""
    if text.isascii():
        return text.lower()
    return COMBINING_RE.sub("", unicodedata.normalize("NFKD", text)).lower()


def _hyphenated(word: str) -> list[str]:
    root = stem(word)  # Sastrawi knows reduplication: anak-anak, berbalas-balasan
    if "-" not in root:
        parts = word.split("-")
        return [root if parts[0] != parts[-1] else parts[0]]
    return word.split("-")


def words(text: str) -> list[str]:
    """Lower-case words; reduplications (anak-anak) are kept whole for the stemmer."""
    out = []
    for word in WORD_RE.findall(normalize(text)):
        if "-" in word:
            out.extend(_hyphenated(word))
        elif len(word) <= MAX_WORD:
            out.append(word)
    return out
