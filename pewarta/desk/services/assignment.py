"""Who handles a story: assigning, releasing and claiming from the queue."""

from django.db import transaction
from django.utils.translation import gettext as _

from pewarta.accounts.roles import EDITOR, has_role
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.desk.models import Status, Story
from pewarta.desk.services.core import locked_story, refresh, story_write
from pewarta.desk.services.transitions import story_review


def story_assign(*, story: Story, actor, editor, only_if_free: bool = False) -> Story:
    """Assign (or with editor=None release) a story. Claiming is assigning oneself.

    With `only_if_free`, a story another editor holds is refused (two editors claiming the
    same piece from the queue: the second is told who has it).
    """
    if not has_role(actor, EDITOR):
        raise NotPermitted()
    if editor is not None and not has_role(editor, EDITOR):
        raise ValidationFailed(_("Naskah hanya dapat ditugaskan kepada editor."))
    with transaction.atomic():
        locked = locked_story(story)
        previous = locked.assigned_editor_id
        if only_if_free and previous not in (None, getattr(editor, "pk", None)):
            holder = locked.assigned_editor
            raise ValidationFailed(
                _("Naskah ini sedang ditangani %(name)s. Minta dilepas atau tugaskan ulang.")
                % {"name": holder.get_full_name() or holder.get_username()}
            )
        story_write(
            locked,
            actor=actor,
            event="story.assigned" if editor else "story.released",
            changes={"assigned_editor": editor},
            payload={"from": previous, "to": editor.pk if editor else None},
        )
    return refresh(story, locked)


def story_claim(*, story: Story, actor) -> Story:
    """Claim a free story (or one already yours) and, when it is new, start reviewing it."""
    story = story_assign(story=story, actor=actor, editor=actor, only_if_free=True)
    if story.status == Status.RECEIVED:
        story = story_review(story=story, actor=actor)
    return story
