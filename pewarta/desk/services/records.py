"""Desk records around a story: the conversation, internal notes and the risk checklist."""

import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from pewarta.accounts.roles import EDITOR, SENIOR_EDITOR, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.desk import workflow
from pewarta.desk.models import Message, Note, Revision, RiskChecklist, Story
from pewarta.desk.services.core import check_version, locked_story, refresh, story_write
from pewarta.integrity import risk

RISK_QUESTIONS = risk.RISK_QUESTIONS  # the desk's name for integrity's questions


def message_record(
    *,
    story: Story,
    direction: str,
    channel: str,
    body_text: str,
    sender=None,
    from_address: str = "",
    subject: str = "",
    email_message_id: str = "",
) -> Message:
    """One message of the conversation between desk and writer (mail or web, either way)."""
    return Message.objects.create(
        story=story,
        direction=direction,
        channel=channel,
        sender=sender if getattr(sender, "is_authenticated", False) else None,
        from_address=from_address[:320],
        subject=subject[:300],
        body_text=body_text,
        email_message_id=email_message_id[:300],
    )


def message_thread_outgoing(*, story: Story, mail_id: str) -> int:
    """Give the newest outgoing message not yet mailed the Message-ID of the mail that carried
    it, so the writer's answer threads into the story."""
    pending = story.messages.filter(direction=Message.Direction.OUT, email_message_id="")
    latest = pending.order_by("-created_at", "-id").values("pk")[:1]
    return Message.objects.filter(pk__in=latest).update(email_message_id=mail_id[:300])


def messages_forget_address(*, address: str, user=None, stories=()) -> int:
    """Personal-data erasure: the writer's address leaves the conversation records."""
    done = 0
    if user is not None:
        done += Message.objects.filter(sender=user).update(from_address="")
    if address:
        done += Message.objects.filter(
            story__in=stories, direction=Message.Direction.IN, from_address__iexact=address
        ).update(from_address="")
    return done


PRIVATE_CREDIT = _l("Dokumentasi pribadi")


def desk_forget_person(*, person, stories) -> dict:
    """Personal-data erasure in the desk's records about `stories` (the person's pieces) and
    anywhere the person wrote to the desk: their incoming messages go, other messages and
    internal notes lose their address and name, photo credits naming them become
    "Dokumentasi pribadi", and pieces never published lose their photos (files collected in
    `person.files`) and every mention of the person. Published text stays as published."""
    stories = list(stories)
    counts = {"messages": 0, "notes": 0, "revisions": 0}
    theirs = Q(direction=Message.Direction.IN) & (
        Q(sender=person.user) if person.user is not None else Q(pk__in=[])
    )
    for address in person.addresses:
        theirs |= Q(direction=Message.Direction.IN, from_address__iexact=address)
    counts["messages"] += Message.objects.filter(theirs).delete()[0]
    for message in Message.objects.filter(story__in=stories):
        new = {
            f: person.scrub(getattr(message, f)) for f in ("body_text", "subject", "from_address")
        }
        if any(new[f] != getattr(message, f) for f in new):
            counts["messages"] += Message.objects.filter(pk=message.pk).update(**new)
    # The system's notes on their pieces are the contact details of their sign-offs.
    counts["notes"] += Note.objects.filter(story__in=stories, author=None).delete()[0]
    for note in Note.objects.filter(story__in=stories):
        if person.mentions(note.body):
            counts["notes"] += Note.objects.filter(pk=note.pk).update(body=person.scrub(note.body))
    for story in stories:
        never_published = story.first_published_at is None
        for revision in Revision.objects.filter(story=story):
            counts["revisions"] += _revision_forget(revision, person, never_published)
    return counts


def media_shown_elsewhere(names: list[str]) -> dict[str, list[str]]:
    """Stored media files that some story's revision still shows, by tracking code (an editor
    may have picked a photo of a piece that is now being erased from the photo library)."""
    texts = Revision.objects.annotate(text=Cast("images", TextField()))
    found = {}
    for name in names:
        url = settings.MEDIA_URL + name
        codes = texts.filter(text__contains=json.dumps(url)).values_list(
            "story__tracking_code", flat=True
        )
        if codes := sorted(set(codes)):
            found[name] = codes
    return found


