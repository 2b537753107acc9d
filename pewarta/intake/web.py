"""The web channel: a writer's draft, its photos, and sending it to the desk."""

from html import escape

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.desk import services as desk
from pewarta.desk.models import Kind, Story
from pewarta.intake.markup import body_to_html
from pewarta.intake.models import Draft
from pewarta.integrity.media import photo_store

MAX_PHOTOS = 6
WEB_KINDS = [Kind.BERITA, Kind.OPINI, Kind.ESAI, Kind.KOLOM, Kind.SIARAN_PERS]


def photo_add(*, draft: Draft, upload, credit: str, caption: str, rights: bool) -> dict:
    credit = (credit or "").strip()
    if not credit:
        raise ValidationFailed(_("Setiap foto wajib mencantumkan sumber foto (mis. Dokpri)."))
    if credit.lower().replace(" ", "") in {"google", "foto:google", "internet", "net"}:
        raise ValidationFailed(_("“Google” atau “internet” bukan sumber foto. Sebut pemiliknya."))
    if not rights:
        raise ValidationFailed(_("Nyatakan bahwa Anda berhak memakai foto ini."))
    if len(draft.images) >= MAX_PHOTOS:
        raise ValidationFailed(_("Paling banyak %(n)d foto per naskah.") % {"n": MAX_PHOTOS})
    name, width, height = photo_store(upload, folder="naskah")
    image = {
        "src": default_storage.url(name),
        "caption": (caption or "").strip()[:500],
        "credit": credit[:200],
        "featured": not draft.images,
        "width": width,
        "height": height,
        "ai_generated": False,
        "rights_confirmed": True,
    }
    draft.images = [*draft.images, image]
    draft.save(update_fields=["images", "updated_at"])
    return image


def photo_remove(*, draft: Draft, index) -> None:
    """Take a photo off an unsent draft (the stored file stays until media cleanup)."""
    try:
        index = int(index)
    except (TypeError, ValueError):
        return
    if draft.story_id is None and 0 <= index < len(draft.images):
        images = [img for i, img in enumerate(draft.images) if i != index]
        if images and not any(img.get("featured") for img in images):
            images[0] = {**images[0], "featured": True}
        draft.images = images
        draft.save(update_fields=["images", "updated_at"])


def draft_save(
    *,
    contributor: Contributor,
    token: str,
    kind: str,
    headline: str,
    lead: str,
    body_source: str,
    dateline: str = "",
    affiliation_disclosure: str = "",
    originality_confirmed: bool = False,
    body_html: str | None = None,
) -> Draft:
    """Create or update the draft identified by the form's token (never one already sent)."""
    if kind not in WEB_KINDS:
        kind = Kind.BERITA
    if not token or len(token) > 40:
        raise ValidationFailed(_("Formulir tidak sah; muat ulang halaman."))
    values = {
        "kind": kind,
        "headline": headline.strip()[:300],
        "lead": lead.strip(),
        "body_source": body_source,
        "body_html": body_html if body_html is not None else body_to_html(body_source),
        "dateline": dateline.strip()[:80],
        "affiliation_disclosure": affiliation_disclosure.strip(),
        "originality_confirmed": originality_confirmed,
    }
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(token=token).first()
        if draft is None:
            try:
                with transaction.atomic():
                    return Draft.objects.create(contributor=contributor, token=token, **values)
            except IntegrityError:
                draft = Draft.objects.select_for_update().get(token=token)
        if draft.contributor_id != contributor.pk:
            raise NotPermitted()
        if draft.story_id is None:
            for name, value in values.items():
                setattr(draft, name, value)
            draft.save(update_fields=[*values, "updated_at"])
    return draft


def draft_check(draft: Draft) -> None:
    if not draft.headline:
        raise ValidationFailed(_("Judul wajib diisi."))
    if len(draft.body_html) < 20:
        raise ValidationFailed(_("Isi naskah masih kosong atau terlalu pendek."))
    if not draft.originality_confirmed:
        raise ValidationFailed(
            _("Nyatakan bahwa naskah ini karya asli Anda dan belum dimuat di media lain.")
        )


def draft_submit(
    *, contributor: Contributor, token: str, actor, source: str = Story.Source.WEB
) -> tuple[Story, bool]:
    """Send the draft to the desk. Returns (story, created); a repeated submit returns the same.

    The API channel sends its pieces through here too (`source="api"`).
    """
    if contributor.is_blocked:
        raise NotPermitted(_("Akun Anda diblokir redaksi."))
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(token=token).first()
        if draft is None or draft.contributor_id != contributor.pk:
            raise ValidationFailed(_("Draf tidak ditemukan."))
        if draft.story_id is not None:
            return draft.story, False
        draft_check(draft)
        body = draft.body_html
        if draft.affiliation_disclosure:
            label = escape(_("Pengungkapan afiliasi penulis:"))
            body += f"\n<p><em>{label} {escape(draft.affiliation_disclosure)}</em></p>"
        story = desk.story_create(
            headline=draft.headline,
            lead=draft.lead,
            body_html=body,
            dateline=draft.dateline,
            images=draft.images,
            kind=draft.kind,
            authors=[contributor],
            actor=actor,
            source=source,
            language=contributor.language,
            organization=contributor.organization,
        )
        draft.story = story
        draft.save(update_fields=["story", "updated_at"])
    return story, True
