"""The one media pipeline for every channel: files judged by their content, never by their name.

Email intake, the web form, profile photos, identity images and the desk all pass their
images and .docx files through here, with one set of limits from settings (`media_limits()`,
`PEWARTA_MEDIA_*`). Images are decoded, turned upright, stripped of EXIF/GPS and re-encoded;
.docx files are checked for zip bombs before mammoth reads them.
"""

import io
import re
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace

import mammoth
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from pewarta.common.errors import ValidationFailed
from pewarta.common.html import sanitize_html

register_heif_opener()

# Decoded formats we accept whatever the file is called (MPO: phone cameras' JPEGs).
IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "HEIF", "GIF", "TIFF", "BMP"}
MB = 1024 * 1024


@dataclass(frozen=True)
class MediaLimits:
    """The limits every channel applies (settings `PEWARTA_MEDIA_*`)."""

    max_bytes: int = 15 * MB  # one photo or .docx as sent
    max_pixels: int = 50_000_000  # decompression-bomb guard
    max_side: int = 2400  # longest side kept after re-encoding
    docx_max_unpacked: int = 40 * MB  # zip-bomb guard: declared unpacked size
    docx_max_entries: int = 2000


def media_limits() -> MediaLimits:
    return MediaLimits(
        max_bytes=settings.PEWARTA_MEDIA_MAX_BYTES,
        max_pixels=settings.PEWARTA_MEDIA_MAX_PIXELS,
        max_side=settings.PEWARTA_MEDIA_MAX_SIDE,
        docx_max_unpacked=settings.PEWARTA_MEDIA_DOCX_MAX_UNPACKED,
        docx_max_entries=settings.PEWARTA_MEDIA_DOCX_MAX_ENTRIES,
    )


class MediaRefused(ValidationFailed):
    """The file is refused; `message` names it and says why (safe to show the sender)."""


