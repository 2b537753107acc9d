"""Mail to the authors at each change they care about (registered with desk.effects)."""

import logging

from django.conf import settings

from pewarta.audit.models import Event
from pewarta.common.mail import mail_send_on_commit, story_reply_address
from pewarta.desk.models import Story
from pewarta.desk.services import (
    REJECTION_REASONS,
    RETRACTION_REASONS,
    message_thread_outgoing,
)

logger = logging.getLogger(__name__)

# workflow action -> mail template (under mail/kontributor/, or mail/kontributor/en/)
TEMPLATES = {
    "created": "received",
    "review": "in_review",
    "request_changes": "changes_requested",
    "resubmit": "resubmitted",
    "approve": "approved",
    "schedule": "scheduled",
    "publish": "published",
    "reject": "rejected",
    "retract": "retracted",
    "corrected": "corrected",
}


def _recipients(story) -> list:
    return [
        author
        for author in story.authors.filter(erased_at__isnull=True)
        if author.email or (author.user and author.user.email)
    ]


def notify_contributors(*, story_id: int, action: str, event_id: int | None) -> None:
    template = TEMPLATES.get(action)
    if template is None:
        return
    story = Story.objects.filter(pk=story_id).select_related("draft_revision").first()
    if story is None:
        return
    if action == "created" and story.source != Story.Source.WEB:
        return  # email intake acknowledges its own submissions
    event = Event.objects.filter(pk=event_id).first() if event_id else None
    if event is None and action == "corrected":
        event = story.events.filter(action="story.corrected").last()
    payload = event.payload if event else {}
    reason = payload.get("reason", "")
    context = {
        "story": story,
        "headline": (story.current.headline if story.current else story.tracking_code),
        "note": event.note if event else "",
        "reason": str(
            REJECTION_REASONS.get(reason) or RETRACTION_REASONS.get(reason) or reason or ""
        ),
        "tracking_url": f"{settings.PEWARTA_SITE_URL}/lacak/{story.tracking_code}",
        "dashboard_url": f"{settings.PEWARTA_SITE_URL}/akun/naskah/{story.pk}",
        "story_url": (
            settings.PEWARTA_SITE_URL + story.get_absolute_url() if story.first_published_at else ""
        ),
    }
    message_id = None
    for author in _recipients(story):
        language = author.language if author.language == "en" else "id"
        name = f"kontributor/en/{template}" if language == "en" else f"kontributor/{template}"
        message_id = mail_send_on_commit(
            to=author.email or author.user.email,
            template=name,
            context={**context, "author": author},
            language=language,
            reply_to=story_reply_address(story),
            headers={"X-Pewarta-Story": story.tracking_code},
        )
    if message_id and action in ("request_changes", "reject"):
        message_thread_outgoing(story=story, mail_id=message_id)
