"""Cleaning blocks: quoted replies, forwarded-message markers, signatures, legal footers."""

import re

from django.utils.translation import gettext_lazy as _

from pewarta.intake.parse.blocks import Block

_FORWARD = re.compile(
    r"^(-{3,}\s*(forwarded message|original message|pesan (yang )?diteruskan|pesan terusan)"
    r"\s*-*|begin forwarded message:|pesan yang diteruskan:)$",
    re.I,
)
_REPLY_HEADER = re.compile(
    r"^(on\b.{5,200}\bwrote:|pada\b.{5,200}\bmenulis:|le\b.{5,200}a écrit ?:"
    r"|-{3,}\s*(original message|pesan asli)\s*-*|_{10,}|-{2,} ?)$",
    re.I,
)
_MOBILE = re.compile(
    r"^(sent from my \w.*|dikirim dari \w.*|kirim dari \w.*|get outlook for \w.*"
    r"|sent from (yahoo|mail for windows|outlook|samsung|gmail).*|sent via .*"
    r"|diki?rim (melalui|lewat|via) .*|sent from the all.new .*)$",
    re.I,
)
_FOOTER = re.compile(
    r"(disclaimer|confidential|rahasia|privileged|intended (solely |only )?for|"
    r"(hanya )?ditujukan (hanya )?(untuk|kepada)|(this|the) (e-?mail|message)|"
    r"(email|e-mail|surel|pesan) ini|virus|unsubscribe|berhenti berlangganan)",
    re.I,
)
_FORWARD_HEADER = re.compile(
    r"^(from|dari|date|tanggal|sent|dikirim|subject|subjek|perihal|to|kepada|cc|reply-to)"
    r"\s*:",
    re.I,
)


def split_forward(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """(cover note, forwarded content) when a forwarded-message marker is present."""
    for bi, block in enumerate(blocks):
        for li, (_h, text) in enumerate(block.lines):
            if _FORWARD.match(text.strip()) and "original message" not in text.lower():
                cover = blocks[:bi] + ([Block(lines=block.lines[:li])] if li else [])
                rest = Block(tag=block.tag, lines=block.lines[li + 1 :])
                content = ([rest] if rest.lines else []) + blocks[bi + 1 :]
                content = _drop_forward_headers(content)
                for b in content:
                    b.quoted = False
                    b.lines = [(h, t) for h, t in b.lines if not t.startswith(">")] or b.lines
                return [b for b in cover if not b.quoted], content
    return [], blocks


def _drop_forward_headers(blocks: list[Block]) -> list[Block]:
    """Remove the From:/Date:/Subject:/To: block that opens a forwarded message."""
    out, in_header = [], True
    for block in blocks:
        if in_header and block.tag != "img":
            kept = [(h, t) for h, t in block.lines if not _FORWARD_HEADER.match(t)]
            if len(kept) < len(block.lines):
                if kept:
                    out.append(Block(tag=block.tag, lines=kept))
                    in_header = False
                continue
        in_header = False
        out.append(block)
    return out


def strip_replies_and_signatures(blocks: list[Block]) -> list[Block]:
    """Cut at a quoted reply or signature; drop quoted lines, phone signatures, legal footers."""
    out: list[Block] = []
    for block in blocks:
        if block.quoted:
            continue
        if block.tag == "img":
            out.append(block)
            continue
        kept, cut = [], False
        for line_html, text in block.lines:
            stripped = text.strip()
            if _REPLY_HEADER.match(stripped) or stripped == "--":
                cut = True
                break
            if _MOBILE.match(stripped):
                continue
            kept.append((line_html, text))
        if any(t.strip() for _h, t in kept):
            out.append(Block(tag=block.tag, lines=_trim(kept), list_type=block.list_type))
        if cut:
            break
    while out and out[-1].tag != "img" and _is_footer(out[-1].text):
        out.pop()
    return out


# A sign-off with contact details ("Salam, / Budi / HP 0812-…") belongs to the desk, not the story.
_PHONE = re.compile(r"(?<!\d)(?:\+62|62|0)[\s(]*8\d{1,3}\)?(?:[\s.-]?\d{2,5}){2,3}(?!\d)")
_CONTACT_LABEL = re.compile(
    r"(?:^|[\s,(])(?:no\.?\s*)?(?:hp|wa|whats\s?app|telp?\.?|telepon|ponsel|handphone|kontak"
    r"|alamat|e-?mail|surel)\b\s*[:.]?\s*\S",
    re.I,
)
_STREET = re.compile(r"^\s*(?:jl|jln|jalan|gg|gang|kp|komp(?:leks)?|perum(?:ahan)?)\.?\s+\S", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_GREETING = re.compile(
    r"^(salam|hormat (saya|kami)|terima ?kasih|wassalam|regards|best|tabik|matur nuwun)\b", re.I
)
PRIVATE_CREDIT = _("Dokumentasi pribadi")


def _is_contact(text: str) -> bool:
    text = text.strip()
    if not text or len(text.split()) > 15:
        return False
    return bool(
        _PHONE.search(text)
        or _STREET.match(text)
        or _EMAIL.search(text)
        or (_CONTACT_LABEL.search(text) and re.search(r"\d|@", text))
    )


def take_signoff(blocks: list[Block]) -> tuple[list[Block], str]:
    """(blocks without a closing sign-off that carries contact details, that sign-off's text).

    The last paragraph is a sign-off when one of its short lines is a phone number, a street
    address, an email address or a labelled contact (HP, WA, Telp, Alamat); the name and
    greeting lines just before it (and a lone greeting paragraph) go with it.
    """
    texts = [i for i, b in enumerate(blocks) if b.tag != "img"]
    if not texts:
        return blocks, ""
    last = blocks[texts[-1]]
    lines = last.lines
    first = next((i for i, (_h, t) in enumerate(lines) if _is_contact(t)), None)
    if first is None or len(lines) - first > 6:
        return blocks, ""
    start = first
    while start > 0 and first - start < 3 and len(lines[start - 1][1].split()) <= 6:
        start -= 1
    taken = [t.strip() for _h, t in lines[start:] if t.strip()]
    out = list(blocks)
    if start:
        out[texts[-1]] = Block(tag=last.tag, lines=_trim(lines[:start]), list_type=last.list_type)
    else:
        del out[texts[-1]]
        before = [i for i, b in enumerate(out) if b.tag != "img"]
        if before and len(out[before[-1]].lines) == 1:
            greeting = out[before[-1]].text.strip()
            if _GREETING.match(greeting) and len(greeting.split()) <= 4:
                taken.insert(0, greeting)
                del out[before[-1]]
    return out, "\n".join(taken)


def _trim(lines: list) -> list:
    while lines and not lines[-1][1].strip():
        lines = lines[:-1]
    while lines and not lines[0][1].strip():
        lines = lines[1:]
    return lines


def _is_footer(text: str) -> bool:
    """A legal/confidentiality footer: it says so, or uses several footer phrases at once."""
    found = {m.group(0).lower() for m in _FOOTER.finditer(text)}
    opener = text.strip().upper().startswith(("DISCLAIMER", "CONFIDENTIAL", "NOTICE"))
    return (opener and bool(found)) or len(found) >= 3
