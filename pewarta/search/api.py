"""The search app's public interface. Other apps call only these functions.

`search()` returns hits with highlighted snippets and totals (the results page uses it);
`search_stories()` and `related_stories()` return plain published stories, best first.
Filters (all optional): section (Section, slug or id), kind, author (Contributor, slug or
id), date_from and date_to (date or aware datetime; a date_to date is inclusive).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString

from pewarta.accounts.models import Contributor
from pewarta.common.html import html_to_text
from pewarta.desk.models import Section, Story
from pewarta.search import ranking
from pewarta.search.analysis import parse_query
from pewarta.search.backends import Filters, get_backend
from pewarta.search.index import related_ids_of, related_refresh
from pewarta.search.models import SearchEntry
from pewarta.search.snippets import highlight, snippet

WINDOW = 200  # candidates ranked per query part (see backends.py)


@dataclass
class SearchHit:
    story: Story
    score: float
    headline: SafeString
    snippet: SafeString


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    more: bool = False  # more matches exist than were ranked (total is a lower bound)
    offset: int = 0
    limit: int = 10
    relaxed: bool = False  # no story had every word: these have some of them
    only_stopwords: bool = False  # the query had words, all too common to search for


def _start_of(value, *, next_day=False) -> datetime:
    if isinstance(value, datetime):
        return value
    day = value + timedelta(days=1) if next_day else value
    return timezone.make_aware(datetime.combine(day, time.min))


def _id_of(value, model, lookup="slug"):
    if value is None or value == "":
        return None
    if isinstance(value, model):
        return value.pk
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return int(value)
    found = model.objects.filter(**{lookup: value}).values_list("pk", flat=True).first()
    return found if found is not None else -1  # unknown slug: matches nothing


def _author_id(value):
    """A Contributor, its id, slug or pen name (as typed in the search form)."""
    if isinstance(value, str) and value and not value.isdigit():
        found = (
            Contributor.objects.filter(Q(slug=value) | Q(pen_name__iexact=value.strip()))
            .values_list("pk", flat=True)
            .first()
        )
        return found if found is not None else -1
    return _id_of(value, Contributor)


def make_filters(
    *, section=None, kind=None, author=None, date_from=None, date_to=None, exclude=None
) -> Filters:
    return Filters(
        section_id=_id_of(section, Section),
        kind=kind or None,
        author_id=_author_id(author),
        date_from=_start_of(date_from) if isinstance(date_from, date) else None,
        date_to=(
            _start_of(date_to, next_day=not isinstance(date_to, datetime))
            if isinstance(date_to, date)
            else None
        ),
        exclude_id=exclude.pk if isinstance(exclude, Story) else exclude,
    )


def _stories(ids: list[int]) -> dict[int, Story]:
    return Story.objects.published().for_listing().in_bulk(ids)


def _text_of(story: Story) -> str:
    revision = story.live_revision
    return " ".join(filter(None, [revision.lead, html_to_text(revision.body_html)]))


def search(query: str, *, limit: int = 10, offset: int = 0, **filters) -> SearchResults:
    """Published stories matching every word of `query` (or, failing that, some of them)."""
    results = SearchResults(query=query or "", offset=max(offset, 0), limit=limit)
    parsed = parse_query(query or "")
    if not parsed:
        results.only_stopwords = bool((query or "").strip())
        return results
    backend, flt = get_backend(), make_filters(**filters)
    found = backend.candidates(parsed, flt, window=WINDOW)
    if not found.items and len(parsed.groups) > 1:
        found = backend.candidates(parsed, flt, window=WINDOW, any_term=True)
        results.relaxed = bool(found.items)
    ranked = ranking.rank(found.items, timezone.now())
    results.total, results.more = len(ranked), found.more
    page = ranked[results.offset : results.offset + limit]
    stories = _stories([c.story_id for c in page])
    terms = parsed.terms
    for candidate in page:
        story = stories.get(candidate.story_id)
        if story is None:  # indexed but no longer visible (the index task is on its way)
            continue
        results.hits.append(
            SearchHit(
                story=story,
                score=ranking.score(candidate, timezone.now()),
                headline=highlight(story.live_revision.headline, terms),
                snippet=snippet(_text_of(story), terms),
            )
        )
    return results


def search_stories(query: str, *, limit: int = 10, offset: int = 0, **filters) -> list[Story]:
    """Published stories matching `query`, best first."""
    return [hit.story for hit in search(query, limit=limit, offset=offset, **filters).hits]


def related_stories(story: Story, *, limit: int = 5) -> list[Story]:
    """Published stories most similar to `story` (never retracted ones, never itself).

    Works for drafts too (the desk suggests `Baca juga` links while editing)."""
    indexed = SearchEntry.objects.filter(story_id=story.pk).exists()
    ids = related_ids_of(story, indexed=indexed)[: limit * 2]
    stories = _stories(ids)
    return [stories[i] for i in ids if i in stories][:limit]


def related_ids_kept(story: Story) -> list[int]:
    """The related stories worked out when `story` was indexed: one query on a reader's page.

    Only ids (the caller fetches what is still published together with its other links). A
    story indexed by a rebuild has none yet: they are worked out once, here, and kept."""
    kept = SearchEntry.objects.filter(story_id=story.pk).values_list("related", flat=True)
    if not kept:
        return []
    if kept[0] is None:
        return related_refresh(story)
    return list(kept[0])
