import io

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from pewarta.accounts.services import contributor_register


def jpeg_bytes(size=(64, 48), exif=None, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (6.0, 12.0, 0.0)
    gps[3] = "E"
    gps[4] = (106.0, 49.0, 0.0)
    if orientation:
        exif[0x0112] = orientation
    return exif


@pytest.fixture
def member(db):
    """A signed-up contributor (through the registration service) with a verified email."""
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(
        username="ayu", email="ayu@example.id", password="sandi-rahasia-panjang-1"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    contributor_register(user=user, pen_name="Ayu Lestari", birth_year=1990)
    return user


@pytest.fixture
def other_member(db):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(
        username="bima", email="bima@example.id", password="sandi-rahasia-panjang-2"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    contributor_register(user=user, pen_name="Bima Sakti", birth_year=1985)
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits (ours and allauth's) live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def publish(story, editor):
    """Bring a story in review to `published` the way the desk does (risk checklist first)."""
    from pewarta.desk import services as desk

    desk.story_answer_risk_checklist(
        story=story, actor=editor, victim=False, minor=False, sara=False, defamation=False
    )
    return desk.story_publish(story=story, actor=editor)
