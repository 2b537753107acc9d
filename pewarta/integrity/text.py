"""Text signatures: words → Sastrawi stems → word shingles → 64-bit hashes → a MinHash sketch.

Pure functions, no database. A document's shingles are runs of `SHINGLE_WORDS` stems with the
stopwords left out, so a copied sentence survives a changed affix (menangkap / ditangkap), an
added "yang" or a new paragraph break. Each shingle is hashed to 64 bits; the sketch keeps
every shingle whose hash falls under `RATE_CUTOFF` (one in `RATE`) and never fewer than the
`MIN_KEYS` smallest. That is a bottom-k MinHash with one hash function: the kept hashes are a
uniform sample of the document's shingles, chosen the same way in every document, so

- the share of a stored document found in a new text is estimated by how many of its kept
  hashes occur among the new text's shingles (containment, not only resemblance), and
- the share of the new text found in the stored document by how many of the new text's
  shingles under the stored document's cutoff are among the kept ones.
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress

import numpy as np
from django.conf import settings

from pewarta.common.html import html_to_text
from pewarta.common.indonesian import MAX_WORD, STOPWORDS, WORD_RE, normalize, stem

SHINGLE_WORDS = 4
RATE = 16
RATE_CUTOFF = np.uint64(2**64 // RATE)
MIN_KEYS = 32
MAX_HASH = np.uint64(2**64 - 1)
SCHEME = 1  # bumped when any of the above changes: stored signatures must then be rebuilt

# Runs of non-space characters: no normalisation joins or splits words across a space.
_CHUNK = re.compile(r"\S+")
_ASCII_WORD = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")
_BLOCK_END = re.compile(r"(?i)</(?:p|div|h[1-6]|li|blockquote|pre|tr|td|th|figcaption)>|<br\s*/?>")

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)

# normalised word -> 64-bit id of its stem (0 for a stopword). Bounded by the language's
# vocabulary; cleared if a hostile text floods it with made-up words.
_WORD_IDS: dict[str, int] = {}
_WORD_IDS_LIMIT = 500_000
# Words this process stemmed itself since `learned_take` last asked (to be persisted).
_LEARNED: dict[str, str] = {}


def max_chars() -> int:
    return getattr(settings, "PEWARTA_INTEGRITY_MAX_CHARS", 400_000)


def html_text(body_html: str) -> str:
    """Plain text of a body, paragraphs kept apart (so their words never run together)."""
    return html_to_text(_BLOCK_END.sub(" \n", body_html or ""))


def document_text(headline: str = "", lead: str = "", body_html: str = "") -> str:
    """The text a story is compared by: headline, lead and body."""
    parts = [headline or "", lead or "", html_text(body_html)]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _skipped(word: str) -> bool:
    return word in STOPWORDS or len(word) > MAX_WORD


def _stem_id(root: str) -> int:
    return int.from_bytes(hashlib.blake2b(root.encode(), digest_size=8).digest(), "little") or 1


def _remember(word: str, value: int) -> None:
    if len(_WORD_IDS) >= _WORD_IDS_LIMIT:
        _WORD_IDS.clear()
        _table_reset()
    _WORD_IDS[word] = value


class _Table:
    """`_WORD_IDS` as two numpy arrays: the words' `hash()` (sorted) and their stem ids.

    A text's words are then looked up by one `searchsorted` instead of a dictionary
    look-up each (which, with tens of thousands of words in memory, misses the CPU's
    caches: two thirds of the signing time went there). Rebuilt when the dictionary has
    grown by an eighth; words it does not hold yet go through the dictionary. Python's
    string hash is 64 bits and the same in the forked processes of a rebuild: two words
    of a vocabulary sharing one is a chance of about 1 in 10^10.
    """

    hashes = np.empty(0, dtype=np.int64)
    ids = np.empty(0, dtype=np.uint64)
    size = 0


def _table_reset() -> None:
    _Table.hashes = np.empty(0, dtype=np.int64)
    _Table.ids = np.empty(0, dtype=np.uint64)
    _Table.size = 0


def _table() -> type[_Table]:
    if len(_WORD_IDS) > _Table.size + max(256, _Table.size // 8):
        hashes = np.fromiter(map(hash, _WORD_IDS), dtype=np.int64, count=len(_WORD_IDS))
        ids = np.fromiter(_WORD_IDS.values(), dtype=np.uint64, count=len(_WORD_IDS))
        order = np.argsort(hashes)
        _Table.hashes, _Table.ids, _Table.size = hashes[order], ids[order], len(_WORD_IDS)
    return _Table


def _word_id(word: str) -> int:
    found = _WORD_IDS.get(word)
    if found is not None:
        return found
    if _skipped(word):
        value = 0
    else:
        root = stem(word)
        value = _stem_id(root)
        if len(_LEARNED) < _WORD_IDS_LIMIT:
            _LEARNED[word] = root
    _remember(word, value)
    return value


def unknown_words(texts: Iterable[str]) -> set[str]:
    """The words of `texts` this process has no stem for yet (stopwords aside)."""
    found: set[str] = set()
    for text in texts:
        found.update(_words((text or "")[: max_chars()]))
    return {w for w in found if w not in _WORD_IDS and not _skipped(w)}


def teach(stems: dict[str, str]) -> None:
    """Stems read from the store: the words need not be stemmed again in this process."""
    for word, root in stems.items():
        _remember(word, _stem_id(root))


def forget() -> None:
    """Forget every word's stem (the stored stems were emptied: learn them all again)."""
    _WORD_IDS.clear()
    _table_reset()
    _LEARNED.clear()


