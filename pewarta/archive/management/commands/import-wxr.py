"""`pewarta import-wxr [--json] [--media-dir DIR] [--section-map FILE] FILE...`"""

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from lxml import etree

from pewarta.archive.importer import Importer, read_section_map
from pewarta.common.errors import PewartaError


class Command(BaseCommand):
    help = "Impor arsip WordPress (WXR 1.0–1.2): tulisan, penulis, kategori, tag, foto."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--media-dir", help="salinan wp-content/uploads")
        parser.add_argument("--section-map", help="berkas pemetaan kategori = rubrik")
        parser.add_argument("--json", action="store_true", help="satu baris JSON per butir")

    def handle(self, *args, **options):
        try:
            mapping = read_section_map(options["section_map"])
        except (OSError, ValueError, PewartaError) as error:
            raise CommandError(f"--section-map: {getattr(error, 'message', error)}") from None
        tty = sys.stderr.isatty() and not options["json"]
        started = time.monotonic()

        def line(record):
            self.stdout.write(json.dumps(record, ensure_ascii=False))

        def progress(done):
            if tty:
                rate = done / max(time.monotonic() - started, 1e-6)
                sys.stderr.write(f"\r{done} butir · {rate:.0f}/detik")
                sys.stderr.flush()

        for path in options["files"]:
            importer = Importer(
                media_dir=options["media_dir"],
                section_map=mapping,
                on_item=line if options["json"] else None,
                progress=progress,
            )
            try:
                summary = importer.run(path)
            except (OSError, etree.XMLSyntaxError) as error:
                raise CommandError(f"{path}: {error}") from None
            if tty:
                sys.stderr.write("\n")
            if not options["json"]:
                self._summary(path, summary, time.monotonic() - started)

    def _summary(self, path, summary, seconds):
        data = summary.as_dict()
        self.stdout.write(f"{path}: {sum(summary.types.values())} butir dalam {seconds:.1f} detik")
        for outcome, count in sorted(data["outcomes"].items()):
            self.stdout.write(f"  {outcome}: {count}")
        self.stdout.write(f"  jenis: {data['types']}")
        self.stdout.write(f"  penulis baru: {data['authors_created']}")
        self.stdout.write(
            f"  foto tersimpan: {data['photos_stored']}, tidak ditemukan: {data['photos_missing']}"
        )
        if data["comments_skipped"]:
            self.stdout.write(
                f"  komentar dilewati: {data['comments_skipped']} (ruang komunitas belum ada)"
            )
