from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """community: readers' comments (posting, moderation, reports), follows and email digests.
    Imports complaints and the rooms below it; never honorarium, api, public or demo (the
    reader site plugs in through `community.hooks`).
    """

    name = "pewarta.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self):
        from pewarta.community import privacy, services
        from pewarta.desk import effects

        effects.on_story_change(services.on_story_change)
        privacy.register()
