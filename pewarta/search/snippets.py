"""Highlighted snippets: the reader's words marked in the original text, everything escaped."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pewarta.search.analysis import matches

TOKEN_RE = re.compile(r"\w+(?:-\w+)*")


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_word) pairs that join back to the original."""
    out, last = [], 0
    for match in TOKEN_RE.finditer(text):
        if match.start() > last:
            out.append((text[last : match.start()], False))
        out.append((match.group(), True))
        last = match.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


def highlight(text: str, terms: set[str]) -> SafeString:
    """The whole text escaped, with every word that matches the query inside <mark>."""
    return mark_safe(  # noqa: S308 - every piece is escaped here
        "".join(
            f"<mark>{escape(piece)}</mark>" if is_word and matches(piece, terms) else escape(piece)
            for piece, is_word in _pieces(text)
        )
    )


def snippet(text: str, terms: set[str], *, words: int = 32) -> SafeString:
    """The passage of about `words` words with the most distinct hits, highlighted."""
    pieces = _pieces(text or "")
    word_at = [i for i, (_p, is_word) in enumerate(pieces) if is_word]
    if not word_at:
        return mark_safe("")  # noqa: S308 - empty
    hits = [matches(pieces[i][0], terms) for i in word_at]
    best_start, best_score = 0, -1
    for start in range(0, max(len(word_at) - words, 0) + 1):
        window = word_at[start : start + words]
        found = {
            pieces[i][0].lower()
            for i, hit in zip(window, hits[start : start + words], strict=True)
            if hit
        }
        if len(found) > best_score:
            best_start, best_score = start, len(found)
        if start > 400:  # long bodies: the first passages are good enough
            break
    first = word_at[best_start]
    last_word = word_at[min(best_start + words, len(word_at)) - 1]
    body = highlight("".join(p for p, _w in pieces[first : last_word + 1]), terms)
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if best_start + words < len(word_at) else ""
    return mark_safe(prefix + body + suffix)  # noqa: S308 - body is escaped by highlight()
