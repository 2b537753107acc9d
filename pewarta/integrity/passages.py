"""Exact comparison of two texts: the share of each that the other holds, and the passages.

Pure functions. A passage is a run of shared shingles that follows the same diagonal in both
texts (a copied stretch, allowing a few changed words where the copier rewrote a join). Each
side of a passage is a list of (text, matched) segments cut from the original wording, so a
template can show it with the matched words highlighted and everything escaped.
"""

from dataclasses import dataclass, field

import numpy as np

from pewarta.integrity.text import SHINGLE_WORDS, distinct, shingle_hashes, term_ids_with_spans

GAP = 6  # shingles: a rewritten join of a few words does not split a passage
CONTEXT = 5  # words of context on either side of a passage
MAX_PASSAGES = 8
MAX_SIDE_CHARS = 900


@dataclass
class Parsed:
    """A text split for comparison: shingle hashes per position and each word's span."""

    text: str
    hashes: np.ndarray
    spans: list[tuple[int, int]]
    distinct: int

    @classmethod
    def of(cls, text: str) -> "Parsed":
        ids, spans = term_ids_with_spans(text)
        hashes = shingle_hashes(ids)
        return cls(text=text, hashes=hashes, spans=spans, distinct=len(distinct(hashes)))


@dataclass
class Comparison:
    shared: int  # distinct shingles in both texts
    share_new: float  # of the new text's shingles, the part found in the source
    share_source: float  # of the source's shingles, the part found in the new text
    passages: list[dict] = field(default_factory=list)


def compare(new: Parsed, source: Parsed, *, max_passages: int = MAX_PASSAGES) -> Comparison:
    common = np.intersect1d(new.hashes, source.hashes)
    if not len(common):
        return Comparison(0, 0.0, 0.0)
    shared = len(common)
    result = Comparison(
        shared=shared,
        share_new=shared / max(new.distinct, 1),
        share_source=shared / max(source.distinct, 1),
    )
    first_in_source: dict[int, int] = {}
    for j in np.flatnonzero(np.isin(source.hashes, common)).tolist():
        first_in_source.setdefault(int(source.hashes[j]), j)
    pairs = [
        (i, first_in_source[int(new.hashes[i])])
        for i in np.flatnonzero(np.isin(new.hashes, common)).tolist()
    ]
    clusters = _clusters(pairs)
    clusters.sort(key=lambda c: c[-1][0] - c[0][0], reverse=True)
    chosen = sorted(clusters[:max_passages], key=lambda c: c[0][0])
    new_marked = _marked(new.hashes, common)
    source_marked = _marked(source.hashes, common)
    for cluster in chosen:
        i0, i1 = cluster[0][0], cluster[-1][0] + SHINGLE_WORDS
        js = [j for _i, j in cluster]
        j0, j1 = min(js), max(js) + SHINGLE_WORDS
        result.passages.append(
            {
                "new": _segments(new, new_marked, i0, i1),
                "source": _segments(source, source_marked, j0, j1),
            }
        )
    return result


def _clusters(pairs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group (new position, source position) pairs that continue one another's diagonal."""
    clusters: list[list[tuple[int, int]]] = []
    for i, j in pairs:
        last = clusters[-1][-1] if clusters else None
        if last and i - last[0] <= GAP and abs((j - last[1]) - (i - last[0])) <= GAP:
            clusters[-1].append((i, j))
        else:
            clusters.append([(i, j)])
    return clusters


def _marked(hashes: np.ndarray, common: np.ndarray) -> np.ndarray:
    """Per word: whether a shared shingle covers it."""
    words = len(hashes) + SHINGLE_WORDS - 1 if len(hashes) else 0
    marked = np.zeros(words, dtype=bool)
    for start in np.flatnonzero(np.isin(hashes, common)).tolist():
        marked[start : start + SHINGLE_WORDS] = True
    return marked


def _segments(parsed: Parsed, marked: np.ndarray, w0: int, w1: int) -> list[list]:
    """[[text, matched], ...] from word w0 to w1, with a few words of context around."""
    spans = parsed.spans
    w1 = min(w1, len(spans))
    lo, hi = max(0, w0 - CONTEXT), min(len(spans), w1 + CONTEXT)
    if lo >= hi:
        return []
    text = parsed.text
    segments: list[list] = []
    cursor = spans[lo][0]
    for w in range(lo, hi):
        start, end = spans[w]
        if start < cursor:  # two stems of one written word (anak-anak): one span
            continue
        matched = w0 <= w < w1 and w < len(marked) and bool(marked[w])
        gap, word = text[cursor:start], text[start:end]
        if segments and segments[-1][1] == matched:
            segments[-1][0] += gap + word
        else:
            if segments:  # the words between belong to the stretch before the change
                segments[-1][0] += gap
            segments.append([word, matched])
        cursor = end
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(spans) else ""
    if segments:
        segments[0][0] = prefix + segments[0][0]
        segments[-1][0] = segments[-1][0] + suffix
    return _shorten(segments)


def _shorten(segments: list[list]) -> list[list]:
    """Keep a side readable: long unmatched stretches lose their middle."""
    total = sum(len(s[0]) for s in segments)
    if total <= MAX_SIDE_CHARS:
        return segments
    budget = MAX_SIDE_CHARS
    out = []
    for text, matched in segments:
        if budget <= 0:
            out.append(["…", False])
            break
        if len(text) > budget:
            text = text[: budget - 1].rsplit(" ", 1)[0] + " …"
        out.append([text, matched])
        budget -= len(text)
    return out
