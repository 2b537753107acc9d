"""The whole archive out, so no newsroom is locked in.

`export_json(dir)`: JSON Lines — every story with all its revisions, authors, section, tags,
corrections and rights of reply; the authors, sections and tags; photos copied beside them.
`export_wxr(dir)`: a WordPress export (WXR 1.2) of the published stories with their photos as
attachments, readable by WordPress and by `pewarta import-wxr` (the round trip is tested).
Both write `media/` plus `manifest.json` (every file with its size and SHA-256). Streams: one
story at a time, whatever the archive's size.
"""

import hashlib
import json
from datetime import UTC
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from lxml import etree

from pewarta.accounts.models import Contributor
from pewarta.audit.services import event_record
from pewarta.complaints.models import Correction, RightOfReply
from pewarta.desk.models import Section, Story, Tag
from pewarta.desk.workflow import SYSTEM_ACTOR

WP = "http://wordpress.org/export/1.2/"
NS = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": WP,
}
CHUNK = 500


class Media:
    """Copies each stored photo once into `<dir>/media/` and keeps the manifest."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, dict] = {}

    def name_of(self, src: str) -> str | None:
        path = unquote(urlsplit(src or "").path)
        if not path.startswith(settings.MEDIA_URL):
            return None
        return path[len(settings.MEDIA_URL) :]

    def copy(self, src: str) -> str | None:
        """The photo's path under media/ (copied on first sight), or None when it is not ours."""
        name = self.name_of(src)
        if not name or ".." in Path(name).parts:
            return None
        if name in self.files:
            return name
        target = self.root / "media" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        try:
            with default_storage.open(name, "rb") as source, target.open("wb") as out:
                for chunk in iter(lambda: source.read(1 << 16), b""):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        except OSError:
            target.unlink(missing_ok=True)
            return None
        self.files[name] = {"path": f"media/{name}", "bytes": size, "sha256": digest.hexdigest()}
        return name

    def write_manifest(self, extra: dict) -> None:
        manifest = {**extra, "files": sorted(self.files.values(), key=lambda f: f["path"])}
        (self.root / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))


def _iso(value):
    return value.isoformat() if value else None


def _stories(queryset):
    """Stories in primary-key order, a chunk at a time (bounded memory)."""
    last = 0
    while True:
        chunk = list(
            queryset.filter(pk__gt=last)
            .order_by("pk")
            .select_related("section", "live_revision", "draft_revision", "credited_editor")
            .prefetch_related("authors", "tags", "revisions")[:CHUNK]
        )
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].pk


def _images(revision, media: Media) -> list[dict]:
    out = []
    for image in revision.images or []:
        copied = media.copy(image.get("src", ""))
        out.append({**image, "file": f"media/{copied}" if copied else None})
    return out


def story_record(story: Story, media: Media) -> dict:
    return {
        "id": story.pk,
        "tracking_code": story.tracking_code,
        "kind": story.kind,
        "status": story.status,
        "source": story.source,
        "language": story.language,
        "slug": story.slug,
        "url": story.get_absolute_url() if story.first_published_at else None,
        "section": story.section.slug if story.section else None,
        "tags": [t.slug for t in story.tags.all()],
        "authors": [a.slug for a in story.authors.all()],
        "organization": story.organization.slug if story.organization_id else None,
        "submitted_at": _iso(story.submitted_at),
        "published_at": _iso(story.published_at),
        "first_published_at": _iso(story.first_published_at),
        "live_revision": story.live_revision.number if story.live_revision else None,
        "draft_revision": story.draft_revision.number if story.draft_revision else None,
        "is_unverified": story.is_unverified,
        "follow_up_of": story.follow_up_of_id,
        "revisions": [
            {
                "number": r.number,
                "headline": r.headline,
                "lead": r.lead,
                "body_html": r.body_html,
                "dateline": r.dateline,
                "images": _images(r, media),
                "related": r.related,
                "note": r.note,
                "created_at": _iso(r.created_at),
            }
            for r in sorted(story.revisions.all(), key=lambda r: r.number)
        ],
        "corrections": [
            {
                "kind": c.kind,
                "text": c.text,
                "published_at": _iso(c.published_at),
                "revision": c.revision.number if c.revision else None,
            }
            for c in Correction.objects.filter(story=story).select_related("revision")
        ],  # fmt: skip
        "rights_of_reply": [
            {
                "respondent": r.respondent,
                "title": r.title,
                "body_html": r.body_html,
                "published_at": _iso(r.published_at),
            }
            for r in RightOfReply.objects.filter(story=story)
        ],  # fmt: skip
    }


