"""`pewarta integrity-reindex`: rebuild the similarity index from every story and every
reference item (all ages, all statuses, imported archives too), with a progress bar."""

from django.core.management.base import BaseCommand

from pewarta.common.progress import ProgressBar
from pewarta.desk.models import Story
from pewarta.desk.services import stories_for_reindex
from pewarta.integrity import index
from pewarta.integrity.models import ReferenceItem
from pewarta.integrity.references import references_for_reindex


class Command(BaseCommand):
    help = "Bangun ulang indeks kemiripan teks dari semua naskah dan butir sumber rujukan."

    def add_arguments(self, parser):
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Proses yang membaca dan menandai teks (bawaan 1; lebih hanya bila inti "
            "prosesor menganggur).",
        )

    def handle(self, *args, **options):
        total = Story.objects.exclude(draft_revision=None).count() + ReferenceItem.objects.count()
        progress = ProgressBar(self.stdout, total)
        index.index_clear()

        def documents():
            yield from stories_for_reindex()
            yield from references_for_reindex()

        done = index.fingerprints_bulk(documents(), progress=progress, jobs=max(1, options["jobs"]))
        common = index.common_keys_refresh()
        elapsed = progress.finish()
        self.stdout.write(
            self.style.SUCCESS(
                f"{done} dokumen terindeks dalam {elapsed:.1f} detik; {common} sirap umum."
            )
        )
