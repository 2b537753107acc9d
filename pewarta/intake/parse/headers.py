"""Headers and text decoding: sender, subject, threading, automated mail, charsets."""

import re
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from django.utils.translation import gettext_lazy as _

from pewarta.intake.parse.model import ParseError

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
