import io
import json

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pewarta.api.models import ApiKey
from pewarta.audit.models import Event
from pewarta.conftest import gps_exif, jpeg_bytes
from pewarta.desk.models import Message, Status, Story

pytestmark = pytest.mark.django_db

PIECE = {
    "headline": "Kementerian Uji Resmikan Balai Latihan Kerja Baru",
    "lead": "Balai di Kabupaten Garut melatih 300 pemuda setiap tahun.",
    "body": "Paragraf pertama siaran pers.\n\nParagraf **kedua** memuat kutipan menteri.",
    "body_format": "markdown",
    "kind": "siaran_pers",
    "dateline": "Garut",
    "originality_confirmed": True,
}


def post_json(client, path, data, **headers):
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


def test_submit_json_goes_through_the_web_pipeline_with_channel_api(api, press_officer, ministry):
    response = post_json(api, "/api/v1/pieces", PIECE)
    assert response.status_code == 201, response.content
    body = response.json()
    story = Story.objects.get()
    assert body["tracking_code"] == story.tracking_code
    assert body["status"] == Status.RECEIVED
    assert story.source == Story.Source.API and story.kind == "siaran_pers"
    assert list(story.authors.all()) == [press_officer]
    assert story.organization == ministry
    assert "<strong>kedua</strong>" in story.draft_revision.body_html
    event = Event.objects.get(action="api.piece_submitted")
    assert event.story == story and "Sistem Humas" in event.actor_label


def test_html_body_is_sanitized_like_every_channel(api):
    piece = PIECE | {
        "body_format": "html",
        "body": '<p onclick="x()">Isi <script>alert(1)</script><b>tebal</b></p>'
        '<iframe src="https://jahat.example"></iframe>',
    }
    response = post_json(api, "/api/v1/pieces", piece)
    assert response.status_code == 201
    html = Story.objects.get().draft_revision.body_html
    assert "script" not in html and "onclick" not in html and "iframe" not in html
    assert "<b>tebal</b>" in html or "<strong>tebal</strong>" in html


def test_plain_text_body_is_escaped(api):
    response = post_json(api, "/api/v1/pieces", PIECE | {"body_format": "text",
                         "body": "Harga <b>naik</b> & turun lagi, kata warga setempat."})  # fmt: skip
    assert response.status_code == 201
    assert "&lt;b&gt;naik" in Story.objects.get().draft_revision.body_html


def test_same_idempotency_key_gives_the_same_piece(api):
    first = post_json(api, "/api/v1/pieces", PIECE, HTTP_IDEMPOTENCY_KEY="rilis-2026-001")
    second = post_json(api, "/api/v1/pieces", PIECE, HTTP_IDEMPOTENCY_KEY="rilis-2026-001")
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["tracking_code"] == second.json()["tracking_code"]
    assert Story.objects.count() == 1


def test_idempotency_key_reused_for_other_content_is_refused(api):
    post_json(api, "/api/v1/pieces", PIECE, HTTP_IDEMPOTENCY_KEY="rilis-2026-002")
    other = post_json(api, "/api/v1/pieces", PIECE | {"headline": "Judul lain sama sekali"},
                      HTTP_IDEMPOTENCY_KEY="rilis-2026-002")  # fmt: skip
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_conflict"
    assert Story.objects.count() == 1


def test_multipart_with_photos_and_docx(api):
    document = docx.Document()
    document.add_paragraph("Isi siaran pers dari berkas Word, cukup panjang untuk diterima.")
    buffer = io.BytesIO()
    document.save(buffer)
    data = dict(PIECE, photos=[{"credit": "Humas Kementerian Uji", "caption": "Peresmian balai",
                                "rights_confirmed": True}])  # fmt: skip
    data.pop("body")
    response = api.post(
        "/api/v1/pieces",
        {
            "data": json.dumps(data),
            "photos": [SimpleUploadedFile("a.jpg", jpeg_bytes(exif=gps_exif()), "image/jpeg")],
            "docx": SimpleUploadedFile("rilis.docx", buffer.getvalue()),
        },
    )
    assert response.status_code == 201, response.content
    revision = Story.objects.get().draft_revision
    assert "berkas Word" in revision.body_html
    (image,) = revision.images
    assert image["credit"] == "Humas Kementerian Uji" and image["caption"] == "Peresmian balai"


