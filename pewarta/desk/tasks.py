from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pewarta.desk import services


@db_periodic_task(crontab(minute="*"))
def publish_due_stories():
    """Every minute: publish scheduled stories whose time has come (survives restarts)."""
    return services.stories_publish_due()
