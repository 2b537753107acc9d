"""Checking an uploaded evidence file by what it contains, not by its name."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from pewarta.common.errors import ValidationFailed
from pewarta.integrity.media import MediaRefused, image_verify

ALLOWED = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


def sniff(head: bytes) -> str:
    """The content type the first bytes declare, or '' when it is not one we accept."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return ""


def _image_is_sound(upload) -> bool:
    """Decodable within the media pipeline's pixel limit (evidence is kept as sent)."""
    upload.seek(0)
    try:
        image_verify(upload.read())
    except MediaRefused:
        return False
    finally:
        upload.seek(0)
    return True


def evidence_check(upload) -> str:
    """Return the content type of an acceptable upload or raise ValidationFailed."""
    limit = settings.PEWARTA_COMPLAINT_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationFailed(
            _("Berkas bukti terlalu besar (maksimal %(limit)s).") % {"limit": filesizeformat(limit)}
        )
    upload.seek(0)
    content_type = sniff(upload.read(16))
    upload.seek(0)
    if content_type not in ALLOWED:
        raise ValidationFailed(_("Bukti harus berupa berkas PDF, JPEG, PNG, atau WebP."))
    if content_type.startswith("image/") and not _image_is_sound(upload):
        raise ValidationFailed(_("Berkas gambar bukti rusak atau tidak dapat dibaca."))
    return content_type
