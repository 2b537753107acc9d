"""Mail from the intake desk to a sender, threaded to their message and to the story."""

import logging

from django.conf import settings
from django.utils.translation import gettext as _

from pewarta.common.errors import RateLimited
from pewarta.common.mail import mail_send_on_commit, story_reply_address
from pewarta.common.ratelimit import ratelimit_hit
from pewarta.desk import services as desk_services
from pewarta.desk.models import Message, Story

logger = logging.getLogger(__name__)


# What an unproven address may receive: fixed texts that repeat nothing the message said
# (a forged From would otherwise turn us into a relay for the forger's words).
UNPROVEN_TEMPLATES = {
    "intake_confirm": "intake_confirm",
    "intake_refused": "intake_refused_unproven",
    "intake_duplicate": "intake_duplicate",
}


def _answers_left(message) -> bool:
    """Answers to unproven senders, counted per peer, per From and per MAIL FROM address."""
    keys = [f"peer:{message.peer}", f"from:{message.sender.lower()}"]
    if message.envelope_from:
        keys.append(f"mailfrom:{message.envelope_from.lower()}")
    for key in keys:
        try:
            ratelimit_hit(f"intake-answer:{key}"[:250],
                          limit=settings.PEWARTA_INTAKE_ANSWER_RATE, window=3600)  # fmt: skip
        except RateLimited:
            logger.info("no answer to %s: rate limit %s", message.pk, key.split(":", 1)[0])
            return False
    return True


def answer_sender(
    message, template, context, *, language="id", story=None, may_answer=True, proven=False
):
    """Send one intake mail to the sender, threaded to their message. Returns Message-ID.

    `proven`: the From address is the sender's (aligned DKIM/DMARC, or confirmed). Otherwise
    only a fixed text goes out, and only within PEWARTA_INTAKE_ANSWER_RATE.
    """
    if not may_answer or not message.sender:
        return ""
    if not proven:
        if template not in UNPROVEN_TEMPLATES:  # a caller's mistake, not the sender's: say so
            logger.warning("no answer to %s: %s has no fixed text for unproven senders",
                           message.pk, template)  # fmt: skip
            return ""
        template = UNPROVEN_TEMPLATES[template]
        context = {"link": context.get("link", "")}
        if not _answers_left(message):
            return ""
    headers = {}
    if message.message_id:
        headers = {"In-Reply-To": message.message_id, "References": message.message_id}
    return mail_send_on_commit(
        to=message.sender,
        template=template,
        context={"message": message, "story": story, **context},
        language=language,
        reply_to=story_reply_address(story) if story else settings.PEWARTA_NEWSROOM_EMAIL,
        headers=headers,
    )


def record_outgoing(story: Story, mail_id: str, text: str) -> Message:
    """Remember an automatic mail's Message-ID so answers to it thread into the story."""
    return desk_services.message_record(
        story=story,
        direction=Message.Direction.OUT,
        channel=Message.Channel.EMAIL,
        subject=_("Pesan otomatis redaksi"),
        body_text=text,
        email_message_id=mail_id[:300],
    )
