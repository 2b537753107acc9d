import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pewarta.intake.fetchmail import fetchmail_once


class Command(BaseCommand):
    help = "Poll the configured IMAP mailbox (PEWARTA_IMAP_*) and store new messages."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="poll once and exit")

    def handle(self, *args, once=False, **options):
        if not settings.PEWARTA_IMAP_HOST:
            raise CommandError("IMAP is not configured: set PEWARTA_IMAP_HOST and friends.")
        while True:
            try:
                count = fetchmail_once()
                self.stdout.write(f"fetchmail: {count} pesan baru disimpan")
            except Exception as error:  # noqa: BLE001 - a network hiccup must not stop polling
                if once:
                    raise CommandError(f"fetchmail failed: {error}") from error
                self.stderr.write(f"fetchmail failed: {error!r}")
            if once:
                return
            time.sleep(settings.PEWARTA_IMAP_POLL_SECONDS)
