"""A writer's emailed answer to "Perlu revisi": a revised text becomes a new revision.

When the desk asked for changes and the story's own author replies with the whole piece again
(in the body, or as a .docx), the reply is saved as the next revision and the story goes back
to the desk exactly as the web form's "Kirim ulang" does (`story_edit` then `story_resubmit`,
acting as the author's account). A short answer ("baik, saya perbaiki besok") stays a message.
"""

import logging
import re

from django.db import transaction
from django.utils.translation import gettext as _

from pewarta.common.errors import PewartaError
from pewarta.common.html import html_to_text
from pewarta.desk import services as desk_services
from pewarta.desk.models import Status, Story
from pewarta.intake import parse

logger = logging.getLogger(__name__)

# A reply is a revised text when it has a .docx, or when its own words are at least this many
# and at least this share of the current draft's.
MIN_WORDS = 40
MIN_SHARE = 0.5
_CID_IMAGE = re.compile(r"<img\b[^>]*\bsrc=\"cid:[^\"]*\"[^>]*>", re.I)


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text or ""))


def _has_docx(msg) -> bool:
    return any(
        part.get_content_type() == parse.DOCX_TYPE
        or (part.get_filename() or "").lower().endswith(".docx")
        for part in msg.walk()
        if not part.is_multipart()
    )


def revised_text(raw: bytes, msg, story: Story, limits) -> parse.Submission | None:
    """The reply's revised piece, or None when the reply is only a message."""
    try:
        submission = parse.parse_submission(raw, limits, msg=msg)
    except parse.ParseError:
        return None
    words = _word_count(submission.body_text)
    if _has_docx(msg) and words:
        return submission
    draft = story.draft_revision
    current = _word_count(html_to_text(draft.body_html)) if draft else 0
    if words >= MIN_WORDS and words >= MIN_SHARE * current:
        return submission
    return None


def reply_revision_apply(*, story: Story, author, raw: bytes, msg, limits) -> int | None:
    """A verified author's reply to a story in `changes_requested`: save and resubmit.

    Returns the new revision's number, or None when nothing changed (not a revised text,
    no account to act as, or the desk refused; the reply then stays a message).
    """
    if story.status != Status.CHANGES_REQUESTED or author is None or not author.user_id:
        return None
    submission = revised_text(raw, msg, story, limits)
    if submission is None:
        return None
    draft = story.draft_revision
    headline = draft.headline
    if _has_docx(msg) and submission.headline and submission.headline != _subject_headline(msg):
        headline = submission.headline  # the .docx's own first heading
    try:
        with transaction.atomic():
            revision = desk_services.story_edit(
                story=story,
                actor=author.user,
                expected_version=story.version,
                headline=headline,
                body_html=_CID_IMAGE.sub("", submission.body_html),
                dateline=submission.dateline or None,
                note=_("Revisi penulis lewat email"),
            )
            desk_services.story_resubmit(
                story=story, actor=author.user, note=_("Revisi dikirim lewat email.")
            )
    except PewartaError as error:
        logger.info("reply revision for %s refused: %s", story.tracking_code, error)
        return None
    return revision.number


def _subject_headline(msg) -> str:
    return parse.headline_and_kind(parse.header(msg, "Subject"))[0]