def test_photo_without_credit_is_refused_and_nothing_is_made(api):
    data = dict(PIECE, photos=[{"credit": "Google", "rights_confirmed": True}])
    response = api.post(
        "/api/v1/pieces",
        {"data": json.dumps(data), "photos": [SimpleUploadedFile("a.jpg", jpeg_bytes())]},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert Story.objects.count() == 0


def test_originality_must_be_confirmed(api):
    response = post_json(api, "/api/v1/pieces", PIECE | {"originality_confirmed": False})
    assert response.status_code == 422
    assert Story.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"[]",
        b'"teks"',
        b"null",
        json.dumps({"headline": 5, "body": ["x"], "originality_confirmed": True}).encode(),
        json.dumps(PIECE | {"body_format": "rtf"}).encode(),
        json.dumps(PIECE | {"headline": "x" * 400, "body": "y" * 300_000}).encode(),
        json.dumps(PIECE | {"photos": "bukan daftar"}).encode(),
        json.dumps(PIECE | {"photos": [{"credit": "A"}]}).encode(),
        b"\xff\xfe\x00",
    ],
)
def test_hostile_bodies_answer_json_errors_never_500(api, body):
    response = api.post("/api/v1/pieces", body, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    assert response.json()["error"]["code"]
    assert Story.objects.count() == 0


def test_wrong_content_type_and_broken_multipart(api):
    response = api.post("/api/v1/pieces", b"headline=x", content_type="text/plain")
    assert response.status_code == 422
    broken = api.post(
        "/api/v1/pieces", b"--zzz\r\nrusak", content_type="multipart/form-data; boundary=zzz"
    )
    assert 400 <= broken.status_code < 500
    assert broken.json()["error"]["code"]


def test_no_key_wrong_key_revoked_key(client, api_key, senior_editor):
    assert client.post("/api/v1/pieces").status_code == 401
    wrong = client.get("/api/v1/pieces", HTTP_AUTHORIZATION="Bearer pw_abc_def")
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
    key, raw = api_key
    from pewarta.api.keys import key_revoke

    key_revoke(key=key, actor=senior_editor)
    revoked = client.get("/api/v1/pieces", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert revoked.status_code == 401


def test_key_is_stored_hashed(api_key):
    key, raw = api_key
    stored = ApiKey.objects.get(pk=key.pk)
    assert raw not in json.dumps([stored.digest, stored.prefix, stored.name])
    assert len(stored.digest) == 64


def test_scope_is_enforced(make_key, client):
    _key, raw = make_key(scopes=["read-own"], name="Hanya baca")
    response = post_json(client, "/api/v1/pieces", PIECE, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403 and response.json()["error"]["code"] == "scope_missing"


def test_blocked_or_unconsented_writer_cannot_submit(api, press_officer):
    press_officer.consents.all().delete()
    response = post_json(api, "/api/v1/pieces", PIECE)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "consent_required"
    press_officer.is_blocked = True
    press_officer.save(update_fields=["is_blocked"])
    assert post_json(api, "/api/v1/pieces", PIECE).status_code == 403


def test_every_call_is_rate_limited_per_key(api, settings):
    settings.PEWARTA_RATE_LIMITS = ["api-key=3/60"]
    codes = [api.get("/api/v1/pieces").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    limited = api.get("/api/v1/pieces")
    assert limited.json()["error"]["code"] == "rate_limited" and limited["Retry-After"]


def test_track_own_pieces_and_reply_to_the_desk(api, editor, make_key, client):
    code = post_json(api, "/api/v1/pieces", PIECE).json()["tracking_code"]
    story = Story.objects.get(tracking_code=code)
    from pewarta.desk import services

    services.story_review(story=story, actor=editor)
    services.story_request_changes(story=story, actor=editor, message="Lampirkan data peserta.")
    detail = api.get(f"/api/v1/pieces/{code}").json()
    assert detail["status"] == Status.CHANGES_REQUESTED
    assert [s["status"] for s in detail["timeline"]][:1] == ["received"]
    assert any("data peserta" in m["text"] for m in detail["messages"])
    reply = post_json(api, f"/api/v1/pieces/{code}/messages", {"text": "Data terlampir."})
    assert reply.status_code == 201
    message = Message.objects.get(story=story, body_text="Data terlampir.")
    assert message.direction == Message.Direction.IN and message.channel == "api"
    assert Event.objects.filter(action="story.message_received", actor_label__contains="Sistem")
    listing = api.get("/api/v1/pieces").json()
    assert [p["tracking_code"] for p in listing["items"]] == [code]


def test_another_organizations_piece_is_not_found(api, make_story):
    other = make_story()
    response = api.get(f"/api/v1/pieces/{other.tracking_code}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    reply = post_json(api, f"/api/v1/pieces/{other.tracking_code}/messages", {"text": "x"})
    assert reply.status_code == 404


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v2/apa-saja")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
