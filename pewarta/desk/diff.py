"""Word-level differences between two revisions, with diff-match-patch.

Words (and the whitespace between them) are mapped to single characters, diffed, and mapped
back, the same trick diff-match-patch uses for line mode: an edit shows as whole words.
"""

import html
import re

from diff_match_patch import diff_match_patch
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pewarta.common.html import html_to_text

_TOKEN = re.compile(r"\s+|[^\s]+")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|tr)>|<br\s*/?>", re.I)


def revision_text(revision) -> str:
    """The text readers see in a revision: headline, lead, then one line per paragraph."""
    blocks = [html_to_text(part) for part in _BLOCK_END.split(revision.body_html or "")[::2]]
    parts = [revision.headline, revision.lead, *[b for b in blocks if b]]
    images = [
        f"[{_('Foto')}: {i.get('caption', '')} — {i.get('credit', '')}]" for i in revision.images
    ]
    return "\n\n".join(p for p in [*parts, *images] if p)


def word_diff(old: str, new: str) -> list[tuple[int, str]]:
    """A list of (op, text): op -1 deleted, 0 unchanged, 1 inserted, at word granularity."""
    vocabulary: dict[str, str] = {}
    tokens: list[str] = []

    def encode(text: str) -> str:
        out = []
        for token in _TOKEN.findall(text):
            if token not in vocabulary:
                vocabulary[token] = chr(len(tokens) + 0x100)  # skip control characters
                tokens.append(token)
            out.append(vocabulary[token])
        return "".join(out)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 2.0
    diffs = dmp.diff_main(encode(old), encode(new), False)
    decoded = [(op, "".join(tokens[ord(c) - 0x100] for c in chars)) for op, chars in diffs]
    return [(op, text) for op, text in decoded if text]


def diff_stats(diffs) -> dict:
    words = {op: 0 for op in (-1, 0, 1)}
    for op, text in diffs:
        words[op] += len(text.split())
    return {"deleted": words[-1], "unchanged": words[0], "inserted": words[1]}


def diff_html(diffs) -> str:
    """Escaped HTML with <del>/<ins>; paragraphs kept as line breaks."""
    tag = {-1: "del", 1: "ins"}
    out = []
    for op, text in diffs:
        escaped = html.escape(text).replace("\n", "<br>")
        out.append(f"<{tag[op]}>{escaped}</{tag[op]}>" if op in tag else escaped)
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def revisions_diff(old, new) -> dict:
    diffs = word_diff(revision_text(old), revision_text(new))
    return {"old": old, "new": new, "html": diff_html(diffs), "stats": diff_stats(diffs)}
