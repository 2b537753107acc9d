"""Listing pages (section, tag, author) walked by keyset, never by a deep OFFSET.

A listing is ordered newest first by (published_at, id). The link to older stories carries
the last row's key (`?sebelum=<microseconds>-<id>`), the link back the first row's
(`?setelah=...`): each page is one indexed range scan of PAGE_SIZE + 1 rows, as cheap at the
five-thousandth page as at the first. `?page=N` (links from before) is still answered for the
first pages, where its OFFSET costs nothing.
"""

import re
from datetime import UTC, datetime, timedelta

from django.http import Http404

from pewarta.common.keyset import newer_than, older_than

PAGE_SIZE = 20
LEGACY_PAGES = 10  # ?page=N beyond this would be a deep OFFSET: 404
CURSOR = re.compile(r"([0-9]{1,17})-([1-9][0-9]{0,11})")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def cursor_of(story) -> str:
    delta = story.published_at - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}-{story.pk}"


def _parse(value: str):
    found = CURSOR.fullmatch(value or "")
    if not found:
        raise Http404
    try:
        when = _EPOCH + timedelta(microseconds=int(found[1]))
    except OverflowError as exc:
        raise Http404 from exc
    return when, int(found[2])


def _cursor(queryset, value: str, links=None):
    """The (time, id) of a cursor naming a story of this listing; anything else is a 404.

    Only cursors we hand out are answered, so crafted ones (any time, any id) cannot make
    the page cache store a copy of the first page under each of them.
    """
    when, pk = _parse(value)
    if links is not None:
        found = links.filter(story_id=pk, published_at=when)
    else:
        found = queryset.filter(pk=pk, published_at=when)
    if not found.exists():
        raise Http404
    return when, pk


class KeysetPage:
    """One page of a listing: `object_list`, and the cursors of the pages around it.

    A label's page (author, tag) passes `links`, the label's link rows (desk.models.ListingLink):
    the walk runs on their (published_at, story) index and the page's stories are then read by
    id from `queryset` (the stories readers may see, not filtered by the label again).
    """

    def __init__(self, queryset, query, links=None):
        self.older = self.newer = ""
        source, tie = (queryset, "pk") if links is None else (links, "story_id")
        newest_first = source.order_by("-published_at", f"-{tie}")
        if "sebelum" in query:
            when, pk = _cursor(queryset, query["sebelum"], links)
            rows = self._read(queryset, links, newest_first.filter(older_than(when, pk, tie=tie)))
            self.object_list, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
            self.newer_exists = True
        elif "setelah" in query:
            when, pk = _cursor(queryset, query["setelah"], links)
            oldest_first = source.order_by("published_at", tie)
            window = oldest_first.filter(newer_than(when, pk, tie=tie))
            rows = self._read(queryset, links, window, oldest=True)
            self.object_list = rows[:PAGE_SIZE][::-1]
            more, self.newer_exists = True, len(rows) > PAGE_SIZE
        else:
            number = _legacy_number(query)
            offset = (number - 1) * PAGE_SIZE
            rows = self._read(queryset, links, newest_first, offset)
            self.object_list, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
            self.newer_exists = number > 1
        if not self.object_list and ("sebelum" in query or "setelah" in query or "page" in query):
            raise Http404
        if self.object_list and more:
            self.older = cursor_of(self.object_list[-1])
        if self.object_list and self.newer_exists:
            self.newer = cursor_of(self.object_list[0])
        self.has_other_pages = bool(self.older or self.newer)

    @staticmethod
    def _read(queryset, links, ordered, offset=0, oldest=False) -> list:
        """PAGE_SIZE + 1 stories in `ordered`'s order (the extra one says a page follows).

        For a label, the window of links is a subquery: one query, the links' index walked
        for PAGE_SIZE + 1 ids and those stories read by primary key."""
        window = ordered[offset : offset + PAGE_SIZE + 1]
        if links is None:
            return list(window)
        order = ("published_at", "pk") if oldest else ("-published_at", "-pk")
        return list(queryset.filter(pk__in=window.values("story_id")).order_by(*order))


def _legacy_number(query) -> int:
    if "page" not in query:
        return 1
    value = query["page"]
    if not re.fullmatch(r"[1-9][0-9]{0,5}", value or "") or int(value) > LEGACY_PAGES:
        raise Http404
    return int(value)
