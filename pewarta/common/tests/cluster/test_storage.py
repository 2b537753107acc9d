"""Photos in the public bucket served through Varnish; private files only through the gate."""

import io
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from pewarta.common.storage import PrivateS3Storage, PublicS3Storage, signed_url
from pewarta.common.tests.cluster.helpers import get
from pewarta.contributors import services as contributor_services
from pewarta.public.images import picture_for

pytestmark = pytest.mark.slow


def _jpeg(size=(1000, 700), colour=(30, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def test_storages_are_the_buckets(on_cluster):
    assert isinstance(default_storage, PublicS3Storage)
    assert isinstance(storages["private"], PrivateS3Storage)


def test_a_stored_photo_and_its_renditions_are_served_through_varnish(on_cluster):
    data = _jpeg()
    name = default_storage.save("naskah/2026/11/kebun.jpg", ContentFile(data))
    status, headers, body = get(f"/media/{name}")
    assert status == 200 and body == data and headers["content-type"] == "image/jpeg"
    assert get(f"/media/{name}")[1]["x-cache"] == "hit"
    picture = picture_for({"src": default_storage.url(name), "credit": "Dokpri"})
    assert picture.width == 1000 and picture.sources
    rendition = picture.src
    assert rendition.startswith("/media/renditions/")
    status, headers, body = get(rendition)
    assert status == 200 and "immutable" in headers["cache-control"]
    with Image.open(io.BytesIO(body)) as image:
        assert image.format == "JPEG" and image.width == 1000


def test_private_files_are_never_public(on_cluster, writer, editor, settings):
    upload = SimpleUploadedFile("ktp.jpg", _jpeg((600, 400), (200, 200, 10)), "image/jpeg")
    check = contributor_services.identity_submit(contributor=writer.contributor, upload=upload)
    name = check.image.name
    assert get(f"/media/{name}")[0] in (403, 404)
    bucket = settings.PEWARTA_S3_PRIVATE_BUCKET
    for path in (
        f"/media/../{bucket}/{name}",
        f"/media/%2e%2e/{bucket}/{name}",
        f"/media/..%2f{bucket}/{name}",
    ):
        status, _headers, body = get(path)
        assert status >= 400 and b"\xff\xd8" not in body, path
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{settings.PEWARTA_S3_ENDPOINT_URL}/{bucket}/{name}")
    assert refused.value.code == 403

    # The staff gate, through Varnish and either node: an editor's session sees it.
    staff = Client()
    staff.force_login(editor)
    cookie = f"sessionid={staff.cookies['sessionid'].value}"
    path = f"/akun/verifikasi/tinjau/{check.pk}/gambar"
    status, headers, body = get(path, headers={"Cookie": cookie})
    assert status == 200 and body[:2] == b"\xff\xd8" and "no-store" in headers["cache-control"]
    assert get(path)[0] in (302, 403), "anonymous readers are sent to log in"

    # A short-lived signed link (handed out only after that check) works, a forged one not.
    link = signed_url(check.image, filename="ktp.jpg", content_type="image/jpeg", seconds=30)
    with urllib.request.urlopen(link) as response:  # noqa: S310 - loopback
        assert response.read()[:2] == b"\xff\xd8"
        assert response.headers["Content-Disposition"].startswith("attachment")
    forged = link.replace("X-Amz-Expires=30", "X-Amz-Expires=99999")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(forged)  # noqa: S310 - loopback
