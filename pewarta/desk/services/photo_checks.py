"""The desk's side of photo reuse: it reads its stories' photos, integrity hashes and looks up.

After each committed change (effect handler in desk.tasks), every photo of the story's draft
is hashed into integrity's index (`pewarta.integrity.photos`), and an open story's photos
that were not checked yet are looked up among every other stored photo. The result is kept
as a `story.photos_checked` Event, shown on the review page beside the text check. No Story
field changes.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils.translation import gettext as _

from pewarta.audit.models import Event
from pewarta.audit.services import event_record
from pewarta.desk.models import Story
from pewarta.desk.services.checks import needs_check, story_sources
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.integrity import photos

PHOTO_EVENT = "story.photos_checked"


def _read(src: str) -> bytes | None:
    name = photos.media_name(src, settings.MEDIA_URL)
    if name is None:
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def photo_hash_and_index(
    *, src: str, story_id: int | None, credit: str = "", caption: str = ""
) -> tuple[photos.Hashes, photos.Probe] | None:
    """Hash one stored photo and keep it in the index. None when it cannot be read."""
    data = _read(src)
    image = photos.open_image(data) if data else None
    if image is None:
        return None
    hashes, probe = photos.photo_hashes(image), photos.probe_hashes(image)
    width, height = image.info.get("original_size", image.size)
    entry = photos.PhotoEntry(
        src=src, story_id=story_id, credit=credit, caption=caption, width=width, height=height
    )
    photos.photo_index(entry, hashes)
    return hashes, probe


def latest_photo_check(story: Story) -> Event | None:
    return Event.objects.filter(story=story, action=PHOTO_EVENT).order_by("-id").first()


def _story_photos(story: Story) -> list[dict]:
    draft = story.draft_revision
    return [image for image in (draft.images if draft else []) if image.get("src")]


def story_photos_update(*, story_id: int) -> Event | None:
    """Index the story's photos; look up those of an open story not checked yet.

    Idempotent: an unchanged set of photos is neither hashed nor checked again.
    """
    story = (
        Story.objects.select_related("draft_revision")
        .filter(pk=story_id)
        .filter(~Q(draft_revision=None))
        .first()
    )
    if story is None:
        return None
    images = _story_photos(story)
    srcs = [image["src"] for image in images]
    last = latest_photo_check(story)
    if last is not None and last.payload.get("srcs") == srcs:
        return None
    known = set(photos_indexed(srcs))
    probes = {}
    for image in images:
        if image["src"] in known and not needs_check(story):
            continue
        found = photo_hash_and_index(
            src=image["src"],
            story_id=story.pk,
            credit=image.get("credit", ""),
            caption=image.get("caption", ""),
        )
        if found is not None:
            probes[image["src"]] = found[1]
    if not needs_check(story) or not probes:  # nothing readable: nothing to show
        return None
    return _record_check(story, images, probes)


def photos_indexed(srcs: list[str]) -> list[str]:
    from pewarta.integrity.models import PhotoPrint

    return list(PhotoPrint.objects.filter(src__in=srcs).values_list("src", flat=True))


def _record_check(story: Story, images: list[dict], probes: dict) -> Event:
    own = set(probes) | {image["src"] for image in images}
    results, story_ids = [], set()
    for image in images:
        probe = probes.get(image["src"])
        matches = []
        if probe is not None:
            for match in photos.photo_lookup(probe, exclude_story_id=story.pk, limit=6):
                if match.src in own and match.story_id in (None, story.pk):
                    continue
                matches.append(match)
                story_ids.add(match.story_id)
        results.append((image, matches[:5]))
    sources = story_sources([i for i in story_ids if i is not None])
    shown, best = [], 0.0
    for image, matches in results:
        rows = []
        for match in matches:
            source = sources.get(match.story_id)
            rows.append(
                {
                    "story_id": match.story_id,
                    "headline": source.headline if source else "",
                    "url": source.url if source else "",
                    "date": source.date if source else "",
                    "writer": source.writer if source else "",
                    "status": source.status if source else "",
                    "src": match.src,
                    "credit": match.credit,
                    "caption": match.caption,
                    "distance": match.distance,
                    "how": match.how,
                    "score": round(match.score, 3),
                }
            )
            best = max(best, match.score)
        shown.append(
            {"src": image["src"], "caption": image.get("caption", ""),
             "credit": image.get("credit", ""), "matches": rows}
        )  # fmt: skip
    reused = [row for row in shown if row["matches"]]
    if reused:
        top = reused[0]["matches"][0]
        note = _("%(n)d foto pernah dimuat; terdekat dari “%(headline)s” (kredit: %(credit)s).") % {
            "n": len(reused),
            "headline": (top["headline"] or top["src"])[:120],
            "credit": top["credit"] or "-",
        }
    else:
        note = _("Tidak ada foto yang sama di arsip.")
    revision = story.draft_revision
    payload = {
        "srcs": [image["src"] for image in images],
        "photos": shown,
        "top_score": round(best, 3),
        "revision": revision.pk if revision else None,
    }
    return event_record(
        story=story, actor=SYSTEM_ACTOR, action=PHOTO_EVENT, payload=payload, note=note
    )


def photos_for_index():
    """(src, story id, credit, caption) of every photo of every story, oldest story first."""
    seen = set()
    rows = Story.objects.exclude(draft_revision=None).order_by("pk")
    for story_id, draft_images, live_images in rows.values_list(
        "pk", "draft_revision__images", "live_revision__images"
    ).iterator(chunk_size=1000):
        for image in (live_images or []) + (draft_images or []):
            src = image.get("src") if isinstance(image, dict) else None
            if src and src not in seen:
                seen.add(src)
                yield src, story_id, image.get("credit", ""), image.get("caption", "")
