"""API keys: made and revoked by the desk, shown once, stored as a SHA-256 digest.

A key reads `pw_<prefix>_<secret>`; the prefix finds the row, the digest of the whole key is
compared in constant time. Keys are 256-bit random, so a plain digest is enough (no slow hash:
nobody can guess a key from its digest, and every API call checks one).
"""

import hashlib
import hmac
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor, Organization
from pewarta.accounts.roles import SENIOR_EDITOR, has_role
from pewarta.api.models import ApiKey, Scope
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed

KEY_START = "pw_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def contributor_can_hold_key(contributor: Contributor) -> bool:
    """The identity rule of the web form: an account that proved its address, not blocked."""
    if contributor.is_blocked or contributor.user_id is None or contributor.erased_at:
        return False
    return EmailAddress.objects.filter(user_id=contributor.user_id, verified=True).exists()


def key_create(
    *,
    actor,
    name: str,
    contributor: Contributor,
    organization: Organization | None,
    scopes: list[str],
) -> tuple[ApiKey, str]:
    """Make a key; returns (key, the full key text), the only time the text exists."""
    if not has_role(actor, SENIOR_EDITOR):
        raise NotPermitted(_("Hanya redaktur senior yang dapat membuat kunci API."))
    name = (name or "").strip()[:120]
    if not name:
        raise ValidationFailed(_("Beri nama kunci ini (mis. sistem humas kementerian)."))
    scopes = [s for s in Scope.values if s in set(scopes or [])]
    if not scopes:
        raise ValidationFailed(_("Pilih paling sedikit satu cakupan."))
    if organization is None and not settings.PEWARTA_API_CONTRIBUTOR_KEYS:
        raise ValidationFailed(_("Kunci API hanya untuk organisasi di redaksi ini."))
    if organization is not None and contributor.organization_id != organization.pk:
        raise ValidationFailed(_("Akun penulis harus anggota organisasi itu."))
    if not contributor_can_hold_key(contributor):
        raise ValidationFailed(
            _(
                "Akun penulis harus punya login dengan alamat email terverifikasi dan tidak "
                "diblokir."
            )
        )
    prefix = secrets.token_hex(6)
    raw = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        key = ApiKey.objects.create(
            name=name,
            organization=organization,
            contributor=contributor,
            prefix=prefix,
            digest=_digest(raw),
            scopes=scopes,
            created_by=actor,
        )
        event_record(
            actor=actor,
            subject=key,
            action="api.key_created",
            note=key.name,
            payload={"prefix": prefix, "scopes": scopes, "organization": key.organization_id},
        )
    return key, raw


def key_revoke(*, key: ApiKey, actor) -> ApiKey:
    if not has_role(actor, SENIOR_EDITOR):
        raise NotPermitted(_("Hanya redaktur senior yang dapat mencabut kunci API."))
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.revoked_by = actor
            key.save(update_fields=["revoked_at", "revoked_by"])
            event_record(
                actor=actor, subject=key, action="api.key_revoked", note=key.name,
                payload={"prefix": key.prefix},
            )  # fmt: skip
    return key


def key_for(raw: str) -> ApiKey | None:
    """The active key whose text is `raw`, or None."""
    raw = (raw or "").strip()
    if not raw.startswith(KEY_START) or len(raw) > 200:
        return None
    prefix = raw[len(KEY_START) :].split("_", 1)[0]
    key = (
        ApiKey.objects.filter(prefix=prefix, revoked_at=None)
        .select_related("contributor", "organization")
        .first()
    )
    if key is None or not hmac.compare_digest(key.digest, _digest(raw)):
        return None
    return key


def key_touch(key: ApiKey) -> None:
    """Remember when a key was last used (at most once a minute per key)."""
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