def export_json(directory) -> dict:
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    media = Media(root)
    counts = {"stories": 0}
    with (root / "stories.jsonl").open("w", encoding="utf-8") as out:
        for story in _stories(Story.objects.all()):
            out.write(json.dumps(story_record(story, media), ensure_ascii=False) + "\n")
            counts["stories"] += 1
    people = [
        {"slug": c.slug, "pen_name": c.pen_name, "email": c.email, "bio": c.bio,
         "affiliation": c.affiliation,
         "organization": c.organization.slug if c.organization else None}
        for c in Contributor.objects.filter(erased_at=None).select_related("organization")
    ]  # fmt: skip
    (root / "authors.json").write_text(json.dumps(people, ensure_ascii=False, indent=1))
    sections = [{"slug": s.slug, "name": s.name, "description": s.description}
                for s in Section.objects.all()]  # fmt: skip
    (root / "sections.json").write_text(json.dumps(sections, ensure_ascii=False, indent=1))
    tags = [{"slug": t.slug, "name": t.name} for t in Tag.objects.all()]
    (root / "tags.json").write_text(json.dumps(tags, ensure_ascii=False, indent=1))
    counts |= {"authors": len(people), "sections": len(sections), "tags": len(tags)}
    return _finish(media, "json", counts)


def _finish(media: Media, form: str, counts: dict) -> dict:
    counts["files"] = len(media.files)
    media.write_manifest({"format": form, "site": settings.PEWARTA_SITE_URL,
                          "exported_at": timezone.now().isoformat(), "counts": counts})  # fmt: skip
    event_record(actor=SYSTEM_ACTOR, action=f"archive.exported_{form}", payload=counts)
    return counts


# --- WXR ------------------------------------------------------------------------------------


def _el(parent, tag, text=None, cdata=False, **attrs):
    prefix, _, name = tag.rpartition(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}" if prefix else name, **attrs)
    if text is not None:
        element.text = etree.CDATA(str(text)) if cdata else str(text)
    return element


def _wp_date(value, *, local=False) -> str:
    if not value:
        return ""
    value = timezone.localtime(value) if local else value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _item_xml(story: Story, media: Media, attachment_ids) -> bytes:
    site = settings.PEWARTA_SITE_URL
    revision = story.live_revision
    item = etree.Element("item", nsmap=NS)
    _el(item, "title", revision.headline, cdata=True)
    _el(item, "link", site + story.get_absolute_url())
    _el(item, "guid", f"{site}/?p={story.pk}", isPermaLink="false")
    authors = list(story.authors.all())
    _el(item, "dc:creator", authors[0].slug if authors else "", cdata=True)
    body = revision.body_html
    for image in revision.images or []:
        copied = media.copy(image.get("src", ""))
        if copied and image.get("src") and image["src"] not in body:
            caption = " ".join(p for p in (image.get("caption"), f"(Foto: {image['credit']})"
                                           if image.get("credit") else "") if p)  # fmt: skip
            body += (f'\n[caption id="attachment_{attachment_ids[copied]}"]<img src="'
                     f'{image["src"]}" class="wp-image-{attachment_ids[copied]}" /> {caption}'
                     "[/caption]")  # fmt: skip
    _el(item, "content:encoded", body, cdata=True)
    _el(item, "excerpt:encoded", revision.lead, cdata=True)
    _el(item, "wp:post_id", story.pk)
    _el(item, "wp:post_date", _wp_date(story.first_published_at, local=True), cdata=True)
    _el(item, "wp:post_date_gmt", _wp_date(story.first_published_at), cdata=True)
    _el(item, "wp:post_name", story.slug, cdata=True)
    _el(item, "wp:status", "publish", cdata=True)
    _el(item, "wp:post_parent", 0)
    _el(item, "wp:post_type", "post", cdata=True)
    if story.section:
        _el(item, "category", story.section.name, cdata=True, domain="category",
            nicename=story.section.slug)  # fmt: skip
    for tag in story.tags.all():
        _el(item, "category", tag.name, cdata=True, domain="post_tag", nicename=tag.slug)
    # What WordPress has no field for, kept where WordPress keeps such things (post meta).
    extra = {"_pewarta_dateline": revision.dateline, "_pewarta_kind": story.kind}
    if story.credited_editor_id:
        extra["_pewarta_credited_editor"] = story.credited_editor.email
    for key, value in extra.items():
        if value:
            meta = _el(item, "wp:postmeta")
            _el(meta, "wp:meta_key", key, cdata=True)
            _el(meta, "wp:meta_value", value, cdata=True)
    featured = next((i for i in revision.images or [] if i.get("featured")), None)
    copied = media.name_of(featured.get("src", "")) if featured else None
    if copied in attachment_ids:
        meta = _el(item, "wp:postmeta")
        _el(meta, "wp:meta_key", "_thumbnail_id", cdata=True)
        _el(meta, "wp:meta_value", attachment_ids[copied], cdata=True)
    return etree.tostring(item, encoding="utf-8", pretty_print=True)


