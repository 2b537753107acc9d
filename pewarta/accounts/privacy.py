"""UU PDP self-service: every request is logged with its 3×24-hour deadline."""

import secrets

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor, DataRequest
from pewarta.accounts.roles import EDITOR, has_role
from pewarta.common.errors import NotPermitted, ValidationFailed

ANONYMOUS_PEN_NAME = "Penulis anonim"


def data_request_log(
    *, contributor: Contributor | None, kind: str, detail: str = "", completed_by=None
) -> DataRequest:
    """Log a request. Self-service ones are completed at once (`completed_by` = the person)."""
    now = timezone.now()
    label = contributor.pen_name if contributor else _("(tanpa akun)")
    if contributor and contributor.email:
        label = f"{label} <{contributor.email}>"
    done = completed_by is not None
    return DataRequest.objects.create(
        contributor=contributor,
        requester_label=label[:200],
        kind=kind,
        detail=detail,
        created_at=now,
        due_at=now + timezone.timedelta(hours=settings.PEWARTA_PDP_DEADLINE_HOURS),
        completed_at=now if done else None,
        completed_by=completed_by if getattr(completed_by, "is_authenticated", False) else None,
        resolution=_("Diselesaikan sendiri oleh pemilik data.") if done else "",
    )


def data_requests_overdue():
    return DataRequest.objects.filter(completed_at__isnull=True, due_at__lt=timezone.now())


REMIND_BEFORE = timezone.timedelta(hours=12)


def editor_addresses() -> list[str]:
    from django.contrib.auth import get_user_model

    from pewarta.accounts.roles import STAFF_ROLES

    users = get_user_model().objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
    emails = sorted({u.email for u in users.distinct() if u.email})
    return emails or [settings.PEWARTA_NEWSROOM_EMAIL]


def data_requests_send_reminders(*, now=None) -> list[int]:
    """Tell the desk about open requests due within 12 hours (or overdue); once per request."""
    from pewarta.common.mail import mail_send_on_commit

    now = now or timezone.now()
    due = DataRequest.objects.filter(
        completed_at__isnull=True, reminder_sent_at__isnull=True, due_at__lte=now + REMIND_BEFORE
    )
    reminded, recipients = [], None
    for request in due.order_by("due_at"):
        with transaction.atomic():
            claimed = DataRequest.objects.filter(pk=request.pk, reminder_sent_at__isnull=True)
            if not claimed.update(reminder_sent_at=now):
                continue
            recipients = recipients or editor_addresses()
            mail_send_on_commit(
                to=recipients,
                template="kontributor/pdp_reminder",
                context={"request": request, "overdue": request.due_at < now},
            )
        reminded.append(request.pk)
    return reminded


def data_request_complete(*, request: DataRequest, actor, resolution: str) -> DataRequest:
    if not has_role(actor, EDITOR):
        raise NotPermitted()
    if not resolution.strip():
        raise ValidationFailed(_("Tuliskan bagaimana permintaan ini diselesaikan."))
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        if request.completed_at:
            raise ValidationFailed(_("Permintaan ini sudah selesai."))
        request.completed_at, request.completed_by = timezone.now(), actor
        request.resolution = resolution.strip()
        request.save(update_fields=["completed_at", "completed_by", "resolution"])
    return request


def data_export(*, contributor: Contributor) -> dict:
    """Everything we hold about the contributor, machine-readable (profile, consents, stories,
    messages). Identity images are never kept, so they are not here."""
    from pewarta.accounts.submissions import stories_of
    from pewarta.desk.models import Message

    user = contributor.user
    stories = stories_of(user).select_related("draft_revision", "live_revision") if user else []
    out_stories, story_ids = [], []
    for story in stories:
        story_ids.append(story.pk)
        original = story.revisions.filter(number=1).first()
        out_stories.append(
            {
                "tracking_code": story.tracking_code,
                "kind": story.kind,
                "status": story.status,
                "submitted_at": story.submitted_at.isoformat(),
                "published_at": story.published_at.isoformat() if story.published_at else None,
                "headline": story.current.headline if story.current else "",
                "original": {
                    "headline": original.headline,
                    "lead": original.lead,
                    "body_html": original.body_html,
                    "images": original.images,
                }
                if original
                else None,
            }
        )
    messages = Message.objects.filter(story_id__in=story_ids).select_related("story")
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "pen_name": contributor.pen_name,
            "real_name": contributor.real_name,
            "email": contributor.email,
            "email_verified": contributor.email_verified,
            "phone": contributor.phone,
            "bio": contributor.bio,
            "photo": contributor.photo.url if contributor.photo else None,
            "affiliation": contributor.affiliation,
            "conflict_of_interest": contributor.conflict_of_interest,
            "organization": contributor.organization.name if contributor.organization else None,
            "verification": contributor.verification,
            "language": contributor.language,
            "birth_year": contributor.birth_year,
            "created_at": contributor.created_at.isoformat(),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "given": c.given,
                "policy": str(c.policy) if c.policy else None,
                "policy_version": c.policy.version if c.policy else None,
                "at": c.created_at.isoformat(),
                "guardian_name": c.guardian_name,
                "guardian_email": c.guardian_email,
            }
            for c in contributor.consents.select_related("policy")
        ],
        "stories": out_stories,
        "messages": [
            {
                "story": m.story.tracking_code,
                "direction": m.direction,
                "channel": m.channel,
                "subject": m.subject,
                "text": m.body_text,
                "at": m.created_at.isoformat(),
            }
            for m in messages
        ],
        "identity_checks": [
            {
                "state": check.state,
                "sent_at": check.created_at.isoformat(),
                "decided_at": check.decided_at.isoformat() if check.decided_at else None,
                "note": check.note,
                "image_kept": bool(check.image),
            }
            for check in contributor.identity_checks.all()
        ],
        "data_requests": [
            {"kind": r.kind, "at": r.created_at.isoformat(), "completed": bool(r.completed_at)}
            for r in contributor.data_requests.all()
        ],
    }


