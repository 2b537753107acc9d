"""`pewarta search-reindex`: rebuild the search index from the published stories."""

from django.core.management.base import BaseCommand

from pewarta.common.progress import ProgressBar
from pewarta.search.index import index_rebuild


class Command(BaseCommand):
    help = "Bangun ulang indeks pencarian dari semua naskah yang tayang."

    def handle(self, *args, **options):
        progress = ProgressBar(self.stdout)
        done = index_rebuild(progress=progress)
        elapsed = progress.finish()
        self.stdout.write(self.style.SUCCESS(f"{done} naskah terindeks dalam {elapsed:.1f} detik."))
