"""Pure functions that turn raw email bytes into a submission. No database access here.

`parse_submission` is the entry point: it raises `ParseError` (or its `LimitExceeded`) for the
sender's mistakes, with a reason safe to show the desk and the sender. Anything else it raises
is our fault and the caller retries.
"""

import hashlib
import html as _html
import io
import re
import zipfile
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses
from html.parser import HTMLParser

import mammoth
import pillow_heif
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from pewarta.common.html import html_to_text, sanitize_html

pillow_heif.register_heif_opener()


class ParseError(Exception):
    """The message cannot become a submission; `reason` is safe to show the desk and sender."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(str(reason))


class LimitExceeded(ParseError):
    """A size limit refused the message (oversized, zip bomb, image bomb, too many files)."""


@dataclass(frozen=True)
class Limits:
    max_message_bytes: int = 25 * 1024 * 1024
    max_attachments: int = 10
    max_docx_bytes: int = 20 * 1024 * 1024
    max_image_pixels: int = 50_000_000
    max_image_side: int = 2400


@dataclass
class Image:
    """A re-encoded image (EXIF and GPS gone, orientation applied); `ref` is its cid: in HTML."""

    ref: str
    data: bytes
    extension: str
    width: int
    height: int
    caption: str = ""
    credit: str = ""
    inline: bool = False
    filename: str = ""


@dataclass
class Submission:
    headline: str
    kind: str
    body_html: str
    from_address: str
    from_name: str = ""
    message_id: str = ""
    lead: str = ""
    dateline: str = ""
    language: str = "id"
    notes: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    cover_note: str = ""
    body_text: str = ""
    contact_note: str = ""  # contact details from the sign-off: for the desk, never published

    @property
    def content_key(self) -> str:
        """Same sender, same headline and same words -> same key (duplicate detection)."""
        words = re.sub(r"\W+", " ", f"{self.headline} {self.body_text}".lower()).strip()
        return hashlib.sha256(f"{self.from_address}\n{words}".encode()).hexdigest()


# --- headers -----------------------------------------------------------------------------------

_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|tr|wg|bls|balas|terus)\s*(\[\d+\])?\s*:\s*)+", re.I)
_KIND_TAGS = {
    "berita": "berita",
    "opini": "opini",
    "esai": "esai",
    "essay": "esai",
    "kolom": "kolom",
    "siaran pers": "siaran_pers",
    "rilis": "siaran_pers",
    "press release": "siaran_pers",
    "advertorial": "advertorial",
}
_TAG = re.compile(r"^\s*\[([^\]]{2,30})\]\s*")
_DATELINE = re.compile(r"^([A-Z][A-Z .'-]{1,40})(?:,\s*[^-–—]{0,40})?\s*[-–—]\s+")


def read_message(raw: bytes) -> EmailMessage:
    if not raw or not raw.strip():
        raise ParseError(_("Pesan kosong."))
    return BytesParser(policy=policy.default).parsebytes(raw)


def header(msg, name: str) -> str:
    """A header as text; undecodable or malformed headers become their best readable form."""
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - the email package raises many kinds on bad headers
        value = None
    if value is None:
        return ""
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # raw 8-bit bytes in a header
        text = decode_bytes(text.encode("utf-8", "surrogateescape"), None)
    return " ".join(text.split())


def raw_header(msg, name: str) -> str:
    """The undecoded value of a header (cheap; for presence and keyword checks)."""
    name = name.lower()
    for key, value in msg.raw_items():
        if key.lower() == name:
            return " ".join(str(value).split())
    return ""


def sender_of(msg: EmailMessage) -> tuple[str, str]:
    """(address, display name) of the From header, lowercased address; ParseError if none."""
    try:
        pairs = getaddresses([header(msg, "From")])
    except Exception as exc:  # malformed headers surface as many error types
        raise ParseError(_("Alamat pengirim (From) tidak dapat dibaca.")) from exc
    for name, address in pairs:
        if "@" in address:
            try:
                Address(addr_spec=address)
            except Exception as exc:
                raise ParseError(_("Alamat pengirim (From) tidak valid.")) from exc
            return address.strip().lower(), name.strip()
    raise ParseError(_("Pesan tidak memiliki alamat pengirim."))


def recipients_of(msg) -> list[str]:
    values = [raw_header(msg, n) for n in ("To", "Cc", "Delivered-To", "X-Original-To")]
    try:
        return [a.strip().lower() for _n, a in getaddresses(values) if "@" in a]
    except Exception:  # noqa: BLE001
        return []


def thread_ids(msg) -> list[str]:
    """Message-IDs this message answers (In-Reply-To first, then References)."""
    refs = f"{raw_header(msg, 'In-Reply-To')} {raw_header(msg, 'References')}"
    found = re.findall(r"<[^<>\s]+>", refs)
    return list(dict.fromkeys(found))


def automated_reason(msg, envelope_from: str | None = None) -> str:
    """'bounce', 'auto_reply', 'list' or ''. We never answer any of them (no mail loops)."""
    content_type = msg.get_content_type()
    sender = raw_header(msg, "From").lower()
    return_path = raw_header(msg, "Return-Path").strip()
    if (
        content_type == "multipart/report"
        or envelope_from == ""
        or return_path == "<>"
        or "mailer-daemon@" in sender
        or "postmaster@" in sender
    ):
        return "bounce"
    auto_submitted = raw_header(msg, "Auto-Submitted").lower()
    precedence = raw_header(msg, "Precedence").lower()
    if (
        auto_submitted.startswith("auto-replied")
        or precedence == "auto_reply"
        or raw_header(msg, "X-Autoreply")
        or raw_header(msg, "X-Autorespond")
        or raw_header(msg, "X-Auto-Response-Suppress").lower() in ("all", "oof")
    ):
        return "auto_reply"
    if (
        (auto_submitted and auto_submitted != "no")
        or precedence in ("bulk", "list", "junk")
        or raw_header(msg, "List-Id")
        or raw_header(msg, "List-Unsubscribe")
    ):
        return "list"
    return ""


def headline_and_kind(subject: str) -> tuple[str, str]:
    """Strip reply/forward prefixes; a leading [Opini]-style tag or keyword sets the kind."""
    text = _PREFIX.sub("", subject or "").strip()
    kind = "berita"
    match = _TAG.match(text)
    if match and match.group(1).strip().lower() in _KIND_TAGS:
        kind = _KIND_TAGS[match.group(1).strip().lower()]
        text = text[match.end() :].strip()
    else:
        lowered = text.lower()
        for keyword, value in _KIND_TAGS.items():
            if lowered.startswith(keyword + ":"):
                kind = value
                text = text[len(keyword) + 1 :].strip()
                break
    return re.sub(r"\s+", " ", _PREFIX.sub("", text)).strip(), kind


# --- decoding ----------------------------------------------------------------------------------

_LATIN = {None, "", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252",
          "cp1252"}  # fmt: skip


def decode_bytes(payload: bytes, charset: str | None) -> str:
    """Decode text in any charset; a latin-1/ASCII label on UTF-8 or cp1252 bytes is fixed."""
    charset = (charset or "").strip().lower() or None
    if charset in _LATIN:
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("windows-1252", errors="replace")
    try:
        return payload.decode(charset)
    except (LookupError, ValueError):  # unknown or malformed label (e.g. a NUL in it)
        pass
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("windows-1252", errors="replace")


def part_text(part) -> str:
    """The decoded text of a leaf part (quoted-printable and base64 handled)."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        payload = None
    if payload is None:
        payload = str(part.get_payload() or "").encode("utf-8", "surrogateescape")
    try:
        charset = part.get_content_charset()
    except Exception:  # noqa: BLE001
        charset = None
    return decode_bytes(payload, charset).replace("\r\n", "\n").replace("\x00", "")


