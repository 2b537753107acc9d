"""What parsing produces and the errors it raises (shared by every parse module)."""

import hashlib
import re
from dataclasses import dataclass, field

from pewarta.integrity.media import MediaLimits

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ParseError(Exception):
    """The message cannot become a submission; `reason` is safe to show the desk and sender."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(str(reason))


class LimitExceeded(ParseError):
    """A size limit refused the message (oversized, zip bomb, image bomb, too many files)."""


@dataclass(frozen=True)
class Limits:
    """The message's own limits, and the media pipeline's for each file in it."""

    max_message_bytes: int = 25 * 1024 * 1024
    max_attachments: int = 10
    media: MediaLimits = field(default_factory=MediaLimits)


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


def _ext(filename: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]{1,5}$", filename or "")
    return match.group(0).lower() if match else ""
