from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """public: the reader site (pages, feeds, sitemaps, page cache). Imports every room below
    it; only demo sits above.
    """

    name = "pewarta.public"
    label = "public"
    verbose_name = _("Public")

    def ready(self):
        from pewarta.desk import effects, stats
        from pewarta.public import readership, services

        effects.on_story_change(services.on_story_change)
        stats.register_readership(readership.story_views_by_day)
