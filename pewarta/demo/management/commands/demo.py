from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pewarta.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load original Indonesian demo content (idempotent)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo content is not loaded in production mode.")
        result = load_demo()
        self.stdout.write(
            f"Demo: {result['created']} naskah baru, {result['stories']} naskah demo. "
            f"Akun redaksi: {', '.join(result['editors'])} (kata sandi: {DEMO_PASSWORD})"
        )
        for email, role in result["roles"].items():
            can = "dapat mencabut naskah" if role == "senior_editor" else "tidak dapat mencabut"
            self.stdout.write(f"  {email}: {role} ({can})")
