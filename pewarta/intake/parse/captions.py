"""Captions and credits written in the body, the dateline, and the piece's language."""

import html as _html
import re

from pewarta.intake.parse.blocks import Block
from pewarta.intake.parse.model import IMAGE_EXTENSIONS, _ext

_DATELINE = re.compile(r"^([A-Z][A-Z .'-]{1,40})(?:,\s*[^-–—]{0,40})?\s*[-–—]\s+")

_CAPTION = re.compile(
    r"^(?:keterangan\s+)?(?:foto|gambar|photo|caption)\s*(\d{1,2})\s*[:.\-–]\s*(.+)$", re.I
)
_NEXT_CAPTION = re.compile(r"^(?:keterangan(?:\s+foto)?|caption)\s*[:\-–]\s*(.+)$", re.I)
_CREDIT = re.compile(
    r"^(?:kredit(?:\s+foto)?|foto\s+oleh|dokumentasi|photo\s+(?:credit|by)|credit)\s*[:\-–]\s*"
    r"(.+)$",
    re.I,
)
_CREDIT_IN_CAPTION = re.compile(
    r"\s*[(\[]\s*(?:foto|photo|kredit|credit|dok\.?)\s*:?\s*([^)\]]+)[)\]]\s*$", re.I
)


def _caption_credit(text: str) -> tuple[str, str]:
    match = _CREDIT_IN_CAPTION.search(text)
    if match:
        return text[: match.start()].strip(), match.group(1).strip()
    return text.strip(), ""


def extract_captions(blocks: list[Block]) -> tuple[list[Block], dict, dict, str]:
    """Take caption/credit lines out of the body.

    Returns (blocks, {image number: (caption, credit)}, {cid: (caption, credit)}, credit).
    """
    numbered, by_ref, default_credit, out = {}, {}, "", []
    previous_img = None
    for block in blocks:
        if block.tag == "img":
            out.append(block)
            previous_img = block
            alt = block.alt.strip()
            if alt and _ext(alt) not in IMAGE_EXTENSIONS and not alt.lower().startswith("image"):
                by_ref[block.src] = _caption_credit(alt)
            continue
        kept = []
        for line_html, text in block.lines:
            stripped = text.strip()
            if match := _CAPTION.match(stripped):
                numbered[int(match.group(1))] = _caption_credit(match.group(2))
            elif match := _CREDIT.match(stripped):
                default_credit = match.group(1).strip()
            elif previous_img is not None and not kept and (m := _NEXT_CAPTION.match(stripped)):
                by_ref[previous_img.src] = _caption_credit(m.group(1))
            else:
                kept.append((line_html, text))
        previous_img = None
        if kept:
            out.append(Block(tag=block.tag, lines=kept, list_type=block.list_type))
    return out, numbered, by_ref, default_credit


def split_dateline(text: str) -> tuple[str, str]:
    """`BANDUNG - Warga ...` -> ("Bandung", "Warga ..."); no dateline -> ("", text)."""
    match = _DATELINE.match(text)
    if not match:
        return "", text
    return match.group(1).strip().title(), text[match.end() :]


def take_dateline(blocks: list[Block]) -> str:
    for block in blocks:
        if block.tag == "p" and block.lines:
            line_html, text = block.lines[0]
            dateline, rest = split_dateline(text)
            if dateline:
                prefix = _html.escape(text[: len(text) - len(rest)], quote=False)
                new_html = (
                    line_html[len(prefix) :]
                    if line_html.startswith(prefix)
                    else (_html.escape(rest, quote=False))
                )
                block.lines[0] = (new_html, rest)
            return dateline
        if block.tag != "img":
            return ""
    return ""


_EN = {"the", "and", "of", "to", "is", "in", "that", "was", "for", "with", "are", "this", "it",
       "on", "were", "have", "has", "by"}  # fmt: skip
_ID = {"yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "pada", "akan",
       "dalam", "ke", "adalah", "juga", "warga", "kami"}  # fmt: skip


def detect_language(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())[:2000]
    english = sum(w in _EN for w in words)
    indonesian = sum(w in _ID for w in words)
    return "en" if english >= 5 and english > 1.5 * indonesian else "id"
