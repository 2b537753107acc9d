"""The search app's public interface. Other apps call only these functions.

(Foundation stub: the search issue replaces the bodies with the real index.)
"""

from pewarta.desk.models import Story


def related_stories(story: Story, *, limit: int = 5) -> list[Story]:
    """Published stories most similar to `story` (never retracted ones, never itself)."""
    return []


def search_stories(query: str, *, limit: int = 10, offset: int = 0, **filters) -> list[Story]:
    """Published stories matching `query`, best first."""
    return []
