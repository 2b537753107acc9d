"""Readers' comments: who may post, moderation, trust, replies, limits, reports, closing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pewarta.audit.models import Event
from pewarta.common.errors import (
    NotPermitted,
    RateLimited,
    TransitionNotAllowed,
    ValidationFailed,
)
from pewarta.community import services
from pewarta.community.models import Comment
from pewarta.community.tests.conftest import make_reader
from pewarta.complaints.models import Complaint
from pewarta.complaints.report import compliance_report
from pewarta.desk import services as desk
from pewarta.desk.models import Status

pytestmark = pytest.mark.django_db


def post(story, user, body="Semoga sungainya tetap bersih.", **kw):
    return services.comment_post(story=story, user=user, body=body, **kw)


def test_a_new_readers_comment_waits_for_a_moderator_then_the_writer_is_told(
    story, reader, editor, client, on_commit
):
    comment = post(story, reader)
    assert comment.state == Comment.State.PENDING
    url = reverse("comments-fragment", args=[story.pk])
    assert "Semoga sungainya" not in client.get(url).content.decode()
    mail.outbox.clear()
    with on_commit():
        assert services.comments_moderate(ids=[comment.pk], actor=editor, approve=True) == 1
    assert "Semoga sungainya tetap bersih." in client.get(url).content.decode()
    (told,) = [m for m in mail.outbox if m.to == [story.authors.get().email]]
    assert "Rani" in told.body and "Semoga sungainya" in told.body


def test_only_signed_in_verified_readers_who_accepted_the_terms_may_comment(story, db):
    with pytest.raises(NotPermitted):
        post(story, None)
    unverified = make_reader("tono", verified=False)
    with pytest.raises(NotPermitted, match="Verifikasi"):
        post(story, unverified)
    assert not Comment.objects.exists()


def test_terms_not_accepted_refuses(story, reader):
    reader.contributor.consents.all().delete()
    with pytest.raises(NotPermitted, match="Syarat"):
        post(story, reader)


def test_after_n_approved_comments_a_reader_is_trusted_and_post_moderated(
    story, reader, editor, settings
):
    settings.PEWARTA_COMMENTS_TRUSTED_AFTER = 2
    first = [post(story, reader, body=f"Komentar nomor {n}") for n in (1, 2)]
    services.comments_moderate(ids=[c.pk for c in first], actor=editor, approve=True)
    third = post(story, reader, body="Sekarang langsung tayang.")
    assert third.state == Comment.State.APPROVED and third.post_moderated
    assert not third.reviewed  # still in the moderators' queue, after the fact


def test_replies_are_one_level_deep(story, reader, other_member, editor):
    top = post(story, reader)
    services.comments_moderate(ids=[top.pk], actor=editor, approve=True)
    reply = post(story, other_member, body="Setuju!", parent_id=top.pk)
    services.comments_moderate(ids=[reply.pk], actor=editor, approve=True)
    reply_to_reply = post(story, reader, body="Terima kasih.", parent_id=reply.pk)
    assert reply_to_reply.parent_id == top.pk


def test_a_reply_to_a_comment_not_shown_is_refused(story, reader, other_member):
    pending = post(story, reader)
    with pytest.raises(ValidationFailed):
        post(story, other_member, body="Balasan", parent_id=pending.pk)


def test_too_many_links_are_refused_and_recorded_for_the_desk(story, reader):
    with pytest.raises(ValidationFailed, match="tautan"):
        post(story, reader, body="Cek https://promo.example dan www.murah.example")
    assert Event.objects.filter(action="comment.refused", payload__reason="links").exists()
    assert post(story, reader, body="Sumber: https://data.example.id/air").pk


def test_markup_is_dropped_and_the_honeypot_refuses(story, reader):
    comment = post(story, reader, body="<script>alert(1)</script><b>Bagus</b>\n\nSekali")
    assert comment.body == "Bagus\n\nSekali"
    with pytest.raises(ValidationFailed):
        post(story, reader, honeypot="http://spam.example")
    assert Event.objects.filter(action="comment.refused", payload__reason="honeypot").exists()


def test_a_flood_is_rate_limited(story, reader):
    for n in range(5):
        post(story, reader, body=f"Komentar {n}")
    with pytest.raises(RateLimited):
        post(story, reader, body="Satu lagi")


def test_sara_words_mark_the_comment_for_the_moderator(story, reader):
    comment = post(story, reader, body="Dasar kafir semua yang menolak.")
    assert [h["rule"] for h in comment.hints] == ["sara"]
    assert post(story, reader, body="Tulisan yang menyejukkan.").hints == []


def test_a_reported_comment_gets_the_2x24_clock_and_shows_in_the_compliance_report(
    story, reader, editor, on_commit
):
    comment = post(story, reader)
    services.comments_moderate(ids=[comment.pk], actor=editor, approve=True)
    mail.outbox.clear()
    report = services.comment_report(comment=comment, reason="sara", ip="203.0.113.9")
    complaint = report.complaint
    assert complaint.kind == Complaint.Kind.REPORT
    assert complaint.deadline_at - complaint.received_at == timedelta(hours=48)
    assert f"#{comment.pk}" in complaint.body and comment.body in complaint.passage
    assert not mail.outbox  # the writer is not answerable for readers' comments
    comment.refresh_from_db()
    assert not comment.reviewed  # back in the queue
    with on_commit():
        services.comments_moderate(ids=[comment.pk], actor=editor, approve=False, reason="sara")
    complaint.refresh_from_db()
    assert complaint.outcome == Complaint.Outcome.COMMENT_REMOVED and not complaint.is_open
    now = timezone.now()
    rows = compliance_report(start=now - timedelta(days=1), end=now + timedelta(days=1)).rows
    (row,) = [r for r in rows if r.complaint_id == complaint.pk]
    assert row.kind == "report" and row.verdict(now) == "met"


def test_rejecting_needs_a_reason_code_and_only_staff_moderate(story, reader, editor):
    comment = post(story, reader)
    with pytest.raises(ValidationFailed):
        services.comments_moderate(ids=[comment.pk], actor=editor, approve=False)
    with pytest.raises(NotPermitted):
        services.comments_moderate(ids=[comment.pk], actor=reader, approve=True)


def test_closed_and_retracted_stories_take_no_comments(story, reader, editor, senior_editor):
    services.comments_close(story=story, actor=editor, closed=True, reason="Ramai")
    with pytest.raises(TransitionNotAllowed):
        post(story, reader)
    services.comments_close(story=story, actor=editor, closed=False)
    assert post(story, reader).pk
    desk.story_retract(story=story, actor=senior_editor, reason="sara", note="Dicabut.")
    story.refresh_from_db()
    assert story.status == Status.RETRACTED
    with pytest.raises(TransitionNotAllowed):
        post(story, reader)
