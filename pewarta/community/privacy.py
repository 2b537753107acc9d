"""What the community room holds about a person, for the export and the erasure (UU PDP)."""

from django.db.models import Q

from pewarta.community.hooks import comments_changed_on_commit
from pewarta.community.models import Comment, Subscriber


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


def subscription_export(contributor) -> dict | None:
    subscriber = Subscriber.objects.filter(contributor=contributor).first()
    if subscriber is None:
        return None
    return {
        "email": subscriber.email,
        "frequency": subscriber.frequency,
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "unsubscribed_at": (
            subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None
        ),
        "follows": [
            {"kind": f.kind, "id": f.target_id, "active": f.active}
            for f in subscriber.follows.all()
        ],
        "digests_sent": subscriber.digests.filter(sent_at__isnull=False).count(),
    }


def subscription_erase(contributor, actor) -> None:
    """The subscription goes, with its follows and send records (also one made by address)."""
    mine = Q(contributor=contributor)
    if contributor.email:
        mine |= Q(email__iexact=contributor.email)
    Subscriber.objects.filter(mine).delete()
