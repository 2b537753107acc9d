from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "pewarta.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from pewarta.desk import effects
        from pewarta.search import tasks

        effects.on_story_change(tasks.on_story_change)
