"""Side effects of story changes (cache purge, search index, notifications).

Apps register a handler in their AppConfig.ready(); services call `story_changed_on_commit`
so that handlers run only after the transaction that changed the story has committed.
A handler that fails is logged and does not stop the others (robust on_commit).
"""

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)
_handlers: list[Callable[..., None]] = []


def on_story_change(handler: Callable[..., None]) -> Callable[..., None]:
    """Register `handler(*, story_id, action, event_id)`; usable as a decorator."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def _run(story_id: int, action: str, event_id: int | None) -> None:
    for handler in list(_handlers):
        try:
            handler(story_id=story_id, action=action, event_id=event_id)
        except Exception:
            logger.exception("story change handler %s failed for story %s", handler, story_id)


def story_changed_on_commit(story_id: int, action: str, event_id: int | None = None) -> None:
    transaction.on_commit(partial(_run, story_id, action, event_id))
