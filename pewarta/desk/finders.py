"""Finding published stories for the editor (`Baca juga`), by a finder a room above registers.

The desk sits below search, so search plugs its engine in at start-up (SearchConfig.ready);
without it the desk falls back to matching headlines.
"""

import logging
from collections.abc import Callable

from pewarta.desk.models import Story

logger = logging.getLogger(__name__)
_finders: dict[str, Callable] = {}


def register_story_finder(func: Callable[..., list[Story]]) -> Callable:
    """Register `func(query, *, limit)` returning published stories, best first."""
    _finders["search"] = func
    return func


def register_related_finder(func: Callable[..., list[Story]]) -> Callable:
    """Register `func(story, *, limit)` returning published stories most like `story`."""
    _finders["related"] = func
    return func


def suggest_related(story: Story, *, exclude=(), limit: int = 5) -> list[Story]:
    """`Baca juga` suggestions for a story being edited, from the registered related finder."""
    finder = _finders.get("related")
    if finder is None or story.draft_revision_id is None and story.live_revision_id is None:
        return []
    try:
        found = list(finder(story, limit=limit + len(exclude)))
    except Exception:  # the search index being down must not break editing
        logger.exception("related finder failed for story %s", story.pk)
        return []
    return [s for s in found if s.pk != story.pk and s.pk not in exclude][:limit]


def find_published(query: str, *, exclude: int | None = None, limit: int = 8) -> list[Story]:
    """Published stories for `Baca juga`: the registered search first, else headlines."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    results = []
    finder = _finders.get("search")
    if finder is not None:
        try:
            results = list(finder(query, limit=limit + 1))
        except Exception:  # the search index being down must not break editing
            logger.exception("story finder failed for %r", query)
    if not results:
        results = list(
            Story.objects.published()
            .filter(live_revision__headline__icontains=query)
            .select_related("live_revision")
            .order_by("-published_at")[: limit + 1]
        )
    return [s for s in results if s.pk != exclude][:limit]
