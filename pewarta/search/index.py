"""Keeping the index in step with what readers may see.

The index holds exactly the stories of `Story.objects.published()`: `story_index` adds or
refreshes a story that is published and removes any other (unpublished, retracted,
withdrawn). It is idempotent, so the task that calls it may run twice or late.
"""

from collections.abc import Callable

from django.db import transaction

from pewarta.common.html import html_to_text
from pewarta.desk.models import Story
from pewarta.search import related
from pewarta.search.analysis import analyze, index_text
from pewarta.search.backends import get_backend
from pewarta.search.models import SearchEntry

RELATED_KEPT = 10  # related ids kept per story (pages show five; some may be gone since)


def story_terms(story: Story) -> dict[str, str]:
    revision = story.live_revision
    return {
        "headline_terms": index_text(revision.headline),
        "lead_terms": index_text(revision.lead),
        "body_terms": index_text(html_to_text(revision.body_html)),
    }


def _entry_fields(story: Story) -> dict:
    return {
        **story_terms(story),
        "section_id": story.section_id,
        "kind": story.kind,
        "published_at": story.published_at,
    }


def story_index(*, story_id: int) -> bool:
    """Index the story if readers may see it, else drop it. Returns whether it is indexed."""
    story = Story.objects.published().select_related("live_revision").filter(pk=story_id).first()
    with transaction.atomic():
        if story is None:
            SearchEntry.objects.filter(story_id=story_id).delete()
            return False
        SearchEntry.objects.update_or_create(story_id=story_id, defaults=_entry_fields(story))
        related_refresh(story)
    return True


def stories_index(*, story_ids: list[int]) -> int:
    """`story_index` for a batch (an archive import): the entries of those readers may see
    are written in bulk, the others dropped. Their related stories are worked out on first
    read, as after a rebuild. Returns how many are indexed."""
    stories = list(
        Story.objects.published().select_related("live_revision").filter(pk__in=story_ids)
    )
    with transaction.atomic():
        SearchEntry.objects.filter(story_id__in=story_ids).delete()
        SearchEntry.objects.bulk_create(
            [SearchEntry(story_id=s.pk, **_entry_fields(s)) for s in stories]
        )
    return len(stories)


def related_refresh(story: Story) -> list[int]:
    """Work out and keep the story's related stories (its entry must exist)."""
    ids = related_ids_of(story, indexed=True)[:RELATED_KEPT]
    SearchEntry.objects.filter(story_id=story.pk).update(related=ids)
    return ids


def related_ids_of(story: Story, *, indexed: bool) -> list[int]:
    """Ids of indexed stories most like `story` (its live or draft text), best first."""
    revision = story.live_revision or story.draft_revision
    if revision is None:
        return []
    weights = related.term_weights(
        analyze(revision.headline),
        analyze(revision.lead),
        analyze(html_to_text(revision.body_html)),
    )
    ids = related.related_ids(weights, backend=get_backend(), story_id=story.pk, indexed=indexed)
    return [i for i in ids if i != story.pk]


def index_rebuild(*, progress: Callable[[int, int], None] | None = None, batch: int = 500) -> int:
    """Rebuild the whole index from the published stories; returns how many were indexed."""
    stories = Story.objects.published().select_related("live_revision").order_by("pk")
    total = stories.count()
    done = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        last_pk = 0
        while True:
            chunk = list(stories.filter(pk__gt=last_pk)[:batch])
            if not chunk:
                break
            SearchEntry.objects.bulk_create(
                [SearchEntry(story_id=s.pk, **_entry_fields(s)) for s in chunk]
            )
            last_pk = chunk[-1].pk
            done += len(chunk)
            if progress:
                progress(done, total)
    return done
