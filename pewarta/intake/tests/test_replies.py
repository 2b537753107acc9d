"""answer_sender: what an unproven From address may be sent, and what happens otherwise."""

import logging

import pytest
from django.core import mail

from pewarta.intake.models import InboundMessage
from pewarta.intake.replies import UNPROVEN_TEMPLATES, answer_sender

pytestmark = pytest.mark.django_db


def inbound(sender="penulis@example.id"):
    return InboundMessage.objects.create(
        raw=b"Subject: x\r\n\r\ny", sender=sender, sha256="0" * 64, channel="smtp",
        message_id="<a@example.id>", peer="192.0.2.7",
    )  # fmt: skip


def test_an_unproven_sender_gets_only_a_fixed_text_and_a_mistake_is_logged(
    caplog, django_capture_on_commit_callbacks
):
    message = inbound()
    assert "intake_ack" not in UNPROVEN_TEMPLATES
    with (
        caplog.at_level(logging.WARNING, logger="pewarta.intake.replies"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        mail_id = answer_sender(message, "intake_ack", {"headline": "Judul si pemalsu"})
    assert mail_id == "" and mail.outbox == []
    assert "intake_ack has no fixed text for unproven senders" in caplog.text
    with django_capture_on_commit_callbacks(execute=True):
        mail_id = answer_sender(
            message, "intake_refused", {"reason": "Judul si pemalsu", "link": ""}
        )
    assert mail_id
    [sent] = mail.outbox
    assert sent.to == ["penulis@example.id"] and "Judul si pemalsu" not in sent.body
    assert sent.extra_headers["In-Reply-To"] == "<a@example.id>"
