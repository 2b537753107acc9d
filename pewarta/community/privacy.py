"""What the community room holds about a person, for the export and the erasure (UU PDP)."""

from pewarta.community.hooks import comments_changed_on_commit
from pewarta.community.models import Comment


def comments_export(contributor) -> list[dict]:
    return [
        {
            "story": c.story.tracking_code,
            "in_reply_to": c.parent_id,
            "id": c.pk,
            "text": c.body,
            "state": c.state,
            "reason": c.reason,
            "at": c.created_at.isoformat(),
        }
        for c in Comment.objects.filter(author=contributor).select_related("story")
    ]


def comments_erase(contributor, actor) -> None:
    """The person's comments lose their text and author; a thread others replied to keeps its
    place as "comment deleted". Reports and the audit log stay (they prove what was done)."""
    comments = Comment.objects.filter(author=contributor)
    story_ids = set(comments.values_list("story_id", flat=True))
    comments.update(author=None, body="", hints=[], state=Comment.State.ERASED)
    comments_changed_on_commit(story_ids)
