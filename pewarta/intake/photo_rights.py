"""Photos emailed by a writer whose address is already proven (DKIM or an earlier confirmation).

Such a piece goes straight to the desk, so there is no confirmation page to state the right to
publish its photos on. The photos wait (`rights_pending`) and the receipt links a page where the
writer states it, as a web upload and the confirmation page ask. The desk cannot publish a
waiting photo (desk.services.publishing); it may remove it instead.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.accounts.personal_data import address_hash
from pewarta.audit.services import event_record
from pewarta.common.errors import ValidationFailed
from pewarta.desk import services as desk_services
from pewarta.desk.models import Story
from pewarta.desk.services.editing import rights_pending
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.intake.models import ConsentRecord

SALT = "pewarta.intake.photo-rights"
PURPOSE = "photo_rights"  # the same purpose the confirmation page records


def rights_link(story: Story, contributor: Contributor) -> str:
    token = signing.dumps({"s": story.pk, "c": contributor.pk}, salt=SALT)
    return settings.PEWARTA_SITE_URL + reverse("intake:photo_rights", kwargs={"token": token})


def rights_from_token(token: str) -> tuple[Story, Contributor]:
    """The story and writer a link names; ValidationFailed for forged or expired links."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PEWARTA_INTAKE_CONFIRM_DAYS * 86400)
    except signing.SignatureExpired as exc:
        raise ValidationFailed(_("Tautan ini sudah kedaluwarsa. Balas email redaksi bila foto "
                                 "Anda masih hendak dimuat.")) from exc  # fmt: skip
    except signing.BadSignature as exc:
        raise ValidationFailed(_("Tautan ini tidak sah.")) from exc
    story = Story.objects.select_related("draft_revision").filter(pk=data.get("s")).first()
    writer = (
        story.authors.filter(pk=data.get("c"), erased_at__isnull=True).first() if story else None
    )
    if writer is None:  # the writer was taken off the piece, or erased
        raise ValidationFailed(_("Tautan ini tidak sah."))
    return story, writer


def pending_photos(story: Story) -> list[dict]:
    return rights_pending(story.draft_revision.images if story.draft_revision else [])


def photo_rights_state(*, token: str, rights: bool) -> Story:
    """The writer states the right to publish the photos they emailed with this piece."""
    story, writer = rights_from_token(token)
    if not rights:
        raise ValidationFailed(_("Centang pernyataan bahwa Anda berhak memakai foto-foto ini."))
    with transaction.atomic():
        revision = desk_services.story_photos_rights_stated(story=story, actor=SYSTEM_ACTOR)
        if revision is None:  # stated already (a second click), or the piece is closed
            return story
        ConsentRecord.objects.create(
            contributor=writer, address_hash=address_hash(writer.email), purpose=PURPOSE,
            terms_version=settings.PEWARTA_TERMS_VERSION, method="rights_link",
        )  # fmt: skip
        event_record(
            story=story, actor=SYSTEM_ACTOR, action="intake.photo_rights_confirmed",
            payload={"photos": sum(1 for image in revision.images if image.get("src"))},
        )  # fmt: skip
    story.refresh_from_db()
    return story
