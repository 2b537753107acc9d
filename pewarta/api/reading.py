"""Public reads (no key): published stories, sections, tags, authors, the corrections log.

Lists page by keyset cursor (the last row's sort key, never an OFFSET), so a page costs the
same at 100,000 stories as at 100. Every answer carries an ETag; If-None-Match gives 304.
"""

import base64
import functools
import hashlib
import json
import re
from datetime import UTC, datetime
from datetime import time as dtime

from django.conf import settings
from django.db import connection
from django.db.models import Q, Subquery
from django.http import HttpResponse, JsonResponse
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.api.errors import error_response
from pewarta.common.errors import ValidationFailed
from pewarta.common.keyset import older_than
from pewarta.complaints.models import Correction
from pewarta.desk.models import (
    Section,
    Status,
    Story,
    StoryAuthor,
    StoryTag,
    Tag,
    story_path,
)
from pewarta.desk.services import RETRACTION_REASONS

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def absolute(path: str) -> str:
    return settings.PEWARTA_SITE_URL + path


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def limit_of(value) -> int:
    if value in (None, ""):
        return DEFAULT_LIMIT
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(_("limit harus bilangan 1–100.")) from None
    if not 1 <= value <= MAX_LIMIT:
        raise ValidationFailed(_("limit harus bilangan 1–100."))
    return value


