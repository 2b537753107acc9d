import re

import pytest

from pewarta.intake import services


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def process(django_capture_on_commit_callbacks):
    """process(raw, **envelope) -> the stored, processed InboundMessage (mail delivered)."""

    def run(raw: bytes, channel="smtp", envelope_from="asep@example.id", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            message = services.inbound_message_store(
                raw=raw, channel=channel, envelope_from=envelope_from, **kwargs
            )
            return services.inbound_message_process_safely(message=message)

    return run


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    """confirm(mail) -> follow the signed link in a confirmation mail and press the button."""

    def run(message):
        link = re.search(r"https?://\S+/kirim/konfirmasi/\S+/", message.body).group(0)
        path = "/" + link.split("/", 3)[3]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path)

    return run


@pytest.fixture(scope="session")
def dkim_keys():
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem, base64.b64encode(der)


# Domains of the private resolver below: each publishes a DKIM key and a DMARC policy.
DMARC_POLICIES = {"example.id": "reject", "gmail.com": "none", "evil.example": None}


@pytest.fixture
def dkim(monkeypatch, dkim_keys):
    """sign(raw, domain) -> raw with a DKIM signature a private resolver vouches for."""
    import dkim as dkimpy

    from pewarta.intake import identity

    def lookup(name, timeout=5):
        name = (name.decode() if isinstance(name, bytes) else name).rstrip(".").lower()
        for domain, policy in DMARC_POLICIES.items():
            if name.endswith(f"._domainkey.{domain}"):
                return b"v=DKIM1; k=rsa; p=" + dkim_keys[1]
            if name == f"_dmarc.{domain}":
                return f"v=DMARC1; p={policy}" if policy else ""
        return "" if name.startswith("_dmarc.") else None

    monkeypatch.setattr(identity, "dnsfunc", lookup)

    def sign(raw: bytes, domain: str) -> bytes:
        headers = [b"from", b"to", b"subject", b"date", b"message-id"]
        signature = dkimpy.sign(raw, b"pewarta", domain.encode(), dkim_keys[0],
                                include_headers=headers)  # fmt: skip
        return signature + raw

    return sign
