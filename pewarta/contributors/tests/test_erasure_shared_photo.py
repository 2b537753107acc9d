"""Erasing a writer never takes a photo away from another piece an editor put it on."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pewarta.accounts.models import DataRequest
from pewarta.conftest import jpeg_bytes
from pewarta.contributors.privacy import contributor_erase
from pewarta.desk import services as desk
from pewarta.desk.workflow import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _photo(name):
    stored = default_storage.save(f"naskah/2026/11/{name}.jpg", ContentFile(jpeg_bytes()))
    return stored, {"src": default_storage.url(stored), "caption": "", "credit": "Ayu Lestari",
                    "width": 64, "height": 48}  # fmt: skip


def test_a_picked_photo_stays_on_the_other_piece_and_the_desk_is_told(
    member, make_story, editor, django_capture_on_commit_callbacks
):
    shared_name, shared = _photo("pasar")
    own_name, own = _photo("rumah")
    mine = desk.story_create(
        headline="Pasar Pagi di Kampung Ayu", body_html="<p>Isi.</p>",
        authors=[member.contributor], actor=SYSTEM_ACTOR, images=[shared, own],
    )  # fmt: skip
    other = make_story(headline="Harga Sayur Naik Menjelang Hujan")
    desk.story_photos_add(story=other, actor=editor, photos=[dict(shared)])  # a library pick
    with django_capture_on_commit_callbacks(execute=True):
        contributor_erase(contributor=member.contributor, actor=member)
    assert not default_storage.exists(own_name)  # her unpublished piece's own photo is gone
    assert default_storage.exists(shared_name)  # the other piece still shows this one
    other.refresh_from_db()
    assert [i["src"] for i in other.draft_revision.images] == [shared["src"]]
    mine.refresh_from_db()
    assert not any(i.get("src") for i in mine.draft_revision.images)
    detail = DataRequest.objects.get(kind="deletion").detail
    assert shared_name in detail and other.tracking_code in detail and own_name not in detail
