"""Every write to a story goes through these functions.

Each transition: lock the row, check the workflow table and the actor's roles (named errors),
write with save(update_fields=...), append an Event, schedule side effects on commit.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from pewarta.accounts.models import Contributor
from pewarta.accounts.roles import EDITOR, SENIOR_EDITOR, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import (
    NotPermitted,
    PewartaError,
    StaleRevision,
    ValidationFailed,
)
from pewarta.common.html import sanitize_html
from pewarta.common.text import make_slug
from pewarta.desk import effects, workflow
from pewarta.desk.models import (
    Kind,
    Message,
    Note,
    Revision,
    RiskChecklist,
    Section,
    Status,
    Story,
    Tag,
)

UNCHANGED = object()  # "leave this field as it is" for optional keyword arguments

KIND_SECTION = {
    Kind.BERITA: "berita",
    Kind.OPINI: "opini",
    Kind.ESAI: "esai",
    Kind.KOLOM: "kolom",
    Kind.SIARAN_PERS: "siaran-pers",
    Kind.ADVERTORIAL: "berita",
}

logger = logging.getLogger(__name__)

REJECTION_REASONS = {
    "off_topic": _l("Tidak sesuai topik"),
    "plagiarism": _l("Plagiarisme"),
    "sara": _l("SARA"),
    "unverifiable": _l("Tidak dapat diverifikasi"),
    "duplicate": _l("Duplikat"),
    "low_quality": _l("Kualitas rendah"),
    "promotional": _l("Bersifat promosi"),
}


def section_for_kind(kind: str) -> Section | None:
    return Section.objects.filter(slug=KIND_SECTION.get(kind, "berita")).first()


def _locked(story: Story) -> Story:
    """Re-read the story under a row lock. Caller is inside transaction.atomic()."""
    return Story.objects.select_for_update().get(pk=story.pk)


def _check_version(story: Story, expected_version: int | None) -> None:
    if expected_version is not None and story.version != expected_version:
        raise StaleRevision(current_version=story.version, expected_version=expected_version)


def _refresh(target: Story, source: Story) -> Story:
    """Copy the locked row's fields back onto the caller's instance."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.db = source._state.db
    for name in ("draft_revision", "live_revision", "section"):
        target._state.fields_cache.pop(name, None)
    return target


def _transition(
    story: Story,
    *,
    actor,
    action: str,
    note: str = "",
    payload: dict | None = None,
    expected_version: int | None = None,
    changes: dict | None = None,
    before_save=None,
):
    """Perform one table transition. Returns the locked, updated story."""
    with transaction.atomic():
        locked = _locked(story)
        transition = workflow.check_transition(locked, action, actor)
        _check_version(locked, expected_version)
        if before_save is not None:
            before_save(locked)
        from_status = locked.status
        locked.status = transition.target
        fields = {"status", "version", "updated_at"}
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
            fields.add(name)
        locked.version = locked.version + 1
        locked.save(update_fields=sorted(fields))
        event = event_record(
            story=locked,
            actor=actor,
            action=workflow.EVENT_NAMES[action],
            from_status=from_status,
            to_status=locked.status,
            note=note,
            payload=payload,
        )
        effects.story_changed_on_commit(locked.pk, action, event.pk)
    return _refresh(story, locked)


# --- creation and edits -------------------------------------------------------------------------


def _clean_images(images) -> list[dict]:
    cleaned = []
    for image in images or []:
        if not isinstance(image, dict) or not image.get("src"):
            continue
        cleaned.append(
            {
                "src": str(image["src"]),
                "caption": str(image.get("caption", ""))[:500],
                "credit": str(image.get("credit", ""))[:200],
                "featured": bool(image.get("featured", False)),
                "width": int(image.get("width") or 0),
                "height": int(image.get("height") or 0),
                "ai_generated": bool(image.get("ai_generated", False)),
            }
        )
    return cleaned


