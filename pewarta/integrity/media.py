"""The media pipeline for uploads: files judged by their content, never by their name.

Images are decoded, turned upright, stripped of EXIF/GPS and re-encoded; .docx files are
checked for zip bombs before mammoth reads them, and the HTML is sanitized.
"""

import io
import re
import secrets
import zipfile
from dataclasses import dataclass

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

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "GIF"}
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int
    extension: str


def read_upload(upload, *, limit: int | None = None) -> bytes:
    limit = limit or settings.PEWARTA_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationFailed(
            _("Berkas terlalu besar (maksimal %(mb)d MB).") % {"mb": limit // (1024 * 1024)}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed(
            _("Berkas terlalu besar (maksimal %(mb)d MB).") % {"mb": limit // (1024 * 1024)}
        )
    return data


def image_clean(data: bytes, *, max_side: int = MAX_SIDE) -> CleanImage:
    """Decode an image, apply its orientation, drop EXIF/GPS and re-encode it.

    Whatever the file name says, only a decodable JPEG/PNG/WebP/HEIC/GIF passes; the output is
    a fresh JPEG (or PNG when the picture has transparency) carrying no metadata.
    """
    not_image = ValidationFailed(_("Berkas ini bukan gambar yang dapat dibaca (JPEG, PNG, HEIC)."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise not_image
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationFailed(_("Gambar terlalu besar dimensinya."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.seek(0)
            img = ImageOps.exif_transpose(img)
            img.thumbnail((max_side, max_side))
            has_alpha = img.mode in ("RGBA", "LA") or "transparency" in img.info
            out = io.BytesIO()
            if has_alpha:
                img = img.convert("RGBA")
                img.save(out, format="PNG", optimize=True)
                extension = "png"
            else:
                img = img.convert("RGB")
                img.save(out, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
            return CleanImage(out.getvalue(), img.width, img.height, extension)
    except ValidationFailed:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        EOFError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ):
        raise not_image from None


def docx_to_html(data: bytes) -> str:
    """Convert a .docx (checked as a zip without bombs) to sanitized HTML. Images are dropped."""
    not_docx = ValidationFailed(_("Berkas ini bukan dokumen Word (.docx) yang dapat dibaca."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise not_docx from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "word/document.xml" not in names or len(infos) > 2000:
            raise not_docx
        total = sum(info.file_size for info in infos)
        if total > settings.PEWARTA_DOCX_MAX_UNCOMPRESSED:
            raise ValidationFailed(_("Dokumen terlalu besar setelah dibuka."))
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(lambda image: {"src": ""})
        )
    except Exception:  # mammoth raises many kinds on malformed documents
        raise not_docx from None
    html = re.sub(r"<img\b[^>]*>", "", result.value)
    return sanitize_html(html)


def photo_store(upload, *, folder: str) -> tuple[str, int, int]:
    """Check an uploaded image by content, strip metadata, store it. Returns (name, w, h)."""
    clean = image_clean(read_upload(upload))
    now = timezone.now()
    name = f"{folder}/{now:%Y/%m}/{secrets.token_hex(10)}.{clean.extension}"
    stored = default_storage.save(name, ContentFile(clean.content))
    return stored, clean.width, clean.height
