"""Writes about people: registration, consent, guardians, identity decisions, organizations."""

import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import (
    Consent,
    Contributor,
    IdentityCheck,
    Organization,
    OrganizationInvite,
    PolicyVersion,
)
from pewarta.accounts.roles import EDITOR, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.common.mail import mail_send_on_commit

GUARDIAN_SALT = "pewarta.accounts.guardian"
GUARDIAN_MAX_AGE = 14 * 24 * 3600
REQUIRED_POLICIES = (PolicyVersion.Kind.TERMS, PolicyVersion.Kind.PRIVACY)


# --- consent ------------------------------------------------------------------------------------


def policy_current(kind: str) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(kind=kind, effective_at__lte=timezone.now())
        .order_by("-effective_at", "-id")
        .first()
    )


def consent_latest(contributor: Contributor, purpose: str) -> Consent | None:
    return contributor.consents.filter(purpose=purpose).order_by("-created_at", "-id").first()


def consents_missing(contributor: Contributor) -> list[PolicyVersion]:
    """Current policy versions this contributor has not (or no longer) agreed to."""
    missing = []
    for kind in REQUIRED_POLICIES:
        current = policy_current(kind)
        if current is None:
            continue
        latest = consent_latest(contributor, kind)
        if latest is None or not latest.given or latest.policy_id != current.pk:
            missing.append(current)
    return missing


def consent_record(
    *,
    contributor: Contributor,
    purpose: str,
    given: bool = True,
    policy: PolicyVersion | None = None,
    ip: str | None = None,
    guardian_name: str = "",
    guardian_email: str = "",
) -> Consent:
    if purpose not in Consent.Purpose.values:
        raise ValidationFailed(_("Tujuan persetujuan tidak dikenal."))
    return Consent.objects.create(
        contributor=contributor,
        purpose=purpose,
        policy=policy,
        given=given,
        ip_address=ip if ip and ip != "unknown" else None,
        guardian_name=guardian_name[:200],
        guardian_email=guardian_email,
    )


def consents_accept_current(*, contributor: Contributor, ip: str | None = None) -> list[Consent]:
    """Record agreement to every current policy version the contributor still lacks."""
    return [
        consent_record(contributor=contributor, purpose=policy.kind, policy=policy, ip=ip)
        for policy in consents_missing(contributor)
    ]


def consent_withdraw(*, contributor: Contributor, purpose: str, ip: str | None = None) -> Consent:
    latest = consent_latest(contributor, purpose)
    if latest is None or not latest.given:
        raise ValidationFailed(_("Tidak ada persetujuan aktif untuk ditarik."))
    return consent_record(
        contributor=contributor, purpose=purpose, given=False, policy=latest.policy, ip=ip
    )


# --- registration and profile -------------------------------------------------------------------


def contributor_register(
    *, user, pen_name: str, birth_year: int | None, ip: str | None = None, language: str = "id"
) -> Contributor:
    """Create the profile of a newly signed-up user and record the consents they ticked."""
    with transaction.atomic():
        contributor = Contributor.objects.create(
            user=user,
            pen_name=pen_name.strip()[:120],
            email=user.email,
            birth_year=birth_year,
            language=language if language in dict(settings.LANGUAGES) else "id",
        )
        consents_accept_current(contributor=contributor, ip=ip)
        if consent_latest(contributor, Consent.Purpose.TERMS) is None:
            # No terms version published yet: the ticked box is still the writer's consent.
            consent_record(contributor=contributor, purpose=Consent.Purpose.TERMS, ip=ip)
    return contributor


def contributor_for_user(user) -> Contributor:
    """The user's profile, created on first visit for accounts made outside sign-up."""
    contributor = Contributor.objects.filter(user=user).first()
    if contributor is None:
        name = user.get_full_name() or user.email.split("@")[0] or user.get_username()
        contributor = Contributor.objects.create(user=user, pen_name=name, email=user.email)
    return contributor


