import pytest
from django.core import mail
from django.utils import timezone

from pewarta.audit.services import event_record
from pewarta.conftest import publish
from pewarta.contributors.notifications import notify_contributors
from pewarta.desk import services as desk
from pewarta.desk.models import Message
from pewarta.desk.workflow import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db


def _create(member, source, capture):
    with capture(execute=True):
        return desk.story_create(
            headline="Festival Layang-layang",
            body_html="<p>Isi naskah festival.</p>",
            authors=[member.contributor],
            actor=SYSTEM_ACTOR,
            source=source,
        )


def test_web_story_is_acknowledged_but_emailed_one_is_left_to_intake(
    member, django_capture_on_commit_callbacks
):
    _create(member, "email", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    story = _create(member, "web", django_capture_on_commit_callbacks)
    (ack,) = mail.outbox
    assert story.tracking_code in ack.body and "/lacak/" in ack.body
    assert ack.extra_headers["Auto-Submitted"] == "auto-generated"


def test_each_change_mails_the_author_with_reply_to_the_story_thread(
    member, editor, senior_editor, django_capture_on_commit_callbacks
):
    story = _create(member, "email", django_capture_on_commit_callbacks)
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        desk.story_review(story=story, actor=editor)
    (reviewing,) = mail.outbox  # "sedang ditinjau": the writer hears an editor took it up
    assert reviewing.subject.startswith("Sedang ditinjau") and story.tracking_code in reviewing.body
    with capture(execute=True):
        desk.story_request_changes(story=story, actor=editor, message="Sebutkan nama panitia.")
    changes = mail.outbox[-1]
    assert "Perlu revisi" in changes.subject and "Sebutkan nama panitia." in changes.body
    assert changes.reply_to == [f"redaksi+{story.reply_token}@localhost"]
    out = Message.objects.get(story=story, direction="out")
    assert out.email_message_id == changes.extra_headers["Message-ID"]
    with capture(execute=True):
        desk.story_resubmit(story=story, actor=member)
    assert mail.outbox[-1].subject.startswith("Revisi diterima")
    with capture(execute=True):
        desk.story_approve(story=story, actor=editor)
    assert mail.outbox[-1].subject.startswith("Disetujui")
    assert "disetujui redaksi" in mail.outbox[-1].body
    with capture(execute=True):
        desk.story_answer_risk_checklist(
            story=story, actor=editor, victim=False, minor=False, sara=False, defamation=False
        )
        desk.story_schedule(
            story=story, actor=editor, when=timezone.now() + timezone.timedelta(hours=3)
        )
    assert "Dijadwalkan" in mail.outbox[-1].subject
    with capture(execute=True):
        desk.story_publish(story=story, actor=editor)
    story.refresh_from_db()
    assert "Sudah tayang" in mail.outbox[-1].subject
    assert "http://127.0.0.1:8000" + story.get_absolute_url() in mail.outbox[-1].body
    with capture(execute=True):
        desk.story_retract(
            story=story, actor=senior_editor, reason="sara", note="Memuat ujaran SARA."
        )
    assert "dicabut" in mail.outbox[-1].subject and "Memuat ujaran SARA." in mail.outbox[-1].body
    assert all(m.to == ["ayu@example.id"] for m in mail.outbox)


def test_rejection_carries_the_reason(member, editor, django_capture_on_commit_callbacks):
    story = _create(member, "email", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        desk.story_reject(
            story=story, actor=editor, reason="duplicate", message="Sudah ada naskah serupa."
        )
    body = mail.outbox[-1].body
    assert "Duplikat" in body and "Sudah ada naskah serupa." in body


def test_english_contributor_gets_english_mail(member, editor, django_capture_on_commit_callbacks):
    contributor = member.contributor
    contributor.language = "en"
    contributor.save(update_fields=["language"])
    story = _create(member, "web", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        desk.story_review(story=story, actor=editor)
        publish(story, editor)
    assert mail.outbox[0].subject.startswith("Piece received")
    assert mail.outbox[1].subject.startswith("In review")
    assert mail.outbox[-1].subject.startswith("Published")


def test_corrected_action_from_complaints_is_mailed(
    member, editor, django_capture_on_commit_callbacks
):
    story = _create(member, "email", django_capture_on_commit_callbacks)
    event = event_record(
        story=story, actor=editor, action="story.corrected", note="Tanggal acara diralat."
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_contributors(story_id=story.pk, action="corrected", event_id=event.pk)
    assert "Koreksi" in mail.outbox[-1].subject and "Tanggal acara diralat." in mail.outbox[-1].body


def test_erased_author_gets_no_mail(member, editor, django_capture_on_commit_callbacks):
    from pewarta.contributors.privacy import contributor_erase

    story = _create(member, "email", django_capture_on_commit_callbacks)
    desk.story_review(story=story, actor=editor)
    contributor_erase(contributor=member.contributor, actor=member)
    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        notify_contributors(story_id=story.pk, action="reject", event_id=None)
    assert mail.outbox == []
