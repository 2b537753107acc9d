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
        from pewarta.community import hooks
        from pewarta.desk import effects
        from pewarta.honorarium import views_source
        from pewarta.public import comments, personal_data, services  # noqa: F401 - registers a place

        effects.on_story_change(services.on_story_change)
        hooks.on_comments_change(comments.purge)
        views_source.register_views_source(services.story_views_totals)
