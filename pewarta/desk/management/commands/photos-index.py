"""`pewarta photos-index`: hash every stored photo of every story into the photo-reuse index
(perceptual hashes, `pewarta.integrity.photos`), with a progress bar. Photos already in the
index are kept; `--rebuild` empties it first."""

from django.core.management.base import BaseCommand

from pewarta.common.progress import ProgressBar
from pewarta.desk.services import photo_hash_and_index, photos_for_index
from pewarta.integrity import photos
from pewarta.integrity.models import PhotoPrint


class Command(BaseCommand):
    help = "Isi indeks foto (hash perseptual) dari semua foto yang tersimpan pada naskah."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Kosongkan indeks dahulu.")

    def handle(self, *args, **options):
        if options["rebuild"]:
            photos.photos_clear()
        todo = list(photos_for_index())
        total = len(todo)
        indexed = set(PhotoPrint.objects.values_list("src", flat=True))
        progress = ProgressBar(self.stdout, total)
        added = unreadable = 0
        for done, (src, story_id, credit, caption) in enumerate(todo, start=1):
            if src not in indexed:
                found = photo_hash_and_index(
                    src=src, story_id=story_id, credit=credit, caption=caption
                )
                if found is None:
                    unreadable += 1
                else:
                    added += 1
            progress(done)
        elapsed = progress.finish()
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} foto diperiksa, {added} baru terindeks, {unreadable} tidak terbaca, "
                f"dalam {elapsed:.1f} detik."
            )
        )
