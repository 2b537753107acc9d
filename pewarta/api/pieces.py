"""Institutions' pieces through the API: submitted through the web channel's own pipeline
(`intake.web`: same sanitizing, limits, photo rules, consent and identity checks), tracked and
answered like on the writer's pages. Every write is an Event signed with the key's name.
"""

import hashlib
import json
import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pewarta.accounts.services import consents_missing
from pewarta.api.errors import ApiError
from pewarta.api.keys import contributor_can_hold_key
from pewarta.api.models import ApiKey, ApiSubmission, Scope
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.common.html import sanitize_html, text_to_html
from pewarta.desk import services as desk
from pewarta.desk.models import Message, Story
from pewarta.intake import web
from pewarta.intake.markup import body_to_html
from pewarta.integrity.media import docx_to_html, read_upload

BODY_FORMATS = ("text", "markdown", "html")
MAX_TEXT = 200_000


def require_scope(key: ApiKey, scope: str) -> None:
    if scope not in (key.scopes or []):
        raise ApiError("scope_missing", 403, _("Kunci ini tidak punya cakupan “%(scope)s”.")
                       % {"scope": scope})  # fmt: skip


def _check_writer(key: ApiKey) -> None:
    contributor = key.contributor
    if contributor.is_blocked:
        raise NotPermitted(_("Akun Anda diblokir redaksi."))
    if not contributor_can_hold_key(contributor):
        raise ApiError(
            "identity_unverified", 403,
            _("Akun penulis kunci ini belum memverifikasi alamat emailnya."),
        )  # fmt: skip
    if consents_missing(contributor):
        raise ApiError(
            "consent_required", 403,
            _("Akun penulis kunci ini belum menyetujui ketentuan dan kebijakan privasi yang "
              "berlaku; masuk ke situs untuk menyetujuinya."),
        )  # fmt: skip


def _text(data: dict, name: str, *, required=False, limit=MAX_TEXT) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationFailed(_("Kolom “%(name)s” harus berupa teks.") % {"name": name})
    if len(value) > limit:
        raise ValidationFailed(_("Kolom “%(name)s” terlalu panjang.") % {"name": name})
    if required and not value.strip():
        raise ValidationFailed(_("Kolom “%(name)s” wajib diisi.") % {"name": name})
    return value


def _body_html(data: dict, docx) -> tuple[str, str]:
    """(source as sent, clean HTML) from the body and its format, or from a .docx."""
    if docx is not None:
        html = docx_to_html(read_upload(docx))
        return html, html
    body = _text(data, "body", required=True)
    body_format = data.get("body_format") or "text"
    if body_format not in BODY_FORMATS:
        raise ValidationFailed(_("body_format harus salah satu dari: text, markdown, html."))
    if body_format == "html":
        return body, sanitize_html(body)
    if body_format == "markdown":
        return body, body_to_html(body)
    return body, text_to_html(body)


def _photo_notes(data: dict, count: int) -> list[dict]:
    notes = data.get("photos") or []
    if not isinstance(notes, list) or not all(isinstance(n, dict) for n in notes):
        raise ValidationFailed(_("“photos” harus daftar keterangan foto (credit, caption)."))
    if len(notes) != count:
        raise ValidationFailed(
            _(
                "Jumlah keterangan foto (%(notes)d) tidak sama dengan jumlah berkas foto "
                "(%(files)d)."
            )
            % {"notes": len(notes), "files": count}
        )
    return notes


def request_digest(data: dict, files: list) -> str:
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode())
    for upload in files:
        if upload is None:
            continue
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
    return digest.hexdigest()


