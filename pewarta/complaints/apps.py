from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """complaints: Laporkan, Hak Jawab, Hak Koreksi, corrections, retractions, take-downs.
    Imports contributors and below; never community, honorarium, api, public or demo.
    """

    name = "pewarta.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from pewarta.complaints import personal_data  # noqa: F401 - registers complaints' place
