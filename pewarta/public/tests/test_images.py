from pathlib import Path

import pytest
from PIL import Image

from pewarta.public.images import WIDTHS, picture_for


@pytest.fixture
def photo(settings):
    path = Path(settings.MEDIA_ROOT) / "uploads" / "sawah.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1000, 750), (40, 160, 60)).save(path, "JPEG")
    return path


def _file(settings, url):
    return Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)


def test_renditions_are_real_avif_webp_and_jpeg_in_several_widths(settings, photo):
    picture = picture_for(
        {"src": "/media/uploads/sawah.jpg", "credit": "Dok. Warga", "ai_generated": True}
    )
    assert [mime for mime, _srcset in picture.sources] == ["image/avif", "image/webp"]
    for (_mime, srcset), pil_format in zip(picture.sources, ("AVIF", "WEBP"), strict=True):
        entries = [entry.rsplit(" ", 1) for entry in srcset.split(", ")]
        assert [w for _u, w in entries] == ["480w", "800w", "1000w"]  # never upscaled past 1000
        for url, width in entries:
            with Image.open(_file(settings, url)) as image:
                assert image.format == pil_format and f"{image.width}w" == width
                assert image.height == round(750 * image.width / 1000)
    with Image.open(_file(settings, picture.src)) as fallback:
        assert fallback.format == "JPEG"
    assert picture.width == 1000 and picture.height == 750
    assert picture.credit == "Dok. Warga" and picture.ai_generated
    assert max(WIDTHS) == 1200


def test_outside_and_missing_images_are_shown_as_they_are(settings):
    remote = picture_for({"src": "https://example.org/foto.jpg"})
    assert remote.src == "https://example.org/foto.jpg" and remote.sources == []
    missing = picture_for({"src": "/media/../../etc/passwd"})
    assert missing.sources == []


@pytest.mark.django_db
def test_publish_makes_the_renditions(publish, settings, photo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(images=[{"src": "/media/uploads/sawah.jpg", "credit": "Dok. Warga"}])
    made = sorted(p.suffix for p in (Path(settings.MEDIA_ROOT) / "renditions").iterdir())
    assert made.count(".avif") == made.count(".webp") == made.count(".jpg") == 3
