"""Uploaded files judged by their content, never by their name (pure functions)."""

import io
import re
import zipfile
from dataclasses import dataclass

import mammoth
from django.conf import settings
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
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
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


_BLOCK_TAG = re.compile(r"</?(p|h2|h3|h4|blockquote|ul|ol|li|strong|em|b|i|br)\b", re.I)


def body_to_html(text: str) -> str:
    """The simple editor's text as HTML: HTML is sanitized; plain text gets light markup.

    Light markup: blank line = new paragraph, `## ` heading, `> ` quote, `- ` list item,
    `**tebal**`, `*miring*`.
    """
    text = (text or "").replace("\r\n", "\n").strip()
    if _BLOCK_TAG.search(text):
        return sanitize_html(text)
    from html import escape

    def inline(value: str) -> str:
        value = escape(value)
        value = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", value)
        return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", value)

    blocks = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.rstrip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].startswith("## "):
            blocks.append(f"<h2>{inline(lines[0][3:].strip())}</h2>")
        elif all(line.startswith("> ") or line == ">" for line in lines):
            inner = "<br>".join(inline(line[2:]) for line in lines)
            blocks.append(f"<blockquote><p>{inner}</p></blockquote>")
        elif all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{inline(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>".join(inline(line) for line in lines) + "</p>")
    return sanitize_html("\n".join(blocks))


_LIGHT_TAGS = {"p", "br", "strong", "b", "em", "i", "h2", "blockquote", "ul", "li"}


def html_to_markup(value: str) -> str:
    """The inverse of `body_to_html` for HTML it could have produced, so a contributor revises
    text rather than tags. HTML with anything richer (links, tables, figures) is returned as is.
    """
    from html import unescape

    value = (value or "").strip()
    if not set(re.findall(r"</?([a-zA-Z0-9]+)", value)) <= _LIGHT_TAGS or "<" in re.sub(
        r"</?(?:p|br|strong|b|em|i|h2|blockquote|ul|li)>", "", value
    ):
        return value

    def lines_of(inner: str) -> list[str]:
        inner = re.sub(r"</?p>", "\n", inner.replace("<br>", "\n"))
        return [line.strip() for line in inner.split("\n") if line.strip()]

    def block(text: str) -> str:
        return f"\n\n{text}\n\n"

    out = re.sub(
        r"<blockquote>(.*?)</blockquote>",
        lambda m: block("\n".join("> " + line for line in lines_of(m.group(1)))),
        value,
        flags=re.S,
    )
    out = re.sub(
        r"<ul>(.*?)</ul>",
        lambda m: block(
            "\n".join("- " + item.strip() for item in re.findall(r"<li>(.*?)</li>", m.group(1)))
        ),
        out,
        flags=re.S,
    )
    out = re.sub(r"<h2>(.*?)</h2>", lambda m: block("## " + m.group(1).strip()), out, flags=re.S)
    out = re.sub(r"<p>(.*?)</p>", lambda m: block("\n".join(lines_of(m.group(1)))), out, flags=re.S)
    out = re.sub(r"</?(?:strong|b)>", "**", out)
    out = re.sub(r"</?(?:em|i)>", "*", out)
    return re.sub(r"\n{3,}", "\n\n", unescape(out)).strip()
