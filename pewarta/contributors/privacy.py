"""UU PDP self-service for a writer: everything we hold, exported; the account, erased."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.data_requests import data_request_log
from pewarta.accounts.models import Contributor, DataRequest, IdentityCheck
from pewarta.accounts.personal_data import Person, personal_data_erase, personal_data_export
from pewarta.audit.services import events_relabel_actor
from pewarta.common.errors import ValidationFailed
from pewarta.desk import services as desk
from pewarta.desk.models import Message, Status, Story
from pewarta.desk.workflow import TRANSITIONS
from pewarta.intake.models import SenderConfirmation

ANONYMOUS_PEN_NAME = "Penulis anonim"


def person_of(contributor: Contributor) -> Person:
    """Every address and name this contributor is known by, for export and erasure."""
    user = contributor.user
    addresses = {contributor.email}
    names = {contributor.pen_name, contributor.real_name}
    if user is not None:
        addresses.add(user.email)
        addresses |= set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
        names.add(user.get_full_name())
    addresses = {a.strip().lower() for a in addresses if a and "@" in a}
    for address in addresses:
        names |= set(
            SenderConfirmation.objects.filter(address__iexact=address).values_list(
                "name", flat=True
            )
        )
    names.discard(ANONYMOUS_PEN_NAME)
    return Person(
        contributor=contributor,
        user=user,
        addresses=addresses,
        names={n.strip() for n in names if n and n.strip()},
    )


def data_export(*, contributor: Contributor) -> dict:
    """Everything we hold about the contributor, machine-readable (profile, consents, stories,
    messages). Identity images are never kept, so they are not here."""
    user = contributor.user
    stories = Story.objects.of_user(user).select_related("draft_revision", "live_revision")
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
        # Every other registered place (raw mail, confirmations, complaints, comments...).
        "elsewhere": personal_data_export(person_of(contributor)),
    }


def contributor_erase(*, contributor: Contributor, actor) -> DataRequest:
    """Delete the account and its personal data.

    Stories not yet published are withdrawn (their photos deleted, the person's address and
    name taken out of their text); published ones stay readable, credited per
    PEWARTA_ERASED_AUTHOR_POLICY ("anonim": to "Penulis anonim"; "hapus": no byline).
    The Events stay (the press rules ask us to prove what happened), without the person.
    Every place registered with `accounts.personal_data` erases its part in the same
    transaction; proof of consent stays (purpose, version, time, a keyed hash of the address).
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
    # A photo an editor has since put on another piece (from the photo library) stays: the
    # other piece would lose it. The desk reads which ones on the request's record.
    shown = desk.media_shown_elsewhere(
        [name for storage, name in files if storage is default_storage]
    )
    if shown:
        kept = "; ".join(f"{name} ({', '.join(codes)})" for name, codes in shown.items())
        note = _("Foto yang dipakai naskah lain tidak dihapus: %(files)s") % {"files": kept}
        DataRequest.objects.filter(pk=request.pk).update(detail=f"{request.detail}\n{note}".strip())
    for storage, name in files:
        if storage is default_storage and name in shown:
            continue
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))
    return request


def _erase(contributor, user, actor, files) -> DataRequest:
    """The erasure itself, in one transaction; `files` collects what to delete after commit."""
    withdrawable = {(t.source, t.action) for t in TRANSITIONS}
    person = person_of(contributor)
    person.files = files
    with transaction.atomic():
        request = data_request_log(contributor=contributor, kind="deletion", completed_by=actor)
        stories = list(Story.objects.filter(authors=contributor))
        for story in stories:
            if user is not None and (story.status, "withdraw") in withdrawable:
                desk.story_withdraw(story=story, actor=user, note=_("Akun penulis dihapus"))
        desk.desk_forget_person(person=person, stories=stories)
        desk.messages_forget_address(address=contributor.email, user=user, stories=stories)
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
        published = [s for s in stories if s.first_published_at or s.status == Status.RETRACTED]
        policy = settings.PEWARTA_ERASED_AUTHOR_POLICY
        if policy == "hapus":
            for story in published:
                desk.story_remove_author(
                    story=story,
                    contributor=contributor,
                    actor=actor,
                    note=_("Akun penulis dihapus"),
                )
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
        if user is not None:
            desk.desk_forget_user(user=user, actor=actor)
            events_relabel_actor(user=user, label=_("penulis (akun dihapus)"))
        personal_data_erase(person, actor=actor)  # every registered place, the Events last
        request.requester_label = _("(akun dihapus #%(id)d)") % {"id": contributor.pk}
        request.detail = _("Kebijakan naskah tayang: %(policy)s") % {"policy": policy}
        request.save(update_fields=["requester_label", "detail"])
        if user is not None:
            EmailAddress.objects.filter(user=user).delete()
            user.delete()
    return request
