"""`pewarta export-json DIR`"""

import json

from django.core.management.base import BaseCommand

from pewarta.archive.exporter import export_json


class Command(BaseCommand):
    help = "Ekspor seluruh arsip (json) beserta foto dan manifest berisi checksum."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, **options):
        counts = export_json(options["directory"])
        self.stdout.write(json.dumps(counts, ensure_ascii=False))
