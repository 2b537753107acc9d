"""Walking the MIME tree: the body's blocks, attached files, inline resources, forwards."""

from dataclasses import dataclass, field
from email.message import Message

from django.utils.translation import gettext_lazy as _

from pewarta.common.html import html_to_text
from pewarta.intake.parse.blocks import Block, html_blocks, text_blocks
from pewarta.intake.parse.headers import part_text
from pewarta.intake.parse.model import IMAGE_EXTENSIONS, _ext


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


def _refusal(filename: str, content_type: str):
    return _(
        "Lampiran %(name)s (%(type)s) tidak kami terima. Kirim naskah sebagai teks email atau "
        "berkas .docx, dan foto sebagai JPEG, PNG, WebP atau HEIC."
    ) % {"name": filename or _("tanpa nama"), "type": content_type}