def contributor_erase(*, contributor: Contributor, actor) -> DataRequest:
    """Delete the account and its personal data.

    Stories not yet published are withdrawn; published ones stay readable, credited per
    PEWARTA_ERASED_AUTHOR_POLICY ("anonim": to "Penulis anonim"; "hapus": no byline).
    The Events stay (the press rules ask us to prove what happened), without the person.
    """
    if contributor.erased_at:
        raise ValidationFailed(_("Data akun ini sudah dihapus."))
    user = contributor.user
    files = []
    try:
        request = _erase(contributor, user, actor, files)
    except ProtectedError:
        # Something still points at this account that may not go: hand it to the desk.
        contributor.refresh_from_db()
        data_request_log(
            contributor=contributor,
            kind="deletion",
            detail=_("Penghapusan otomatis tertahan data terkait; redaksi menuntaskannya."),
        )
        raise ValidationFailed(
            _(
                "Akun belum dapat dihapus otomatis. Permintaan Anda tercatat dan redaksi "
                "menuntaskannya paling lambat 3×24 jam."
            )
        ) from None
    for storage, name in files:
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))
    return request


def _erase(contributor, user, actor, files) -> DataRequest:
    """The erasure itself, in one transaction; `files` collects what to delete after commit."""
    from allauth.account.models import EmailAddress

    from pewarta.accounts.models import IdentityCheck
    from pewarta.audit.models import Event
    from pewarta.desk import services as desk
    from pewarta.desk.models import Message, Status, Story
    from pewarta.desk.workflow import TRANSITIONS

    withdrawable = {(t.source, t.action) for t in TRANSITIONS}
    with transaction.atomic():
        request = data_request_log(contributor=contributor, kind="deletion", completed_by=actor)
        stories = list(Story.objects.filter(authors=contributor))
        for story in stories:
            if user is not None and (story.status, "withdraw") in withdrawable:
                desk.story_withdraw(story=story, actor=user, note=_("Akun penulis dihapus"))
        if user is not None:
            Message.objects.filter(sender=user).update(from_address="")
        Message.objects.filter(
            story__in=stories,
            direction=Message.Direction.IN,
            from_address__iexact=contributor.email,
        ).update(from_address="")
        for check in IdentityCheck.objects.filter(contributor=contributor).exclude(image=""):
            files.append((check.image.storage, check.image.name))
        IdentityCheck.objects.filter(contributor=contributor).delete()
        if contributor.photo:
            files.append((default_storage, contributor.photo.name))
        for draft in contributor.drafts.filter(story__isnull=True):
            for image in draft.images:
                src = image.get("src", "")
                if src.startswith(settings.MEDIA_URL):
                    files.append((default_storage, src.removeprefix(settings.MEDIA_URL)))
        contributor.drafts.all().delete()
        contributor.consents.all().delete()
        published = [s for s in stories if s.first_published_at or s.status == Status.RETRACTED]
        policy = settings.PEWARTA_ERASED_AUTHOR_POLICY
        if policy == "hapus":
            for story in published:
                story.authors.remove(contributor)
        for name in ("real_name", "email", "phone", "bio", "affiliation", "conflict_of_interest"):
            setattr(contributor, name, "")
        contributor.pen_name = ANONYMOUS_PEN_NAME
        contributor.slug = f"anonim-{secrets.token_hex(4)}"
        contributor.photo = None
        contributor.birth_year = None
        contributor.user = None
        contributor.organization = None
        contributor.is_organization_admin = False
        contributor.email_verified = False
        contributor.erased_at = timezone.now()
        contributor.save()
        request.requester_label = _("(akun dihapus #%(id)d)") % {"id": contributor.pk}
        request.detail = _("Kebijakan naskah tayang: %(policy)s") % {"policy": policy}
        request.save(update_fields=["requester_label", "detail"])
        if user is not None:
            Event.objects.filter(actor=user).update(actor_label=_("penulis (akun dihapus)"))
            EmailAddress.objects.filter(user=user).delete()
            user.delete()
    return request
