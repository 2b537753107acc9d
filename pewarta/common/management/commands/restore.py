from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pewarta.common.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `pewarta backup` into this (empty) installation."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            restore(directory, out=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
