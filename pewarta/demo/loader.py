"""Load the demo content through the same services the desk uses. Idempotent."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from pewarta.accounts.models import Consent, Contributor, Organization
from pewarta.accounts.roles import grant_role
from pewarta.accounts.services import consent_record
from pewarta.common.html import text_to_html
from pewarta.common.text import make_slug
from pewarta.demo import pictures
from pewarta.demo.content import (
    CONTRIBUTORS,
    EDITORS,
    ORGANIZATION,
    PHOTO_CREDIT,
    PHOTOS,
    RELATED,
    STORIES,
)
from pewarta.desk import services
from pewarta.desk.models import Revision, Story, Tag
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.integrity.media import photo_store
from pewarta.public.models import StoryViews

DEMO_PASSWORD = "pewarta-demo"  # noqa: S105 - demo accounts exist only outside production


def _editors():
    User = get_user_model()
    users = {}
    for spec in EDITORS:
        user, created = User.objects.get_or_create(
            username=spec["username"],
            defaults={"first_name": spec["first_name"], "last_name": spec["last_name"]},
        )
        if created:
            user.email = spec["email"]
            user.set_password(DEMO_PASSWORD)
            user.save()
            # Staff sign in with their email address like everyone else (allauth).
            EmailAddress.objects.get_or_create(
                user=user, email=spec["email"], defaults={"verified": True, "primary": True}
            )
        grant_role(user, spec["role"])
        users[spec["username"]] = user
    return users


def _contributors():
    org, _ = Organization.objects.get_or_create(
        slug=ORGANIZATION["slug"],
        defaults={"name": ORGANIZATION["name"], "email_domain": ORGANIZATION["email_domain"]},
    )
    people = {}
    for spec in CONTRIBUTORS:
        person = Contributor.objects.filter(email=spec["email"]).first()
        if person is None:
            person = Contributor(
                pen_name=spec["pen_name"],
                email=spec["email"],
                email_verified=True,
                affiliation=spec["affiliation"],
                bio=spec["bio"],
                organization=org if spec.get("organization") else None,
                verification=Contributor.Verification.EMAIL,
            )
            person.save()
        if not person.photo:
            # Through the one media pipeline, like a writer's own upload.
            upload = ContentFile(pictures.avatar(spec["key"]), name="avatar.jpg")
            name, _w, _h = photo_store(upload, folder="penulis")
            person.photo.name = name
            person.save(update_fields=["photo"])
        if not person.consents.exists():  # the demo writers agreed to the terms at sign-up
            consent_record(contributor=person, purpose=Consent.Purpose.TERMS)
        people[spec["key"]] = person
    return people, org


def _tag(name):
    tag, _ = Tag.objects.get_or_create(slug=make_slug(name), defaults={"name": name})
    return tag


def _photo(key: str, index: int) -> list[dict]:
    """The story's drawn photo, stored through the media pipeline like a writer's upload."""
    if key not in PHOTOS:
        return []
    theme, caption = PHOTOS[key]
    upload = ContentFile(pictures.scene(theme, index), name=f"{key}.jpg")
    name, width, height = photo_store(upload, folder="naskah")
    image = {"src": default_storage.url(name), "caption": caption, "credit": PHOTO_CREDIT}
    return [{**image, "featured": True, "width": width, "height": height}]


def _add_missing_photo(story, key, index, editor):
    """Demo content loaded before photos existed gets its photo (idempotent)."""
    if story.live_revision is None or story.live_revision.images or key not in PHOTOS:
        return story
    services.story_edit(
        story=story, actor=editor, expected_version=story.version, images=_photo(key, index),
        note="Foto ditambahkan",
    )  # fmt: skip
    story.refresh_from_db()
    return services.story_publish_update(story=story, actor=editor)


@transaction.atomic
def load_demo() -> dict:
    editors = _editors()
    people, org = _contributors()
    senior, editor = editors["rina"], editors["hendra"]
    stories, created = {}, 0
    for i, spec in enumerate(STORIES):
        existing = Revision.objects.filter(number=1, headline=spec["headline"]).first()
        if existing is not None:
            story = Story.objects.get(pk=existing.story_id)
            stories[spec["key"]] = _add_missing_photo(story, spec["key"], i, editor)
            continue
        author = people[spec["author"]]
        story = services.story_create(
            headline=spec["headline"],
            body_html=text_to_html("\n\n".join(spec["paragraphs"])),
            dateline=spec["dateline"],
            kind=spec["kind"],
            images=_photo(spec["key"], i),
            authors=[author],
            actor=author.user,
            organization=org if spec["kind"] == "siaran_pers" else None,
        )
        desk_editor = senior if i % 3 == 0 else editor
        story = services.story_claim(story=story, actor=desk_editor)
        services.story_edit(
            story=story,
            actor=desk_editor,
            expected_version=story.version,
            lead=spec["lead"],
            note="Teras berita ditambahkan redaksi",
        )
        story.refresh_from_db()
        services.story_update_metadata(
            story=story,
            actor=desk_editor,
            expected_version=story.version,
            tags=[_tag(name) for name in spec["tags"]],
        )
        services.story_answer_risk_checklist(
            story=story, actor=desk_editor, victim=False, minor=False, sara=False, defamation=False
        )
        services.story_publish(story=story, actor=desk_editor)
        # Demo only: spread publication over the past days so listings look lived-in.
        when = timezone.now() - timedelta(days=spec["days_ago"], hours=i)
        story = services.story_set_dates(
            story=story,
            actor=SYSTEM_ACTOR,
            published_at=when,
            submitted_at=when - timedelta(hours=5),
        )
        stories[spec["key"]] = story
        created += 1
    _link_related(stories, editor)
    _readers(stories)
    return {
        "created": created,
        "stories": len(stories),
        "editors": [user.email for user in editors.values()],
    }


def _link_related(stories, editor):
    for key, related_keys in RELATED.items():
        story = Story.objects.get(pk=stories[key].pk)
        wanted = [stories[k].pk for k in related_keys]
        if story.live_revision.related == wanted:
            continue
        services.story_edit(
            story=story, actor=editor, expected_version=story.version, related=wanted,
            note="Tautan Baca juga",
        )  # fmt: skip
        services.story_publish_update(story=story, actor=editor)


def _readers(stories):
    """A week of demo readers, so Terpopuler shows counts (only where none were counted)."""
    if StoryViews.objects.filter(story__in=stories.values()).exists():
        return
    today = timezone.localdate()
    rows = [
        StoryViews(
            story=story,
            day=today - timedelta(days=day),
            views=(37 * (i + 3) * (day + 2)) % 480 + 20,
        )
        for i, story in enumerate(stories.values())
        for day in range(7)
    ]
    StoryViews.objects.bulk_create(rows)
