"""Final order of search results: text relevance with a recency boost (pure functions)."""

from datetime import datetime

from pewarta.search.backends import Candidate

RECENCY_WEIGHT = 0.5  # a story published today scores up to 1.5x the same text long ago
RECENCY_DAYS = 30.0  # the boost halves after this many days


def recency(published_ts: float, now_ts: float) -> float:
    age_days = max((now_ts - published_ts) / 86400.0, 0.0)
    return 1.0 / (1.0 + age_days / RECENCY_DAYS)


def score(candidate: Candidate, now: datetime) -> float:
    boost = RECENCY_WEIGHT * recency(candidate.published_ts, now.timestamp())
    return candidate.relevance * (1.0 + boost)


def rank(candidates: list[Candidate], now: datetime) -> list[Candidate]:
    now_ts = now.timestamp()

    def key(c: Candidate):
        boost = RECENCY_WEIGHT * recency(c.published_ts, now_ts)
        return (-c.relevance * (1.0 + boost), -c.story_id)

    return sorted(candidates, key=key)
