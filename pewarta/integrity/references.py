"""The reference corpus: feeds editors register, fetched on a schedule and signed like our own
stories, so a new piece is compared with what other outlets and press offices published.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.roles import EDITOR, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.integrity import feeds, index
from pewarta.integrity.models import ReferenceItem, ReferenceSource

logger = logging.getLogger(__name__)
MAX_BACKOFF_STEPS = 5  # a failing feed is tried at most 2**5 intervals apart


@dataclass
class FetchOutcome:
    new: int = 0
    updated: int = 0
    error: str = ""


def _check_editor(actor) -> None:
    if not has_role(actor, EDITOR):
        raise NotPermitted()


def reference_source_add(
    *, actor, name: str, url: str, kind: str, interval_minutes: int | str = 60
) -> ReferenceSource:
    """Register a feed (another outlet, a wire, a press-release source)."""
    _check_editor(actor)
    name = (name or "").strip()[:120]
    if not name:
        raise ValidationFailed(_("Nama sumber wajib diisi."))
    if kind not in ReferenceSource.Kind.values:
        raise ValidationFailed(_("Pilih jenis sumber."))
    try:
        url = feeds.check_url(url)[:500]
    except feeds.FeedError as exc:
        raise ValidationFailed(str(exc)) from exc
    try:
        minutes = int(interval_minutes or 60)
    except (TypeError, ValueError):
        minutes = 0
    if not 15 <= minutes <= 7 * 24 * 60:
        raise ValidationFailed(_("Selang pengambilan antara 15 menit dan 7 hari."))
    try:
        with transaction.atomic():
            source = ReferenceSource.objects.create(
                name=name, url=url, kind=kind, interval_minutes=minutes, added_by=actor
            )
            event_record(
                action="reference_source.added",
                actor=actor,
                subject=source,
                payload={"url": url, "kind": kind},
            )
    except IntegrityError as exc:
        raise ValidationFailed(_("Alamat feed ini sudah terdaftar.")) from exc
    return source


def reference_source_set_active(*, source: ReferenceSource, actor, active: bool):
    _check_editor(actor)
    if source.active == active:
        return source
    with transaction.atomic():
        source.active = active
        source.save(update_fields=["active"])
        event_record(
            action="reference_source.activated" if active else "reference_source.deactivated",
            actor=actor,
            subject=source,
        )
    return source


def _store_entry(source: ReferenceSource, entry: feeds.Entry) -> str:
    """'new', 'updated' or '' (unchanged); the item's signature follows its text."""
    fields = {
        "url": entry.url,
        "title": entry.title,
        "author": entry.author,
        "published_at": entry.published_at,
        "text": entry.text,
    }
    with transaction.atomic():
        item = ReferenceItem.objects.select_for_update().filter(source=source, guid=entry.guid)
        item = item.first()
        if item is None:
            item = ReferenceItem.objects.create(source=source, guid=entry.guid, **fields)
            outcome = "new"
        elif item.text != entry.text or item.title != entry.title:
            for name, value in fields.items():
                setattr(item, name, value)
            item.fetched_at = timezone.now()
            item.save(update_fields=[*fields, "fetched_at"])
            outcome = "updated"
        else:
            return ""
        index.fingerprint_reference(item_id=item.pk, text=item.text)
    return outcome


def reference_source_fetch(*, source: ReferenceSource, actor=None) -> FetchOutcome:
    """Fetch one feed now and store its new or changed items. A failure is recorded on the
    source (and retried later, further apart), never raised."""
    if actor is not None:
        _check_editor(actor)
    outcome = FetchOutcome()
    now = timezone.now()
    try:
        fetched = feeds.fetch(source.url, etag=source.etag, modified=source.modified)
        entries = feeds.parse(fetched.body) if fetched.status == 200 else []
    except feeds.FeedError as exc:
        outcome.error = str(exc)[:300]
    else:
        for entry in entries:
            result = _store_entry(source, entry)
            outcome.new += result == "new"
            outcome.updated += result == "updated"
    source.last_fetched_at = now
    if outcome.error:
        source.failures += 1
        source.last_error = outcome.error
        logger.warning("reference feed %s failed: %s", source.url, outcome.error)
        fields = ["last_fetched_at", "failures", "last_error"]
    else:
        source.failures, source.last_error, source.last_ok_at = 0, "", now
        if fetched.status == 200:
            source.etag, source.modified = fetched.etag, fetched.modified
        fields = ["last_fetched_at", "failures", "last_error", "last_ok_at", "etag", "modified"]
    source.save(update_fields=fields)
    return outcome


def _due(source: ReferenceSource, now) -> bool:
    if source.last_fetched_at is None:
        return True
    wait = source.interval_minutes * 2 ** min(source.failures, MAX_BACKOFF_STEPS)
    return source.last_fetched_at + timedelta(minutes=wait) <= now


def reference_sources_fetch_due() -> dict[str, int]:
    """Fetch every active feed whose time has come (the periodic task)."""
    now = timezone.now()
    totals = {"sources": 0, "new": 0, "failed": 0}
    for source in ReferenceSource.objects.filter(active=True).order_by("last_fetched_at"):
        if not _due(source, now):
            continue
        outcome = reference_source_fetch(source=source)
        totals["sources"] += 1
        totals["new"] += outcome.new
        totals["failed"] += bool(outcome.error)
    return totals


def sources_overview():
    return ReferenceSource.objects.annotate(item_count=Count("items")).order_by("name")


def references_for_reindex():
    """(kind, id, text) of every reference item, for `pewarta integrity-reindex`."""
    rows = ReferenceItem.objects.order_by("pk").values_list("pk", "text")
    for pk, text in rows.iterator(chunk_size=2000):
        yield "reference", pk, text
