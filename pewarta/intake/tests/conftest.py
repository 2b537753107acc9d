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
    """confirm(mail) -> follow the signed link in a confirmation mail and press the button
    (stating the rights to any photos, as the page asks)."""

    def run(message):
        link = re.search(r"https?://\S+/kirim/konfirmasi/\S+/", message.body).group(0)
        path = "/" + link.split("/", 3)[3]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, {"rights": "on"})

    return run