def cursor_encode(*parts) -> str:
    raw = json.dumps([str(p) for p in parts]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(value: str, size: int) -> list[str]:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        parts = json.loads(raw)
    except (ValueError, TypeError):
        raise ValidationFailed(_("Kursor tidak sah.")) from None
    if (
        not isinstance(parts, list)
        or len(parts) != size
        or not all(isinstance(p, str) for p in parts)
    ):
        raise ValidationFailed(_("Kursor tidak sah."))
    return parts


def _moment(value: str, name: str, *, end=False):
    """A date (whole day) or a datetime with zone, for the since/until filters."""
    try:
        if len(value) == 10:
            day = parse_date(value)
            if day is None:
                raise ValueError
            moment = timezone.make_aware(datetime.combine(day, dtime.max if end else dtime.min))
        else:
            moment = parse_datetime(value)
            if moment is None:
                raise ValueError
    except (ValueError, TypeError):
        raise ValidationFailed(
            _("%(name)s harus tanggal (YYYY-MM-DD) atau waktu ISO 8601.") % {"name": name}
        ) from None
    if moment.tzinfo is None:
        raise ValidationFailed(_("%(name)s harus menyebut zona waktu.") % {"name": name})
    return moment


def etagged(request, data: dict, *, max_age: int = 60) -> HttpResponse:
    """JSON with an ETag of its bytes; a matching If-None-Match gets 304 without the body."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    wanted = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
    if etag in wanted or "*" in wanted:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Accept-Language"
    return response


# Django's slug converter: a slug of these needs no quoting in a path.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_SAMPLE_DAY = datetime(2000, 1, 15, 12, tzinfo=UTC)  # the 15th in every time zone
_SAMPLE_TAIL = "2000/01/15/x"


@functools.lru_cache(maxsize=64)
def _section_base(script_prefix: str, section: str) -> str | None:
    """The part of a story path before its date, for one section: `reverse` resolves it once
    (it takes as long as the rest of a list item together)."""
    path = story_path(section=section, when=_SAMPLE_DAY, slug="x")
    return path.removesuffix(_SAMPLE_TAIL) if path.endswith(_SAMPLE_TAIL) else None


def story_url(*, section: str | None, when, slug: str) -> str:
    """`absolute(story_path(...))`, the same string, without a `reverse` per item."""
    base = _section_base(get_script_prefix(), section) if section and slug else None
    if base is None or not PLAIN_SLUG.match(slug):
        return absolute(story_path(section=section, when=when, slug=slug))
    day = timezone.localtime(when)
    return f"{settings.PEWARTA_SITE_URL}{base}{day.year}/{day.month:02d}/{day.day:02d}/{slug}"


def _item(*, pk, kind, section, slug, published_at, first_published_at, submitted_at,
          headline, lead, dateline, images, authors, tags) -> dict:  # fmt: skip
    featured = next((i for i in images if i.get("featured") and not i.get("candidate")), None)
    when = first_published_at or published_at or submitted_at
    return {
        "id": pk,
        "url": story_url(section=section, when=when, slug=slug),
        "kind": kind,
        "section": section,
        "headline": headline,
        "lead": lead,
        "dateline": dateline,
        "authors": authors,
        "tags": tags,
        "published_at": iso(published_at),
        "first_published_at": iso(first_published_at),
        "image": {k: featured.get(k) for k in ("src", "caption", "credit")} if featured else None,
    }


def story_item(story: Story) -> dict:
    revision = story.live_revision
    return _item(
        pk=story.pk, kind=story.kind, section=story.section.slug if story.section else None,
        slug=story.slug, published_at=story.published_at,
        first_published_at=story.first_published_at, submitted_at=story.submitted_at,
        headline=revision.headline, lead=revision.lead, dateline=revision.dateline,
        images=revision.images,
        authors=[{"slug": a.slug, "name": a.pen_name} for a in story.authors.all()],
        tags=[t.slug for t in story.tags.all()],
    )  # fmt: skip


def story_detail(story: Story) -> dict:
    revision = story.live_revision
    return {
        **story_item(story),
        "body_html": revision.body_html,
        "images": [
            {k: img.get(k) for k in ("src", "caption", "credit", "width", "height")}
            for img in revision.shown_images
        ],
        "is_unverified": story.is_unverified,
        "follow_up_of": story.follow_up_of_id,
    }


def _story_conditions(params, story: str = "") -> Q:
    """The list's filters on a story, reached through `story` ("" from Story itself,
    "story__" from a label link). A link's `published_at` is its story's while published."""
    conditions = Q()
    if params.get("section"):
        conditions &= Q(**{f"{story}section__slug": params["section"]})
    if params.get("tag"):
        conditions &= Q(**{f"{story}tags__slug": params["tag"]})
    if params.get("author"):
        conditions &= Q(**{f"{story}authors__slug": params["author"]})
    if params.get("kind"):
        conditions &= Q(**{f"{story}kind": params["kind"]})
    if params.get("since"):
        conditions &= Q(published_at__gte=_moment(params["since"], "since"))
    if params.get("until"):
        conditions &= Q(published_at__lte=_moment(params["until"], "until", end=True))
    return conditions


def _cursor_moment(params):
    if not params.get("cursor"):
        return None
    moment, pk = cursor_decode(params["cursor"], 2)
    when = parse_datetime(moment)
    if when is None or not pk.isdigit():
        raise ValidationFailed(_("Kursor tidak sah."))
    return when, int(pk)


LABEL_LINKS = {"tag": (StoryTag, Tag, "tag"), "author": (StoryAuthor, Contributor, "contributor")}


def page_keys(params):
    """The ids of one page of published stories (and one more), newest first, as a subquery.

    By tag or author, the label's links are walked on their (label, published_at, story)
    index (desk.models.ListingLink): the page's ids and one more, whatever the size of the
    label or of the archive (sorting every story of the label read each of them: 1,000
    probes for a tag of 1,000 stories); the other filters are checked on those links'
    stories, and `Story.objects.published()` still decides what readers see. Otherwise the
    published stories' newest-first index is walked.
    """
    label = next((n for n in ("tag", "author") if params.get(n)), None)
    if label is None:
        conditions = _story_conditions(params)
    else:
        conditions = _story_conditions({**params, label: ""}, "story__")
    limit, cursor = limit_of(params.get("limit")), _cursor_moment(params)
    if label is None:
        stories = Story.objects.published().filter(conditions)
        if cursor:
            stories = stories.filter(older_than(*cursor))
        return stories.order_by("-published_at", "-pk").values("pk")[: limit + 1]
    links, owner, field = LABEL_LINKS[label]
    walk = links.objects.filter(
        conditions,
        **{field: Subquery(owner.objects.filter(slug=params[label]).order_by().values("pk"))},
        published_at__lte=timezone.now(),
    )
    if cursor:
        walk = walk.filter(older_than(*cursor, tie="story_id"))
    window = walk.order_by("-published_at", "-story_id").values("story_id")[: limit + 1]
    return Story.objects.published().filter(pk__in=window).order_by().values("pk")


# The SQL around the page's keys: what a list item reads (never the body, the related ids or
# editors' fields), with each story's authors ([slug, name] pairs, by name) and tag slugs (by
# name) as JSON arrays. One round trip for the whole page: on a busy machine each one is a
# wait for the scheduler, and on PostgreSQL a planning too. It never changes, so it is
# written once here rather than built and compiled by the ORM for every request (that took
# longer than the query itself).
_COLUMNS = (
    "s.id, s.kind, c.slug, s.slug, s.published_at, s.first_published_at, s.submitted_at,"
    " r.headline, r.lead, r.dateline, r.images"
)
_JOINS = (
    " LEFT JOIN desk_section c ON c.id = s.section_id"
    " LEFT JOIN desk_revision r ON r.id = s.live_revision_id"
)
_ORDER = " ORDER BY s.published_at DESC, s.id DESC"
PAGE_SQL = {
    # SQLite: correlated subqueries on the (story, label) unique indexes; an ordered subquery's
    # rows are aggregated in order (a subquery with ORDER BY is never flattened into an
    # aggregate query).
    "sqlite": (
        f"SELECT {_COLUMNS},"  # noqa: S608 - constants, no input
        " (SELECT json_group_array(json_array(slug, pen_name)) FROM (SELECT p.slug, p.pen_name"
        " FROM desk_story_authors l JOIN accounts_contributor p ON p.id = l.contributor_id"
        " WHERE l.story_id = s.id ORDER BY p.pen_name, p.id)),"
        " (SELECT json_group_array(slug) FROM (SELECT t.slug FROM desk_story_tags l"
        " JOIN desk_tag t ON t.id = l.tag_id WHERE l.story_id = s.id ORDER BY t.name, t.id))"
        f" FROM desk_story s{_JOINS} WHERE s.id IN (",
        f"){_ORDER}",
    ),
    # PostgreSQL: the page's keys once, its labels grouped in one join each; correlated
    # subqueries took a third longer (a hash of the tag table built for every story).
    "postgresql": (
        "WITH page (id) AS MATERIALIZED (",
        f") SELECT {_COLUMNS}, a.credits, g.labels FROM page"  # noqa: S608 - constants, no input
        " JOIN desk_story s ON s.id = page.id"
        f"{_JOINS} LEFT JOIN (SELECT l.story_id, json_agg(json_build_array(p.slug, p.pen_name)"
        " ORDER BY p.pen_name, p.id) AS credits FROM desk_story_authors l"
        " JOIN accounts_contributor p ON p.id = l.contributor_id"
        " WHERE l.story_id IN (SELECT id FROM page) GROUP BY l.story_id) a ON a.story_id = s.id"
        " LEFT JOIN (SELECT l.story_id, json_agg(t.slug ORDER BY t.name, t.id) AS labels"
        " FROM desk_story_tags l JOIN desk_tag t ON t.id = l.tag_id"
        " WHERE l.story_id IN (SELECT id FROM page) GROUP BY l.story_id) g ON g.story_id = s.id"
        f"{_ORDER}",
    ),
}


def _moment_of(value):
    """A datetime column as the ORM reads it: SQLite's arrives naive (UTC), PostgreSQL's aware."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _json_of(value, empty):
    """A JSON column: PostgreSQL's json arrives parsed, its jsonb and SQLite's as text;
    an aggregate over no row is NULL on PostgreSQL."""
    if value is None:
        return empty
    return json.loads(value) if isinstance(value, str) else value


