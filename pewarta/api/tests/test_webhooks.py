import json

import pytest
from django.utils import timezone

from pewarta.api import webhooks
from pewarta.api.models import Webhook, WebhookDelivery
from pewarta.api.tests.receiver import Receiver
from pewarta.api.tests.test_pieces import PIECE, post_json
from pewarta.desk import services
from pewarta.desk.models import Story

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def local_hooks(settings):
    settings.PEWARTA_API_WEBHOOK_ALLOW_PRIVATE = True


def test_status_change_is_posted_signed(api, editor, local_hooks):
    with Receiver() as receiver:
        created = post_json(api, "/api/v1/webhooks", {"url": receiver.url})
        assert created.status_code == 201
        secret = created.json()["secret"]
        code = post_json(api, "/api/v1/pieces", PIECE).json()["tracking_code"]
        story = Story.objects.get(tracking_code=code)
        services.story_review(story=story, actor=editor)
        assert receiver.arrived.wait(10)
    statuses = [json.loads(r["body"])["status"] for r in receiver.requests]
    assert statuses[-1] == "in_review"
    last = receiver.requests[-1]
    assert webhooks.verify(secret, last["headers"]["Pewarta-Signature"], last["body"])
    assert not webhooks.verify("rahasia-lain", last["headers"]["Pewarta-Signature"], last["body"])
    tampered = last["body"].replace(b"in_review", b"published")
    assert not webhooks.verify(secret, last["headers"]["Pewarta-Signature"], tampered)
    delivery = WebhookDelivery.objects.filter(payload__status="in_review").get()
    assert delivery.state == "delivered" and delivery.response_status == 200


def test_old_signatures_are_refused():
    body = b'{"a":1}'
    old = webhooks.sign("s", int(timezone.now().timestamp()) - 3600, body)
    assert not webhooks.verify("s", old, body)
    assert not webhooks.verify("s", "t=abc,v1=00", body)
    assert not webhooks.verify("s", "", body)


def test_failed_delivery_is_retried_with_growing_delay_then_given_up(api, editor, local_hooks,
                                                                     settings):  # fmt: skip
    settings.PEWARTA_API_WEBHOOK_ATTEMPTS = 3
    with Receiver(answers=[500] * 10) as receiver:
        post_json(api, "/api/v1/webhooks", {"url": receiver.url})
        code = post_json(api, "/api/v1/pieces", PIECE).json()["tracking_code"]
        services.story_review(story=Story.objects.get(tracking_code=code), actor=editor)
        delivery = WebhookDelivery.objects.get(payload__status="in_review")
        assert delivery.state == "pending" and delivery.attempts == 1
        first_wait = delivery.next_attempt_at - timezone.now()
        # Not due yet: nothing is sent.
        assert webhooks.delivery_attempt(delivery.pk) is None
        later = delivery.next_attempt_at + timezone.timedelta(seconds=1)
        delivery = webhooks.delivery_attempt(delivery.pk, now=later)
        assert delivery.attempts == 2 and delivery.response_status == 500
        second_wait = delivery.next_attempt_at - later
        assert second_wait > first_wait
        delivery = webhooks.delivery_attempt(
            delivery.pk, now=delivery.next_attempt_at + timezone.timedelta(seconds=1)
        )
        assert delivery.state == "failed" and delivery.attempts == 3
        assert "500" in delivery.error
    sent = [r for r in receiver.requests if b'"in_review"' in r["body"]]
    assert len(sent) == 3


def test_private_targets_are_refused_without_the_setting(api):
    for url in ("http://127.0.0.1:9/x", "http://10.0.0.5/x", "http://[::1]/x",
                "http://169.254.169.254/latest", "ftp://contoh.example/x",
                "http://user:pw@contoh.example/", "bukan url", "http://localhost:99999/"):  # fmt: skip
        response = post_json(api, "/api/v1/webhooks", {"url": url})
        assert response.status_code == 422, url
        assert response.json()["error"]["code"] == "invalid"
    assert Webhook.objects.count() == 0


def test_delivery_to_an_address_that_became_private_is_refused(api, editor, settings):
    settings.PEWARTA_API_WEBHOOK_ALLOW_PRIVATE = True
    with Receiver() as receiver:
        post_json(api, "/api/v1/webhooks", {"url": receiver.url})
        settings.PEWARTA_API_WEBHOOK_ALLOW_PRIVATE = False
        code = post_json(api, "/api/v1/pieces", PIECE).json()["tracking_code"]
        services.story_review(story=Story.objects.get(tracking_code=code), actor=editor)
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get(payload__status="in_review")
    assert "internal" in delivery.error


def test_hooks_of_one_organization_never_hear_of_anothers_pieces(api, make_story, local_hooks):
    with Receiver() as receiver:
        post_json(api, "/api/v1/webhooks", {"url": receiver.url})
        make_story(status="in_review")
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0


def test_webhooks_list_and_remove(api, local_hooks):
    hook_id = post_json(api, "/api/v1/webhooks", {"url": "http://127.0.0.1:9/a"}).json()["id"]
    assert [h["id"] for h in api.get("/api/v1/webhooks").json()] == [hook_id]
    assert api.delete(f"/api/v1/webhooks/{hook_id}").status_code == 204
    assert api.get("/api/v1/webhooks").json() == []
    assert api.delete(f"/api/v1/webhooks/{hook_id}").status_code == 404
