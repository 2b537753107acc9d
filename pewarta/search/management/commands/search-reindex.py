"""`pewarta search-reindex`: rebuild the search index from the published stories."""

import sys
import time

from django.core.management.base import BaseCommand

from pewarta.search.index import index_rebuild


class Command(BaseCommand):
    help = "Bangun ulang indeks pencarian dari semua naskah yang tayang."

    def handle(self, *args, **options):
        started = time.monotonic()
        tty = sys.stdout.isatty()

        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
            if tty:
                self.stdout.write(f"\r{line}", ending="")
                self.stdout.flush()
            elif done == total or done % 5000 == 0:
                self.stdout.write(line)

        done = index_rebuild(progress=progress)
        if tty and done:
            self.stdout.write("")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{done} naskah terindeks dalam {elapsed:.1f} detik."))
