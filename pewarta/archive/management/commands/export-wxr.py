"""`pewarta export-wxr DIR`"""

import json

from django.core.management.base import BaseCommand

from pewarta.archive.exporter import export_wxr


class Command(BaseCommand):
    help = "Ekspor seluruh arsip (wxr) beserta foto dan manifest berisi checksum."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, **options):
        counts = export_wxr(options["directory"])
        self.stdout.write(json.dumps(counts, ensure_ascii=False))