def contributor_mark_email_verified(*, user, email: str) -> None:
    """The address is proven: mark it, and take over the profile the email desk made for it."""
    contributor = Contributor.objects.filter(user=user).first()
    if contributor is None:
        return
    contributor = _adopt_email_profile(contributor, email)
    contributor.email = email
    contributor.email_verified = True
    fields = ["email", "email_verified"]
    if contributor.verification == Contributor.Verification.UNVERIFIED:
        contributor.verification = Contributor.Verification.EMAIL
        fields.append("verification")
    contributor.save(update_fields=fields)


def _adopt_email_profile(fresh: Contributor, email: str) -> Contributor:
    """Someone who sent pieces by email now has an account: the profile intake made for the
    address (no user) becomes theirs, so their emailed stories appear on the dashboard.
    Only after the address is verified, never at sign-up."""
    orphan = (
        Contributor.objects.filter(user__isnull=True, erased_at__isnull=True, email__iexact=email)
        .order_by("created_at")
        .first()
    )
    if orphan is None or orphan.pk == fresh.pk:
        return fresh
    with transaction.atomic():
        user = fresh.user
        fresh.consents.update(contributor=orphan)
        orphan.birth_year = orphan.birth_year or fresh.birth_year
        orphan.language = fresh.language
        fresh.delete()
        orphan.user = user
        orphan.save(update_fields=["user", "birth_year", "language"])
    return orphan


PROFILE_FIELDS = (
    "pen_name",
    "real_name",
    "phone",
    "bio",
    "affiliation",
    "conflict_of_interest",
    "language",
    "birth_year",
)


# --- guardians of under-18 contributors --------------------------------------------------------


def guardian_consent_given(contributor: Contributor) -> bool:
    latest = consent_latest(contributor, Consent.Purpose.GUARDIAN)
    return bool(latest and latest.given)


def guardian_request(*, contributor: Contributor, guardian_name: str, guardian_email: str) -> str:
    """Mail the guardian a signed link to consent. Returns the link (for the page and tests)."""
    guardian_name, guardian_email = guardian_name.strip(), guardian_email.strip().lower()
    if not guardian_name or "@" not in guardian_email:
        raise ValidationFailed(_("Isi nama dan email orang tua/wali."))
    if guardian_email == (contributor.email or "").lower():
        raise ValidationFailed(_("Email wali harus berbeda dari email Anda."))
    token = signing.dumps(
        {"c": contributor.pk, "n": guardian_name, "e": guardian_email}, salt=GUARDIAN_SALT
    )
    link = settings.PEWARTA_SITE_URL + reverse("contributors:guardian", args=[token])
    mail_send_on_commit(
        to=guardian_email,
        template="kontributor/guardian_request",
        context={"contributor": contributor, "guardian_name": guardian_name, "link": link},
    )
    return link


def guardian_token_read(token: str) -> dict:
    try:
        data = signing.loads(token, salt=GUARDIAN_SALT, max_age=GUARDIAN_MAX_AGE)
    except signing.BadSignature:
        raise ValidationFailed(_("Tautan persetujuan tidak sah atau sudah kedaluwarsa.")) from None
    data["contributor"] = Contributor.objects.filter(pk=data["c"], erased_at__isnull=True).first()
    if data["contributor"] is None:
        raise ValidationFailed(_("Akun penulis ini tidak ditemukan."))
    return data


def guardian_consent_give(*, token: str, ip: str | None = None) -> Consent:
    data = guardian_token_read(token)
    return consent_record(
        contributor=data["contributor"],
        purpose=Consent.Purpose.GUARDIAN,
        guardian_name=data["n"],
        guardian_email=data["e"],
        ip=ip,
    )


# --- identity verification ----------------------------------------------------------------------