# --- body blocks -------------------------------------------------------------------------------


@dataclass
class Block:
    """One paragraph-level piece of the body: p, h2-h4, li, or img (a cid: reference)."""

    tag: str = "p"
    lines: list[tuple[str, str]] = field(default_factory=list)  # (inline html, plain text)
    quoted: bool = False
    src: str = ""
    alt: str = ""
    list_type: str = ""

    @property
    def text(self) -> str:
        return "\n".join(t for _h, t in self.lines)


_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote",
               "table", "ul", "ol", "section", "article", "header", "footer", "pre", "center",
               "dl", "dt", "dd", "hr", "body", "figure", "figcaption"}  # fmt: skip
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source"}
_SKIP = {"script", "style", "head", "title", "template", "noscript", "xml", "o:p"}
_INLINE = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "u": "u", "sup": "sup",
           "sub": "sub"}  # fmt: skip
_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_QUOTE_CLASSES = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote")
_SIG_CLASSES = ("gmail_signature", "moz-signature", "signature")
_QUOTE_REST_IDS = ("divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container")


class _BlockParser(HTMLParser):
    """Mail HTML -> blocks. Quote containers are marked, signatures dropped, markup reduced."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.stack: list[tuple[str, str]] = []  # (tag, role: ""|quote|sig|skip)
        self.current = Block()
        self.line_html: list[str] = []
        self.line_text: list[str] = []
        self.quote_rest = False
        self.in_pre = 0

    # state ---------------------------------------------------------------------------------
    def _role_active(self, role):
        return any(r == role for _t, r in self.stack)

    def _quoted(self):
        return self.quote_rest or self._role_active("quote")

    def _end_line(self):
        self.current.lines.append(("".join(self.line_html), "".join(self.line_text)))
        self.line_html, self.line_text = [], []

    def _flush(self, next_tag="p", list_type=""):
        self._end_line()
        block = self.current
        block.lines = [(h.strip(), t.strip()) for h, t in block.lines]
        while block.lines and not block.lines[0][1]:
            block.lines.pop(0)
        while block.lines and not block.lines[-1][1]:
            block.lines.pop()
        if block.lines:
            self.blocks.append(block)
        self.current = Block(tag=next_tag, quoted=self._quoted(), list_type=list_type)

    # events --------------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag in _VOID:
            self._void(tag, attrs)
            return
        classes = attrs.get("class", "").lower()
        ident = attrs.get("id", "").lower()
        role = ""
        if tag in _SKIP or self._role_active("skip"):
            role = "skip"
        elif (
            any(c in classes for c in _SIG_CLASSES)
            or ident == "signature"
            or (attrs.get("data-smartmail") == "gmail_signature")
        ):
            role = "sig"
        elif any(c in classes for c in _QUOTE_CLASSES) or (
            tag == "blockquote" and attrs.get("type", "").lower() == "cite"
        ):
            role = "quote"
        if ident in _QUOTE_REST_IDS or ident.startswith("divrplyfwdmsg"):
            self.quote_rest = True
        self.stack.append((tag, role))
        if self._role_active("skip") or self._role_active("sig"):
            return
        if tag in _BLOCK_TAGS:
            list_type = ""
            if tag == "li":
                parents = [t for t, _r in self.stack if t in ("ul", "ol")]
                list_type = parents[-1] if parents else "ul"
            self._flush(_HEADINGS.get(tag, "li" if tag == "li" else "p"), list_type)
            if tag == "pre":
                self.in_pre += 1
        elif tag in _INLINE:
            self.line_html.append(f"<{_INLINE[tag]}>")
        elif tag == "a":
            href = attrs.get("href", "")
            if re.match(r"^(https?|mailto):", href, re.I):
                self.line_html.append(f'<a href="{_html.escape(href)}">')
            else:
                self.line_html.append("<a>")

    def _void(self, tag, attrs):
        if self._role_active("skip") or self._role_active("sig"):
            return
        if tag == "br":
            if not "".join(self.line_text).strip() and self.current.lines:
                self._flush()
            else:
                self._end_line()
        elif tag == "hr":
            self._flush()
        elif tag == "img":
            src = attrs.get("src", "").strip()
            if src.lower().startswith("cid:"):
                self._flush()
                self.blocks.append(
                    Block(
                        tag="img",
                        src=src[4:].strip("<>"),
                        alt=attrs.get("alt", ""),
                        quoted=self._quoted(),
                    )  # fmt: skip
                )

    def handle_endtag(self, tag):
        if tag in _VOID or not any(t == tag for t, _r in self.stack):
            return
        hidden_before = self._role_active("skip") or self._role_active("sig")
        while self.stack:
            popped, _role = self.stack.pop()
            if popped == tag:
                break
        if hidden_before:
            return
        if tag in _BLOCK_TAGS:
            if tag == "pre":
                self.in_pre = max(0, self.in_pre - 1)
            self._flush()
        elif tag in _INLINE:
            self.line_html.append(f"</{_INLINE[tag]}>")
        elif tag == "a":
            self.line_html.append("</a>")

    def handle_data(self, data):
        if self._role_active("skip") or self._role_active("sig"):
            return
        if self.current.quoted != self._quoted() and "".join(self.line_text).strip():
            self._flush()
        self.current.quoted = self._quoted()
        if self.in_pre:
            for i, line in enumerate(data.split("\n")):
                if i:
                    self._end_line()
                self.line_html.append(_html.escape(line))
                self.line_text.append(line)
            return
        data = re.sub(r"\s+", " ", data.replace("\xa0", " "))
        self.line_html.append(_html.escape(data, quote=False))
        self.line_text.append(data)

    def close(self):
        super().close()
        self._flush()


def html_blocks(html: str) -> list[Block]:
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


def text_blocks(text: str) -> list[Block]:
    """Plain text -> blocks: blank lines split paragraphs; `>` lines are quoted."""
    blocks = []
    for para in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        current = None
        for line in para.split("\n"):
            quoted = line.lstrip().startswith(">")
            line = line.rstrip()
            if current is None or current.quoted != quoted:
                current = Block(quoted=quoted)
                blocks.append(current)
            current.lines.append((_html.escape(line.strip(), quote=False), line.strip()))
    return [b for b in blocks if b.text.strip()]


# --- cleaning: quoted replies, forwards, signatures, footers -----------------------------------

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


# --- captions and credits ----------------------------------------------------------------------

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


# --- rendering ---------------------------------------------------------------------------------


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


def render_blocks(blocks: list[Block], images: dict[str, "Image"]) -> str:
    out, open_list = [], ""
    for block in blocks:
        list_type = block.list_type if block.tag == "li" else ""
        if open_list and open_list != list_type:
            out.append(f"</{open_list}>")
            open_list = ""
        if list_type and not open_list:
            out.append(f"<{list_type}>")
            open_list = list_type
        if block.tag == "img":
            image = images.get(block.src)
            if image is None:
                continue
            caption = _html.escape(image.caption or "", quote=False)
            if image.credit:
                caption += f" <cite>{_html.escape(image.credit, quote=False)}</cite>"
            out.append(
                f'<figure><img src="cid:{image.ref}" alt="{_html.escape(image.caption)}" '
                f'width="{image.width}" height="{image.height}">'
                + (f"<figcaption>{caption.strip()}</figcaption>" if caption.strip() else "")
                + "</figure>"
            )
        else:
            inner = "<br>".join(h for h, _t in block.lines)
            out.append(f"<{block.tag}>{inner}</{block.tag}>")
    if open_list:
        out.append(f"</{open_list}>")
    return sanitize_html("\n".join(out))


def blocks_text(blocks: list[Block]) -> str:
    return "\n\n".join(b.text for b in blocks if b.tag != "img").strip()


_EN = {"the", "and", "of", "to", "is", "in", "that", "was", "for", "with", "are", "this", "it",
       "on", "were", "have", "has", "by"}  # fmt: skip
_ID = {"yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "pada", "akan",
       "dalam", "ke", "adalah", "juga", "warga", "kami"}  # fmt: skip


def detect_language(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())[:2000]
    english = sum(w in _EN for w in words)
    indonesian = sum(w in _ID for w in words)
    return "en" if english >= 5 and english > 1.5 * indonesian else "id"


# --- attachments: images and .docx -------------------------------------------------------------

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def process_image(data: bytes, *, ref: str, limits: Limits, filename: str = "") -> Image:
    """Re-encode an image: orientation applied, metadata (EXIF, GPS, text chunks) dropped."""
    try:
        with PILImage.open(io.BytesIO(data)) as source:
            width, height = source.size
            if width * height > limits.max_image_pixels:
                raise LimitExceeded(
                    _("Gambar %(name)s terlalu besar (%(w)s×%(h)s piksel; batas %(max)s juta).")
                    % {
                        "name": filename or ref,
                        "w": width,
                        "h": height,
                        "max": limits.max_image_pixels // 1_000_000,
                    }  # fmt: skip
                )
            if source.format == "JPEG":
                source.draft("RGB", (limits.max_image_side, limits.max_image_side))
            image = ImageOps.exif_transpose(source)
            image.thumbnail((limits.max_image_side, limits.max_image_side))
            transparent = image.mode in ("RGBA", "LA", "PA") or (
                image.mode == "P" and "transparency" in image.info
            )
            out = io.BytesIO()
            if transparent:
                image = image.convert("RGBA")
                image.save(out, format="PNG", optimize=False)
                extension = "png"
            else:
                image = image.convert("RGB")
                image.save(out, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
            return Image(ref=ref, data=out.getvalue(), extension=extension, width=image.width,
                         height=image.height, filename=filename)  # fmt: skip
    except LimitExceeded:
        raise
    except PILImage.DecompressionBombError as exc:
        raise LimitExceeded(
            _("Gambar %(name)s terlalu besar (melebihi batas %(max)s juta piksel).")
            % {"name": filename or ref, "max": limits.max_image_pixels // 1_000_000}
        ) from exc
    except (UnidentifiedImageError, OSError, EOFError, ValueError, SyntaxError) as exc:
        raise ParseError(
            _("Gambar %(name)s tidak dapat dibaca.") % {"name": filename or ref}
        ) from exc


def check_docx_zip(data: bytes, limits: Limits) -> None:
    """Refuse zip bombs before any decompression: declared sizes and entry count."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ParseError(_("Berkas .docx rusak atau bukan dokumen Word.")) from exc
    total = sum(info.file_size for info in infos)
    if len(infos) > 2000 or total > limits.max_docx_bytes:
        raise LimitExceeded(
            _("Berkas .docx terlalu besar setelah dibuka (%(mb)s MB; batas %(max)s MB).")
            % {"mb": total // (1024 * 1024), "max": limits.max_docx_bytes // (1024 * 1024)}
        )


_DOCX_STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => h2:fresh"


def convert_docx(data: bytes, *, limits: Limits, prefix: str = "docx") -> tuple[str, list]:
    """(.docx HTML with cid: image references, images) via mammoth; caller sanitizes."""
    check_docx_zip(data, limits)
    images: list[Image] = []

    def convert_image(element):
        ref = f"{prefix}-{len(images) + 1}"
        with element.open() as stream:
            blob = stream.read(limits.max_docx_bytes + 1)
        images.append(process_image(blob, ref=ref, limits=limits, filename=ref))
        return {"src": f"cid:{ref}", "alt": element.alt_text or ""}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            convert_image=mammoth.images.img_element(convert_image),
            style_map=_DOCX_STYLE_MAP,
        )
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - mammoth/zip/xml errors on a bad document
        raise ParseError(_("Berkas .docx tidak dapat dibaca.")) from exc
    return result.value, images


