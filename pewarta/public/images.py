"""Image renditions for the story page: several widths, WebP and JPEG, made with Pillow.

Renditions are written under MEDIA_ROOT/renditions/ when a story is published (effect
handler) and, as a fallback, the first time a page needs one. Images from elsewhere (an
absolute URL) are shown as they are.
"""

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (480, 800, 1200)
FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))


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


def _source_path(src: str) -> Path | None:
    media_url = settings.MEDIA_URL
    if src.startswith(("http://", "https://", "//", "data:")):
        return None
    relative = src[len(media_url) :] if src.startswith(media_url) else src.lstrip("/")
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    root = Path(settings.MEDIA_ROOT).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def _rendition_name(path: Path, width: int, ext: str) -> str:
    stat = path.stat()
    digest = hashlib.sha1(f"{path}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]  # noqa: S324
    return f"renditions/{digest}-{width}.{ext}"


def _make(path: Path, target: Path, width: int, pil_format: str) -> None:
    with Image.open(path) as original:
        image = ImageOps.exif_transpose(original)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        if image.width > width:
            height = round(image.height * width / image.width)
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        image.save(tmp, pil_format, quality=80, optimize=pil_format == "JPEG")
        os.replace(tmp, target)


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
    path = _source_path(picture.src)
    if path is None:
        return picture
    try:
        if not (picture.width and picture.height):
            with Image.open(path) as probe:
                picture.width, picture.height = probe.size
        widths = [w for w in WIDTHS if w < picture.width] + [min(picture.width, WIDTHS[-1])]
        media_root = Path(settings.MEDIA_ROOT)
        for ext, pil_format, mime in FORMATS:
            entries = []
            for width in widths:
                name = _rendition_name(path, width, ext)
                target = media_root / name
                if not target.exists():
                    _make(path, target, width, pil_format)
                entries.append(f"{settings.MEDIA_URL}{name} {width}w")
            if ext == "jpg":
                picture.fallback_srcset = ", ".join(entries)
                picture.src = entries[-1].rsplit(" ", 1)[0]
            else:
                picture.sources.append((mime, ", ".join(entries)))
        largest = min(picture.width, WIDTHS[-1])
        picture.height = round(picture.height * largest / picture.width)
        picture.width = largest
    except (OSError, ValueError):
        logger.warning("renditions of %s could not be made", path, exc_info=True)
    return picture


def pictures_for(revision) -> list[Picture]:
    pictures = [picture_for(image) for image in revision.images or [] if image.get("src")]
    pictures.sort(key=lambda p: not p.featured)
    return pictures
