"""Real SMTP: smtplib talking to `python -m pewarta mailserver` running as a subprocess."""

import smtplib
import threading
import time

import pytest

from pewarta.desk.models import Story
from pewarta.intake import services
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests import corpus
from pewarta.intake.tests.receiver import Receiver

pytestmark = pytest.mark.django_db(transaction=True)
Outcome = InboundMessage.Outcome


@pytest.fixture
def receiver(tmp_path):
    started = []

    def start(**env):
        lmtp = env.pop("lmtp", False)
        server = Receiver(tmp_path / f"rx{len(started)}", lmtp=lmtp, **env).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def send(server, raw, to="redaksi@localhost", sender="asep@example.id"):
    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as client:
        return client.sendmail(sender, [to], raw)


def test_mail_sent_over_smtp_becomes_a_story_and_a_resend_is_a_duplicate(receiver):
    server = receiver()
    raw = corpus.gmail()
    assert send(server, raw) == {}
    [stored] = InboundMessage.objects.all()
    assert bytes(stored.raw) == raw  # byte for byte, committed before the 250
    assert (stored.channel, stored.envelope_from, stored.envelope_to) == (
        "smtp", "asep@example.id", ["redaksi@localhost"],
    )  # fmt: skip
    assert send(server, raw) == {}
    assert services.inbound_messages_process_pending() == 2
    first, second = InboundMessage.objects.order_by("pk")
    assert first.outcome == Outcome.AWAITING_CONFIRMATION
    assert first.story.draft_revision.headline == "Lomba Nasi Liwet Meriah"
    assert second.outcome == Outcome.DUPLICATE and second.story == first.story
    assert Story.objects.count() == 1


def test_unknown_recipients_get_550_and_reply_addresses_are_accepted(receiver, process):
    story = process(corpus.english()).story
    server = receiver()
    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as client:
        client.ehlo()
        client.mail("asep@example.id")
        assert client.rcpt("orang@localhost")[0] == 550
        assert client.rcpt("redaksi+zzzzzzzz@localhost")[0] == 550
        assert client.rcpt("redaksi@example.com")[0] == 550
        assert client.rcpt(f"redaksi+{story.reply_token}@localhost")[0] == 250
        assert client.rcpt("Redaksi@localhost")[0] == 250
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(server, corpus.gmail(), to="bukan-redaksi@localhost")
    assert refused.value.recipients["bukan-redaksi@localhost"][0] == 550
    assert InboundMessage.objects.count() == 1  # only the one `process` stored


def test_oversized_mail_gets_552_and_is_not_stored(receiver):
    server = receiver(PEWARTA_MAX_MESSAGE_BYTES="200000")
    with pytest.raises((smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) as error:
        send(server, corpus.oversized(megabytes=1))
    assert error.value.smtp_code == 552
    assert not InboundMessage.objects.exists()


def test_per_sender_rate_limit_defers_with_450(receiver):
    server = receiver(PEWARTA_INTAKE_SENDER_RATE="2")
    send(server, corpus.gmail())
    send(server, corpus.english())
    with pytest.raises(smtplib.SMTPSenderRefused) as error:
        send(server, corpus.yahoo())
    assert error.value.smtp_code == 450
    send(server, corpus.yahoo(), sender="lain@example.id")  # another sender is not limited
    assert InboundMessage.objects.count() == 3


def test_lmtp_delivery_is_stored_with_its_channel(receiver):
    server = receiver(lmtp=True)
    with smtplib.LMTP("127.0.0.1", server.port, timeout=30) as client:
        assert client.sendmail("asep@example.id", ["redaksi@localhost"], corpus.gmail()) == {}
    [stored] = InboundMessage.objects.all()
    assert stored.channel == "lmtp"


def numbered(i: int) -> bytes:
    msg = corpus.base(f"Naskah Uji Ketahanan Nomor {i}", f"Penulis {i} <p{i}@example.id>")
    msg.set_content(f"Isi naskah nomor {i}. Warga kampung {i} bergotong royong.")
    return corpus.wire(msg)


@pytest.mark.slow
def test_receiver_killed_mid_stream_loses_nothing_it_acknowledged(receiver):
    total = 520
    server = receiver(PEWARTA_INTAKE_SENDER_RATE="100000")
    messages = [numbered(i) for i in range(total)]
    acked: set[int] = set()
    progress = {"sent": 0}
    done = threading.Event()

    def connect():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                return smtplib.SMTP("127.0.0.1", server.port, timeout=10)
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("receiver did not come back")

    def client():
        connection = connect()
        for i, raw in enumerate(messages):
            try:
                connection.sendmail(f"p{i}@example.id", ["redaksi@localhost"], raw)
                acked.add(i)
                progress["sent"] = len(acked)
            except (smtplib.SMTPException, OSError):
                connection = connect()  # the message is not acknowledged; go on with the next
        done.set()

    thread = threading.Thread(target=client)
    thread.start()
    kills = 0
    for mark in (100, 230, 360, 470):
        while progress["sent"] < mark and not done.is_set():
            time.sleep(0.005)
        server.kill()
        kills += 1
        server.start()
    thread.join(300)
    assert kills == 4 and done.is_set()
    assert len(acked) >= total - 20  # the few in flight at each kill fail
    first_try = set(acked)

    # Like any MTA, the client resends what was never acknowledged.
    for i in sorted(set(range(total)) - acked):
        send(server, messages[i], sender=f"p{i}@example.id")
        acked.add(i)

    services.inbound_messages_process_pending(limit=10_000)
    by_subject = {}
    for row in InboundMessage.objects.all().defer("raw"):
        by_subject.setdefault(row.message_id, []).append(row)
    assert InboundMessage.objects.filter(outcome=Outcome.PENDING).count() == 0
    for i in acked:
        msg_id = corpus.read_message_id(messages[i])
        rows = by_subject.get(msg_id, [])
        kept = [r for r in rows if r.outcome != Outcome.DUPLICATE]
        assert len(kept) == 1, (i, [r.outcome for r in rows])
        if i in first_try:
            assert len(rows) == 1  # acknowledged once, stored once
        assert kept[0].outcome in (Outcome.AWAITING_CONFIRMATION, Outcome.QUARANTINED)
    assert Story.objects.count() == total
    headlines = set(Story.objects.values_list("revisions__headline", flat=True))
    assert headlines == {f"Naskah Uji Ketahanan Nomor {i}" for i in range(total)}


def test_a_message_stored_but_never_queued_is_parsed_when_a_receiver_starts(receiver):
    """A receiver killed between committing a message and queueing it: the next start hands it on."""
    stored = services.inbound_message_store(
        raw=corpus.gmail(), channel="smtp", envelope_from="asep@example.id",
        envelope_to=["redaksi@localhost"], peer="127.0.0.1",
    )  # fmt: skip
    assert stored.outcome == Outcome.PENDING
    receiver(HUEY_IMMEDIATE="1")  # the queued task runs in the receiver itself
    stored.refresh_from_db()
    assert stored.outcome == Outcome.AWAITING_CONFIRMATION
    assert stored.story.draft_revision.headline == "Lomba Nasi Liwet Meriah"