def _revision_forget(revision, person, never_published: bool) -> int:
    images = []
    for image in revision.images or []:
        image = dict(image)
        if person.mentions(image.get("credit", "")):
            image["credit"] = str(PRIVATE_CREDIT)
        image["caption"] = person.scrub(image.get("caption", ""))
        src = image.get("src", "")
        if never_published and src.startswith(settings.MEDIA_URL):
            person.files.append((default_storage, src.removeprefix(settings.MEDIA_URL)))
            image["src"] = ""
        images.append(image)
    new = {"images": images}
    if never_published:
        for name in ("headline", "lead", "body_html", "dateline", "note"):
            new[name] = person.scrub(getattr(revision, name))
    if all(new[name] == getattr(revision, name) for name in new):
        return 0
    return Revision.objects.filter(pk=revision.pk).update(**new)


def desk_forget_user(*, user, actor) -> dict:
    """Personal-data erasure of an account: the desk's records stop pointing at the person.

    Stories keep their text and history; the account is simply no longer named in them (the
    Events keep what happened, see audit.events_relabel_actor). Call before deleting the user.
    """
    counts = {
        "messages": Message.objects.filter(sender=user).update(sender=None),
        "revisions": Revision.objects.filter(created_by=user).update(created_by=None),
        "notes": Note.objects.filter(author=user).update(author=None),
        "assigned": Story.objects.filter(assigned_editor=user).update(assigned_editor=None),
        "credited": Story.objects.filter(credited_editor=user).update(credited_editor=None),
    }
    if any(counts.values()):
        event_record(actor=actor, action="desk.user_forgotten", payload=counts)
    return counts


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


CONTACT_NOTE = _l("Kontak penulis dari tanda tangan email (hanya untuk redaksi; tidak tayang):")


def note_add_contact(*, story: Story, contact: str) -> Note:
    """Contact details the writer put in a mail's sign-off: kept for the desk as an internal
    note (author: none, the system), out of the story text. Erased with the writer's data."""
    with transaction.atomic():
        note = Note.objects.create(story=story, body=f"{CONTACT_NOTE}\n{contact}"[:5000])
        event_record(
            story=story, actor=workflow.SYSTEM_ACTOR, action="story.contact_noted", subject=note
        )
    return note


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

    The rules are integrity's (`pewarta.integrity.risk`): a "yes" to SARA or defamation needs
    a note on how the risk was handled, and such a story may then be published only by a
    senior editor (see `risk_guard`).
    """
    note = (note or "").strip()
    answers = {
        "victim": bool(victim),
        "minor": bool(minor),
        "sara": bool(sara),
        "defamation": bool(defamation),
    }
    if any(answers[q] for q in risk.NEEDS_NOTE) and not note:
        raise ValidationFailed(
            _("Jelaskan bagaimana risiko SARA atau pencemaran nama baik sudah ditangani.")
        )
    with transaction.atomic():
        locked = locked_story(story)
        workflow.check_can_edit(locked, actor)
        if not has_role(actor, EDITOR):
            raise NotPermitted()
        check_version(locked, expected_version)
        checklist, _created = RiskChecklist.objects.update_or_create(
            story=locked,
            defaults={
                **answers,
                "note": note,
                "kind": locked.kind,
                "answered_by": actor,
                "answered_at": timezone.now(),
            },
        )
        changes = {
            flag: answers[question]
            for question, flag in risk.STORY_FLAGS.items()
            if getattr(locked, flag) != answers[question]
        }
        story_write(
            locked,
            actor=actor,
            event="story.risk_checked",
            changes=changes,
            note=note,
            payload=answers,
            effect="metadata_changed",
        )
    refresh(story, locked)
    return checklist


@workflow.register_guard
def risk_guard(story: Story, action: str, actor) -> None:
    """A story marked as a SARA or defamation risk goes live only by a senior editor's hand."""
    if action not in ("publish", "schedule", "update") or actor is workflow.SYSTEM_ACTOR:
        return
    checklist = RiskChecklist.objects.filter(story_id=story.pk).first()
    risky = checklist is not None and any(getattr(checklist, q) for q in risk.NEEDS_SENIOR)
    if risky and not has_role(actor, SENIOR_EDITOR):
        raise NotPermitted(
            _(
                "Naskah ini ditandai berisiko SARA atau pencemaran nama baik: hanya "
                "pemimpin redaksi yang dapat menayangkannya."
            )
        )
