"""Edits make new revisions; a stale save is refused and nothing is lost."""

import threading

import pytest
from django.db import connection

from pewarta.common.errors import NotPermitted, StaleRevision
from pewarta.conftest import make_user
from pewarta.desk import services
from pewarta.desk.models import Revision, Status, Story


@pytest.mark.django_db
def test_edit_creates_revision_and_keeps_original(make_story, editor):
    story = make_story(status=Status.IN_REVIEW, body_html="<p>Teks asli penulis.</p>")
    revision = services.story_edit(
        story=story,
        actor=editor,
        expected_version=story.version,
        body_html="<p>Teks suntingan.</p><script>alert(1)</script>",
    )
    story.refresh_from_db()
    assert revision.number == 2
    assert story.draft_revision == revision
    assert "<script>" not in revision.body_html
    original = story.revisions.get(number=1)
    assert original.body_html == "<p>Teks asli penulis.</p>"


@pytest.mark.django_db
def test_stale_edit_is_refused_with_clear_error(make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    opened_at = story.version
    services.story_edit(story=story, actor=editor, expected_version=opened_at, lead="Teras A")
    with pytest.raises(StaleRevision) as raised:
        services.story_edit(story=story, actor=editor, expected_version=opened_at, lead="Teras B")
    assert "Orang lain sudah menyimpan" in str(raised.value.message)
    story.refresh_from_db()
    assert story.draft_revision.lead == "Teras A"


@pytest.mark.django_db
def test_stranger_cannot_edit(make_story, stranger):
    story = make_story(status=Status.IN_REVIEW)
    with pytest.raises(NotPermitted):
        services.story_edit(story=story, actor=stranger, expected_version=story.version, lead="x")


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_one_is_refused_nothing_lost(make_story, editor):
    other = make_user("editor-dua", "editor")
    story = make_story(status=Status.IN_REVIEW)
    opened_at = story.version
    barrier = threading.Barrier(2)
    results = {}

    def save(name, actor, text):
        try:
            barrier.wait(timeout=10)
            copy = Story.objects.get(pk=story.pk)
            services.story_edit(
                story=copy, actor=actor, expected_version=opened_at, body_html=f"<p>{text}</p>"
            )
            results[name] = "saved"
        except StaleRevision:
            results[name] = "stale"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=("a", editor, "Versi editor A")),
        threading.Thread(target=save, args=("b", other, "Versi editor B")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(results.values()) == ["saved", "stale"]
    story.refresh_from_db()
    winner = "A" if results["a"] == "saved" else "B"
    assert story.draft_revision.body_html == f"<p>Versi editor {winner}</p>"
    assert story.version == opened_at + 1
    # The refused save left no orphan revision; the original is intact.
    assert Revision.objects.filter(story=story).count() == 2
    assert story.revisions.get(number=1).body_html == "<p>Isi naskah uji.</p>"
