"""Index upkeep in the background: one idempotent task per story change."""

from huey.contrib.djhuey import db_task

from pewarta.desk.models import Status, Story
from pewarta.search.index import story_index
from pewarta.search.models import SearchEntry


@db_task(retries=3, retry_delay=30)
def index_story(story_id: int) -> bool:
    return story_index(story_id=story_id)


def on_story_change(*, story_id: int, action: str, event_id: int | None = None) -> None:
    """Registered with desk.effects: runs after the change has committed."""
    visible_or_indexed = (
        Story.objects.filter(pk=story_id, status=Status.PUBLISHED).exists()
        or SearchEntry.objects.filter(story_id=story_id).exists()
    )
    if visible_or_indexed:
        index_story(story_id)
