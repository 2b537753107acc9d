"""After an import batch commits: what the desk's effects would have done story by story
(search index, similarity signature), done for the batch in one queued task and in bulk."""

from huey.contrib.djhuey import db_task

from pewarta.desk import services as desk
from pewarta.search.index import stories_index


@db_task(retries=2, retry_delay=60)
def imported_followup(story_ids: list[int]) -> int:
    stories_index(story_ids=story_ids)
    desk.stories_integrity_update(story_ids=story_ids)
    return len(story_ids)