def _clean_related(related) -> list[int]:
    out = []
    for value in related or []:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(out))[:10]


def story_create(
    *,
    headline: str,
    body_html: str,
    authors: list[Contributor],
    actor,
    kind: str = Kind.BERITA,
    lead: str = "",
    dateline: str = "",
    images: list | None = None,
    source: str = Story.Source.EMAIL,
    status: str = Status.RECEIVED,
    language: str = "id",
    organization=None,
    submitted_at: datetime | None = None,
) -> Story:
    """Create a story in `received` (or `awaiting_confirmation`) with revision 1."""
    headline = (headline or "").strip()[:300]
    if not headline:
        raise ValidationFailed(_("Judul wajib diisi."))
    if status not in (Status.RECEIVED, Status.AWAITING_CONFIRMATION):
        raise ValidationFailed(_("Naskah baru harus berstatus masuk atau menunggu konfirmasi."))
    if kind not in Kind.values:
        kind = Kind.BERITA
    with transaction.atomic():
        story = Story.objects.create(
            kind=kind,
            section=section_for_kind(kind),
            status=status,
            source=source,
            language=language,
            organization=organization,
            slug=make_slug(headline),
            submitted_at=submitted_at or timezone.now(),
        )
        story.authors.set(authors)
        revision = Revision.objects.create(
            story=story,
            number=1,
            headline=headline,
            lead=(lead or "").strip(),
            body_html=sanitize_html(body_html),
            dateline=dateline[:80],
            images=_clean_images(images),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            note=_("Naskah asli penulis"),
        )
        story.draft_revision = revision
        story.save(update_fields=["draft_revision"])
        event = event_record(
            story=story,
            actor=actor,
            action="story.created",
            to_status=status,
            payload={"source": source, "kind": kind},
        )
        effects.story_changed_on_commit(story.pk, "created", event.pk)
    return story


