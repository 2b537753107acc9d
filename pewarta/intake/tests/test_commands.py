import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pewarta.common.management.commands.run import Command as RunCommand


def test_pewarta_run_starts_the_smtp_receiver():
    children = RunCommand().children({"host": "127.0.0.1", "port": 8000, "workers": 1})
    assert any(cmd[-1] == "mailserver" for cmd in children)


def test_fetchmail_without_imap_settings_says_what_is_missing(settings):
    settings.PEWARTA_IMAP_HOST = ""
    with pytest.raises(CommandError, match="PEWARTA_IMAP_HOST"):
        call_command("fetchmail", once=True)
