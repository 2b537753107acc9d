import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pewarta.accounts.models import Contributor
from pewarta.conftest import gps_exif, jpeg_bytes

pytestmark = pytest.mark.django_db

PROFILE = {
    "pen_name": "Ayu L.",
    "real_name": "Ayu Lestari Putri",
    "phone": "",
    "bio": "Guru SD di Garut.",
    "affiliation": "PGRI Garut",
    "conflict_of_interest": "Anggota pengurus PGRI.",
    "language": "id",
    "birth_year": 1990,
}


def test_profile_correction_with_photo_stripped_of_location(member_client, member, settings):
    photo = SimpleUploadedFile("me.jpg", jpeg_bytes(exif=gps_exif()), content_type="image/jpeg")
    response = member_client.post(
        reverse("contributors:profile"), PROFILE | {"photo_upload": photo}
    )
    assert response.status_code == 302
    contributor = Contributor.objects.get(user=member)
    assert contributor.pen_name == "Ayu L." and contributor.affiliation == "PGRI Garut"
    stored = settings.MEDIA_ROOT / contributor.photo.name
    assert not Image.open(io.BytesIO(stored.read_bytes())).getexif()
    request = contributor.data_requests.get(kind="correction")
    assert "photo" in request.detail and "real_name" in request.detail


def test_profile_photo_must_be_an_image(member_client, member):
    fake = SimpleUploadedFile("me.png", b"GIF89a-but-not-really", content_type="image/png")
    response = member_client.post(reverse("contributors:profile"), PROFILE | {"photo_upload": fake})
    assert "bukan gambar" in response.content.decode()
    contributor = Contributor.objects.get(user=member)
    assert not contributor.photo and contributor.pen_name == "Ayu Lestari"


def test_real_name_never_reaches_the_public_author_page(member_client, member, editor):
    from pewarta.conftest import publish
    from pewarta.desk import services as desk
    from pewarta.desk.workflow import SYSTEM_ACTOR

    member_client.post(reverse("contributors:profile"), PROFILE)
    contributor = Contributor.objects.get(user=member)
    story = desk.story_create(
        headline="Naskah Ayu", body_html="<p>Isi.</p>", authors=[contributor], actor=SYSTEM_ACTOR
    )
    desk.story_review(story=story, actor=editor)
    publish(story, editor)
    member_client.logout()
    for url in (reverse("public:author", args=[contributor.slug]), story.get_absolute_url()):
        page = member_client.get(url)
        assert page.status_code == 200
        assert "Ayu L." in page.content.decode()
        assert "Ayu Lestari Putri" not in page.content.decode()
