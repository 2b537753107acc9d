"""Which pages are cached, under which tags, and what a story change purges.

A page is tagged with every story it shows (`story-<id>`) and with the collection it is
(`home`, `section-<slug>`, `author-<id>`, `tag-<id>`, `feeds`, `sitemaps`, `page-<slug>`).
A change to a story purges the pages that show it; a new publication also purges the
collections it enters.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from pewarta.public import pagecache

HOME, FEEDS, SITEMAPS = "home", "feeds", "sitemaps"
# Other query strings (utm_*, cache busters) are rendered but never stored: no disk filling.
STORED_QUERY_KEYS = {"page"}


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


def cached_page(view):
    """Serve conditional GETs and store anonymous responses the view tagged."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        cacheable = settings.PEWARTA_PAGE_CACHE and pagecache.is_cacheable_environ(
            request.META, pagecache.bypass_cookies()
        )
        generation = pagecache.generation() if cacheable else None
        response = view(request, *args, **kwargs)
        tags = response.__dict__.get("cache_tags")
        if tags is None or response.status_code not in pagecache.CACHEABLE_STATUS:
            return response
        if response.status_code == 200:
            _set_etag(response)
        response["Cache-Control"] = pagecache.CACHE_CONTROL
        story_id = response.__dict__.get("cache_story_id")
        if story_id is not None and response.status_code == 200 and request.method == "GET":
            pagecache.count_view(story_id)
        if (
            cacheable
            and set(request.GET) <= STORED_QUERY_KEYS
            and not response.cookies
            and request.LANGUAGE_CODE == settings.LANGUAGE_CODE
            and pagecache.generation() == generation
        ):
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
    tags = {story_tag(story.pk), HOME, FEEDS, SITEMAPS}
    if story.section_id:
        tags.add(f"section-{story.section.slug}")
    tags.update(f"author-{pk}" for pk in story.authors.values_list("pk", flat=True))
    tags.update(f"tag-{pk}" for pk in story.tags.values_list("pk", flat=True))
    return tags
