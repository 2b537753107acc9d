"""An institution submits, tracks and is called back, over real HTTP against a live server."""

import json
import urllib.error
import urllib.request

import pytest

from pewarta.api import webhooks
from pewarta.api.tests.receiver import Receiver
from pewarta.conftest import publish
from pewarta.desk import services
from pewarta.desk.models import Story

pytestmark = pytest.mark.django_db(transaction=True)


def call(url, raw_key, method="GET", data=None, headers=None):
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", f"Bearer {raw_key}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_institution_submits_tracks_and_is_called_back(live_server, api_key, editor, settings):
    settings.PEWARTA_API_WEBHOOK_ALLOW_PRIVATE = True
    _key, raw = api_key
    base = live_server.url + "/api/v1"
    piece = {
        "headline": "Kementerian Uji Buka Pendaftaran Beasiswa Vokasi",
        "lead": "Pendaftaran dibuka hingga akhir bulan.",
        "body": "Beasiswa vokasi tahun ini menampung seribu peserta dari seluruh provinsi.",
        "kind": "siaran_pers",
        "originality_confirmed": True,
    }
    with Receiver() as receiver:
        status, hook = call(base + "/webhooks", raw, "POST", {"url": receiver.url})
        assert status == 201
        status, sent = call(base + "/pieces", raw, "POST", piece, {"Idempotency-Key": "bsw-01"})
        assert status == 201
        code = sent["tracking_code"]
        status, again = call(base + "/pieces", raw, "POST", piece, {"Idempotency-Key": "bsw-01"})
        assert status == 200 and again["tracking_code"] == code

        story = Story.objects.get(tracking_code=code)
        services.story_review(story=story, actor=editor)
        services.story_request_changes(story=story, actor=editor, message="Sebutkan syaratnya.")
        status, tracked = call(f"{base}/pieces/{code}", raw)
        assert tracked["status"] == "changes_requested"
        assert any("syaratnya" in m["text"] for m in tracked["messages"])
        status, _reply = call(f"{base}/pieces/{code}/messages", raw, "POST",
                              {"text": "Syarat: usia 18-24 tahun, lulusan SMK."})  # fmt: skip
        assert status == 201
        services.story_resubmit(story=story, actor=_key.contributor.user)
        publish(Story.objects.get(pk=story.pk), editor)

    seen = [json.loads(r["body"]) for r in receiver.requests]
    assert [p["status"] for p in seen if p["tracking_code"] == code][-1] == "published"
    for request in receiver.requests:
        assert webhooks.verify(hook["secret"], request["headers"]["Pewarta-Signature"],
                               request["body"])  # fmt: skip
    published = seen[-1]
    assert published["url"].endswith(Story.objects.get(pk=story.pk).get_absolute_url())
    status, final = call(f"{base}/pieces/{code}", raw)
    assert final["status"] == "published" and final["url"]
    status, listing = call(base + "/stories", raw)
    assert [s["id"] for s in listing["items"]] == [story.pk]
