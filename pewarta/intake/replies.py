"""Mail from the intake desk to a sender, threaded to their message and to the story."""

from django.conf import settings
from django.utils.translation import gettext as _

from pewarta.common.mail import mail_send_on_commit, story_reply_address
from pewarta.desk import services as desk_services
from pewarta.desk.models import Message, Story


def answer_sender(message, template, context, *, language="id", story=None, may_answer=True):
    """Send one intake mail to the sender, threaded to their message. Returns Message-ID."""
    if not may_answer or not message.sender:
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
