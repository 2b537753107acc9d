"""What the community room holds about a person, as places of `accounts.personal_data`:
their comments and their subscription (follows, digests sent)."""

from django.db.models import Q

from pewarta.accounts.personal_data import Person, register_place
from pewarta.community.hooks import comments_changed_on_commit
from pewarta.community.models import Comment, Subscriber


def comments_export(person: Person):
    if person.contributor is None:
        return None
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
        for c in Comment.objects.filter(author=person.contributor).select_related("story")
    ] or None


def comments_erase(person: Person, actor) -> int:
    """The person's comments lose their text and author; a thread others replied to keeps its
    place as "comment deleted". Reports and the audit log stay (they prove what was done)."""
    if person.contributor is None:
        return 0
    comments = Comment.objects.filter(author=person.contributor)
    story_ids = set(comments.values_list("story_id", flat=True))
    done = comments.update(author=None, body="", hints=[], state=Comment.State.ERASED)
    comments_changed_on_commit(story_ids)
    return done


def _subscribers(person: Person):
    match = Q(pk__in=[])
    if person.contributor is not None:
        match |= Q(contributor=person.contributor)
    for address in person.addresses:
        match |= Q(email__iexact=address)
    return Subscriber.objects.filter(match)


def subscription_export(person: Person):
    return [
        {
            "email": s.email,
            "frequency": s.frequency,
            "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            "unsubscribed_at": s.unsubscribed_at.isoformat() if s.unsubscribed_at else None,
            "follows": [
                {"kind": f.kind, "id": f.target_id, "active": f.active} for f in s.follows.all()
            ],
            "digests_sent": s.digests.filter(sent_at__isnull=False).count(),
        }
        for s in _subscribers(person)
    ] or None


def subscription_erase(person: Person, actor) -> int:
    """The subscription goes, with its follows and send records (also one made by address)."""
    return _subscribers(person).delete()[0]


def register() -> None:
    register_place("comments", export=comments_export, erase=comments_erase)
    register_place("subscriptions", export=subscription_export, erase=subscription_erase)
