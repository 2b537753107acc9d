"""Replies land in the story's conversation; failures are retried, then quarantined."""

import pytest
from django.core import mail

from pewarta.desk.models import Message
from pewarta.intake import parse, services
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests import corpus
from pewarta.intake.tests.corpus import base

pytestmark = pytest.mark.django_db
Outcome = InboundMessage.Outcome


@pytest.fixture
def confirmed_story(process, confirm):
    message = process(corpus.gmail())
    confirm(mail.outbox[0])
    message.story.refresh_from_db()
    return message.story


def reply(to, sender="Asep Sunandar <asep.sunandar@gmail.com>", **headers):
    msg = base("Re: Naskah diterima", sender, to=to, **headers)
    msg.set_content(
        "Sumber data saya dari kelurahan, dokumennya menyusul.\n\n"
        "Pada Sab, 28 Nov 2026 Redaksi <redaksi@localhost> menulis:\n> Terima kasih.\n"
    )
    return bytes(msg)


def test_reply_to_ack_email_threads_into_same_story(process, confirmed_story, dkim):
    ack = mail.outbox[-1]
    [address] = ack.reply_to
    message = process(dkim(reply(address), "gmail.com"), envelope_to=[address])
    assert message.outcome == Outcome.REPLY and message.story == confirmed_story
    answer = Message.objects.get(story=confirmed_story, direction=Message.Direction.IN)
    assert answer.body_text == "Sumber data saya dari kelurahan, dokumennya menyusul."
    assert answer.from_address == "asep.sunandar@gmail.com"
    assert answer.sender == confirmed_story.authors.get().user


def test_reply_by_in_reply_to_header_threads_without_plus_address(process, confirmed_story, dkim):
    ack_id = mail.outbox[-1].extra_headers["Message-ID"]
    answer = reply("redaksi@localhost", In_Reply_To=ack_id, References=ack_id)
    message = process(dkim(answer, "gmail.com"))
    assert message.outcome == Outcome.REPLY and message.story == confirmed_story
    again = process(dkim(reply("redaksi@localhost", In_Reply_To=ack_id,
                               message_id=message.message_id), "gmail.com"))  # fmt: skip
    assert again.outcome == Outcome.DUPLICATE
    assert Message.objects.filter(direction=Message.Direction.IN).count() == 1


def test_reply_from_another_address_is_held(process, confirmed_story):
    address = f"redaksi+{confirmed_story.reply_token}@localhost"
    message = process(reply(address, sender="Orang Lain <lain@example.id>"))
    assert message.outcome == Outcome.QUARANTINED
    assert "bukan milik penulisnya" in message.reason
    assert not Message.objects.filter(direction=Message.Direction.IN).exists()


def test_our_fault_is_retried_then_quarantined_and_never_lost(process, monkeypatch):
    calls = []

    def broken(raw, limits=None, msg=None):
        calls.append(1)
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(parse, "parse_submission", broken)
    message = services.inbound_message_store(
        raw=corpus.gmail(), channel="smtp", envelope_from="a@example.id"
    )
    first = services.inbound_message_process_safely(message=message, give_up=False)
    assert (first.outcome, first.attempts) == (Outcome.PENDING, 1)
    last = services.inbound_message_process_safely(message=message, give_up=True)
    assert last.outcome == Outcome.QUARANTINED
    assert last.reason == "Kesalahan internal saat memproses pesan (RuntimeError)."
    assert bytes(last.raw) == corpus_bytes(last)
    monkeypatch.undo()
    released = services.inbound_message_process(message=last)  # not pending: untouched
    assert released.outcome == Outcome.QUARANTINED and len(calls) == 2


def corpus_bytes(message):
    return bytes(InboundMessage.objects.get(pk=message.pk).raw)


def test_task_processes_a_stored_message(django_capture_on_commit_callbacks):
    from pewarta.intake.queue import inbound_process_task

    message = services.inbound_message_store(
        raw=corpus.gmail(), channel="smtp", envelope_from="a@example.id"
    )
    with django_capture_on_commit_callbacks(execute=True):
        inbound_process_task.call_local(message.pk)
    message.refresh_from_db()
    assert message.outcome == Outcome.AWAITING_CONFIRMATION


def test_sweep_picks_up_messages_whose_task_was_lost():
    stored = [
        services.inbound_message_store(
            raw=corpus.english(), channel="smtp", envelope_from="a@example.id"
        ),
        services.inbound_message_store(raw=b"", channel="smtp", envelope_from="a@example.id"),
    ]
    assert services.inbound_messages_process_pending() == 2
    outcomes = [InboundMessage.objects.get(pk=m.pk).outcome for m in stored]
    assert outcomes == [Outcome.AWAITING_CONFIRMATION, Outcome.QUARANTINED]
