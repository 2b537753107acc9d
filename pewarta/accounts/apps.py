from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """accounts: people — users, Contributor, Organization, roles, consent, identity checks and
    the one staff gate. Imports common and audit only; never a room about stories.
    """

    name = "pewarta.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from pewarta.accounts import (
            devices,  # noqa: F401 - remembers browsers that logged in
            personal_data,  # noqa: F401 - registers this room's places
        )
