import pytest
from django.urls import reverse

from pewarta.conftest import publish
from pewarta.contributors.status import story_timeline
from pewarta.desk import services as desk
from pewarta.desk.models import Status
from pewarta.desk.workflow import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(member):
    return desk.story_create(
        headline="Pasar Murah di Alun-alun",
        body_html="<p>Isi naskah pasar murah.</p>",
        authors=[member.contributor],
        actor=SYSTEM_ACTOR,
        source="web",
    )


def test_timeline_uses_newsroom_words(story, editor, member):
    desk.story_review(story=story, actor=editor)
    desk.story_request_changes(story=story, actor=editor, message="Tambahkan harga.")
    words = [step["word"] for step in story_timeline(story)]
    assert words == ["Naskah Masuk", "Dalam Peninjauan", "Perlu Revisi"]


def test_dashboard_lists_my_stories_with_status(member_client, story):
    html = member_client.get(reverse("contributors:dashboard")).content.decode()
    assert "Pasar Murah di Alun-alun" in html and "Naskah Masuk" in html


def test_resubmit_after_changes_requested(member_client, story, editor):
    desk.story_review(story=story, actor=editor)
    desk.story_request_changes(story=story, actor=editor, message="Tambahkan harga beras.")
    story.refresh_from_db()
    page = member_client.get(reverse("contributors:story_revise", args=[story.pk]))
    assert "Tambahkan harga beras." in page.content.decode()
    assert "Isi naskah pasar murah.</textarea>" in page.content.decode()  # text, not tags
    response = member_client.post(
        reverse("contributors:story_revise", args=[story.pk]),
        {
            "version": story.version,
            "headline": "Pasar Murah di Alun-alun Ramai",
            "lead": "",
            "body": "Harga beras Rp12.000 per kilogram.",
            "note": "Harga sudah ditambahkan.",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert story.draft_revision.number == 2
    assert story.draft_revision.headline == "Pasar Murah di Alun-alun Ramai"
    assert story.messages.filter(direction="in", body_text="Harga sudah ditambahkan.").exists()


def test_stale_resubmit_is_refused_with_a_message(member_client, story, editor):
    desk.story_review(story=story, actor=editor)
    desk.story_request_changes(story=story, actor=editor, message="Perbaiki.")
    story.refresh_from_db()
    response = member_client.post(
        reverse("contributors:story_revise", args=[story.pk]),
        {"version": story.version - 1, "headline": "X", "body": "Isi baru yang cukup panjang."},
    )
    assert response.status_code == 200
    assert "Orang lain sudah menyimpan" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Status.CHANGES_REQUESTED


def test_withdraw_before_publication(member_client, story):
    member_client.post(reverse("contributors:story_withdraw", args=[story.pk]))
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN


def test_published_story_shows_link(member_client, story, editor):
    desk.story_review(story=story, actor=editor)
    publish(story, editor)
    story.refresh_from_db()
    html = member_client.get(reverse("contributors:story", args=[story.pk])).content.decode()
    assert story.get_absolute_url() in html and "Tayang" in html
    assert "Tarik naskah ini" not in html  # no withdrawal after publication
