from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """archive: WordPress archives in (`pewarta import-wxr`, old links answering 301) and the
    whole archive out (`pewarta export-wxr`, `pewarta export-json`). Imports public and below;
    never demo.
    """

    name = "pewarta.archive"
    label = "archive"
    verbose_name = _("Arsip")
