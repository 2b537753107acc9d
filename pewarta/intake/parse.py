"""Pure functions that turn raw email bytes into a submission. No database access here."""

import re
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from django.utils.translation import gettext_lazy as _

from pewarta.common.html import sanitize_html, text_to_html


class ParseError(Exception):
    """The message cannot become a submission; `reason` is safe to show the desk and sender."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(str(reason))


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


def sender_of(msg: EmailMessage) -> tuple[str, str]:
    """(address, display name) of the From header, lowercased address; ParseError if none."""
    try:
        pairs = getaddresses([str(msg.get("From", ""))])
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
    return re.sub(r"\s+", " ", text), kind


def plain_body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    if part is None:
        raise ParseError(_("Pesan tidak berisi teks yang dapat dibaca redaksi."))
    try:
        return part.get_content()
    except (LookupError, UnicodeError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("windows-1252", errors="replace")


def split_dateline(text: str) -> tuple[str, str]:
    """`BANDUNG - Warga ...` -> ("Bandung", "Warga ..."); no dateline -> ("", text)."""
    match = _DATELINE.match(text)
    if not match:
        return "", text
    return match.group(1).strip().title(), text[match.end() :]


def parse_submission(raw: bytes) -> Submission:
    msg = read_message(raw)
    address, name = sender_of(msg)
    headline, kind = headline_and_kind(str(msg.get("Subject", "")))
    if not headline:
        raise ParseError(_("Subjek email kosong; redaksi memakainya sebagai judul."))
    text = plain_body(msg).strip()
    if not text:
        raise ParseError(_("Isi pesan kosong."))
    dateline, text = split_dateline(text)
    return Submission(
        headline=headline,
        kind=kind,
        body_html=sanitize_html(text_to_html(text)),
        from_address=address,
        from_name=name,
        message_id=str(msg.get("Message-ID", "")).strip(),
        dateline=dateline,
    )
