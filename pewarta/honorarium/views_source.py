"""Where honorarium reads how often a story was read: the reader site (which counts views)
registers a function `total_views(story_ids) -> {story_id: views}` in its AppConfig.ready()."""

from collections.abc import Callable

_source: list[Callable] = []


def register_views_source(function: Callable) -> None:
    _source[:] = [function]


def total_views(story_ids) -> dict[int, int]:
    if not _source:
        return {}
    return _source[0](list(story_ids))
