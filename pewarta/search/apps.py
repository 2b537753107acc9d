from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """search: the index and query per database, related stories. Imports the desk and below;
    never intake, contributors, complaints, public or demo.
    """

    name = "pewarta.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from pewarta.desk import effects, finders
        from pewarta.search import api, tasks

        effects.on_story_change(tasks.on_story_change)
        finders.register_story_finder(api.search_stories)
        finders.register_related_finder(api.related_stories)
