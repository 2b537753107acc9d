"""Readers' comments: who may post, pre- or post-moderation, reports, closing."""

import html
import re

import nh3
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts import services as accounts
from pewarta.accounts.models import Contributor
from pewarta.accounts.roles import EDITOR, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from pewarta.common.mail import mail_send_on_commit
from pewarta.common.ratelimit import ratelimit_hit
from pewarta.community.hooks import comments_changed_on_commit
from pewarta.community.models import Comment, CommentClosure, CommentReport
from pewarta.complaints import services as complaints
from pewarta.complaints.models import Complaint
from pewarta.complaints.services.common import author_addresses
from pewarta.desk.models import Status, Story
from pewarta.integrity import risk

# One match per link, whole (so a URL's own domain is not counted again).
_LINK = re.compile(
    r"(?i)https?://\S+|www\.\S+"
    r"|\b[a-z0-9][a-z0-9.-]*\.(?:com|id|net|org|co|ly|io|me|info|xyz|link)\b\S*"
)
# Hints worth a moderator's look: SARA words, and crime words next to a person's name.
_COMMENT_RULES = {"sara", "accusation"}
CLOSING_ACTIONS = {"retract", "unpublish"}


def _plain(text: str) -> str:
    """Readers write plain text: any markup is dropped, line breaks are kept."""
    cleaned = html.unescape(nh3.clean(text or "", tags=set()))
    lines = [" ".join(line.split()) for line in cleaned.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def commenter_check(user) -> Contributor:
    """The reader's profile if they may comment: signed in, verified email, current terms."""
    if user is None or not user.is_authenticated:
        raise NotPermitted(_("Masuk atau daftar dulu untuk berkomentar."))
    contributor = accounts.contributor_for_user(user)
    verified = (
        contributor.email_verified or EmailAddress.objects.filter(user=user, verified=True).exists()
    )
    if not verified:
        raise NotPermitted(_("Verifikasi alamat email Anda dulu untuk berkomentar."))
    if contributor.is_blocked or contributor.erased_at:
        raise NotPermitted(_("Akun ini tidak dapat berkomentar."))
    if accounts.consents_missing(contributor):
        raise NotPermitted(_("Setujui Syarat dan Ketentuan yang berlaku dulu untuk berkomentar."))
    return contributor


def comments_open(story: Story) -> bool:
    return (
        story.status == Status.PUBLISHED
        and not CommentClosure.objects.filter(story_id=story.pk).exists()
    )


def _refuse(*, actor, story, reason: str, ip: str) -> None:
    """Bad input gets a clear refusal and a record the desk can read."""
    event_record(
        action="comment.refused",
        actor=actor,
        story=story,
        payload={"reason": reason, "ip": ip},
    )


def _hints(text: str) -> list[dict]:
    return [
        {"rule": hint.rule, "question": hint.question, "term": hint.term}
        for hint in risk.hints_for_text(text)
        if hint.rule in _COMMENT_RULES
    ]


def _trusted(contributor: Contributor) -> bool:
    approved = Comment.objects.filter(author=contributor, state=Comment.State.APPROVED)
    return approved.count() >= settings.PEWARTA_COMMENTS_TRUSTED_AFTER


def _tell_writers(comment: Comment) -> None:
    story = comment.story
    own = comment.author.email if comment.author else ""
    for address in author_addresses(story):
        if address != own:
            mail_send_on_commit(
                to=address,
                template="comment_new",
                context={"comment": comment, "story": story},
            )


def comment_post(
    *, story: Story, user, body: str, parent_id=None, honeypot: str = "", ip: str = ""
) -> Comment:
    """A verified reader comments (or replies). New commenters wait for a moderator; trusted
    ones (PEWARTA_COMMENTS_TRUSTED_AFTER approved comments) appear at once and are reviewed
    after."""
    if honeypot:
        with transaction.atomic():
            _refuse(actor=user, story=story, reason="honeypot", ip=ip)
        raise ValidationFailed(_("Komentar tidak dapat diterima."))
    contributor = commenter_check(user)
    ratelimit_hit(f"comments:{user.pk}", limit=5, window=600)
    if not comments_open(story):
        raise TransitionNotAllowed(_("Komentar untuk naskah ini sudah ditutup."))
    text = _plain(body)
    if len(text) < 2:
        raise ValidationFailed(_("Tulis komentar Anda dulu."))
    if len(text) > settings.PEWARTA_COMMENTS_MAX_CHARS:
        raise ValidationFailed(
            _("Komentar terlalu panjang (paling banyak %(n)d karakter).")
            % {"n": settings.PEWARTA_COMMENTS_MAX_CHARS}
        )
    if len(_LINK.findall(text)) > settings.PEWARTA_COMMENTS_MAX_LINKS:
        with transaction.atomic():
            _refuse(actor=user, story=story, reason="links", ip=ip)
        raise ValidationFailed(
            _("Komentar memuat terlalu banyak tautan (paling banyak %(n)d).")
            % {"n": settings.PEWARTA_COMMENTS_MAX_LINKS}
        )
    parent = None
    if parent_id:
        parent = Comment.objects.filter(
            pk=parent_id, story=story, state=Comment.State.APPROVED
        ).first()
        if parent is None:
            raise ValidationFailed(_("Komentar yang Anda balas tidak ditemukan."))
        parent = parent.parent or parent  # one level of replies
    trusted = _trusted(contributor)
    with transaction.atomic():
        comment = Comment.objects.create(
            story=story,
            author=contributor,
            parent=parent,
            body=text,
            hints=_hints(text),
            state=Comment.State.APPROVED if trusted else Comment.State.PENDING,
            post_moderated=trusted,
        )
        event_record(
            action="comment.posted",
            actor=user,
            story=story,
            subject=comment,
            payload={"state": comment.state, "hints": len(comment.hints)},
        )
        if trusted:
            comments_changed_on_commit([story.pk])
            _tell_writers(comment)
    return comment


def _check_moderator(actor) -> None:
    if not has_role(actor, EDITOR):
        raise NotPermitted()


def comments_moderate(*, ids, actor, approve: bool, reason: str = "", note: str = "") -> int:
    """Approve or reject comments in bulk (a reason code for every rejection). Reports about
    them close with the decision. Returns how many comments changed."""
    _check_moderator(actor)
    if not approve and reason not in Comment.Reason.values:
        raise ValidationFailed(_("Pilih alasan penolakan."))
    ids = [int(pk) for pk in ids]
    if not ids:
        raise ValidationFailed(_("Pilih dulu komentar yang akan dimoderasi."))
    now = timezone.now()
    changed_stories, changed = set(), 0
    with transaction.atomic():
        comments = list(
            Comment.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .exclude(state=Comment.State.ERASED)
            .select_related("story", "author")
        )
        for comment in comments:
            was_visible = comment.state == Comment.State.APPROVED
            comment.state = Comment.State.APPROVED if approve else Comment.State.REJECTED
            comment.reason = "" if approve else reason
            comment.reviewed = True
            comment.moderated_at = now
            comment.moderated_by = actor
            comment.save(
                update_fields=["state", "reason", "reviewed", "moderated_at", "moderated_by"]
            )
            event_record(
                action="comment.approved" if approve else "comment.rejected",
                actor=actor,
                story=comment.story,
                subject=comment,
                note=note,
                payload={"reason": comment.reason},
            )
            if was_visible != approve:
                changed_stories.add(comment.story_id)
                if approve:
                    _tell_writers(comment)
            changed += 1
            for report in comment.reports.select_related("complaint"):
                complaints.complaint_resolve_content(
                    complaint=report.complaint,
                    actor=actor,
                    removed=not approve,
                    note=note or (Comment.Reason(reason).label if reason else _("Komentar tetap")),
                )
        comments_changed_on_commit(changed_stories)
    return changed


def comment_report(
    *, comment: Comment, reason: str, body: str = "", ip: str = "", honeypot: str = ""
) -> CommentReport:
    """Anyone reports a shown comment: a Laporan with the 2x24-hour clock (it appears in the
    complaints queue and the compliance report) and the comment back in the moderation queue."""
    if honeypot:
        with transaction.atomic():
            _refuse(actor=None, story=comment.story, reason="honeypot", ip=ip)
        raise ValidationFailed(_("Laporan tidak dapat diterima."))
    ratelimit_hit(f"comment-reports:{ip}", limit=10, window=3600)
    if not Comment.objects.filter(pk=comment.pk, state=Comment.State.APPROVED).exists():
        raise ValidationFailed(_("Komentar ini tidak sedang tayang."))
    body = _plain(body)[:2000]
    with transaction.atomic():
        complaint = complaints.complaint_file(
            kind=Complaint.Kind.REPORT,
            story=comment.story,
            reason=reason,
            passage=comment.body[:2000],
            body=_("Laporan atas komentar #%(id)d. %(body)s") % {"id": comment.pk, "body": body},
            tell_author=False,
        )
        report = CommentReport.objects.create(comment=comment, complaint=complaint, reason=reason)
        Comment.objects.filter(pk=comment.pk).update(reviewed=False)
        event_record(
            action="comment.reported",
            story=comment.story,
            subject=comment,
            actor_label=_("pelapor"),
            payload={"reason": reason, "complaint": complaint.pk},
        )
    return report


def comments_close(*, story: Story, actor, closed: bool, reason: str = "") -> None:
    """An editor closes (or reopens) a story's comments."""
    _check_moderator(actor)
    with transaction.atomic():
        if closed:
            CommentClosure.objects.get_or_create(
                story=story, defaults={"closed_by": actor, "reason": reason[:200]}
            )
        else:
            if story.status != Status.PUBLISHED:
                raise TransitionNotAllowed(_("Komentar hanya dapat dibuka pada naskah tayang."))
            CommentClosure.objects.filter(story=story).delete()
        event_record(
            action="comments.closed" if closed else "comments.reopened",
            actor=actor,
            story=story,
            note=reason,
        )
        comments_changed_on_commit([story.pk])


def on_story_change(*, story_id: int, action: str, event_id: int | None = None) -> None:
    """Effect handler: a retracted or unpublished story closes its comments by itself."""
    if action not in CLOSING_ACTIONS:
        return
    with transaction.atomic():
        _closure, created = CommentClosure.objects.get_or_create(
            story_id=story_id, defaults={"reason": _("Naskah dicabut atau diturunkan")}
        )
        if created:
            comments_changed_on_commit([story_id])
