"""`pewarta demo` makes a new installation look like a news site: photos everywhere."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from pewarta.demo import pictures
from pewarta.desk.models import Story

pytestmark = pytest.mark.django_db(transaction=True)


def _stored(url):
    with default_storage.open(url.removeprefix("/media/"), "rb") as handle:
        return Image.open(io.BytesIO(handle.read()))


def test_scenes_are_drawn_here_and_always_the_same():
    first = pictures.scene("village", 3)
    assert first == pictures.scene("village", 3)
    assert first != pictures.scene("village", 4)
    image = Image.open(io.BytesIO(first))
    assert image.format == "JPEG" and image.size == (1600, 900)
    # A picture, not a flat colour: many distinct colours.
    assert len(image.convert("RGB").resize((160, 90)).getcolors(20000) or []) > 500


def test_demo_stories_carry_a_cleaned_photo_with_caption_and_credit(client, capsys):
    call_command("demo")
    stories = list(Story.objects.published().select_related("live_revision"))
    assert stories
    for story in stories:
        (image,) = story.live_revision.images
        assert image["featured"] and image["caption"] and image["credit"]
        photo = _stored(image["src"])
        # Through the media pipeline: re-encoded, no EXIF left.
        assert photo.format == "JPEG" and not photo.getexif()
        assert (image["width"], image["height"]) == photo.size
    for person in {a for s in stories for a in s.authors.all()}:
        assert person.photo and _stored("/media/" + person.photo.name).size == (400, 400)

    home = client.get("/").content.decode()
    lead = home[home.index('class="lead-story"') : home.index('id="terbaru"')]
    assert 'type="image/avif"' in lead and 'type="image/webp"' in lead
    assert 'fetchpriority="high"' in lead
    assert home.count('class="item-photo"') >= 6  # thumbnails in the lists
    popular = home[home.index('id="terpopuler"') :]
    assert re.search(r"\d[\d.,]* kali dibaca", popular)

    story = stories[0]
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<figcaption>" in page and story.live_revision.images[0]["caption"] in page
    assert "Tim Pewarta" in page and 'class="avatar"' in page
    avif = re.search(r'<source type="image/avif" srcset="([^"]+)"', page).group(1)
    for entry in avif.split(", "):
        url, width = entry.rsplit(" ", 1)
        assert _stored(url).format == "AVIF" and width.endswith("w")


def test_demo_adds_photos_to_demo_content_loaded_before_them(client, capsys, monkeypatch):
    from pewarta.demo import loader

    monkeypatch.setattr(loader, "PHOTOS", {})
    call_command("demo")
    assert not any(s.live_revision.images for s in Story.objects.published())
    monkeypatch.undo()
    call_command("demo")
    assert all(s.live_revision.images for s in Story.objects.published())


def test_favicon_answers_with_an_icon_cached_for_a_day(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=86400" in response["Cache-Control"]
    assert Image.open(io.BytesIO(response.content)).format == "ICO"
