from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributorsConfig(AppConfig):
    """contributors: the writer's space under /akun/ (stories, conversation, tracking, profile,
    personal data) and the mail writers get. Imports the rooms below it (accounts, desk,
    intake, integrity...); never complaints, community, honorarium, api, public or demo.
    """

    name = "pewarta.contributors"
    label = "contributors"
    verbose_name = _("Contributors")

    def ready(self):
        from pewarta.contributors import notifications, services
        from pewarta.desk import effects, workflow

        workflow.register_guard(services.guardian_guard)
        workflow.register_guard(services.consent_guard)
        effects.on_story_change(notifications.notify_contributors)
