from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """api: /api/v1/ for institutions and apps (keys, submit and track, webhooks, public reads).
    Imports honorarium and below; never public, archive or demo.
    """

    name = "pewarta.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from pewarta.api import tasks  # noqa: F401 - registers the webhook effect and tasks