def story_edit(
    *,
    story: Story,
    actor,
    expected_version: int,
    headline: str | None = None,
    lead: str | None = None,
    body_html: str | None = None,
    dateline: str | None = None,
    images: list | None = None,
    related: list | None = None,
    note: str = "",
) -> Revision:
    """Save a new draft revision. A stale `expected_version` raises StaleRevision."""
    with transaction.atomic():
        locked = _locked(story)
        workflow.check_can_edit(locked, actor)
        _check_version(locked, expected_version)
        base = locked.draft_revision or locked.live_revision
        new_headline = (headline if headline is not None else base.headline).strip()[:300]
        if not new_headline:
            raise ValidationFailed(_("Judul wajib diisi."))
        number = (locked.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        revision = Revision.objects.create(
            story=locked,
            number=number,
            headline=new_headline,
            lead=(lead if lead is not None else base.lead).strip(),
            body_html=sanitize_html(body_html) if body_html is not None else base.body_html,
            dateline=(dateline if dateline is not None else base.dateline)[:80],
            images=_clean_images(images) if images is not None else base.images,
            related=_clean_related(related) if related is not None else base.related,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            note=note[:300],
        )
        updated = Story.objects.filter(pk=locked.pk, version=expected_version).update(
            draft_revision=revision, version=F("version") + 1, updated_at=timezone.now()
        )
        if updated != 1:
            raise StaleRevision(current_version=locked.version, expected_version=expected_version)
        event_record(
            story=locked,
            actor=actor,
            action="story.edited",
            payload={"revision": number, "base_revision": base.number},
            note=note,
        )
    story.refresh_from_db()
    return revision


_WRITER_DECLARABLE_FLAGS = {"flag_victim", "flag_minor", "has_ai_image"}


def _check_metadata_role(actor, flags, credited_editor) -> None:
    if has_role(actor, EDITOR):
        return
    editorial = credited_editor is not UNCHANGED or any(
        name not in _WRITER_DECLARABLE_FLAGS or not value for name, value in (flags or {}).items()
    )
    if editorial:
        raise NotPermitted(_("Hanya redaksi yang dapat mengubah label dan tanda ini."))


def story_update_metadata(
    *,
    story: Story,
    actor,
    expected_version: int,
    kind: str | None = None,
    section: Section | None = None,
    tags=None,
    flags: dict | None = None,
    credited_editor=UNCHANGED,
) -> Story:
    """Change kind, section, tags, flags or the credited editor (the desk's sidebar).

    A writer (while the story is theirs to edit) may change kind, section and tags and may
    declare a risk (victim, minor, AI image); clearing a risk flag, the "belum terverifikasi"
    note, the identity confirmation and the credited editor are the desk's decisions.
    """
    _check_metadata_role(actor, flags, credited_editor)
    if credited_editor not in (UNCHANGED, None) and not has_role(credited_editor, EDITOR):
        raise ValidationFailed(_("Yang dicantumkan sebagai editor harus seorang editor."))
    allowed_flags = {
        "is_unverified",
        "flag_victim",
        "flag_minor",
        "identity_hidden_confirmed",
        "has_ai_image",
    }
    with transaction.atomic():
        locked = _locked(story)
        workflow.check_can_edit(locked, actor)
        _check_version(locked, expected_version)
        fields = {"version", "updated_at"}
        changes = {}
        if kind is not None and kind in Kind.values and kind != locked.kind:
            changes["kind"] = kind
        if section is not None and section.pk != locked.section_id:
            changes["section"] = section
        for name, value in (flags or {}).items():
            if name in allowed_flags and getattr(locked, name) != bool(value):
                changes[name] = bool(value)
        if credited_editor is not UNCHANGED:
            new_id = credited_editor.pk if credited_editor is not None else None
            if new_id != locked.credited_editor_id:
                changes["credited_editor"] = credited_editor
        for name, value in changes.items():
            setattr(locked, name, value)
            fields.add(name)
        locked.version += 1
        locked.save(update_fields=sorted(fields))
        if tags is not None:
            locked.tags.set(tags)
        event_record(
            story=locked,
            actor=actor,
            action="story.metadata_changed",
            payload={k: getattr(v, "pk", v) for k, v in changes.items()}
            | ({"tags": [t.pk for t in tags]} if tags is not None else {}),
        )
        effects.story_changed_on_commit(locked.pk, "metadata_changed")
    return _refresh(story, locked)


# --- assignment ---------------------------------------------------------------------------------


def story_assign(*, story: Story, actor, editor, only_if_free: bool = False) -> Story:
    """Assign (or with editor=None release) a story. Claiming is assigning oneself.

    With `only_if_free`, a story another editor holds is refused (two editors claiming the
    same piece from the queue: the second is told who has it).
    """
    if not has_role(actor, EDITOR):
        raise NotPermitted()
    if editor is not None and not has_role(editor, EDITOR):
        raise ValidationFailed(_("Naskah hanya dapat ditugaskan kepada editor."))
    with transaction.atomic():
        locked = _locked(story)
        previous = locked.assigned_editor_id
        if only_if_free and previous not in (None, getattr(editor, "pk", None)):
            holder = locked.assigned_editor
            raise ValidationFailed(
                _("Naskah ini sedang ditangani %(name)s. Minta dilepas atau tugaskan ulang.")
                % {"name": holder.get_full_name() or holder.get_username()}
            )
        locked.assigned_editor = editor
        locked.save(update_fields=["assigned_editor", "updated_at"])
        event_record(
            story=locked,
            actor=actor,
            action="story.assigned" if editor else "story.released",
            payload={"from": previous, "to": editor.pk if editor else None},
        )
    return _refresh(story, locked)


def story_claim(*, story: Story, actor) -> Story:
    """Claim a free story (or one already yours) and, when it is new, start reviewing it."""
    story = story_assign(story=story, actor=actor, editor=actor, only_if_free=True)
    if story.status == Status.RECEIVED:
        story = story_review(story=story, actor=actor)
    return story


# --- transitions --------------------------------------------------------------------------------


def story_confirm_sender(*, story: Story, actor, note: str = "") -> Story:
    return _transition(story, actor=actor, action="confirm_sender", note=note)


def story_review(*, story: Story, actor) -> Story:
    return _transition(story, actor=actor, action="review")


def _record_message(story, actor, text, subject):
    return Message.objects.create(
        story=story,
        direction=Message.Direction.OUT,
        channel=Message.Channel.EMAIL,
        sender=actor if getattr(actor, "is_authenticated", False) else None,
        subject=subject,
        body_text=text,
    )


def story_request_changes(
    *, story: Story, actor, message: str, expected_version: int | None = None
) -> Story:
    message = (message or "").strip()
    if not message:
        raise ValidationFailed(_("Tuliskan kepada penulis apa yang perlu diubah."))

    def add_message(locked):
        _record_message(locked, actor, message, _("Permintaan revisi"))

    return _transition(
        story,
        actor=actor,
        action="request_changes",
        note=message,
        expected_version=expected_version,
        before_save=add_message,
    )


def story_resubmit(*, story: Story, actor, note: str = "") -> Story:
    return _transition(story, actor=actor, action="resubmit", note=note)


def story_approve(*, story: Story, actor, expected_version: int | None = None) -> Story:
    return _transition(story, actor=actor, action="approve", expected_version=expected_version)


def story_reopen(*, story: Story, actor) -> Story:
    return _transition(story, actor=actor, action="reopen")


def story_reject(
    *, story: Story, actor, reason: str, message: str, expected_version: int | None = None
) -> Story:
    if reason not in REJECTION_REASONS:
        raise ValidationFailed(_("Pilih alasan penolakan."))
    message = (message or "").strip()
    if not message:
        raise ValidationFailed(_("Tulis pesan kepada penulis yang menjelaskan keputusan ini."))

    def add_message(locked):
        _record_message(locked, actor, message, _("Keputusan atas naskah Anda"))

    return _transition(
        story,
        actor=actor,
        action="reject",
        note=message,
        payload={"reason": reason},
        expected_version=expected_version,
        before_save=add_message,
    )


def check_publishable(story: Story) -> None:
    """Rules that must hold before readers see a story (raises ValidationFailed)."""
    if story.draft_revision_id is None:
        raise ValidationFailed(_("Tidak ada naskah untuk ditayangkan."))
    if story.kind == Kind.BERITA and not RiskChecklist.objects.filter(story=story).exists():
        raise ValidationFailed(
            _(
                "Jawab daftar periksa risiko (korban kejahatan seksual, anak, SARA, pencemaran "
                "nama baik) sebelum berita ini ditayangkan."
            )
        )
    if (story.flag_victim or story.flag_minor) and not story.identity_hidden_confirmed:
        raise ValidationFailed(
            _(
                "Naskah ini melibatkan korban atau anak: pastikan identitas mereka sudah "
                "disamarkan sebelum ditayangkan."
            )
        )


def _unique_public_slug(story: Story, headline: str) -> str:
    base = make_slug(headline)
    taken = set(
        Story.objects.filter(slug__startswith=base, first_published_at__isnull=False)
        .exclude(pk=story.pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _publish_changes(locked: Story, actor) -> dict:
    now = timezone.now()
    revision = locked.draft_revision
    changes = {"live_revision": revision, "published_at": now, "scheduled_at": None}
    if locked.first_published_at is None:
        changes["first_published_at"] = now
        changes["slug"] = _unique_public_slug(locked, revision.headline)
    if locked.credited_editor_id is None and getattr(actor, "is_authenticated", False):
        changes["credited_editor"] = actor
    return changes


def story_publish(*, story: Story, actor, expected_version: int | None = None) -> Story:
    """Publish now (from in review, approved or scheduled)."""
    with transaction.atomic():
        locked = _locked(story)
        workflow.check_transition(locked, "publish", actor)
        check_publishable(locked)
        changes = _publish_changes(locked, actor)
        return _transition(
            story,
            actor=actor,
            action="publish",
            expected_version=expected_version,
            changes=changes,
            payload={"revision": locked.draft_revision.number},
        )


def story_publish_update(*, story: Story, actor, note: str = "") -> Story:
    """Make the current draft of a published story live (a `Diperbarui` update)."""
    with transaction.atomic():
        locked = _locked(story)
        workflow.check_transition(locked, "update", actor)
        if locked.draft_revision_id == locked.live_revision_id:
            raise ValidationFailed(_("Tidak ada perubahan yang belum ditayangkan."))
        check_publishable(locked)
        return _transition(
            story,
            actor=actor,
            action="update",
            note=note,
            changes={"live_revision": locked.draft_revision},
            payload={"revision": locked.draft_revision.number},
        )


def story_schedule(*, story: Story, actor, when: datetime) -> Story:
    if when is None or timezone.is_naive(when) or when <= timezone.now():
        raise ValidationFailed(_("Pilih waktu tayang di masa depan."))
    with transaction.atomic():
        locked = _locked(story)
        workflow.check_transition(locked, "schedule", actor)
        check_publishable(locked)
        changes = {"scheduled_at": when}
        if locked.credited_editor_id is None and getattr(actor, "is_authenticated", False):
            changes["credited_editor"] = actor
        story = _transition(
            story,
            actor=actor,
            action="schedule",
            changes=changes,
            payload={"when": when.isoformat()},
        )
        transaction.on_commit(lambda: _enqueue_publish_at(when), robust=True)
        return story


def _enqueue_publish_at(when: datetime) -> None:
    """A task due at `when` (the per-minute periodic task is the fallback after restarts)."""
    from pewarta.desk.tasks import publish_due_at

    publish_due_at.schedule(eta=when)


def story_unschedule(*, story: Story, actor) -> Story:
    return _transition(story, actor=actor, action="unschedule", changes={"scheduled_at": None})


def stories_publish_due(*, now: datetime | None = None) -> list[int]:
    """Publish every scheduled story whose time has come (run by the task consumer)."""
    now = now or timezone.now()
    published = []
    due = Story.objects.filter(status=Status.SCHEDULED, scheduled_at__lte=now)
    for story in due.order_by("scheduled_at"):
        try:
            story_publish(story=story, actor=workflow.SYSTEM_ACTOR)
        except PewartaError:
            logger.exception("scheduled story %s could not be published", story.pk)
            continue
        published.append(story.pk)
    return published


def story_unpublish(*, story: Story, actor, note: str) -> Story:
    if not (note or "").strip():
        raise ValidationFailed(_("Tuliskan alasan menurunkan naskah."))
    return _transition(story, actor=actor, action="unpublish", note=note)


RETRACTION_REASONS = {
    "sara": _l("SARA"),
    "decency": _l("Asusila (pornografi)"),
    "child": _l("Masa depan anak"),
    "trauma": _l("Trauma korban"),
    "dewan_pers": _l("Keputusan Dewan Pers"),
}


def story_retract(*, story: Story, actor, reason: str, note: str) -> Story:
    """Retract a published story (senior editors). The URL keeps answering with the notice."""
    if reason not in RETRACTION_REASONS:
        raise ValidationFailed(_("Pilih alasan pencabutan dari daftar."))
    if not (note or "").strip():
        raise ValidationFailed(_("Tulis catatan pencabutan yang akan dibaca pembaca."))
    return _transition(story, actor=actor, action="retract", note=note, payload={"reason": reason})


def story_withdraw(*, story: Story, actor, note: str = "") -> Story:
    return _transition(story, actor=actor, action="withdraw", note=note)


def tags_from_names(*, names: str | list[str]) -> list[Tag]:
    """Existing tags by name, new ones created (desk input such as "banjir, Bandung")."""
    if isinstance(names, str):
        names = names.split(",")
    tags = []
    for name in dict.fromkeys(n.strip()[:80] for n in names if n.strip()):
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag, _created = Tag.objects.get_or_create(
                slug=make_slug(name, 90), defaults={"name": name}
            )
        tags.append(tag)
    return tags


# --- desk-only records --------------------------------------------------------------------------


def note_add(*, story: Story, actor, body: str) -> Note:
    """Add an internal note (desk only; never sent to the writer)."""
    if not has_role(actor, EDITOR):
        raise NotPermitted()
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("Catatan kosong."))
    with transaction.atomic():
        note = Note.objects.create(story=story, author=actor, body=body[:5000])
        event_record(story=story, actor=actor, action="story.note_added", subject=note)
    return note


RISK_QUESTIONS = {
    "victim": _l("Apakah naskah menyebut atau dapat mengungkap korban kejahatan seksual?"),
    "minor": _l("Apakah naskah menyebut anak (korban, saksi, atau pelaku)?"),
    "sara": _l("Apakah naskah menyinggung suku, agama, ras, atau antargolongan (SARA)?"),
    "defamation": _l("Apakah naskah berisiko mencemarkan nama baik seseorang atau lembaga?"),
}


def story_answer_risk_checklist(
    *,
    story: Story,
    actor,
    victim: bool,
    minor: bool,
    sara: bool,
    defamation: bool,
    note: str = "",
    expected_version: int | None = None,
) -> RiskChecklist:
    """Record the editor's answers; the victim/minor answers become the story's flags.

    A "yes" to SARA or defamation needs a note on how the risk was handled, and such a
    story may then be published only by a senior editor (see `_risk_guard`).
    """
    note = (note or "").strip()
    if (sara or defamation) and not note:
        raise ValidationFailed(
            _("Jelaskan bagaimana risiko SARA atau pencemaran nama baik sudah ditangani.")
        )
    answers = {
        "victim": bool(victim),
        "minor": bool(minor),
        "sara": bool(sara),
        "defamation": bool(defamation),
    }
    with transaction.atomic():
        locked = _locked(story)
        workflow.check_can_edit(locked, actor)
        if not has_role(actor, EDITOR):
            raise NotPermitted()
        _check_version(locked, expected_version)
        checklist, _created = RiskChecklist.objects.update_or_create(
            story=locked,
            defaults={**answers, "note": note, "answered_by": actor, "answered_at": timezone.now()},
        )
        fields = {"version", "updated_at"}
        for flag, answer in (("flag_victim", answers["victim"]), ("flag_minor", answers["minor"])):
            if getattr(locked, flag) != answer:
                setattr(locked, flag, answer)
                fields.add(flag)
        locked.version += 1
        locked.save(update_fields=sorted(fields))
        event_record(
            story=locked, actor=actor, action="story.risk_checked", note=note, payload=answers
        )
        effects.story_changed_on_commit(locked.pk, "metadata_changed")
    _refresh(story, locked)
    return checklist


@workflow.register_guard
def _risk_guard(story: Story, action: str, actor) -> None:
    """A story marked as a SARA or defamation risk goes live only by a senior editor's hand."""
    if action not in ("publish", "schedule", "update") or actor is workflow.SYSTEM_ACTOR:
        return
    checklist = RiskChecklist.objects.filter(story_id=story.pk).first()
    risky = checklist is not None and (checklist.sara or checklist.defamation)
    if risky and not has_role(actor, SENIOR_EDITOR):
        raise NotPermitted(
            _(
                "Naskah ini ditandai berisiko SARA atau pencemaran nama baik: hanya "
                "pemimpin redaksi yang dapat menayangkannya."
            )
        )
