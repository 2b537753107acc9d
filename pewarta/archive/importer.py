"""`pewarta import-wxr`: a WordPress archive into Pewarta, through the desk's services.

Two streaming passes over the file: the first gathers authors, terms and attachments (small),
the second turns posts into stories. Published posts become published stories on their
original dates (`desk.services.stories_import`, as SYSTEM); drafts, pending and future posts
go to the desk; authors become contributors without a login (they claim the account by
verifying the address); categories become sections through the mapping file, unmapped ones
tags; images are read from --media-dir through the one media pipeline. Every record is noted
in `ImportedItem`, so a second run finds it done and changes nothing.

Posts are read in batches of BATCH, one transaction each: every post is checked on its own
(a bad one is noted as failed), then the batch's stories, revisions, links, events and records
are written in a few bulk inserts, and one queued task indexes them for search and similarity.
"""

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.accounts.roles import EDITOR, has_role
from pewarta.archive import content, wxr
from pewarta.archive.models import ImportedItem
from pewarta.archive.tasks import imported_followup
from pewarta.audit.services import event_record
from pewarta.common.errors import PewartaError
from pewarta.common.html import html_to_text
from pewarta.desk import services as desk
from pewarta.desk.models import Kind, Section, Tag
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.integrity.media import photo_store
from pewarta.public.caching import stories_purge_tags
from pewarta.public.edge import purge_everywhere

BATCH = 500
SECTION_KIND = {section: kind for kind, section in desk.KIND_SECTION.items()}
SECTION_KIND["berita"] = Kind.BERITA
PUBLISHED, TO_DESK = {"publish"}, {"draft", "pending", "future"}


@dataclass
class Summary:
    outcomes: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    comments_skipped: int = 0
    photos_stored: int = 0
    photos_missing: int = 0
    authors_created: int = 0

    def as_dict(self) -> dict:
        return {
            "outcomes": dict(self.outcomes),
            "types": dict(self.types),
            "comments_skipped": self.comments_skipped,
            "photos_stored": self.photos_stored,
            "photos_missing": self.photos_missing,
            "authors_created": self.authors_created,
        }


def read_section_map(path: str | Path | None) -> dict[str, str]:
    """`category-slug = section-slug` per line (# comments), or a JSON object."""
    if not path:
        return {}
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        mapping = json.loads(text)
    else:
        mapping = {}
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if "=" in line:
                left, right = line.split("=", 1)
                mapping[left.strip()] = right.strip()
    known = set(Section.objects.values_list("slug", flat=True))
    unknown = sorted(set(mapping.values()) - known)
    if unknown:
        raise PewartaError(
            _("Rubrik tidak dikenal di berkas pemetaan: %(names)s") % {"names": ", ".join(unknown)}
        )
    return {str(k): str(v) for k, v in mapping.items()}


def old_path(link: str) -> str:
    parts = urlsplit(link or "")
    path = unquote(parts.path or "/")
    if parts.query and path in ("", "/"):
        return "/?" + parts.query
    return path


def _when(item: wxr.Item) -> datetime:
    for value, zone in ((item.date_gmt, UTC), (item.date, timezone.get_current_timezone())):
        if value and not value.startswith("0000"):
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
            except ValueError:
                continue
    return timezone.now()


