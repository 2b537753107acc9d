"""Every write of the community room: comments (post, moderate, report, close) and follows.

Services check the actor and the input and raise named errors (`pewarta.common.errors`);
views only translate requests. Moderation and reports are audited (`comment.*` Events).
"""

from pewarta.community.services.comments import (
    comment_post,
    comment_report,
    commenter_check,
    comments_close,
    comments_moderate,
    comments_open,
    on_story_change,
)

__all__ = [
    "comment_post",
    "comment_report",
    "commenter_check",
    "comments_close",
    "comments_moderate",
    "comments_open",
    "on_story_change",
]
