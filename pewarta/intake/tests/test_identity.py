"""Sender identity: a registered address maps to its contributor only with aligned DKIM/DMARC."""

import base64

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa as crypto
from django.core import mail

from pewarta.desk.models import Status
from pewarta.intake import identity
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests import corpus

pytestmark = pytest.mark.django_db
Outcome = InboundMessage.Outcome


@pytest.fixture(scope="module")
def keys():
    private = crypto.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem, base64.b64encode(der)


@pytest.fixture
def dns(monkeypatch, keys):
    """A private resolver: example.id and evil.example publish keys; example.id has DMARC."""

    def lookup(name, timeout=5):
        name = name.decode() if isinstance(name, bytes) else name
        name = name.rstrip(".")
        if name.endswith("._domainkey.example.id") or name.endswith("._domainkey.evil.example"):
            return b"v=DKIM1; k=rsa; p=" + keys[1]
        if name == "_dmarc.example.id":
            return "v=DMARC1; p=reject"
        return "" if name.startswith("_dmarc.") else None

    monkeypatch.setattr(identity, "dnsfunc", lookup)
    return lookup


def signed(raw: bytes, domain: str, pem: bytes) -> bytes:
    signature = dkim.sign(
        raw, b"pewarta", domain.encode(), pem,
        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
    )  # fmt: skip
    return signature + raw


@pytest.fixture
def registered(writer):
    contributor = writer.contributor
    contributor.email = "penulis@example.id"
    contributor.email_verified = True  # registered = the address is proven
    contributor.save(update_fields=["email", "email_verified"])
    return contributor


def test_aligned_dkim_maps_a_registered_address_to_its_contributor(process, dns, keys, registered):
    raw = signed(corpus.spoofed(victim="penulis@example.id"), "example.id", keys[0])
    message = process(raw)
    assert message.outcome == Outcome.ACCEPTED
    assert message.story.status == Status.RECEIVED
    assert list(message.story.authors.all()) == [registered]
    [ack] = mail.outbox
    assert message.story.tracking_code in ack.subject


def test_signature_of_another_domain_does_not_prove_the_from_address(
    process, dns, keys, registered
):
    raw = signed(corpus.spoofed(victim="penulis@example.id"), "evil.example", keys[0])
    message = process(raw)
    assert message.outcome == Outcome.AWAITING_CONFIRMATION
    assert not message.story.authors.exists()


def test_tampered_body_fails_verification(process, dns, keys, registered):
    raw = signed(corpus.spoofed(victim="penulis@example.id"), "example.id", keys[0])
    raw = raw.replace(b"Ratusan warga", b"Ribuan warga")
    message = process(raw)
    assert message.outcome == Outcome.AWAITING_CONFIRMATION
    assert not message.story.authors.exists()


def test_upstream_results_count_only_from_the_configured_host(process, settings, registered):
    settings.PEWARTA_INTAKE_TRUSTED_AUTHSERV_ID = "mx.pewarta.example"
    settings.PEWARTA_INTAKE_TRUSTED_PEERS = ["127.0.0.1"]  # the MTA that relays to us
    header = b"Authentication-Results: %s; dkim=pass header.d=example.id; dmarc=pass header.from=example.id\r\n"  # noqa: E501
    forged = header % b"mx.attacker.example" + corpus.spoofed(victim="penulis@example.id")
    assert process(forged, peer="127.0.0.1").outcome == Outcome.AWAITING_CONFIRMATION
    trusted = header % b"mx.pewarta.example" + corpus.spoofed(victim="penulis@example.id")
    message = process(trusted.replace(b"Korupsi", b"Korupsi Dana Desa"), peer="127.0.0.1")
    assert message.outcome == Outcome.ACCEPTED, message.reason
    assert list(message.story.authors.all()) == [registered]


def test_upstream_fail_is_not_overridden(process, settings, registered):
    settings.PEWARTA_INTAKE_TRUSTED_AUTHSERV_ID = "mx.pewarta.example"
    raw = (
        b"Authentication-Results: mx.pewarta.example; dkim=fail header.d=example.id; "
        b"dmarc=fail header.from=example.id\r\n" + corpus.spoofed(victim="penulis@example.id")
    )
    assert process(raw).outcome == Outcome.AWAITING_CONFIRMATION


def test_alignment_is_relaxed_to_parent_domains():
    assert identity.aligned("news.example.id", "example.id")
    assert identity.aligned("example.id", "example.id")
    assert not identity.aligned("example.id", "evil.example")
    assert not identity.aligned("badexample.id", "example.id")
    assert not identity.aligned("example.id", "id")