def identity_decide(*, check: IdentityCheck, actor, approve: bool, note: str = "") -> IdentityCheck:
    """An editor decides; the ID image is deleted either way and the Event stays."""
    if not has_role(actor, EDITOR):
        raise NotPermitted()
    with transaction.atomic():
        check = IdentityCheck.objects.select_for_update().get(pk=check.pk)
        if check.state != IdentityCheck.State.PENDING:
            raise ValidationFailed(_("Permintaan ini sudah diputuskan."))
        if not approve and not note.strip():
            raise ValidationFailed(_("Tuliskan alasan penolakan untuk penulis."))
        image_name = check.image.name
        check.state = IdentityCheck.State.APPROVED if approve else IdentityCheck.State.DECLINED
        check.decided_by, check.decided_at, check.note = actor, timezone.now(), note.strip()
        check.image = None
        check.save(update_fields=["state", "decided_by", "decided_at", "note", "image"])
        contributor = check.contributor
        if approve:
            contributor.verification = Contributor.Verification.IDENTITY
            contributor.save(update_fields=["verification"])
        event_record(
            action="contributor.identity_approved" if approve else "contributor.identity_declined",
            actor=actor,
            subject=contributor,
            note=note,
            payload={"check": check.pk},
        )
        if contributor.email:
            mail_send_on_commit(
                to=contributor.email,
                template="kontributor/identity_decided",
                context={"contributor": contributor, "approved": approve, "note": note},
                language=contributor.language,
            )
    if image_name:
        check.image.storage.delete(image_name)
    return check


# --- organizations ------------------------------------------------------------------------------


def organization_invite(*, inviter: Contributor, email: str) -> OrganizationInvite:
    email = (email or "").strip().lower()
    if not inviter.is_organization_admin or inviter.organization_id is None:
        raise NotPermitted(_("Hanya admin organisasi yang dapat mengundang rekan."))
    if "@" not in email:
        raise ValidationFailed(_("Alamat email tidak valid."))
    if Contributor.objects.filter(
        organization=inviter.organization, email__iexact=email, erased_at__isnull=True
    ).exists():
        raise ValidationFailed(_("Orang ini sudah menjadi anggota organisasi."))
    invite = OrganizationInvite.objects.create(
        organization=inviter.organization,
        email=email,
        token=secrets.token_urlsafe(24),
        invited_by=inviter,
    )
    link = settings.PEWARTA_SITE_URL + reverse("contributors:org_join", args=[invite.token])
    mail_send_on_commit(
        to=email,
        template="kontributor/organization_invite",
        context={"invite": invite, "inviter": inviter, "link": link},
    )
    return invite


def organization_invite_accept(*, token: str, user) -> Organization:
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        invite = (
            OrganizationInvite.objects.select_for_update()
            .filter(token=token, accepted_at__isnull=True)
            .first()
        )
        if invite is None or invite.created_at < timezone.now() - timezone.timedelta(days=14):
            raise ValidationFailed(_("Undangan tidak sah, sudah dipakai, atau kedaluwarsa."))
        verified = EmailAddress.objects.filter(
            Q(user=user) & Q(email__iexact=invite.email) & Q(verified=True)
        ).exists()
        if not verified:
            raise NotPermitted(
                _("Undangan ini untuk %(email)s. Masuk dengan akun beralamat email itu.")
                % {"email": invite.email}
            )
        contributor = contributor_for_user(user)
        contributor.organization = invite.organization
        contributor.save(update_fields=["organization"])
        invite.accepted_at = timezone.now()
        invite.save(update_fields=["accepted_at"])
    return invite.organization


def organization_member_remove(*, admin: Contributor, member: Contributor) -> None:
    """An organization admin takes a colleague off the organization (not themselves)."""
    if not admin.is_organization_admin or admin.organization_id is None:
        raise NotPermitted(_("Hanya admin organisasi yang dapat mengatur anggota."))
    if member.organization_id != admin.organization_id:
        raise NotPermitted()
    if member.pk == admin.pk:
        raise ValidationFailed(_("Admin tidak dapat mengeluarkan dirinya sendiri."))
    member.organization = None
    member.is_organization_admin = False
    member.save(update_fields=["organization", "is_organization_admin"])
