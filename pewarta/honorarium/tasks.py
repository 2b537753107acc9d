from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pewarta.honorarium.services import bonuses_award


@db_periodic_task(crontab(hour="17", minute="40"))  # 00.40 WIB
def honorarium_bonuses():
    return len(bonuses_award())
