"""Every model has an admin page that opens; audit records cannot be changed there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from pewarta.audit.models import Event
from pewarta.conftest import make_user
from pewarta.desk.models import Revision, Status


@pytest.mark.django_db
def test_every_registered_admin_changelist_opens_with_search(client, make_story):
    make_story()
    user = make_user("akar", is_staff=True, is_superuser=True)
    client.force_login(user)
    ours = [m for m in admin.site._registry if m._meta.app_label in {
        "accounts", "desk", "intake", "public", "search", "integrity", "complaints"}]  # fmt: skip
    assert len(ours) >= 10
    for model in ours:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url, {"q": "naskah"} if admin.site._registry[model].search_fields
                              else {})  # fmt: skip
        assert response.status_code == 200, url


@pytest.mark.django_db
def test_audit_records_are_read_only_in_admin(client, make_story):
    story = make_story()
    client.force_login(make_user("akar", is_staff=True, is_superuser=True))
    event = Event.objects.filter(story=story).first()
    revision = Revision.objects.get(story=story, number=1)
    for obj in (event, revision):
        meta = obj._meta
        delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_stories_change_in_admin_only_through_service_actions(client, make_story, editor):
    story = make_story(status=Status.APPROVED)
    client.force_login(make_user("akar", is_staff=True, is_superuser=True))
    change = reverse("admin:desk_story_change", args=[story.pk])
    assert client.post(change, {"kind": "opini"}).status_code == 403
    story.refresh_from_db()
    assert story.kind == "berita"
    version = story.version
    response = client.post(
        reverse("admin:desk_story_changelist"),
        {"action": "action_publish", "_selected_action": [story.pk]},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.version > version
    assert Event.objects.filter(story=story, action="story.published", actor_label="akar").exists()


@pytest.mark.django_db
def test_service_owned_records_are_read_only_in_admin():
    from pewarta.complaints.models import Complaint
    from pewarta.desk.models import Message, Story
    from pewarta.intake.models import InboundMessage

    for model in (Story, Revision, Message, InboundMessage, Event, Complaint):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(None), model
        assert not model_admin.has_change_permission(None), model
        assert not model_admin.has_delete_permission(None), model
