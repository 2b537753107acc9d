"""Indonesian text analysis: the same pure functions for the text indexed and the query.

Tokens are lower-cased words; each is stemmed with Sastrawi (chosen over Snowball's Indonesian
stemmer by the comparison in `pewarta.search.stemcheck`: it restores the nasal-assimilated
root, menandatangani -> tandatangan, where Snowball gives "andatangan"), with the stem cached
per word. Stopwords are left out. A few closed compounds ("tanda tangan" / "tandatangan") are
written both ways in the news, so the pair is also emitted as one joined term.
"""

import re
import unicodedata
from dataclasses import dataclass
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
# Every prefix of a compound that could be a word of its own (tanda, tanggung, ...).
COMPOUND_HEADS = frozenset(c[:i] for c in COMPOUNDS for i in range(2, len(c) - 1))


class _RootSet(set):
    """Sastrawi's dictionary interface over a set (its own ArrayDictionary scans a list)."""

    def contains(self, word: str) -> bool:
        return word in self


def _sastrawi():
    import Sastrawi
    from Sastrawi.Stemmer.Stemmer import Stemmer

    path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    roots = _RootSet(w.strip() for w in path.read_text().split("\n") if w.strip())
    roots.update(COMPOUNDS)
    return Stemmer(roots)


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


def _terms(tokens: list[str]) -> list[str]:
    return [stem(t) for t in tokens if t not in STOPWORDS]


def analyze(text: str) -> list[str]:
    """Terms of a text for the index: stems without stopwords, compounds also joined."""
    terms = _terms(words(text))
    if COMPOUND_HEADS.isdisjoint(terms):  # the usual case, checked at C speed
        return terms
    out = []
    for i, term in enumerate(terms):
        out.append(term)
        if i + 1 < len(terms) and term + terms[i + 1] in COMPOUNDS:
            out.append(term + terms[i + 1])
    return out


def index_text(text: str) -> str:
    return " ".join(analyze(text))


@dataclass(frozen=True)
class Query:
    """An analysed query: every group must match; a group matches any of its alternatives,
    an alternative being a tuple of terms that must all be present."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]

    @property
    def terms(self) -> set[str]:
        return {t for g in self.groups for alt in g for t in alt}

    def __bool__(self):
        return bool(self.groups)

    def fts5(self, *, any_term: bool = False) -> str:
        joiner = " OR " if any_term else " AND "
        return joiner.join(_render(g, '"{}"', " AND ", " OR ") for g in self.groups)

    def tsquery(self, *, any_term: bool = False, weight: str = "") -> str:
        joiner = " | " if any_term else " & "
        quote = "'{}'" + (f":{weight}" if weight else "")
        return joiner.join(_render(g, quote, " & ", " | ") for g in self.groups)

    @classmethod
    def of_terms(cls, terms) -> "Query":
        return cls(tuple(((t,),) for t in terms))


def _render(group, quote, and_, or_) -> str:
    alts = [and_.join(quote.format(t) for t in alt) for alt in group]
    alts = [
        f"({a})" if len(alt) > 1 and len(group) > 1 else a
        for a, alt in zip(alts, group, strict=True)
    ]
    text = or_.join(alts)
    return f"({text})" if len(group) > 1 or len(group[0]) > 1 else text


def parse_query(text: str, *, max_terms: int = 12) -> Query:
    """The reader's words analysed exactly like indexed text; stopword-only -> empty."""
    terms = list(dict.fromkeys(_terms(words(text))))[:max_terms]
    groups: list[tuple[tuple[str, ...], ...]] = []
    i = 0
    while i < len(terms):
        joined = terms[i] + terms[i + 1] if i + 1 < len(terms) else ""
        if joined in COMPOUNDS:
            groups.append(((terms[i], terms[i + 1]), (joined,)))
            i += 2
            continue
        groups.append(((terms[i],),))
        i += 1
    return Query(tuple(groups))


def matches(word: str, query_terms: set[str]) -> bool:
    """Whether a word of the original text is a hit for the query (for highlighting)."""
    lowered = normalize(word)
    if lowered in STOPWORDS:
        return False
    return lowered in query_terms or stem(lowered) in query_terms