def _checksum(item: wxr.Item) -> str:
    data = [item.title, item.content, item.excerpt, item.status, item.date_gmt, item.slug,
            sorted(item.categories), item.creator]  # fmt: skip
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class Importer:
    def __init__(
        self,
        *,
        media_dir: str | Path | None = None,
        section_map: dict[str, str] | None = None,
        on_item: Callable[[dict], None] | None = None,
        progress: Callable[[int], None] | None = None,
    ):
        self.media_dir = Path(media_dir) if media_dir else None
        self.section_map = section_map or {}
        self.on_item = on_item
        self.progress = progress
        self.summary = Summary()
        self.site = ""
        self.authors: dict[str, dict] = {}
        self.contributors: dict[str, Contributor] = {}
        self.terms: dict[str, str] = {}
        self.attachments: dict[str, dict] = {}
        self.sections = {s.slug: s for s in Section.objects.all()}
        self.tags: dict[str, Tag] = {}
        self.stored: dict[str, dict] = {}
        self.editors: dict[str, object] = {}
        self.purge_tags: set[str] = set()
        self.done_keys: set[str] = set()
        # The batch being read: checked pieces, records, notes, then the stories written.
        self.done: dict[str, tuple[str, object]] = {}
        self.pieces: list[dict] = []
        self.records: list[tuple] = []
        self.notes: list[tuple] = []
        self.written: list = []

    # --- pass 1: what posts refer to ---------------------------------------------------------

    def gather(self, path) -> None:
        for kind, record in wxr.records(str(path)):
            if kind == "site":
                self.site = self.site or (record.get("base") or record.get("link") or "")
            elif kind == "author" and record["login"]:
                self.authors[record["login"]] = record
            elif kind in ("category", "tag") and record["slug"]:
                self.terms[record["slug"]] = record["name"] or record["slug"]
            elif kind == "item" and record.post_type == "attachment":
                self.attachments[record.wp_id] = {
                    "url": record.attachment_url or record.guid,
                    "caption": html_to_text(record.excerpt).strip(),
                    "title": record.title,
                    "alt": record.meta.get("_wp_attachment_image_alt", ""),
                    "file": record.meta.get("_wp_attached_file", ""),
                }
        self.site = (self.site or "wordpress").rstrip("/")[:300]

    # --- people and labels -------------------------------------------------------------------

    def contributor(self, login: str) -> Contributor | None:
        if not login:
            return None
        if login in self.contributors:
            return self.contributors[login]
        spec = self.authors.get(login, {"login": login, "email": "", "name": login})
        done = ImportedItem.objects.filter(site=self.site, key=f"author:{login}").first()
        person = done.contributor if done and done.contributor_id else None
        email = spec.get("email", "").strip().lower()
        if person is None and email:
            person = Contributor.objects.filter(email__iexact=email).order_by("pk").first()
        if person is None:
            name = spec.get("name") or " ".join(
                p for p in (spec.get("first_name"), spec.get("last_name")) if p
            )
            # No login until the person proves the address (allauth adopts this profile then).
            person = Contributor.objects.create(
                pen_name=(name or login)[:120], email=email, email_verified=False
            )
            self.summary.authors_created += 1
        if done is None:
            ImportedItem.objects.create(
                site=self.site, key=f"author:{login}", outcome="imported", contributor=person
            )
        self.contributors[login] = person
        return person

    def editor(self, email: str):
        """The staff member credited as editor in a Pewarta export, if they are here."""
        if not email:
            return None
        if email not in self.editors:
            user = get_user_model().objects.filter(email__iexact=email).first()
            self.editors[email] = user if has_role(user, EDITOR) else None
        return self.editors[email]

    def tag(self, name: str) -> Tag:
        name = name.strip()[:80]
        if name.lower() not in self.tags:
            (self.tags[name.lower()],) = desk.tags_from_names(names=[name])
        return self.tags[name.lower()]

    def labels(self, item: wxr.Item) -> tuple[Section | None, list[Tag]]:
        section, tags = None, []
        for domain, slug, name in item.categories:
            if domain == "category":
                target = self.section_map.get(slug)
                if target and section is None:
                    section = self.sections.get(target)
                elif not target and slug != "uncategorized":
                    tags.append(self.tag(name or self.terms.get(slug, slug)))
            elif domain == "post_tag":
                tags.append(self.tag(name or self.terms.get(slug, slug)))
        return section, list(dict.fromkeys(tags))

    # --- photos ------------------------------------------------------------------------------

    def media_file(self, url: str, attachment: dict | None) -> Path | None:
        if self.media_dir is None:
            return None
        candidates = []
        if attachment and attachment.get("file"):
            candidates.append(attachment["file"])
        path = unquote(urlsplit(url or "").path)
        if "/uploads/" in path:
            candidates.append(path.split("/uploads/", 1)[1])
        elif path:
            candidates.append(path.lstrip("/"))
        root = self.media_dir.resolve()
        for relative in candidates:
            found = (root / relative).resolve()
            if found.is_relative_to(root) and found.is_file():
                return found
            # The full-size original of a resized copy (photo-300x200.jpg → photo.jpg).
            original = re.sub(r"-\d+x\d+(\.\w+)$", r"\1", str(found))
            if original != str(found) and Path(original).is_file():
                return Path(original)
        return None

    def store_picture(self, picture: content.Picture) -> dict | None:
        attachment = self.attachments.get(picture.attachment_id)
        source = self.media_file(picture.src or (attachment or {}).get("url", ""), attachment)
        if source is None:
            self.summary.photos_missing += 1
            return None
        key = str(source)
        if key not in self.stored:
            with source.open("rb") as handle:
                try:
                    name, width, height = photo_store(
                        File(handle, name=source.name), folder="arsip"
                    )
                except PewartaError:
                    self.summary.photos_missing += 1
                    return None
            self.stored[key] = {"src": default_storage.url(name), "width": width, "height": height}
            self.summary.photos_stored += 1
        caption = picture.caption or (attachment or {}).get("caption", "")
        return {
            **self.stored[key],
            "caption": caption[:500],
            "credit": (picture.credit or _("Dok. arsip"))[:200],
            "alt": picture.alt or (attachment or {}).get("alt", ""),
        }

    def body_and_images(self, item: wxr.Item) -> tuple[str, list[dict]]:
        # Photos leave the body for the story's photo list, as on every other channel: the
        # reader site shows the list (featured first) with captions and credits.
        html, pictures = content.convert(item.content)
        images = []
        for picture in pictures:
            stored = self.store_picture(picture)
            if stored is not None and stored["src"] not in {i["src"] for i in images}:
                images.append({k: v for k, v in stored.items() if k != "alt"})
        thumbnail = item.meta.get("_thumbnail_id", "")
        featured = None
        if thumbnail in self.attachments:
            featured = self.store_picture(content.Picture("", "", "", thumbnail))
        if featured is not None:
            same = [i for i in images if i["src"] == featured["src"]]
            featured = same[0] if same else {k: v for k, v in featured.items() if k != "alt"}
            images = [featured] + [i for i in images if i["src"] != featured["src"]]
        for index, image in enumerate(images):
            image["featured"] = index == 0
        return content.place(html, [""] * len(pictures)), images

    # --- pass 2: posts -----------------------------------------------------------------------

    def note(self, item: wxr.Item, outcome: str, story=None, reason: str = "") -> None:
        """Counted now, told to `on_item` once the batch is written (in the file's order)."""
        self.summary.outcomes[outcome] += 1
        self.notes.append((item, outcome, story, reason))

    def tell(self, item: wxr.Item, outcome: str, story, reason: str) -> None:
        if isinstance(story, int):  # a piece of this batch, written since
            story = self.written[story]
        if self.on_item:
            self.on_item({
                "item": item.wp_id, "type": item.post_type, "outcome": outcome,
                "story": story.pk if story else None,
                "url": story.get_absolute_url() if story and story.first_published_at else None,
                "reason": str(reason),
            })  # fmt: skip

    def one(self, item: wxr.Item) -> None:
        """Check one record and queue what it becomes; the batch writes them together."""
        self.summary.types[item.post_type] += 1
        if item.post_type == "attachment":
            return
        self.summary.comments_skipped += item.comments
        if item.post_type not in ("post", "page"):
            return self.note(
                item, "skipped", reason=_("Jenis %(t)s tidak diimpor.") % {"t": item.post_type}
            )
        key = f"post:{item.wp_id}"
        checksum = _checksum(item)
        if key in self.done_keys:
            done_checksum, story = self.done[key]
            if done_checksum == checksum:
                return self.note(item, "unchanged", story)
            return self.note(item, "skipped", story,
                             _("Berubah sejak impor pertama; sunting di desk."))  # fmt: skip
        if item.post_type == "page":
            reason = _("Halaman statis: salin ke halaman tetap bila perlu.")
            return self._record(item, key, checksum, "skipped", reason=reason)
        if item.status not in PUBLISHED | TO_DESK:
            reason = _("Status %(s)s tidak diimpor.") % {"s": item.status}
            return self._record(item, key, checksum, "skipped", reason=reason)
        if not item.title.strip():
            return self._record(item, key, checksum, "skipped", reason=_("Tanpa judul."))
        section, tags = self.labels(item)
        body, images = self.body_and_images(item)
        author = self.contributor(item.creator)
        when = _when(item)
        kind = SECTION_KIND.get(section.slug, Kind.BERITA) if section else Kind.BERITA
        if item.meta.get("_pewarta_kind") in Kind.values:
            kind = item.meta["_pewarta_kind"]
        piece = desk.story_import_check(
            headline=html_to_text(item.title),
            lead=html_to_text(item.excerpt),
            body_html=body,
            authors=[author] if author else [],
            published_at=when if item.status in PUBLISHED else None,
            submitted_at=when,
            publish=item.status in PUBLISHED,
            kind=kind,
            images=images,
            section=section,
            tags=tags,
            slug=item.slug,
            dateline=item.meta.get("_pewarta_dateline", "")[:80],
            credited_editor=self.editor(item.meta.get("_pewarta_credited_editor", "")),
            payload={"wp_id": item.wp_id, "site": self.site},
        )
        self.pieces.append(piece)
        self._record(item, key, checksum, "imported", story=len(self.pieces) - 1)

    def _record(self, item, key, checksum, outcome, story=None, reason=""):
        """Note the record as done (`story`: the index of a piece of this batch, if any)."""
        self.records.append((item, key, checksum, outcome, story, str(reason)))
        self.done_keys.add(key)
        self.done[key] = (checksum, story)
        self.note(item, outcome, story, reason)

    def run(self, path) -> Summary:
        self.gather(path)
        # What earlier runs did, in one query (a set of short strings, even at 100,000 posts).
        self.done_keys = set(
            ImportedItem.objects.filter(site=self.site, key__startswith="post:").values_list(
                "key", flat=True
            )
        )
        done = 0
        batch = []
        for kind, record in wxr.records(str(path)):
            if kind != "item":
                continue
            batch.append(record)
            if len(batch) >= BATCH:
                done += self._batch(batch)
                batch = []
                if self.progress:
                    self.progress(done)
        done += self._batch(batch)
        if self.progress:
            self.progress(done)
        event_record(
            actor=SYSTEM_ACTOR, action="archive.imported", note=self.site,
            payload=self.summary.as_dict(),
        )  # fmt: skip
        if self.purge_tags:
            purge_everywhere(sorted(self.purge_tags))
        return self.summary

    def _earlier(self, items) -> dict:
        """(checksum, story) of this batch's records that an earlier run imported: one query."""
        keys = {f"post:{item.wp_id}" for item in items} & self.done_keys
        if not keys:
            return {}
        done = ImportedItem.objects.filter(site=self.site, key__in=keys)
        return {
            d.key: (d.checksum, d.story) for d in done.select_related("story", "story__section")
        }

    def _batch(self, items) -> int:
        """Check each record (one savepoint each: a bad one is noted as failed, its new authors
        and tags rolled back), then write the batch's stories and records in bulk."""
        self.pieces, self.records, self.notes, self.written = [], [], [], []
        with transaction.atomic():
            self.done = self._earlier(items)
            for item in items:
                try:
                    with transaction.atomic():
                        self.one(item)
                except (PewartaError, ValueError, OSError) as error:
                    # What this item made is rolled back: forget it from the memos too.
                    self.contributors.clear()
                    self.tags.clear()
                    self.note(item, "failed", reason=getattr(error, "message", str(error)))
            self.written = desk.stories_import(actor=SYSTEM_ACTOR, pieces=self.pieces)
            ImportedItem.objects.bulk_create(
                self._imported_item(*record) for record in self.records
            )
            published = [story for story in self.written if story.first_published_at]
            self.purge_tags |= stories_purge_tags(published)
            if self.written:
                ids = [story.pk for story in self.written]
                transaction.on_commit(partial(imported_followup, ids))
        for note in self.notes:
            self.tell(*note)
        self.done = {}
        return len(items)

    def _imported_item(self, item, key, checksum, outcome, story, reason) -> ImportedItem:
        story = self.written[story] if isinstance(story, int) else None
        return ImportedItem(
            site=self.site, key=key, wp_id=item.wp_id, checksum=checksum, outcome=outcome,
            reason=reason, story=story, old_path=old_path(item.link)[:500] if story else "",
        )  # fmt: skip


def wp_ids_in_query(query: str) -> str | None:
    """The post id of an old `?p=123` (or `?page_id=123`) link."""
    values = parse_qs(query or "")
    for name in ("p", "page_id"):
        if values.get(name) and values[name][0].isdigit():
            return values[name][0]
    return None
