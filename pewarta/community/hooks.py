"""What rooms above community (the reader site) plug in: told after commit when the comments
a story shows have changed, so that they can purge the cached comment fragment."""

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)
_handlers: list[Callable[..., None]] = []


def on_comments_change(handler: Callable[..., None]) -> Callable[..., None]:
    """Register `handler(*, story_ids)`; run after the commit that changed shown comments."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def _run(story_ids: tuple[int, ...]) -> None:
    for handler in list(_handlers):
        try:
            handler(story_ids=story_ids)
        except Exception:
            logger.exception("comments change handler %s failed for %s", handler, story_ids)


def comments_changed_on_commit(story_ids) -> None:
    ids = tuple(sorted(set(story_ids)))
    if ids:
        transaction.on_commit(partial(_run, ids))
