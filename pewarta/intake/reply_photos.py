"""Photos a writer sends in a reply to a story's thread: everything a writer sends lands.

Each photo attached to (or placed in) a reply goes through the one media pipeline, is stored
like a first mail's photos and becomes a candidate photo on the story (a new draft revision
through `desk.services.story_photos_add`), credited and captioned as in a first mail. Every
attachment refused is named to the writer with its reason, in a reply mail.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.common.errors import PewartaError
from pewarta.desk import services as desk_services
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.intake import parse
from pewarta.intake.replies import answer_sender

logger = logging.getLogger(__name__)


def _store(image: parse.Image, message) -> dict:
    digest = hashlib.sha256(image.data).hexdigest()[:16]
    stamp = timezone.now()
    name = default_storage.save(
        f"intake/{stamp:%Y/%m}/{message.pk}-{digest}.{image.extension}", ContentFile(image.data)
    )
    return {"src": default_storage.url(name), "caption": image.caption, "credit": image.credit,
            "width": image.width, "height": image.height}  # fmt: skip


def reply_photos_add(*, message, story, raw: bytes, msg, limits, may_answer: bool) -> dict:
    """Add the reply's photos to the story; tell the writer what was refused and why.

    Returns {"photos": [src...], "refused": [reason...]} for the inbound message's record.
    """
    images, refusals = parse.reply_attachments(raw, limits, msg=msg)
    added: list[str] = []
    if images:
        photos = [_store(image, message) for image in images]
        try:
            desk_services.story_photos_add(
                story=story, actor=SYSTEM_ACTOR, photos=photos, candidate=True,
                note=_("Foto kiriman penulis lewat balasan email."),
            )  # fmt: skip
            added = [photo["src"] for photo in photos]
        except PewartaError as error:
            logger.info("reply photos for %s refused: %s", story.tracking_code, error)
            refusals += [
                _("Foto %(name)s tidak dapat dipasang: %(reason)s")
                % {"name": image.filename or image.ref, "reason": error.message}
                for image in images
            ]
    if refusals:
        answer_sender(
            message, "intake_reply_refused",
            {"refusals": refusals, "added": len(added), "headline": story.draft_revision.headline
             if story.draft_revision else story.tracking_code},
            language=story.language, story=story, may_answer=may_answer,
            proven=True,  # only a reply that passed the sender's identity check reaches here
        )  # fmt: skip
    return {"photos": added, "refused": [str(r) for r in refusals]}
