from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """intake: channels (SMTP, IMAP, .eml, web form, API) → parsed submission → desk services.
    Imports the desk and below; never contributors, complaints, public or anything above.
    """

    name = "pewarta.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self):
        from pewarta.intake import personal_data  # noqa: F401 - registers intake's places
