"""Raw mail is kept only PEWARTA_RAW_MAIL_RETENTION_DAYS; the purge is a periodic task."""

import pytest
from django.utils import timezone

from pewarta.audit.models import Event
from pewarta.intake.models import InboundMessage
from pewarta.intake.personal_data import raw_mail_purge
from pewarta.intake.tasks import purge_raw_mail
from pewarta.intake.tests import corpus

pytestmark = pytest.mark.django_db


def test_raw_mail_older_than_the_retention_is_emptied_with_a_record(process, settings):
    settings.PEWARTA_RAW_MAIL_RETENTION_DAYS = 30
    old = process(corpus.gmail())
    fresh = process(corpus.outlook())
    InboundMessage.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - timezone.timedelta(days=31)
    )
    assert raw_mail_purge() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert bytes(old.raw) == b"" and old.sender == "" and old.envelope_from == ""
    assert old.sha256 and old.outcome  # the record of what happened stays
    assert b"Trotoar" in bytes(fresh.raw)
    event = Event.objects.get(action="intake.raw_mail_purged")
    assert event.payload["count"] == 1
    assert raw_mail_purge() == 0  # nothing twice, no empty records
    assert Event.objects.filter(action="intake.raw_mail_purged").count() == 1


def test_the_periodic_task_runs_the_purge(process, settings):
    settings.PEWARTA_RAW_MAIL_RETENTION_DAYS = 7
    old = process(corpus.gmail())
    InboundMessage.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - timezone.timedelta(days=8)
    )
    purge_raw_mail.call_local()
    old.refresh_from_db()
    assert bytes(old.raw) == b""