# --- walking the MIME tree ---------------------------------------------------------------------


@dataclass
class _Walk:
    blocks: list[Block] = field(default_factory=list)
    attachments: list = field(default_factory=list)  # leaf parts that are files
    resources: dict = field(default_factory=dict)  # Content-ID -> part (multipart/related)
    forwarded: list = field(default_factory=list)  # message/rfc822 payloads


def _filename(part) -> str:
    try:
        return (part.get_filename() or "").strip()
    except Exception:  # noqa: BLE001
        return ""


def _is_attachment(part) -> bool:
    try:
        disposition = part.get_content_disposition()
    except Exception:  # noqa: BLE001
        disposition = None
    return disposition == "attachment" or (
        disposition is None
        and bool(_filename(part))
        and not part.get_content_type().startswith("text/")
    )


def _body_of(part) -> list[Block]:
    text = part_text(part)
    if part.get_content_type() == "text/html":
        return html_blocks(text)
    return text_blocks(text)


def _walk(part, walk: _Walk) -> None:
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(inner, Message):
            walk.forwarded.append(inner)
        return
    if part.is_multipart():
        subparts = list(part.iter_parts())
        if content_type == "multipart/alternative":
            chosen = _choose_alternative(subparts)
            if chosen is not None:
                _walk(chosen, walk)
        elif content_type == "multipart/related" and subparts:
            _walk(subparts[0], walk)
            for sub in subparts[1:]:
                cid = str(sub.get("Content-ID", "") or "").strip().strip("<>")
                if cid and not sub.is_multipart():
                    walk.resources[cid] = sub
                else:
                    _walk(sub, walk)
        elif content_type == "multipart/report":
            return
        else:
            for sub in subparts:
                _walk(sub, walk)
        return
    if content_type in ("text/plain", "text/html") and not _is_attachment(part):
        walk.blocks.extend(_body_of(part))
        return
    cid = str(part.get("Content-ID", "") or "").strip().strip("<>")
    is_image = content_type.startswith("image/") or _ext(_filename(part)) in IMAGE_EXTENSIONS
    if is_image and walk.blocks and not _is_attachment(part):
        # Apple Mail's plain-text layout: text, image, text in multipart/mixed.
        ref = cid or f"att-{len(walk.attachments) + 1}"
        walk.blocks.append(Block(tag="img", src=ref))
        walk.resources[ref] = part
        return
    walk.attachments.append(part)


