"""Public reads (no key): published stories, sections, tags, authors, the corrections log.

Lists page by keyset cursor (the last row's sort key, never an OFFSET), so a page costs the
same at 100,000 stories as at 100. Every answer carries an ETag; If-None-Match gives 304.
"""

import base64
import hashlib
import json
from datetime import datetime
from datetime import time as dtime

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.api.errors import error_response
from pewarta.common.errors import ValidationFailed
from pewarta.common.keyset import older_than
from pewarta.complaints.models import Correction
from pewarta.desk.models import Section, Status, Story, Tag, story_path
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


def _item(*, pk, kind, section, slug, published_at, first_published_at, submitted_at,
          headline, lead, dateline, images, authors, tags) -> dict:  # fmt: skip
    featured = next((i for i in images if i.get("featured") and not i.get("candidate")), None)
    when = first_published_at or published_at or submitted_at
    return {
        "id": pk,
        "url": absolute(story_path(section=section, when=when, slug=slug)),
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


def stories_filtered(params) -> "tuple[object, int]":
    stories = Story.objects.published()
    if params.get("section"):
        stories = stories.filter(section__slug=params["section"])
    if params.get("tag"):
        stories = stories.filter(tags__slug=params["tag"])
    if params.get("author"):
        stories = stories.filter(authors__slug=params["author"])
    if params.get("kind"):
        stories = stories.filter(kind=params["kind"])
    if params.get("since"):
        stories = stories.filter(published_at__gte=_moment(params["since"], "since"))
    if params.get("until"):
        stories = stories.filter(published_at__lte=_moment(params["until"], "until", end=True))
    return stories, limit_of(params.get("limit"))


# What a list item reads, as plain values: never the body, the related ids or editors' fields.
LIST_VALUES = {
    "pk": "pk", "kind": "kind", "section": "section__slug", "slug": "slug",
    "published_at": "published_at", "first_published_at": "first_published_at",
    "submitted_at": "submitted_at", "headline": "live_revision__headline",
    "lead": "live_revision__lead", "dateline": "live_revision__dateline",
    "images": "live_revision__images",
}  # fmt: skip


def _key_order(params) -> tuple:
    """Newest first. By tag or author, the label's stories are read from its link index and
    their keys sorted (the cost grows with the label, never with the archive): walking the
    newest-first index and probing each story for the label, which PostgreSQL picks when it
    guesses the label common, reads the whole archive for a rare or old label (360 ms for a
    5-story tag at 100,000 stories). An expression no index answers keeps that walk off."""
    if params.get("tag") or params.get("author"):
        return Coalesce("published_at", "submitted_at").desc(), F("pk").desc()
    return "-published_at", "-pk"


def stories_rows(params) -> "tuple[list[dict], bool]":
    """One page of published stories, newest first, as the API's items; and whether more follow.

    The filters and the keyset pick the page's ids in a subquery that sorts only the keys
    (a tag or an author filter sorts the keys of all its matches, not their rows); the
    page's values, authors and tags are then read for those ids alone. Three queries at any
    depth, no model instance built.
    """
    stories, limit = stories_filtered(params)
    if params.get("cursor"):
        moment, pk = cursor_decode(params["cursor"], 2)
        when = parse_datetime(moment)
        if when is None or not pk.isdigit():
            raise ValidationFailed(_("Kursor tidak sah."))
        stories = stories.filter(older_than(when, int(pk)))
    keys = stories.order_by(*_key_order(params)).values("pk")[: limit + 1]
    rows = list(
        Story.objects.filter(pk__in=keys)
        .order_by("-published_at", "-pk")
        .values_list(*LIST_VALUES.values())
    )
    more = len(rows) > limit
    rows = [dict(zip(LIST_VALUES, row, strict=True)) for row in rows[:limit]]
    authors = {row["pk"]: [] for row in rows}
    tags = {row["pk"]: [] for row in rows}
    if rows:
        credits = (
            Story.authors.through.objects.filter(story_id__in=authors)
            .order_by("contributor__pen_name", "contributor_id")
            .values_list("story_id", "contributor__slug", "contributor__pen_name")
        )
        for story_id, slug, name in credits:
            authors[story_id].append({"slug": slug, "name": name})
        labels = (
            Story.tags.through.objects.filter(story_id__in=tags)
            .order_by("tag__name", "tag_id")
            .values_list("story_id", "tag__slug")
        )
        for story_id, slug in labels:
            tags[story_id].append(slug)
    items = [_item(**row, authors=authors[row["pk"]], tags=tags[row["pk"]]) for row in rows]
    return items, more


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
