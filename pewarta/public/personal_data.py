"""The reader site as a place of personal data: cached pages and edge copies that show an
erased writer's byline or author page are purged after the erasure commits. Registered with
`accounts.personal_data` in PublicConfig.ready."""

from django.db import transaction

from pewarta.accounts.personal_data import Person, register_place
from pewarta.desk.models import Story
from pewarta.public import caching, edge


def cached_pages_erase(person: Person, actor) -> int:
    if person.contributor is None:
        return 0
    tags = {f"author-{person.contributor.pk}"}
    for story in Story.objects.filter(authors=person.contributor).select_related("section"):
        tags |= caching.story_purge_tags(story)
    transaction.on_commit(lambda: edge.purge_everywhere(sorted(tags)))
    return len(tags)


register_place("cached_pages", erase=cached_pages_erase)