def _choose_alternative(parts):
    for wanted in ("text/html", "multipart/related", "multipart/mixed", "text/plain"):
        for part in reversed(parts):
            if part.get_content_type() == wanted:
                if wanted == "text/html" and not html_to_text(part_text(part)):
                    continue
                return part
    return parts[-1] if parts else None


def _ext(filename: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]{1,5}$", filename or "")
    return match.group(0).lower() if match else ""


# --- the entry point ---------------------------------------------------------------------------


def _refusal(filename: str, content_type: str):
    return _(
        "Lampiran %(name)s (%(type)s) tidak kami terima. Kirim naskah sebagai teks email atau "
        "berkas .docx, dan foto sebagai JPEG, PNG, WebP atau HEIC."
    ) % {"name": filename or _("tanpa nama"), "type": content_type}


def parse_submission(raw: bytes, limits: Limits | None = None, msg=None) -> Submission:
    """Raw bytes -> Submission. ParseError/LimitExceeded for the sender's mistakes.

    `msg` is `read_message(raw)` when the caller already has it (saves a second parse).
    """
    limits = limits or Limits()
    if len(raw or b"") > limits.max_message_bytes:
        raise LimitExceeded(
            _("Pesan terlalu besar (%(mb)s MB; batas %(max)s MB).")
            % {"mb": len(raw) // (1024 * 1024), "max": limits.max_message_bytes // (1024 * 1024)}
        )
    msg = msg if msg is not None else read_message(raw)
    address, name = sender_of(msg)
    subject = header(msg, "Subject")
    walk = _Walk()
    _walk(msg, walk)
    cover, blocks = split_forward(walk.blocks)
    for inner in walk.forwarded:  # forwarded as an attachment: its content is the piece
        inner_walk = _Walk()
        _walk(inner, inner_walk)
        cover = cover + [b for b in blocks if not b.quoted]
        blocks = inner_walk.blocks
        walk.attachments += inner_walk.attachments
        walk.resources.update(inner_walk.resources)
        if not headline_and_kind(subject)[0]:
            subject = header(inner, "Subject")
        break
    cover_note = blocks_text(strip_replies_and_signatures(cover))
    headline, kind = headline_and_kind(subject)

    files = [p for p in walk.attachments if not p.is_multipart()]
    if len(files) + len(walk.resources) > limits.max_attachments:
        raise LimitExceeded(
            _("Terlalu banyak lampiran (%(n)s; batas %(max)s).")
            % {"n": len(files) + len(walk.resources), "max": limits.max_attachments}
        )

    notes: list[str] = []
    images: dict[str, Image] = {}
    ordered: list[Image] = []
    docx_used = False
    for cid, part in walk.resources.items():
        image = _image_from_part(part, cid, limits, notes)
        if image is not None:
            images[cid] = image
            ordered.append(image)
    for part in files:
        filename, content_type = _filename(part), part.get_content_type()
        if content_type == DOCX_TYPE or _ext(filename) == ".docx":
            if docx_used:
                notes.append(_("Hanya satu berkas .docx per naskah; %(name)s tidak kami baca.")
                             % {"name": filename})  # fmt: skip
                continue
            docx_used = True
            html, docx_images = convert_docx(
                part.get_payload(decode=True) or b"", limits=limits, prefix="docx"
            )
            docx_blocks = html_blocks(html)
            if docx_blocks and docx_blocks[0].tag.startswith("h"):
                headline = docx_blocks.pop(0).text.replace("\n", " ").strip() or headline
            cover = cover + blocks
            blocks = docx_blocks
            for image in docx_images:
                images[image.ref] = image
                ordered.append(image)
            continue
        if content_type.startswith("image/") or _ext(filename) in IMAGE_EXTENSIONS:
            ref = f"att-{len(ordered) + 1}"
            image = _image_from_part(part, ref, limits, notes)
            if image is not None:
                images[ref] = image
                ordered.append(image)
            continue
        if content_type in ("text/plain", "text/html") and not filename:
            continue
        notes.append(_refusal(filename, content_type))
    if docx_used:
        cover_note = blocks_text(strip_replies_and_signatures(cover))

    blocks = strip_replies_and_signatures(blocks)
    blocks, numbered, by_ref, default_credit = extract_captions(blocks)
    blocks, contact_note = take_signoff(blocks)
    placed = {b.src for b in blocks if b.tag == "img"}
    for number, image in enumerate(ordered, start=1):
        caption, credit = by_ref.get(image.ref) or numbered.get(number) or ("", "")
        image.caption = image.caption or caption
        image.credit = image.credit or credit or default_credit or name or str(PRIVATE_CREDIT)
        image.inline = image.ref in placed
    dateline = take_dateline(blocks)
    body_text = blocks_text(blocks)
    if not headline:
        raise ParseError(_("Subjek email kosong; redaksi memakainya sebagai judul."))
    if not body_text and not images:
        raise ParseError(_("Isi pesan kosong."))
    return Submission(
        headline=headline[:300],
        kind=kind,
        body_html=render_blocks(blocks, images),
        from_address=address,
        from_name=name,
        message_id=header(msg, "Message-ID")[:998],
        dateline=dateline,
        language=detect_language(f"{headline} {body_text}"),
        notes=notes,
        images=[i for i in ordered if i.ref in images],
        cover_note=cover_note,
        body_text=body_text,
        contact_note=contact_note,
    )


def _image_from_part(part, ref: str, limits: Limits, notes: list) -> Image | None:
    filename = _filename(part)
    if not (part.get_content_type().startswith("image/") or _ext(filename) in IMAGE_EXTENSIONS):
        notes.append(_refusal(filename, part.get_content_type()))
        return None
    try:
        image = process_image(
            part.get_payload(decode=True) or b"", ref=ref, limits=limits, filename=filename
        )
    except LimitExceeded:
        raise
    except ParseError as error:
        notes.append(str(error.reason))
        return None
    description = header(part, "Content-Description")
    if description and description != filename and _ext(description) not in IMAGE_EXTENSIONS:
        image.caption, image.credit = _caption_credit(description)
    return image


def reply_text(raw: bytes) -> str:
    """The new text of a reply (quotes and signatures gone), for the story's conversation."""
    msg = read_message(raw)
    walk = _Walk()
    _walk(msg, walk)
    text = blocks_text(strip_replies_and_signatures(walk.blocks))
    if not text:
        raise ParseError(_("Balasan tidak berisi teks."))
    return text
