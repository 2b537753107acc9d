from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorariumConfig(AppConfig):
    """honorarium: what each published piece earns (rates, bonus tiers by views, an
    append-only ledger, monthly statements, bank details encrypted at rest). Imports community
    and the rooms below it; never api, public or demo (view counts come through `views`).
    """

    name = "pewarta.honorarium"
    label = "honorarium"
    verbose_name = _("Honorarium")

    def ready(self):
        from pewarta.desk import effects
        from pewarta.honorarium import privacy, services

        effects.on_story_change(services.on_story_change)
        privacy.register()
