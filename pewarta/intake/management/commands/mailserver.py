import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from pewarta.common.listening import listen_address_check
from pewarta.intake.smtp import serve


class Command(BaseCommand):
    help = "Receive mail for the newsroom over SMTP (or LMTP behind an MTA)."

    def add_arguments(self, parser):
        default_host, _, default_port = settings.PEWARTA_INTAKE_SMTP_ADDRESS.rpartition(":")
        parser.add_argument("--host", default=default_host or "127.0.0.1")
        parser.add_argument("--port", type=int, default=int(default_port or 2525))
        parser.add_argument("--lmtp", action="store_true", help="speak LMTP instead of SMTP")

    def handle(self, *args, host, port, lmtp=False, **options):
        listen_address_check(host)

        def announce(text):
            self.stdout.write(text)
            sys.stdout.flush()

        serve(host, port, lmtp=lmtp, announce=announce)
