"""Every write to a story goes through these functions (the desk's service layer).

Each one locks the row, checks the workflow table and the actor's roles (named errors) and
ends in `core.story_write`: version bump, Event, side effects after commit. Other rooms call
the names exported here; nothing else writes a Story.
"""

from pewarta.desk.services.archive import stories_import, story_import_check
from pewarta.desk.services.assignment import story_assign, story_claim
from pewarta.desk.services.checks import (
    check_summaries,
    latest_check,
    stories_for_reindex,
    story_check_integrity,
    story_integrity_update,
)
from pewarta.desk.services.core import UNCHANGED
from pewarta.desk.services.editing import (
    KIND_SECTION,
    section_for_kind,
    story_add_author,
    story_create,
    story_edit,
    story_remove_author,
    story_set_dates,
    story_set_follow_up,
    story_set_slug,
    story_update_metadata,
    tags_from_names,
)
from pewarta.desk.services.photo_checks import (
    PHOTO_EVENT,
    latest_photo_check,
    photo_hash_and_index,
    photos_for_index,
    story_photos_update,
)
from pewarta.desk.services.photo_edits import (
    story_photo_replace,
    story_photos_add,
    story_photos_rights_stated,
)
from pewarta.desk.services.publishing import (
    check_publishable,
    stories_publish_due,
    story_publish,
    story_publish_update,
    story_schedule,
    story_unschedule,
)
from pewarta.desk.services.records import (
    RISK_QUESTIONS,
    desk_forget_person,
    desk_forget_user,
    media_shown_elsewhere,
    message_record,
    message_thread_outgoing,
    messages_forget_address,
    note_add,
    note_add_contact,
    story_answer_risk_checklist,
)
from pewarta.desk.services.transitions import (
    REJECTION_REASONS,
    RETRACTION_REASONS,
    story_approve,
    story_confirm_sender,
    story_expire_unconfirmed,
    story_reject,
    story_reopen,
    story_request_changes,
    story_resubmit,
    story_retract,
    story_review,
    story_unpublish,
    story_withdraw,
)

__all__ = [
    "KIND_SECTION",
    "PHOTO_EVENT",
    "REJECTION_REASONS",
    "RETRACTION_REASONS",
    "RISK_QUESTIONS",
    "UNCHANGED",
    "check_publishable",
    "check_summaries",
    "desk_forget_person",
    "media_shown_elsewhere",
    "desk_forget_user",
    "latest_check",
    "latest_photo_check",
    "photo_hash_and_index",
    "photos_for_index",
    "message_record",
    "message_thread_outgoing",
    "messages_forget_address",
    "note_add",
    "note_add_contact",
    "section_for_kind",
    "stories_for_reindex",
    "stories_publish_due",
    "story_add_author",
    "story_answer_risk_checklist",
    "story_approve",
    "story_assign",
    "story_check_integrity",
    "story_claim",
    "story_confirm_sender",
    "story_expire_unconfirmed",
    "story_create",
    "story_edit",
    "stories_import",
    "story_import_check",
    "story_integrity_update",
    "story_photo_replace",
    "story_photos_add",
    "story_photos_rights_stated",
    "story_photos_update",
    "story_publish",
    "story_publish_update",
    "story_reject",
    "story_remove_author",
    "story_reopen",
    "story_request_changes",
    "story_resubmit",
    "story_retract",
    "story_review",
    "story_schedule",
    "story_set_dates",
    "story_set_follow_up",
    "story_set_slug",
    "story_unpublish",
    "story_unschedule",
    "story_update_metadata",
    "story_withdraw",
    "tags_from_names",
]