def stories_rows(params) -> "tuple[list[dict], bool]":
    """One page of published stories, newest first, as the API's items; and whether more follow.

    The filters and the keyset pick the page's ids in a subquery (the ORM's, `page_keys`);
    the page's values, authors and tags are read for those ids alone, in the same query.
    One query at any depth, no model instance.
    """
    limit = limit_of(params.get("limit"))
    keys, keys_params = page_keys(params).query.sql_with_params()
    head, tail = PAGE_SQL[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(f"{head}{keys}{tail}", keys_params)
        rows = cursor.fetchall()
    items = [
        _item(pk=pk, kind=kind, section=section, slug=slug, published_at=_moment_of(published),
              first_published_at=_moment_of(first), submitted_at=_moment_of(submitted),
              headline=headline, lead=lead, dateline=dateline, images=_json_of(images, []),
              authors=[{"slug": a, "name": name} for a, name in _json_of(credits, [])],
              tags=_json_of(labels, []))
        for (pk, kind, section, slug, published, first, submitted, headline, lead, dateline,
             images, credits, labels) in rows[:limit]
    ]  # fmt: skip
    return items, len(rows) > limit


def stories_page(params) -> dict:
    items, more = stories_rows(params)
    last = items[-1] if items else None
    return {
        "items": items,
        "next_cursor": cursor_encode(last["published_at"], last["id"]) if more else None,
    }


def retracted_answer(story: Story) -> JsonResponse:
    notice = story.events.filter(action="story.retracted").order_by("-created_at").first()
    reason_code = (notice.payload or {}).get("reason") if notice else None
    reason = RETRACTION_REASONS.get(reason_code)
    return error_response(
        "retracted",
        410,
        _("Naskah ini dicabut redaksi."),
        story={"id": story.pk, "headline": story.live_revision.headline},
        reason={"code": reason_code, "label": str(reason) if reason else None},
        note=notice.note if notice else "",
        retracted_at=iso(notice.created_at) if notice else None,
    )


def story_lookup(pk: int):
    """(story, None) when readable, else (None, the 404/410 answer)."""
    story = (
        Story.objects.published()
        .filter(pk=pk)
        .select_related("live_revision", "section")
        .prefetch_related("authors", "tags")
        .first()
    )
    if story is not None:
        return story, None
    retracted = (
        Story.objects.filter(pk=pk, status=Status.RETRACTED)
        .exclude(live_revision=None)
        .select_related("live_revision")
        .first()
    )
    if retracted is not None:
        return None, retracted_answer(retracted)
    return None, error_response("not_found", 404)


def sections() -> dict:
    return {
        "items": [
            {
                "slug": s.slug,
                "name": s.name,
                "description": s.description,
                "url": absolute(s.get_absolute_url()),
            }
            for s in Section.objects.all()
        ]  # fmt: skip
    }


def tags_page(params) -> dict:
    limit = limit_of(params.get("limit"))
    tags = Tag.objects.filter(stories__in=Story.objects.published()).distinct().order_by("slug")
    if params.get("cursor"):
        (after,) = cursor_decode(params["cursor"], 1)
        tags = tags.filter(slug__gt=after)
    rows = list(tags[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [
            {"slug": t.slug, "name": t.name, "url": absolute(t.get_absolute_url())} for t in rows
        ],
        "next_cursor": cursor_encode(rows[-1].slug) if more and rows else None,
    }


def authors_page(params) -> dict:
    limit = limit_of(params.get("limit"))
    people = (
        Contributor.objects.filter(stories__in=Story.objects.published(), erased_at=None)
        .distinct()
        .order_by("slug")
    )
    if params.get("cursor"):
        (after,) = cursor_decode(params["cursor"], 1)
        people = people.filter(slug__gt=after)
    rows = list(people[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [
            {
                "slug": c.slug,
                "name": c.pen_name,
                "bio": c.bio,
                "url": absolute(reverse("public:author", kwargs={"slug": c.slug})),
            }
            for c in rows
        ],
        "next_cursor": cursor_encode(rows[-1].slug) if more and rows else None,
    }


def corrections_page(params) -> dict:
    limit = limit_of(params.get("limit"))
    items = Correction.objects.filter(kind__in=Correction.PUBLIC_LOG_KINDS).select_related("story")
    if params.get("cursor"):
        moment, pk = cursor_decode(params["cursor"], 2)
        when = parse_datetime(moment)
        if when is None or not pk.isdigit():
            raise ValidationFailed(_("Kursor tidak sah."))
        items = items.filter(older_than(when, int(pk)))
    rows = list(items.order_by("-published_at", "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [
            {
                "id": c.pk,
                "kind": c.kind,
                "text": c.text,
                "story": c.story_id,
                "published_at": iso(c.published_at),
                "url": absolute(c.get_absolute_url()),
            }
            for c in rows
        ],
        "next_cursor": cursor_encode(rows[-1].published_at.isoformat(), rows[-1].pk)
        if more and rows
        else None,
    }
