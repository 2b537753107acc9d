"""Final order of search results: text relevance with a recency boost (pure functions)."""

from datetime import datetime

from pewarta.search.backends import Candidate

RECENCY_WEIGHT = 0.5  # a story published today scores up to 1.5x the same text long ago
RECENCY_DAYS = 30.0  # the boost halves after this many days


def recency(published_at: datetime, now: datetime) -> float:
    age_days = max((now - published_at).total_seconds() / 86400.0, 0.0)
    return 1.0 / (1.0 + age_days / RECENCY_DAYS)


def score(candidate: Candidate, now: datetime) -> float:
    return candidate.relevance * (1.0 + RECENCY_WEIGHT * recency(candidate.published_at, now))


def rank(candidates: list[Candidate], now: datetime) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-score(c, now), -c.story_id))
