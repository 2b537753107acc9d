"""After an import batch commits: what the desk's effects would have done story by story
(search index, similarity signature), done for the batch in one queued task."""

from huey.contrib.djhuey import db_task

from pewarta.desk import services as desk
from pewarta.search.index import story_index


@db_task(retries=2, retry_delay=60)
def imported_followup(story_ids: list[int]) -> int:
    for story_id in story_ids:
        story_index(story_id=story_id)
        desk.story_integrity_update(story_id=story_id)
    return len(story_ids)