def learned_take() -> dict[str, str]:
    """The words stemmed here since the last call, with their stems (to persist them)."""
    learned = dict(_LEARNED)
    _LEARNED.clear()
    return learned


# ASCII text splits at C speed: every character WORD_RE cannot hold becomes a space.
_SEPARATE = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum() and c != 45})


def _words(text: str) -> list[str]:
    """The WORD_RE words of a normalised text (the fast path where it is plain ASCII)."""
    if not text.isascii():
        return WORD_RE.findall(normalize(text))
    words = text.lower().translate(_SEPARATE).split()
    if "-" in text:  # stray or doubled hyphens: let the pattern decide
        words = [part for w in words for part in (WORD_RE.findall(w) if "-" in w else (w,))]
    return words


def _ids(words: list[str]) -> np.ndarray:
    """The stem id of each word (0 for a stopword): known ones by one `searchsorted` in
    `_Table`, the others through the dictionary (or Sastrawi)."""
    table = _table()
    if not len(words):
        return np.empty(0, dtype=np.uint64)
    if not table.size:
        return np.array([_word_id(w) for w in words], dtype=np.uint64)
    hashes = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
    at = np.searchsorted(table.hashes, hashes)
    at[at == len(table.hashes)] = 0
    ids = table.ids[at]
    missing = np.flatnonzero(table.hashes[at] != hashes)
    if len(missing):
        ids[missing] = [_word_id(words[i]) for i in missing.tolist()]
    return ids


def term_ids(text: str) -> np.ndarray:
    """64-bit ids of the stems of `text`, in order, stopwords left out."""
    found = _ids(_words((text or "")[: max_chars()]))
    return found[found != 0]


def term_ids_with_spans(text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Like `term_ids`, with each term's (start, end) in `text` (to show passages): the
    span of the run of non-space characters it was read from."""
    text = (text or "")[: max_chars()]
    if text.isascii():  # the same words as `_words`, each with its own span
        found = list(_ASCII_WORD.finditer(text.lower()))
        ids = _ids([match.group() for match in found])
        kept = ids != 0
        spans = [m.span() for m in compress(found, kept.tolist())]
        return ids[kept], spans
    ids, spans = [], []
    for match in _CHUNK.finditer(text):
        for word in _words(match.group()):
            value = _word_id(word)
            if value:
                ids.append(value)
                spans.append(match.span())
    return np.array(ids, dtype=np.uint64), spans


def _mix(x):
    """splitmix64's finaliser: every input bit reaches every output bit."""
    x = (x ^ (x >> _S30)) * _M2
    x = (x ^ (x >> _S27)) * _M3
    return x ^ (x >> _S31)


def shingle_hashes(ids: np.ndarray) -> np.ndarray:
    """Hash of the shingle starting at each position (one shingle for a shorter text)."""
    n = len(ids) - SHINGLE_WORDS + 1
    with np.errstate(over="ignore"):
        if n < 1:
            h = np.zeros(1 if len(ids) else 0, dtype=np.uint64)
            for value in ids:
                h = _mix(h * _M1 + value)
            return h
        h = np.zeros(n, dtype=np.uint64)
        for i in range(SHINGLE_WORDS):
            h = _mix(h * _M1 + ids[i : i + n])
        return h


@dataclass(frozen=True)
class Sketch:
    """A document's signature: the kept hashes (sorted) and what it was drawn from."""

    keys: np.ndarray  # uint64, sorted, unique
    cutoff: int  # every shingle hash <= cutoff is kept
    shingles: int  # distinct shingles of the document
    words: int  # stems (stopwords left out)

    @property
    def empty(self) -> bool:
        return self.shingles == 0


def sketch_of_hashes(unique: np.ndarray, words: int) -> Sketch:
    """`unique`: the document's distinct shingle hashes, sorted."""
    below = int(np.searchsorted(unique, RATE_CUTOFF))
    if below >= MIN_KEYS:
        keys, cutoff = unique[:below], int(RATE_CUTOFF) - 1
    elif len(unique) > MIN_KEYS:
        keys = unique[:MIN_KEYS]
        cutoff = int(keys[-1])
    else:
        keys, cutoff = unique, int(MAX_HASH)
    return Sketch(keys=keys, cutoff=cutoff, shingles=len(unique), words=words)


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique, without its general-purpose overhead)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def sketch_of(text: str) -> tuple[Sketch, np.ndarray]:
    """The sketch of a text and all its distinct shingle hashes (sorted), for a query."""
    ids = term_ids(text)
    unique = distinct(shingle_hashes(ids))
    return sketch_of_hashes(unique, len(ids)), unique


def text_digest(text: str) -> str:
    """What a stored signature was made of, to skip unchanged texts."""
    return hashlib.blake2b(f"{SCHEME}\0{text}".encode(), digest_size=16).hexdigest()


def to_signed(values: np.ndarray) -> np.ndarray:
    """Hashes as the signed 64-bit integers both databases store."""
    return values.view(np.int64)


def to_unsigned(value: int) -> int:
    return value & 0xFFFFFFFFFFFFFFFF


def signed(value: int) -> int:
    return value - 2**64 if value >= 2**63 else value
