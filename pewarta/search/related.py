"""Related stories by text similarity: query the index with a story's most telling terms."""

from collections import Counter

from django.utils import timezone

from pewarta.search import ranking
from pewarta.search.analysis import Query
from pewarta.search.backends import DF_CAP, Filters, idf

TERMS = 8  # terms of the story put to the index
MIN_TERMS = 3
POOL = 16  # most frequent terms of the story whose archive frequency is looked up
WINDOW = 300
FIELD_WEIGHTS = (3, 2, 1)  # headline, lead, body


def term_weights(headline: list[str], lead: list[str], body: list[str]) -> Counter:
    """How much each analysed term of a story counts: headline thrice, lead twice."""
    weights: Counter[str] = Counter()
    for terms, weight in zip((headline, lead, body), FIELD_WEIGHTS, strict=True):
        for term in terms:
            if len(term) > 2 and not term.isdigit():
                weights[term] += weight
    return weights


def top_terms(weights: Counter, *, backend, indexed: bool, count: int = TERMS) -> list[str]:
    """Frequent in the story, rare in the archive, and found in at least one other story."""
    pool = [term for term, _w in weights.most_common(POOL)]
    df, total = backend.document_frequencies(pool)
    own = 1 if indexed else 0
    scored = sorted(
        ((weights[t] * idf(df.get(t, 0), total), t) for t in pool if df.get(t, 0) > own),
        reverse=True,
    )
    # Terms found in DF_CAP stories or more say little and make the query slow: kept only
    # when the story has too few rarer ones.
    telling = [t for _s, t in scored if df[t] < DF_CAP]
    common = [t for _s, t in scored if df[t] >= DF_CAP]
    return (telling + common[: max(0, MIN_TERMS - len(telling))])[:count]


def related_ids(weights: Counter, *, backend, story_id: int | None, indexed: bool) -> list[int]:
    """Ids of indexed stories most similar to the weighted terms, best first."""
    terms = top_terms(weights, backend=backend, indexed=indexed)
    if not terms:
        return []
    found = backend.candidates(
        Query.of_terms(terms), Filters(exclude_id=story_id), window=WINDOW, any_term=True
    )
    return [c.story_id for c in ranking.rank(found.items, timezone.now())]
