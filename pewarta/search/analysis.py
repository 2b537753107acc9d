"""Indonesian text analysis: the same pure functions for the text indexed and the query.

Words, stems and stopwords come from `pewarta.common.indonesian` (shared with integrity).
Stopwords are left out. A few closed compounds ("tanda tangan" / "tandatangan") are written
both ways in the news, so the pair is also emitted as one joined term.
"""

from dataclasses import dataclass

from pewarta.common.indonesian import (  # noqa: F401 - re-exported for search's modules
    COMPOUNDS,
    STOPWORDS,
    _sastrawi,
    normalize,
    stem,
    words,
)

# Every prefix of a compound that could be a word of its own (tanda, tanggung, ...).
COMPOUND_HEADS = frozenset(c[:i] for c in COMPOUNDS for i in range(2, len(c) - 1))


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
