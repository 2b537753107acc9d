"""Attachments: images and .docx through the one media pipeline (pewarta.integrity.media).

The pipeline's refusals become the parser's: a size limit refuses the whole message
(`LimitExceeded`), an unreadable file is a `ParseError` whose reason names it.
"""

from pewarta.intake.parse.captions import _caption_credit
from pewarta.intake.parse.headers import header
from pewarta.intake.parse.mime import _filename, _refusal
from pewarta.intake.parse.model import (
    IMAGE_EXTENSIONS,
    Image,
    LimitExceeded,
    Limits,
    ParseError,
    _ext,
)
from pewarta.integrity import media


def _raise_as_parse_error(error: media.MediaRefused):
    if isinstance(error, media.MediaTooLarge):
        raise LimitExceeded(error.message) from error
    raise ParseError(error.message) from error


def process_image(data: bytes, *, ref: str, limits: Limits, filename: str = "") -> Image:
    """Re-encode an image: orientation applied, metadata (EXIF, GPS, text chunks) dropped."""
    try:
        clean = media.image_clean(data, limits=limits.media, name=filename or ref)
    except media.MediaRefused as error:
        _raise_as_parse_error(error)
    return Image(ref=ref, data=clean.content, extension=clean.extension, width=clean.width,
                 height=clean.height, filename=filename)  # fmt: skip


def check_docx_zip(data: bytes, limits: Limits) -> None:
    """Refuse zip bombs before any decompression: declared sizes and entry count."""
    try:
        media.docx_check(data, limits=limits.media)
    except media.MediaRefused as error:
        _raise_as_parse_error(error)


def convert_docx(data: bytes, *, limits: Limits, prefix: str = "docx") -> tuple[str, list]:
    """(.docx HTML with cid: image references, images) via mammoth; caller sanitizes."""
    images: list[Image] = []

    def on_image(blob: bytes, _alt: str) -> str:
        ref = f"{prefix}-{len(images) + 1}"
        images.append(process_image(blob, ref=ref, limits=limits, filename=ref))
        return f"cid:{ref}"

    try:
        html = media.docx_convert(data, limits=limits.media, on_image=on_image)
    except media.MediaRefused as error:
        _raise_as_parse_error(error)
    return html, images


def image_from_part(part, ref: str, limits: Limits, notes: list) -> Image | None:
    """The part's image, or None with the reason added to `notes` (limits refuse the mail)."""
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
