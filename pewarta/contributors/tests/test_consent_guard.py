"""No piece passes review before its writer's consent is on record, however it reached the desk."""

import pytest

from pewarta.accounts.models import Consent, Contributor
from pewarta.accounts.roles import EDITOR
from pewarta.accounts.services import consent_record, consent_withdraw
from pewarta.common.errors import ValidationFailed
from pewarta.conftest import make_user
from pewarta.desk import services
from pewarta.desk.models import Status, Story
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests import corpus

pytestmark = pytest.mark.django_db


def _refused(story, editor):
    for action in (
        lambda: services.story_approve(story=story, actor=editor),
        lambda: services.story_publish(story=story, actor=editor),
    ):
        with pytest.raises(ValidationFailed) as raised:
            action()
        assert "persetujuan" in str(raised.value.message)


def test_a_piece_cannot_pass_review_without_its_writers_consent(make_story, editor, writer):
    story = make_story(status=Status.IN_REVIEW)
    Consent.objects.filter(contributor=writer.contributor).delete()
    _refused(story, editor)
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW
    consent_record(contributor=writer.contributor, purpose=Consent.Purpose.TERMS)
    services.story_approve(story=story, actor=editor)
    assert Story.objects.get(pk=story.pk).status == Status.APPROVED


def test_withdrawn_consent_stops_the_piece_again(make_story, editor, writer):
    story = make_story(status=Status.IN_REVIEW)
    consent_withdraw(contributor=writer.contributor, purpose=Consent.Purpose.TERMS)
    _refused(story, editor)


def test_staff_authors_need_no_contributor_consent(make_story, editor):
    colleague = make_user("redaktur-dua", EDITOR)
    staff_author = Contributor.objects.create(user=colleague, pen_name="Redaktur Dua")
    story = make_story(status=Status.IN_REVIEW)
    writer_author = story.authors.get()
    services.story_add_author(story=story, contributor=staff_author, actor=editor)
    services.story_remove_author(story=story, contributor=writer_author, actor=editor)
    services.story_approve(story=Story.objects.get(pk=story.pk), actor=editor)
    assert Story.objects.get(pk=story.pk).status == Status.APPROVED


def test_release_from_quarantine_does_not_bypass_consent(client, editor, settings, tmp_path):
    """The desk vouches for a waiting sender: the piece reaches review, but no further until
    the writer agrees (the staff release records no consent on the writer's behalf)."""
    from pewarta.intake import services as intake

    settings.MEDIA_ROOT = tmp_path / "media"
    message = intake.inbound_message_store(
        raw=corpus.gmail(), channel="smtp", envelope_from="asep@example.id"
    )
    message = intake.inbound_message_process_safely(message=message)
    assert message.outcome == InboundMessage.Outcome.AWAITING_CONFIRMATION
    intake.inbound_message_release(message=message, actor=editor)
    story = Story.objects.get(pk=message.story_id)
    assert story.status == Status.RECEIVED
    services.story_review(story=story, actor=editor)
    services.story_answer_risk_checklist(
        story=Story.objects.get(pk=story.pk), actor=editor,
        victim=False, minor=False, sara=False, defamation=False,
    )  # fmt: skip
    _refused(Story.objects.get(pk=story.pk), editor)