def _attachment_xml(name: str, wp_id: int, parent: int, image: dict) -> bytes:
    item = etree.Element("item", nsmap=NS)
    url = settings.PEWARTA_SITE_URL + settings.MEDIA_URL + name
    _el(item, "title", Path(name).stem, cdata=True)
    _el(item, "excerpt:encoded", image.get("caption", ""), cdata=True)
    _el(item, "wp:post_id", wp_id)
    _el(item, "wp:post_parent", parent)
    _el(item, "wp:status", "inherit", cdata=True)
    _el(item, "wp:post_type", "attachment", cdata=True)
    _el(item, "wp:attachment_url", url, cdata=True)
    meta = _el(item, "wp:postmeta")
    _el(meta, "wp:meta_key", "_wp_attached_file", cdata=True)
    _el(meta, "wp:meta_value", name, cdata=True)
    return etree.tostring(item, encoding="utf-8", pretty_print=True)


def export_wxr(directory) -> dict:
    """Published stories as WXR 1.2; photos under media/ (give it to import as --media-dir)."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    media = Media(root)
    published = Story.objects.published()
    counts = {"stories": 0, "attachments": 0}
    attachment_ids: dict[str, int] = {}
    next_id = (Story.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with (root / "pewarta.wxr.xml").open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"')
        for prefix, uri in NS.items():
            out.write(f' xmlns:{prefix}="{uri}"'.encode())
        out.write(b">\n<channel>\n")
        channel = etree.Element("channel", nsmap=NS)
        _el(channel, "title", settings.PEWARTA_SITE_NAME)
        _el(channel, "link", settings.PEWARTA_SITE_URL)
        _el(channel, "wp:wxr_version", "1.2")
        _el(channel, "wp:base_site_url", settings.PEWARTA_SITE_URL)
        for person in Contributor.objects.filter(stories__in=published, erased_at=None).distinct():
            author = _el(channel, "wp:author")
            _el(author, "wp:author_login", person.slug, cdata=True)
            _el(author, "wp:author_email", person.email, cdata=True)
            _el(author, "wp:author_display_name", person.pen_name, cdata=True)
        for section in Section.objects.all():
            term = _el(channel, "wp:category")
            _el(term, "wp:category_nicename", section.slug, cdata=True)
            _el(term, "wp:cat_name", section.name, cdata=True)
        for tag in Tag.objects.filter(stories__in=published).distinct():
            term = _el(channel, "wp:tag")
            _el(term, "wp:tag_slug", tag.slug, cdata=True)
            _el(term, "wp:tag_name", tag.name, cdata=True)
        for child in channel:
            out.write(etree.tostring(child, encoding="utf-8", pretty_print=True))
        for story in _stories(published):
            for image in story.live_revision.images or []:
                copied = media.copy(image.get("src", ""))
                if copied and copied not in attachment_ids:
                    attachment_ids[copied] = next_id
                    out.write(_attachment_xml(copied, next_id, story.pk, image))
                    next_id += 1
                    counts["attachments"] += 1
            out.write(_item_xml(story, media, attachment_ids))
            counts["stories"] += 1
        out.write(b"</channel>\n</rss>\n")
    return _finish(media, "wxr", counts)
