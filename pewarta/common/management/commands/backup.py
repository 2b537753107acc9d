from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pewarta.common.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and every public and private file into DIR (with a manifest)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            backup(directory, out=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
