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
