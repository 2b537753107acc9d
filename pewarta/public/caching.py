"""Which pages are cached, under which tags, and what a story change purges.

A page is tagged with every story it shows (`story-<id>`) and with the collection it is
(`home`, `section-<slug>`, `author-<id>`, `tag-<id>`, `feeds`, `sitemaps`, `page-<slug>`).
A change to a story purges the pages that show it; a new publication also purges the
collections it enters. The same tags go to edge caches (Varnish `xkey`, a CDN's
`Surrogate-Key` / `Cache-Tag`), which keep a page only when these headers are present.

Only what a view really used is part of a cache key: query parameters the view never read
(utm_*, cache busters) are left out, and a parameter it read is kept only when it is one of
`STORED_QUERY_KEYS` with a canonical value. Anything else is rendered but never stored, so
no crafted URL can fill a cache.
"""

import hashlib
import re
from functools import wraps
from urllib.parse import unquote_plus

from django.conf import settings
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from pewarta.public import pagecache
from pewarta.public.listing import CURSOR
from pewarta.public.pagecache import STORED_QUERY_KEYS

HOME, FEEDS, SITEMAPS = "home", "feeds", "sitemaps"
EDGE_HEADERS = ("xkey", "Surrogate-Key", "Cache-Tag", "Surrogate-Control")
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
STORED_QUERY_KEYS["page"] = _PAGE_NUMBER.fullmatch  # listings
STORED_QUERY_KEYS["p"] = _PAGE_NUMBER.fullmatch  # django.contrib.sitemaps pages
STORED_QUERY_KEYS["sebelum"] = CURSOR.fullmatch  # listings, older stories (keyset)
STORED_QUERY_KEYS["setelah"] = CURSOR.fullmatch  # listings, newer stories


class _ReadTracker:
    """Stands in for request.GET and remembers which keys the view asked for."""

    def __init__(self, query):
        self._query = query
        self.read: set[str] = set()
        self.everything = False

    def __getattr__(self, name):  # items(), urlencode(), copy()...: the view saw it all
        value = getattr(self._query, name)
        self.everything = True
        return value

    def __iter__(self):
        self.everything = True
        return iter(self._query)

    def __len__(self):
        return len(self._query)

    def __getitem__(self, key):
        self.read.add(key)
        return self._query[key]

    def __contains__(self, key):
        self.read.add(key)
        return key in self._query

    def get(self, key, default=None):
        self.read.add(key)
        return self._query.get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return self._query.getlist(key, default)


def _raw_is_canonical(raw_query: str) -> bool:
    """Stored keys appear as plain text (no %-escapes): edge caches hash the raw URL."""
    for part in raw_query.split("&"):
        key, _, value = part.partition("=")
        decoded = unquote_plus(key)
        if decoded in STORED_QUERY_KEYS and (key != decoded or not STORED_QUERY_KEYS[key](value)):
            return False
    return True


def query_is_canonical(query, tracker: _ReadTracker, raw_query: str = "") -> bool:
    """True when the page depends on no more than its cache key (path + stored keys) says.

    A view that reads any other parameter (even one absent here) is never stored, so leaving
    unknown parameters out of keys can never hand one reader's page to another's query.
    """
    if tracker.everything or tracker.read - STORED_QUERY_KEYS.keys():
        return False
    if raw_query and not _raw_is_canonical(raw_query):
        return False
    for key in query:
        if key not in STORED_QUERY_KEYS:
            continue
        values = query.getlist(key)
        if key not in tracker.read or len(values) != 1 or not STORED_QUERY_KEYS[key](values[0]):
            return False
    return True


def story_tag(story_id) -> str:
    return f"story-{story_id}"


def stories_tags(stories) -> set[str]:
    return {story_tag(s.pk) for s in stories}


def tag_response(response, *tags, story_id=None, last_modified=None):
    """Mark a response as cacheable for anonymous readers under `tags`."""
    response.cache_tags = set(response.__dict__.get("cache_tags", set())) | set(tags)
    if story_id is not None:
        response.cache_story_id = story_id
    if last_modified is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def _set_etag(response):
    if not response.streaming and not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'  # noqa: S324


def edge_headers(response, tags) -> None:
    """What Varnish (xkey) and CDNs (Surrogate-Key, Cache-Tag) need to keep and purge a page."""
    ordered = sorted(tags)
    response["xkey"] = " ".join(ordered)
    response["Surrogate-Key"] = " ".join(ordered)
    response["Cache-Tag"] = ",".join(ordered)
    response["Surrogate-Control"] = f"max-age={settings.PEWARTA_EDGE_TTL}"


def cached_page(view):
    """Serve conditional GETs; let caches keep anonymous responses the view tagged."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        anonymous = pagecache.is_cacheable_environ(request.META, pagecache.bypass_cookies())
        generation = pagecache.generation() if anonymous else None
        query, tracker = request.GET, _ReadTracker(request.GET)
        request.GET = tracker
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.GET = query
        tags = response.__dict__.get("cache_tags")
        if tags is None or response.status_code not in pagecache.CACHEABLE_STATUS:
            return response
        if response.status_code == 200:
            _set_etag(response)
        response["Cache-Control"] = pagecache.CACHE_CONTROL
        story_id = response.__dict__.get("cache_story_id")
        if (
            anonymous
            and query_is_canonical(query, tracker, request.META.get("QUERY_STRING", ""))
            and not response.cookies
            and request.LANGUAGE_CODE == settings.LANGUAGE_CODE
            and pagecache.generation() == generation
        ):
            edge_headers(response, tags)
            if settings.PEWARTA_PAGE_CACHE:
                pagecache.store(request.META, response, tags=tags, story_id=story_id)
        if response.status_code == 200:
            return get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
        return response

    return wrapper


def story_purge_tags(story) -> set[str]:
    return stories_purge_tags([story])


def stories_purge_tags(stories) -> set[str]:
    """The labels to purge when these stories change (an import batch: two queries in all)."""
    stories = list(stories)
    if not stories:
        return set()
    tags = {HOME, FEEDS, SITEMAPS}
    for story in stories:
        tags.add(story_tag(story.pk))
        if story.section_id:
            tags.add(f"section-{story.section.slug}")
    model, ids = type(stories[0]), [story.pk for story in stories]
    authors = model.authors.through.objects.filter(story_id__in=ids)
    tags.update(f"author-{pk}" for pk in authors.values_list("contributor_id", flat=True))
    labels = model.tags.through.objects.filter(story_id__in=ids)
    tags.update(f"tag-{pk}" for pk in labels.values_list("tag_id", flat=True))
    return tags
