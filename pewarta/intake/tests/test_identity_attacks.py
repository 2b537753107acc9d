"""Attacks on sender identity: squatted sign-ups, bulk confirmation, forged headers, replies."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pewarta.accounts.models import Contributor
from pewarta.audit.models import Event
from pewarta.desk.models import Message, Status
from pewarta.intake import services
from pewarta.intake.models import InboundMessage, SenderConfirmation
from pewarta.intake.tests import corpus
from pewarta.intake.tests.corpus import base, wire

pytestmark = pytest.mark.django_db
Outcome = InboundMessage.Outcome
OWNER = "asep.sunandar@gmail.com"
SQUATTER_PASSWORD = "Kata-Sandi-Penyerobot-77"


@pytest.fixture
def squatter(client, django_capture_on_commit_callbacks):
    """Someone signs up with the owner's address and never verifies it (they can't)."""
    data = {
        "email": OWNER,
        "password1": SQUATTER_PASSWORD,
        "password2": SQUATTER_PASSWORD,
        "pen_name": "Penyerobot",
        "birth_year": 1990,
        "agree_terms": "on",
        "agree_privacy": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), data)
    client.logout()
    mail.outbox.clear()
    user = get_user_model().objects.get(contributor__pen_name="Penyerobot")
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()
    return user


def _squatter_sees(client, story) -> bool:
    client.logout()
    client.post(reverse("account_login"), {"login": OWNER, "password": SQUATTER_PASSWORD})
    page = client.get(reverse("contributors:dashboard"))
    return page.status_code == 200 and story.tracking_code in page.content.decode()


def test_owner_confirming_an_emailed_piece_gives_the_squatter_nothing(
    client, squatter, process, confirm
):
    message = process(corpus.gmail())
    confirm(mail.outbox[-1])
    story = message.story
    story.refresh_from_db()
    assert story.status == Status.RECEIVED
    [author] = story.authors.all()
    assert author.user_id != squatter.pk
    assert author.email_verified and author.email == OWNER
    assert not EmailAddress.objects.filter(user=squatter, verified=True).exists()
    squatter.contributor.refresh_from_db()
    assert not squatter.contributor.email_verified
    assert not _squatter_sees(client, story)


def test_signed_mail_is_never_credited_to_an_unverified_sign_up(client, squatter, process, dkim):
    message = process(dkim(corpus.gmail(), "gmail.com"))
    assert message.outcome == Outcome.AWAITING_CONFIRMATION
    assert not message.story.authors.exists()
    assert not _squatter_sees(client, message.story)


def test_staff_release_does_not_hand_a_piece_to_an_unverified_sign_up(
    client, squatter, process, editor
):
    message = process(corpus.gmail())
    services.inbound_message_release(message=message, actor=editor)
    story = message.story
    [author] = story.authors.all()
    assert author.user_id != squatter.pk
    assert not author.email_verified
    assert not _squatter_sees(client, story)


def test_reply_from_the_owner_address_is_not_recorded_as_the_squatters(
    squatter, process, confirm, dkim
):
    message = process(corpus.gmail())
    confirm(mail.outbox[-1])
    story = message.story
    answer = base("Re: Naskah", f"Asep <{OWNER}>", to=f"redaksi+{story.reply_token}@localhost")
    answer.set_content("Foto menyusul.")
    process(dkim(wire(answer), "gmail.com"))
    [note] = Message.objects.filter(story=story, direction=Message.Direction.IN)
    assert note.sender_id != squatter.pk


def _second_piece() -> bytes:
    msg = base("[Berita] Harga Cabai Naik Lagi", f"Asep Sunandar <{OWNER}>")
    msg.set_content("BANDUNG - Harga cabai rawit di Pasar Kosambi naik dua kali lipat pekan ini.")
    return wire(msg)


def test_a_confirmation_link_confirms_only_the_piece_it_was_sent_for(process, confirm):
    first = process(corpus.gmail())
    link_mail = mail.outbox[-1]
    forged = process(_second_piece())  # say, forged by someone else in the owner's name
    confirm(link_mail)
    first.refresh_from_db()
    forged.refresh_from_db()
    assert first.outcome == Outcome.ACCEPTED
    assert forged.outcome == Outcome.AWAITING_CONFIRMATION
    assert forged.story.status == Status.AWAITING_CONFIRMATION
    assert not forged.story.authors.exists()
    assert SenderConfirmation.objects.get(story=forged.story).confirmed_at is None


def test_pending_confirmations_expire_and_are_discarded_with_a_record(
    process, confirm, settings, django_capture_on_commit_callbacks
):
    from pewarta.intake.tasks import expire_sender_confirmations

    message = process(corpus.gmail())
    link_mail = mail.outbox[-1]
    fresh = process(_second_piece())
    SenderConfirmation.objects.filter(story=message.story).update(
        created_at=timezone.now()
        - timezone.timedelta(days=settings.PEWARTA_INTAKE_CONFIRM_DAYS + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_sender_confirmations.call_local() == 1
    message.refresh_from_db()
    assert message.outcome == Outcome.DISCARDED
    assert "kedaluwarsa" in message.reason
    assert message.story.status == Status.REJECTED
    assert Event.objects.filter(action="intake.confirmation_expired", story=message.story).exists()
    fresh.refresh_from_db()
    assert fresh.outcome == Outcome.AWAITING_CONFIRMATION
    response = confirm(link_mail)  # a late click changes nothing
    assert response.status_code in (200, 400, 410)
    message.story.refresh_from_db()
    assert message.story.status == Status.REJECTED
    assert not message.story.authors.exists()


# --- replies ---------------------------------------------------------------------------------


@pytest.fixture
def owned_story(process, confirm):
    message = process(corpus.gmail())
    confirm(mail.outbox[-1])
    message.story.refresh_from_db()
    return message.story


def _reply(story, sender=f"Asep Sunandar <{OWNER}>") -> bytes:
    msg = base("Re: Naskah diterima", sender, to=f"redaksi+{story.reply_token}@localhost")
    msg.set_content("Mohon judulnya diganti: saya mencabut tulisan ini.")
    return wire(msg)


def test_unproven_reply_in_the_writers_name_goes_to_quarantine(process, owned_story, dkim):
    forged = process(_reply(owned_story))  # From says the writer; nothing proves it
    assert forged.outcome == Outcome.QUARANTINED
    assert "tidak terbukti" in forged.reason
    assert not Message.objects.filter(story=owned_story, direction=Message.Direction.IN).exists()
    proven = process(dkim(_reply(owned_story).replace(b"diganti", b"diubah"), "gmail.com"))
    assert proven.outcome == Outcome.REPLY, proven.reason
    [note] = Message.objects.filter(story=owned_story, direction=Message.Direction.IN)
    assert note.sender == owned_story.authors.get().user


def test_reply_signed_by_another_domain_goes_to_quarantine(process, owned_story, dkim):
    message = process(dkim(_reply(owned_story), "evil.example"))
    assert message.outcome == Outcome.QUARANTINED


# --- Authentication-Results ------------------------------------------------------------------

PASS = b"dkim=pass header.d=gmail.com; dmarc=pass header.from=gmail.com"


def _with_results(*headers: bytes, place=b"alun-alun") -> bytes:
    top = b"".join(b"Authentication-Results: " + h + b"\r\n" for h in headers)
    return top + corpus.gmail().replace(b"alun-alun", place)


@pytest.fixture
def owner_account(process, confirm):
    process(corpus.gmail())
    confirm(mail.outbox[-1])
    mail.outbox.clear()
    return Contributor.objects.get(email=OWNER, email_verified=True)


def test_results_below_the_mtas_own_header_are_not_trusted(process, settings, owner_account):
    settings.PEWARTA_INTAKE_TRUSTED_AUTHSERV_ID = "mx.pewarta.example"
    raw = _with_results(b"spamfilter.example; none", b"mx.pewarta.example; " + PASS,
                        place=b"lapangan desa")  # fmt: skip
    message = process(raw, channel="imap")
    assert message.outcome == Outcome.AWAITING_CONFIRMATION


def test_results_are_ignored_on_mail_straight_from_an_untrusted_peer(
    process, settings, owner_account
):
    settings.PEWARTA_INTAKE_TRUSTED_AUTHSERV_ID = "mx.pewarta.example"
    settings.PEWARTA_INTAKE_TRUSTED_PEERS = ["10.0.0.0/8"]
    direct = process(_with_results(b"mx.pewarta.example; " + PASS, place=b"lapangan"),
                     peer="203.0.113.9")  # fmt: skip
    assert direct.outcome == Outcome.AWAITING_CONFIRMATION
    relayed = process(_with_results(b"mx.pewarta.example; " + PASS, place=b"balai desa"),
                      peer="10.1.2.3")  # fmt: skip
    assert relayed.outcome == Outcome.ACCEPTED, relayed.reason
    assert list(relayed.story.authors.all()) == [owner_account]


# --- backscatter -----------------------------------------------------------------------------


def _spam(subject="Obat murah di evil.example", sender=f"Asep <{OWNER}>", body="Beli sekarang"):
    msg = base(subject, sender)
    msg.set_content(body)
    msg.add_attachment(b"x" * 10, maintype="application", subtype="octet-stream",
                       filename="klik-evil.example.exe")  # fmt: skip
    return wire(msg)


def test_mail_to_an_unverified_address_echoes_nothing_of_the_message(process):
    process(_spam(), peer="203.0.113.9")
    [answer] = mail.outbox
    text = answer.subject + answer.body
    assert "evil.example" not in text and "Obat" not in text and "Asep" not in text
    assert re.search(r"/kirim/konfirmasi/\S+/", answer.body)


def test_refusals_to_unverified_addresses_echo_no_file_names(process):
    process(corpus.image_bomb(), peer="203.0.113.9")
    [answer] = mail.outbox
    assert "udara.png" not in answer.subject + answer.body


def test_answers_are_rate_limited_by_peer_and_by_from_address(process, settings):
    settings.PEWARTA_INTAKE_ANSWER_RATE = 2
    for n in range(4):  # one peer, four forged From addresses, four envelope senders
        process(_spam(subject=f"Naskah {n}", sender=f"korban{n}@example.org", body=f"Isi {n}"),
                peer="203.0.113.9", envelope_from=f"bounce{n}@spam.example")  # fmt: skip
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    for n in range(4):  # one From address, many peers
        process(_spam(subject=f"Berita {n}", sender="korban@example.org", body=f"Teks {n}"),
                peer=f"198.51.100.{n}", envelope_from=f"b{n}@spam.example")  # fmt: skip
    assert len(mail.outbox) == 2


def test_no_answer_to_mail_failing_dmarc_of_a_reject_domain(process, dkim):
    forged = _spam(sender="Penulis <penulis@example.id>")  # example.id publishes p=reject
    message = process(forged, peer="203.0.113.9")
    assert message.outcome == Outcome.AWAITING_CONFIRMATION
    assert mail.outbox == []
    process(_spam(subject="Lain", sender="Penulis <penulis@gmail.com>"), peer="203.0.113.9")
    assert len(mail.outbox) == 1  # p=none: the owner may still be asked


# --- hostile Message-IDs ---------------------------------------------------------------------


@pytest.mark.parametrize("bad", [b"<a\x00b@example.id>", b"<a\x01\x1fb\x7f@example.id>"])
def test_control_characters_in_message_id_are_stored_without_error(process, bad):
    raw = corpus.gmail().replace(b"Message-ID: <", b"Message-ID: " + bad + b"\r\nX-Old: <", 1)
    message = process(raw)
    assert message.outcome != Outcome.PENDING
    assert not re.search(r"[\x00-\x1f\x7f]", message.message_id)
    assert InboundMessage.objects.filter(pk=message.pk).exists()


def test_no_answer_when_the_trusted_mta_saw_an_spf_hard_fail(process, settings):
    settings.PEWARTA_INTAKE_TRUSTED_AUTHSERV_ID = "mx.pewarta.example"
    settings.PEWARTA_INTAKE_TRUSTED_PEERS = ["10.0.0.0/8"]
    failed = _with_results(b"mx.pewarta.example; spf=fail smtp.mailfrom=gmail.com")
    message = process(failed, peer="10.1.2.3")
    assert message.outcome == Outcome.AWAITING_CONFIRMATION
    assert mail.outbox == []
    passed = _with_results(b"mx.pewarta.example; spf=pass smtp.mailfrom=gmail.com",
                           place=b"lapangan")  # fmt: skip
    process(passed, peer="10.1.2.3")
    assert len(mail.outbox) == 1
