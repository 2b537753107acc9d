"""Writes of the reader site: slug history, view counts, standing pages, cache purges."""

import json
import logging
from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.roles import SENIOR_EDITOR, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.common.html import sanitize_html
from pewarta.common.text import make_slug
from pewarta.common.timefmt import JAKARTA
from pewarta.desk import services as desk
from pewarta.desk.models import Status, Story
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.public import caching, edge, pagecache
from pewarta.public.images import pictures_for
from pewarta.public.models import Page, StorySlug, StoryViews

logger = logging.getLogger(__name__)

# Story actions after which the reader site may show something different.
PUBLIC_ACTIONS = {"publish", "update", "retract", "unpublish", "metadata_changed"}


def _slug_taken(slug: str, story: Story) -> bool:
    return (
        Story.objects.filter(slug=slug, first_published_at__isnull=False)
        .exclude(pk=story.pk)
        .exists()
        or StorySlug.objects.filter(slug=slug).exclude(story=story).exists()
    )


def story_slug_follow_headline(*, story: Story) -> str:
    """Keep the slug in step with the live headline; every earlier slug keeps answering (301).

    Caller: the effect handler, after the publish/update transaction committed.
    """
    if story.live_revision_id is None or story.first_published_at is None:
        return story.slug
    with transaction.atomic():
        StorySlug.objects.get_or_create(story=story, slug=story.slug)
        base = make_slug(story.live_revision.headline)
        current = story.slug
        if current == base or (
            current.startswith(base + "-") and current[len(base) + 1 :].isdigit()
        ):
            return current
        slug, n = base, 2
        while _slug_taken(slug, story):
            slug, n = f"{base}-{n}", n + 1
        desk.story_set_slug(story=story, slug=slug, actor=SYSTEM_ACTOR)
        StorySlug.objects.get_or_create(story=story, slug=slug)
    return slug


def story_purge_pages(*, story_id: int) -> int:
    """Drop every cached page that shows the story or the collections it belongs to."""
    story = Story.objects.select_related("section").filter(pk=story_id).first()
    if story is None:
        return edge.purge_everywhere([caching.story_tag(story_id)])
    return edge.purge_everywhere(caching.story_purge_tags(story))


def on_story_change(*, story_id: int, action: str, event_id: int | None = None) -> None:
    """Effect handler (registered in PublicConfig.ready)."""
    if action not in PUBLIC_ACTIONS:
        story = Story.objects.filter(pk=story_id).only("first_published_at").first()
        if story is None or story.first_published_at is None:
            return
    story = Story.objects.select_related("live_revision").filter(pk=story_id).first()
    try:
        if story is not None and story.status == Status.PUBLISHED:
            # Any live revision may carry a new headline (desk update, complaints' correction).
            story_slug_follow_headline(story=story)
            if action in {"publish", "update", "corrected"}:
                pictures_for(story.live_revision)  # renditions now, not by the first reader
    finally:
        story_purge_pages(story_id=story_id)  # whatever happened above, readers see the change


def story_views_flush() -> int:
    """Add the spooled view counts to StoryViews (run every minute by the task consumer)."""
    pagecache.flush_views()
    spool = pagecache.cache_dir() / "views"
    if not spool.exists():
        return 0
    totals: dict[tuple[int, date], int] = defaultdict(int)
    files = sorted(p for p in spool.glob("*.json"))
    for path in files:
        try:
            data = json.loads(path.read_text())
            day = datetime.fromtimestamp(data["at"], JAKARTA).date()
            for story_id, n in data["counts"].items():
                totals[(int(story_id), day)] += int(n)
        except (ValueError, KeyError, OSError):
            logger.warning("unreadable view spool file %s skipped", path)
    existing = set(Story.objects.filter(pk__in={k[0] for k in totals}).values_list("pk", flat=True))
    with transaction.atomic():
        for (story_id, day), n in totals.items():
            if story_id not in existing:
                continue
            row, created = StoryViews.objects.get_or_create(
                story_id=story_id, day=day, defaults={"views": n}
            )
            if not created:
                StoryViews.objects.filter(pk=row.pk).update(views=F("views") + n)
    for path in files:
        path.unlink(missing_ok=True)
    return sum(totals.values())


def page_update(*, page: Page, actor, title: str, body_html: str) -> Page:
    """Edit a standing page (senior editors only)."""
    if not has_role(actor, SENIOR_EDITOR):
        raise NotPermitted(_("Hanya redaktur senior yang dapat mengubah halaman ini."))
    title = (title or "").strip()
    body = sanitize_html(body_html or "")
    if not title or not body.strip():
        raise ValidationFailed(_("Judul dan isi halaman wajib diisi."))
    with transaction.atomic():
        page.title = title[:200]
        page.body_html = body
        page.updated_at = timezone.now()
        page.updated_by = actor
        page.save(update_fields=["title", "body_html", "updated_at", "updated_by"])
        event_record(action="page.updated", actor=actor, subject=page, payload={"slug": page.slug})
        transaction.on_commit(lambda: edge.purge_everywhere([f"page-{page.slug}"]))
    return page


def story_views_totals(story_ids) -> dict[int, int]:
    """Every view each story has had (for honorarium's bonus tiers)."""
    rows = (
        StoryViews.objects.filter(story_id__in=story_ids)
        .values("story_id")
        .annotate(total=Sum("views"))
    )
    return {row["story_id"]: row["total"] for row in rows}
