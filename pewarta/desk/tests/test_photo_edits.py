"""Editors upload or replace a story's photo and pick one from the media library."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pewarta.audit.models import Event
from pewarta.conftest import gps_exif, jpeg_bytes
from pewarta.desk import services
from pewarta.desk.models import Status
from pewarta.desk.tests.test_photo_checks import photo_entry, stored_photo
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.integrity.models import PhotoPrint
from pewarta.integrity.tests.pictures import picture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def upload(desk, story, **fields):
    photo = SimpleUploadedFile("lapangan.jpg", jpeg_bytes(exif=gps_exif()), "image/jpeg")
    data = {"photo": photo, "version": story.version} | fields
    return desk.post(reverse("desk:photo_upload", args=[story.pk]), data)


def test_an_editor_uploads_a_photo_with_caption_and_credit(desk, make_story):
    story = make_story(headline="Lapangan Desa Dipugar")
    response = upload(desk, story, caption="Lapangan baru", credit="Humas Desa")
    assert response.status_code == 302 and "#foto-naskah" in response["Location"]
    story.refresh_from_db()
    [image] = story.draft_revision.images
    assert image["caption"] == "Lapangan baru" and image["credit"] == "Humas Desa"
    assert image["featured"] is True and image["candidate"] is False
    assert image["src"].startswith("/media/naskah/")
    assert Event.objects.filter(story=story, action="story.photos_added").exists()
    assert "Foto sudah ditambahkan" in desk.get(response["Location"]).content.decode()


def test_an_upload_without_credit_or_of_a_fake_file_is_refused(desk, make_story):
    story = make_story()
    response = upload(desk, story, caption="Tanpa kredit")
    assert "Tulis sumber (kredit) foto" in desk.get(response["Location"]).content.decode()
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90 bukan foto", "image/jpeg")
    response = desk.post(
        reverse("desk:photo_upload", args=[story.pk]),
        {"photo": fake, "credit": "X", "version": story.version},
    )
    assert "bukan gambar" in desk.get(response["Location"]).content.decode()
    story.refresh_from_db()
    assert story.draft_revision.images == []


def test_an_editor_replaces_a_photo_and_keeps_its_caption_and_credit(desk, make_story):
    src = stored_photo("lama", picture(3))
    story = make_story(images=[photo_entry(src, "Warga", "Jembatan lama")])
    response = upload(desk, story, replace="0")
    assert response.status_code == 302
    story.refresh_from_db()
    [image] = story.draft_revision.images
    assert image["src"] != src and image["caption"] == "Jembatan lama"
    assert image["credit"] == "Warga" and image["featured"] is True
    assert Event.objects.get(story=story, action="story.photo_replaced").payload["old"] == src


def test_a_stale_version_is_refused(desk, make_story, editor):
    story = make_story()
    old_version = story.version
    services.story_review(story=story, actor=editor)
    response = upload(desk, story, credit="Humas", version=old_version)
    assert "Orang lain sudah menyimpan" in desk.get(response["Location"]).content.decode()


def test_the_library_lists_every_stored_photo_searchable_and_picks_with_credit(
    desk, make_story, committed
):
    with committed():
        older = make_story(
            status=Status.PUBLISHED,
            headline="Panen Raya di Indramayu",
            images=[photo_entry(stored_photo("panen", picture(8)), "Dedi Kurnia", "Petani panen")],
        )
        make_story(
            headline="Pasar Malam",
            images=[photo_entry(stored_photo("pasar", picture(9)), "Siti Aminah", "Lampu pasar")],
        )
    story = make_story(headline="Harga Gabah Turun")
    library = reverse("desk:photo_library")
    page = desk.get(library, {"naskah": story.pk}).content.decode()
    assert "Petani panen" in page and "Lampu pasar" in page and "Dedi Kurnia" in page
    found = desk.get(library, {"naskah": story.pk, "q": "indramayu"}).content.decode()
    assert "Petani panen" in found and "Lampu pasar" not in found
    assert "Siti Aminah" in desk.get(library, {"q": "siti"}).content.decode()

    stored = PhotoPrint.objects.get(story=older)
    response = desk.post(
        reverse("desk:photo_pick", args=[story.pk]), {"photo": stored.pk, "version": story.version}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    [image] = story.draft_revision.images
    assert (image["src"], image["credit"], image["caption"]) == (
        stored.src,
        "Dedi Kurnia",
        "Petani panen",
    )


def test_photo_pages_are_for_staff_only(client, writer, make_story):
    story = make_story()
    client.force_login(writer)
    assert client.get(reverse("desk:photo_library")).status_code in (302, 403)
    response = client.post(reverse("desk:photo_pick", args=[story.pk]), {"photo": 1})
    assert response.status_code in (302, 403)
    story.refresh_from_db()
    assert story.draft_revision.images == []


def test_only_editors_may_add_photos_through_the_service(make_story, writer):
    from pewarta.common.errors import NotPermitted

    story = make_story()
    with pytest.raises(NotPermitted):
        services.story_photos_add(story=story, actor=writer, photos=[{"src": "/media/a.jpg"}])


def test_a_writers_later_photo_waits_for_an_editor_before_readers_see_it(
    desk, make_story, committed
):
    from pewarta.public.images import pictures_for

    first = stored_photo("pasar-lama", picture(31))
    with committed():
        story = make_story(status=Status.IN_REVIEW, headline="Pasar Lama Dipugar",
                           images=[photo_entry(first, "Rini Astuti")])  # fmt: skip
    later = stored_photo("pasar-baru", picture(32))
    services.story_photos_add(
        story=story, actor=SYSTEM_ACTOR,
        photos=[photo_entry(later, "Rini Astuti", "Lapak baru")], candidate=True,
    )  # fmt: skip
    story.refresh_from_db()
    draft = story.draft_revision
    assert [i["src"] for i in draft.shown_images] == [first]  # the candidate is not shown
    assert len(pictures_for(draft)) == 1
    page = desk.get(reverse("desk:review", args=[story.pk])).content.decode()
    assert "belum dipakai" in page and 'name="image-1-accept"' in page

    form = {
        "version": story.version, "base_revision": draft.number, "headline": draft.headline,
        "lead": draft.lead, "dateline": draft.dateline, "body_html": draft.body_html,
        "image-featured": "0", "image-0-credit": "Rini Astuti", "image-1-credit": "Rini Astuti",
    }  # fmt: skip
    saved = desk.post(reverse("desk:edit", args=[story.pk]), form)  # no decision on the photo
    assert saved.status_code == 302
    story.refresh_from_db()
    assert story.draft_revision.number == draft.number + 1
    assert story.draft_revision.images[1]["candidate"] is True
    form |= {"version": story.version, "base_revision": story.draft_revision.number,
             "image-1-accept": "1"}  # fmt: skip
    response = desk.post(reverse("desk:edit", args=[story.pk]), form)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.draft_revision.images[1]["candidate"] is False
    assert len(story.draft_revision.shown_images) == 2
