"""A contributor sees only their own stories, drafts and messages."""

import pytest
from django.urls import reverse

from pewarta.contributors.urls import urlpatterns as contributor_urls
from pewarta.desk import services as desk
from pewarta.desk.models import Message, Status
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.intake.models import Draft
from pewarta.intake.urls import urlpatterns as intake_urls
from pewarta.intake.web import draft_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def others(other_member, editor):
    contributor = other_member.contributor
    story = desk.story_create(
        headline="Rahasia Naskah Bima",
        body_html="<p>Isi naskah Bima yang belum tayang.</p>",
        authors=[contributor],
        actor=SYSTEM_ACTOR,
    )
    desk.story_review(story=story, actor=editor)
    desk.story_request_changes(story=story, actor=editor, message="Pesan rahasia untuk Bima.")
    draft = draft_save(
        contributor=contributor,
        token="bima-draft",
        kind="berita",
        headline="Draf Bima",
        lead="",
        body_source="Draf rahasia Bima.",
    )
    return story, draft


STAFF_PAGES = {
    "identity_queue",
    "identity_decide",
    "identity_image",
    "pdp_requests",
    "pdp_complete",
}


def _id_patterns():
    """Every /akun/ URL that takes an object id, straight from the URLconfs."""
    for namespace, patterns in (("contributors", contributor_urls), ("intake", intake_urls)):
        for pattern in patterns:
            converters = pattern.pattern.converters
            if converters and (
                namespace == "contributors" or str(pattern.pattern).startswith("akun/")
            ):
                yield f"{namespace}:{pattern.name}", next(iter(converters))


def test_every_contributor_url_with_another_users_ids_is_404(member_client, others):
    story, draft = others
    ids = {"pk": story.pk, "draft_id": draft.pk}
    walked = []
    for name, param in _id_patterns():
        if param not in ids or name.split(":")[1] in STAFF_PAGES:
            continue  # signed tokens (guardian, invitation), not ids; staff pages: below
        url = reverse(name, kwargs={param: ids[param]})
        assert member_client.get(url).status_code in (404, 405), url
        data = {"text": "x", "version": story.version, "token": draft.token, "action": "submit"}
        assert member_client.post(url, data).status_code == 404, url
        walked.append(name)
    assert {
        "contributors:story",
        "contributors:story_reply",
        "contributors:story_revise",
        "contributors:story_withdraw",
        "intake:draft",
        "intake:submitted",
    } <= set(walked)
    story.refresh_from_db()
    assert story.status == Status.CHANGES_REQUESTED
    assert story.messages.filter(direction=Message.Direction.IN).count() == 0
    assert not Draft.objects.get(pk=draft.pk).story_id


def test_reusing_another_users_draft_token_is_refused(member_client, others):
    _story, draft = others
    response = member_client.post(
        reverse("intake:submit"),
        {
            "token": draft.token,
            "kind": "berita",
            "headline": "Curian",
            "action": "submit",
            "originality": "on",
            "body": "Isi curian yang panjang sekali.",
        },
    )
    assert Draft.objects.get(pk=draft.pk).headline == "Draf Bima"
    assert "Curian" not in member_client.get(response.get("Location", "/akun/")).content.decode()


def test_dashboard_and_export_hold_no_one_elses_data(member_client, others):
    html = member_client.get(reverse("contributors:dashboard")).content.decode()
    assert "Rahasia Naskah Bima" not in html and "Draf Bima" not in html
    export = member_client.get(reverse("contributors:data_export")).content.decode()
    assert "Bima" not in export and "rahasia" not in export


def test_staff_pages_are_refused_to_contributors_by_the_staff_gate(member_client):
    for name in ["identity_queue", "pdp_requests"]:
        assert member_client.get(reverse(f"contributors:{name}")).status_code == 403
    assert member_client.get(reverse("contributors:identity_decide", args=[1])).status_code == 403
    assert member_client.get(reverse("contributors:identity_image", args=[1])).status_code == 403
    assert member_client.post(reverse("contributors:pdp_complete", args=[1])).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, others):
    story, _draft = others
    response = client.get(reverse("contributors:story", args=[story.pk]))
    assert response.status_code == 302 and "/akun/auth/login/" in response["Location"]


def test_personal_pages_are_never_cached(member_client):
    response = member_client.get(reverse("contributors:dashboard"))
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
