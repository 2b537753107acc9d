from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pewarta.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from pewarta.accounts import notifications
        from pewarta.accounts.services import guardian_guard
        from pewarta.desk import effects, workflow

        workflow.register_guard(guardian_guard)
        effects.on_story_change(notifications.notify_contributors)