def _submission(key: ApiKey, idempotency_key: str, digest: str) -> ApiSubmission:
    if len(idempotency_key) > 200:
        raise ValidationFailed(_("Idempotency-Key paling panjang 200 karakter."))
    token = "api-" + secrets.token_hex(16)
    try:
        with transaction.atomic():
            found, _created = ApiSubmission.objects.get_or_create(
                api_key=key,
                idempotency_key=idempotency_key,
                defaults={"request_hash": digest, "draft_token": token},
            )
    except IntegrityError:
        found = ApiSubmission.objects.get(api_key=key, idempotency_key=idempotency_key)
    if found.request_hash != digest:
        raise ApiError(
            "idempotency_conflict", 409,
            _("Idempotency-Key ini sudah dipakai untuk naskah lain."),
        )  # fmt: skip
    return found


def piece_submit(
    *, key: ApiKey, data: dict, photos=(), docx=None, idempotency_key: str = ""
) -> tuple[Story, bool]:
    """Send one piece to the desk for `key`. Returns (story, created)."""
    require_scope(key, Scope.SUBMIT)
    _check_writer(key)
    if not isinstance(data, dict):
        raise ValidationFailed(_("Data naskah harus berupa objek JSON."))
    photos = list(photos)
    submission = None
    if idempotency_key:
        submission = _submission(key, idempotency_key, request_digest(data, [*photos, docx]))
        if submission.story_id:
            return submission.story, False
    headline = _text(data, "headline", required=True, limit=300)
    lead = _text(data, "lead", limit=5000)
    source, html = _body_html(data, docx)
    notes = _photo_notes(data, len(photos))
    contributor = key.contributor
    token = submission.draft_token if submission else "api-" + secrets.token_hex(16)
    with transaction.atomic():
        draft = web.draft_save(
            contributor=contributor,
            token=token,
            kind=str(data.get("kind") or "siaran_pers"),
            headline=headline,
            lead=lead,
            body_source=source,
            body_html=html,
            dateline=_text(data, "dateline", limit=80),
            affiliation_disclosure=_text(data, "affiliation_disclosure", limit=2000),
            originality_confirmed=data.get("originality_confirmed") is True,
        )
        if not draft.images:
            for upload, note in zip(photos, notes, strict=True):
                web.photo_add(
                    draft=draft,
                    upload=upload,
                    credit=_text(note, "credit", limit=200),
                    caption=_text(note, "caption", limit=500),
                    rights=note.get("rights_confirmed") is True,
                )
        story, created = web.draft_submit(
            contributor=contributor, token=token, actor=contributor.user, source=Story.Source.API
        )
        if created:
            event_record(
                story=story, subject=key, actor_label=key.label, action="api.piece_submitted",
                payload={"key": key.prefix, "idempotency_key": idempotency_key[:200]},
            )  # fmt: skip
        if submission is not None:
            ApiSubmission.objects.filter(pk=submission.pk).update(story=story)
    return story, created


def pieces_of(key: ApiKey):
    """The pieces a key may see: its organization's, or its contributor's own."""
    require_scope(key, Scope.READ_OWN)
    if key.organization_id:
        return Story.objects.filter(organization_id=key.organization_id)
    return Story.objects.filter(authors=key.contributor).distinct()


def piece_reply(*, key: ApiKey, story: Story, text: str) -> Message:
    """The institution answers the desk: one more message in the piece's conversation."""
    require_scope(key, Scope.SUBMIT)
    _check_writer(key)
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text:
        raise ValidationFailed(_("Pesan masih kosong."))
    if len(text) > 20000:
        raise ValidationFailed(_("Pesan terlalu panjang (paling banyak 20.000 karakter)."))
    user = key.contributor.user
    with transaction.atomic():
        message = desk.message_record(
            story=story,
            direction=Message.Direction.IN,
            channel=Message.Channel.API,
            sender=user,
            from_address=key.contributor.email or user.email,
            subject=_("Balasan penulis"),
            body_text=text,
        )
        event_record(
            story=story, subject=key, actor_label=key.label, action="story.message_received",
            payload={"message": message.pk, "key": key.prefix},
        )  # fmt: skip
    return message
