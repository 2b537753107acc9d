"""Image renditions for the story page: several widths, AVIF, WebP and JPEG, made with Pillow.

Everything goes through the media storage (files under var/media on one machine, the public
bucket on several). Renditions are made when a story is published (effect handler) and, as a
fallback, the first time a page needs one; what was made is remembered in Django's cache, so a
render never asks the store again. Rendition names carry a digest of the source's name and
size: they never change, so they are served with year-long cache headers. Images from
elsewhere (an absolute URL) are shown as they are.
"""

import hashlib
import io
import logging
import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from pewarta.common.errors import StorageUnavailable

logger = logging.getLogger(__name__)

WIDTHS = (480, 800, 1200)
# Best first (a browser takes the first <source> it can show); the JPEG fallback last.
FORMATS = (
    ("avif", "AVIF", "image/avif"),
    ("webp", "WEBP", "image/webp"),
    ("jpg", "JPEG", "image/jpeg"),
)
ENCODER_OPTIONS = {"AVIF": {"quality": 60, "speed": 8}, "JPEG": {"optimize": True}}
MEMO_SECONDS = 24 * 3600


@dataclass
class Picture:
    src: str
    caption: str = ""
    credit: str = ""
    ai_generated: bool = False
    featured: bool = False
    width: int = 0
    height: int = 0
    sources: list[tuple[str, str]] = field(default_factory=list)  # (mime type, srcset)
    fallback_srcset: str = ""


def source_name(src: str) -> str | None:
    """The storage name behind a media URL; None for images elsewhere or odd paths."""
    media_url = settings.MEDIA_URL
    if src.startswith(media_url):
        relative = src[len(media_url) :]
    elif src.startswith(("http://", "https://", "//", "data:")):
        return None
    else:
        relative = src.lstrip("/")
    name = unquote(relative.split("?", 1)[0])
    if not name or "\x00" in name or "\\" in name:
        return None
    name = posixpath.normpath(name)
    if name.startswith(("/", "..")) or name == ".":
        return None
    return name


def _rendition_name(name: str, size: int, width: int, ext: str) -> str:
    digest = hashlib.sha1(f"{name}:{size}".encode()).hexdigest()[:16]  # noqa: S324
    return f"renditions/{digest}-{width}.{ext}"


def _encode(original: Image.Image, width: int, pil_format: str) -> bytes:
    image = original
    if image.width > width:
        height = round(image.height * width / image.width)
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, pil_format, **{"quality": 80, **ENCODER_OPTIONS.get(pil_format, {})})
    return out.getvalue()


def _renditions(name: str, width_hint: int, height_hint: int) -> dict:
    """Make (or find) every rendition of one stored photo; returns what a page needs."""
    size = default_storage.size(name)
    width, height = width_hint, height_hint
    loaded = None
    if not (width and height):
        loaded = default_storage.open(name, "rb").read()
        with Image.open(io.BytesIO(loaded)) as probe:
            width, height = probe.size
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    plan = [(ext, fmt, mime, w) for ext, fmt, mime in FORMATS for w in widths]
    # Each format's largest width is written last: when they exist, the whole set does (a set
    # made before a format was added gets that format).
    largest = [_rendition_name(name, size, widths[-1], ext) for ext, _f, _m in FORMATS]
    if not all(default_storage.exists(target) for target in largest):
        data = loaded if loaded is not None else default_storage.open(name, "rb").read()
        with Image.open(io.BytesIO(data)) as original:
            image = ImageOps.exif_transpose(original)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            for ext, pil_format, _mime, w in plan:
                target = _rendition_name(name, size, w, ext)
                if not default_storage.exists(target):
                    default_storage.save(target, ContentFile(_encode(image, w, pil_format)))
    made = {"width": width, "height": height, "sources": [], "fallback": ""}
    for ext, _fmt, mime in FORMATS:
        entries = [
            f"{default_storage.url(_rendition_name(name, size, w, ext))} {w}w" for w in widths
        ]
        if ext == "jpg":
            made["fallback"] = ", ".join(entries)
            made["src"] = entries[-1].rsplit(" ", 1)[0]
        else:
            made["sources"].append((mime, ", ".join(entries)))
    return made


def picture_for(image: dict) -> Picture:
    """The <picture> data for one entry of Revision.images, creating missing renditions."""
    picture = Picture(
        src=image.get("src", ""),
        caption=image.get("caption", ""),
        credit=image.get("credit", ""),
        ai_generated=bool(image.get("ai_generated")),
        featured=bool(image.get("featured")),
        width=int(image.get("width") or 0),
        height=int(image.get("height") or 0),
    )
    name = source_name(picture.src)
    if name is None:
        return picture
    where = getattr(default_storage, "bucket_name", None) or str(default_storage.location)
    formats = ",".join(ext for ext, _f, _m in FORMATS)  # a new format: a new memo
    digest = hashlib.sha1(f"{where}:{name}:{formats}".encode()).hexdigest()  # noqa: S324
    key = "public:renditions:" + digest
    made = cache.get(key)
    if made is None:
        try:
            made = _renditions(name, picture.width, picture.height)
        except FileNotFoundError:
            return picture
        except (OSError, ValueError, StorageUnavailable, Image.DecompressionBombError):
            logger.warning("renditions of %s could not be made", name, exc_info=True)
            return picture
        cache.set(key, made, MEMO_SECONDS)
    picture.src = made["src"]
    picture.fallback_srcset = made["fallback"]
    picture.sources = [tuple(source) for source in made["sources"]]
    largest = min(made["width"], WIDTHS[-1])
    picture.height = round(made["height"] * largest / made["width"])
    picture.width = largest
    return picture


def pictures_for(revision) -> list[Picture]:
    pictures = [picture_for(image) for image in revision.shown_images]
    pictures.sort(key=lambda p: not p.featured)
    return pictures
