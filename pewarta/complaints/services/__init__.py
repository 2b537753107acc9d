"""Every write about complaints, corrections, replies and retractions.

Each service checks its input and the actor's role (named errors), changes rows inside one
transaction, appends an Event (subject = the complaint, story = its story) and schedules mail
after commit. Stories change only through the desk's services. The compliance report is
computed from those Events alone.
"""

from pewarta.complaints.services.common import ACTION_EVENTS
from pewarta.complaints.services.corrections import (
    complaint_correct,
    complaint_edit,
    complaint_follow_up,
    complaint_publish_reply,
    complaint_retract,
    reply_publish,
    story_correct,
    story_link_follow_up,
)
from pewarta.complaints.services.filing import complaint_file, takedown_record
from pewarta.complaints.services.handling import (
    complaint_claim,
    complaint_dismiss,
    complaint_resolve_content,
)
from pewarta.complaints.services.reminders import (
    complaints_send_reminders,
    senior_editor_addresses,
)

__all__ = [
    "ACTION_EVENTS",
    "complaint_claim",
    "complaint_correct",
    "complaint_dismiss",
    "complaint_edit",
    "complaint_file",
    "complaint_follow_up",
    "complaint_publish_reply",
    "complaint_resolve_content",
    "complaint_retract",
    "complaints_send_reminders",
    "reply_publish",
    "senior_editor_addresses",
    "story_correct",
    "story_link_follow_up",
    "takedown_record",
]