class MediaTooLarge(MediaRefused):
    """Refused by a size limit (bytes, pixels, unpacked .docx)."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int
    extension: str


def _too_many_bytes(size: int, limits: MediaLimits, name: str) -> MediaTooLarge:
    if name:
        return MediaTooLarge(
            _("Berkas %(name)s terlalu besar (%(mb)s MB; batas %(max)s MB).")
            % {"name": name, "mb": size // MB, "max": limits.max_bytes // MB}
        )
    return MediaTooLarge(
        _("Berkas terlalu besar (maksimal %(mb)d MB).") % {"mb": limits.max_bytes // MB}
    )


def read_upload(upload, *, limit: int | None = None) -> bytes:
    """The bytes of an uploaded file, refused past the size limit without reading it all."""
    limits = media_limits()
    if limit:
        limits = replace(limits, max_bytes=limit)
    if upload.size is not None and upload.size > limits.max_bytes:
        raise _too_many_bytes(upload.size, limits, "")
    data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise _too_many_bytes(len(data), limits, "")
    return data


def image_clean(data: bytes, *, limits: MediaLimits | None = None, name: str = "") -> CleanImage:
    """Decode an image, apply its orientation, drop EXIF/GPS and re-encode it.

    Whatever the file name says, only a decodable picture passes; the output is a fresh JPEG
    (or PNG when the picture has transparency) carrying no metadata. `name` (the file's name
    as sent) goes into the refusal message.
    """
    limits = limits or media_limits()
    if name:
        not_image = MediaRefused(_("Gambar %(name)s tidak dapat dibaca.") % {"name": name})
    else:
        not_image = MediaRefused(_("Berkas ini bukan gambar yang dapat dibaca (JPEG, PNG, HEIC)."))
    if len(data) > limits.max_bytes:
        raise _too_many_bytes(len(data), limits, name)
    side = limits.max_side
    try:
        with Image.open(io.BytesIO(data)) as source:
            if source.format not in IMAGE_FORMATS:
                raise not_image
            width, height = source.size
            if width * height > limits.max_pixels:
                if name:
                    message = _(
                        "Gambar %(name)s terlalu besar (%(w)s×%(h)s piksel; batas %(max)s juta)."
                    ) % {"name": name, "w": width, "h": height, "max": limits.max_pixels // 10**6}
                else:
                    message = _("Gambar terlalu besar dimensinya (batas %(max)s juta piksel).") % {
                        "max": limits.max_pixels // 10**6
                    }
                raise MediaTooLarge(message)
            if source.format == "JPEG":
                source.draft("RGB", (side, side))
            image = ImageOps.exif_transpose(source)
            image.thumbnail((side, side))
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
            return CleanImage(out.getvalue(), image.width, image.height, extension)
    except MediaRefused:
        raise
    except Image.DecompressionBombError:
        if name:
            message = _("Gambar %(name)s terlalu besar (melebihi batas %(max)s juta piksel).")
        else:
            message = _("Gambar terlalu besar dimensinya (batas %(max)s juta piksel).")
        raise MediaTooLarge(message % {"name": name, "max": limits.max_pixels // 10**6}) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise not_image from None


def image_verify(data: bytes, *, limits: MediaLimits | None = None) -> str:
    """Check an image kept as sent (complaint evidence): decodable, within the pixel limit.

    Returns the decoded format; raises MediaRefused / MediaTooLarge. Nothing is re-encoded.
    """
    limits = limits or media_limits()
    not_image = MediaRefused(_("Berkas ini bukan gambar yang dapat dibaca (JPEG, PNG, HEIC)."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise not_image
            if probe.width * probe.height > limits.max_pixels:
                raise MediaTooLarge(
                    _("Gambar terlalu besar dimensinya (batas %(max)s juta piksel).")
                    % {"max": limits.max_pixels // 10**6}
                )
            probe.verify()
            return probe.format
    except MediaRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            Image.DecompressionBombError):  # fmt: skip
        raise not_image from None


def docx_check(data: bytes, *, limits: MediaLimits | None = None) -> None:
    """Refuse zip bombs before any decompression: declared sizes, entry count, a Word body."""
    limits = limits or media_limits()
    not_docx = MediaRefused(_("Berkas .docx rusak atau bukan dokumen Word."))
    if len(data) > limits.max_bytes:
        raise _too_many_bytes(len(data), limits, ".docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise not_docx from None
    total = sum(info.file_size for info in infos)
    if len(infos) > limits.docx_max_entries or total > limits.docx_max_unpacked:
        raise MediaTooLarge(
            _("Berkas .docx terlalu besar setelah dibuka (%(mb)s MB; batas %(max)s MB).")
            % {"mb": total // MB, "max": limits.docx_max_unpacked // MB}
        )
    if "word/document.xml" not in {info.filename for info in infos}:
        raise not_docx


_DOCX_STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => h2:fresh"


def docx_convert(
    data: bytes,
    *,
    limits: MediaLimits | None = None,
    on_image: Callable | None = None,
    style_map: str = _DOCX_STYLE_MAP,
) -> str:
    """A checked .docx as mammoth HTML (not yet sanitized).

    `on_image(blob, alt)` receives each embedded image's bytes (read up to the byte limit)
    and returns the `src` to put in the HTML; without it images are dropped. A MediaRefused
    raised by `on_image` passes through.
    """
    limits = limits or media_limits()
    docx_check(data, limits=limits)

    def convert_image(element):
        if on_image is None:
            return {"src": ""}
        with element.open() as stream:
            blob = stream.read(limits.docx_max_unpacked + 1)
        return {"src": on_image(blob, element.alt_text or ""), "alt": element.alt_text or ""}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            convert_image=mammoth.images.img_element(convert_image),
            style_map=style_map,
        )
    except MediaRefused:
        raise
    except Exception:  # noqa: BLE001 - mammoth/zip/xml errors on a malformed document
        raise MediaRefused(_("Berkas .docx tidak dapat dibaca.")) from None
    html = result.value
    if on_image is None:
        html = re.sub(r"<img\b[^>]*>", "", html)
    return html


def docx_to_html(data: bytes, *, limits: MediaLimits | None = None) -> str:
    """Convert a .docx (checked as a zip without bombs) to sanitized HTML. Images are dropped."""
    return sanitize_html(docx_convert(data, limits=limits, style_map=""))


def photo_store(upload, *, folder: str) -> tuple[str, int, int]:
    """Check an uploaded image by content, strip metadata, store it. Returns (name, w, h)."""
    clean = image_clean(read_upload(upload))
    now = timezone.now()
    name = f"{folder}/{now:%Y/%m}/{secrets.token_hex(10)}.{clean.extension}"
    stored = default_storage.save(name, ContentFile(clean.content))
    return stored, clean.width, clean.height
