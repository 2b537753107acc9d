import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from pewarta.common.listening import listen_address_check


class Command(BaseCommand):
    help = "Run everything for one machine: migrate, web server, task consumer (Ctrl-C stops all)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="web worker processes"
        )
        parser.add_argument("--no-migrate", action="store_true")

    def children(self, options) -> list[list[str]]:
        """The processes `pewarta run` supervises. Later parts add theirs here."""
        granian = [
            sys.executable, "-m", "granian", "--interface", "wsgi",
            "--host", options["host"], "--port", str(options["port"]),
            "--workers", str(options["workers"]), "--blocking-threads", "1", "--no-ws",
            "pewarta.wsgi:application",
        ]  # fmt: skip
        consumer = [sys.executable, "-m", "pewarta", "run_huey", "--quiet"]
        # SMTP receiver on PEWARTA_INTAKE_SMTP_ADDRESS (127.0.0.1:2525); IMAP is polled by a
        # periodic task in the consumer when PEWARTA_IMAP_HOST is set.
        mailserver = [sys.executable, "-m", "pewarta", "mailserver"]
        return [granian, consumer, mailserver]

    def handle(self, *args, **options):
        listen_address_check(options["host"])
        listen_address_check(settings.PEWARTA_INTAKE_SMTP_ADDRESS.rpartition(":")[0])
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        procs = [subprocess.Popen(cmd) for cmd in self.children(options)]  # noqa: S603
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(f"Pewarta berjalan di {url} (Ctrl-C untuk berhenti)")
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                if any(p.poll() is not None for p in procs):
                    self.stderr.write("A Pewarta process stopped; shutting down the others.")
                    break
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
