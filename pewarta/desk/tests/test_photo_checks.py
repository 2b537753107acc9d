"""Photo reuse at the desk: every stored photo hashed after commit, a new piece's reused
photo shown with its source story, credit and score on the review page."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from pewarta.audit.models import Event
from pewarta.desk.models import Status
from pewarta.desk.services import PHOTO_EVENT
from pewarta.integrity.models import PhotoPrint
from pewarta.integrity.tests.pictures import copies, jpeg, picture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def stored_photo(name: str, image) -> str:
    saved = default_storage.save(f"naskah/2026/11/{name}.jpg", ContentFile(jpeg(image)))
    return default_storage.url(saved)


def photo_entry(src: str, credit: str, caption: str = "") -> dict:
    return {"src": src, "caption": caption, "credit": credit, "featured": True,
            "width": 640, "height": 480}  # fmt: skip


@pytest.fixture
def archive_story(make_story, committed):
    src = stored_photo("banjir", picture(21))
    with committed():
        return make_story(
            status=Status.PUBLISHED,
            headline="Banjir Rob Rendam Muara Baru",
            images=[photo_entry(src, "Rini Astuti", "Air laut masuk permukiman.")],
        )


def test_a_published_story_s_photo_is_hashed_and_not_checked(archive_story):
    stored = PhotoPrint.objects.get()
    assert stored.story_id == archive_story.pk and stored.credit == "Rini Astuti"
    assert not Event.objects.filter(story=archive_story, action=PHOTO_EVENT).exists()


@pytest.mark.parametrize("kind", ["resized", "jpeg60", "cropped", "mirrored"])
def test_a_reused_photo_names_its_source_and_credit(
    archive_story, make_story, committed, client, editor, kind
):
    src = stored_photo(f"salinan-{kind}", copies(picture(21))[kind])
    own = stored_photo("milik-sendiri", picture(99))
    with committed():
        piece = make_story(
            headline="Rob Lagi di Utara Jakarta",
            images=[photo_entry(src, "Dokpri"), photo_entry(own, "Dokpri")],
        )
    event = Event.objects.get(story=piece, action=PHOTO_EVENT)
    reused, fresh = event.payload["photos"]
    match = reused["matches"][0]
    assert match["story_id"] == archive_story.pk
    assert match["headline"] == "Banjir Rob Rendam Muara Baru"
    assert match["credit"] == "Rini Astuti" and match["score"] > 0.85
    assert fresh["matches"] == []

    client.force_login(editor)
    page = client.get(reverse("desk:review", args=[piece.pk]) + "?tab=kemiripan").content.decode()
    assert "Foto pernah dimuat" in page and "Banjir Rob Rendam Muara Baru" in page
    assert "Rini Astuti" in page and f"{round(match['score'] * 100)}%" in page


def test_the_check_is_not_repeated_for_the_same_photos(
    archive_story, make_story, committed, editor
):
    from pewarta.desk import services

    src = stored_photo("salinan", copies(picture(21))["mirrored"])
    with committed():
        piece = make_story(headline="Rob Lagi", images=[photo_entry(src, "Dokpri")])
    with committed():
        services.story_review(story=piece, actor=editor)
    assert Event.objects.filter(story=piece, action=PHOTO_EVENT).count() == 1


def test_photos_index_command_fills_the_index_with_a_progress_bar(archive_story):
    PhotoPrint.objects.all().delete()
    out = io.StringIO()
    call_command("photos-index", stdout=out)
    assert PhotoPrint.objects.filter(story=archive_story, credit="Rini Astuti").count() == 1
    assert "1/1" in out.getvalue() and "1 baru terindeks" in out.getvalue()
    out = io.StringIO()
    call_command("photos-index", stdout=out)
    assert "0 baru terindeks" in out.getvalue()


def test_an_unreadable_photo_is_counted_not_fatal(make_story, committed):
    with committed():
        make_story(images=[photo_entry("/media/naskah/hilang.jpg", "Dokpri")])
    out = io.StringIO()
    call_command("photos-index", stdout=out)
    assert "1 tidak terbaca" in out.getvalue()
