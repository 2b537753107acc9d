from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pewarta.public import services


@db_periodic_task(crontab(minute="*"))
def public_views_flush():
    """Every minute: add the view counts spooled by the web workers to StoryViews."""
    return services.story_views_flush()
