"""Editorial safeguards a busy desk could skip: each is tried the way a hurried editor would."""

import pytest
from django.utils import timezone

from pewarta.audit.models import Event
from pewarta.common.errors import TransitionNotAllowed, ValidationFailed
from pewarta.desk import services
from pewarta.desk.models import Kind, Status, Story

pytestmark = pytest.mark.django_db


def answer(story, actor, **risks):
    values = {"victim": False, "minor": False, "sara": False, "defamation": False} | risks
    story.refresh_from_db()
    return services.story_answer_risk_checklist(story=story, actor=actor, **values)


@pytest.mark.parametrize("kind", [Kind.BERITA, Kind.OPINI, Kind.ESAI, Kind.KOLOM])
def test_every_kind_that_can_harm_needs_the_risk_checklist(make_story, editor, kind):
    story = make_story(status=Status.APPROVED, risk_checked=False, kind=kind)
    with pytest.raises(ValidationFailed) as raised:
        services.story_publish(story=story, actor=editor)
    assert "daftar periksa risiko" in str(raised.value.message)
    answer(story, editor)
    services.story_publish(story=story, actor=editor)
    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED


def test_press_release_is_not_asked_the_checklist(make_story, editor):
    story = make_story(status=Status.APPROVED, risk_checked=False, kind=Kind.SIARAN_PERS)
    services.story_publish(story=story, actor=editor)
    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED


def test_changing_the_kind_asks_the_checklist_again(make_story, editor):
    story = make_story(status=Status.APPROVED, kind=Kind.SIARAN_PERS, risk_checked=False)
    answer(story, editor)  # answered while it was a press release
    story.refresh_from_db()
    services.story_update_metadata(
        story=story, actor=editor, expected_version=story.version, kind=Kind.OPINI
    )
    with pytest.raises(ValidationFailed) as raised:
        services.story_publish(story=story, actor=editor)
    assert "daftar periksa risiko" in str(raised.value.message)
    answer(story, editor)
    services.story_publish(story=story, actor=editor)
    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED


def _confirm_identity_hidden(story, actor):
    story.refresh_from_db()
    return services.story_update_metadata(
        story=story,
        actor=actor,
        expected_version=story.version,
        flags={"identity_hidden_confirmed": True},
    )


def test_hidden_identity_needs_a_second_editor_not_the_publishers_own_tick(
    make_story, editor, senior_editor
):
    story = make_story(status=Status.APPROVED, risk_checked=False)
    answer(story, editor, minor=True)
    _confirm_identity_hidden(story, editor)
    for action in (
        lambda: services.story_publish(story=story, actor=editor),
        lambda: services.story_schedule(
            story=story, actor=editor, when=timezone.now() + timezone.timedelta(hours=1)
        ),
    ):
        with pytest.raises(ValidationFailed) as raised:
            action()
        assert "editor lain" in str(raised.value.message)
    # The second editor confirms; the first one may now publish.
    _confirm_identity_hidden(story, senior_editor)
    story.refresh_from_db()
    assert story.identity_hidden_confirmed_by == senior_editor
    services.story_publish(story=story, actor=editor)
    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED


def test_confirmer_cannot_publish_alone_either(make_story, editor, senior_editor):
    story = make_story(status=Status.APPROVED, risk_checked=False)
    answer(story, editor, victim=True)
    _confirm_identity_hidden(story, senior_editor)
    with pytest.raises(ValidationFailed):
        services.story_publish(story=story, actor=senior_editor)
    services.story_publish(story=story, actor=editor)
    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED


def test_clearing_the_confirmation_forgets_who_gave_it(make_story, editor, senior_editor):
    story = make_story(status=Status.APPROVED, risk_checked=False)
    answer(story, editor, minor=True)
    _confirm_identity_hidden(story, senior_editor)
    story.refresh_from_db()
    services.story_update_metadata(
        story=story,
        actor=senior_editor,
        expected_version=story.version,
        flags={"identity_hidden_confirmed": False},
    )
    story.refresh_from_db()
    assert story.identity_hidden_confirmed is False and story.identity_hidden_confirmed_by is None
    with pytest.raises(ValidationFailed):
        services.story_publish(story=story, actor=editor)


def test_new_words_or_photos_undo_the_identity_confirmation(make_story, editor, senior_editor):
    from pewarta.audit.models import Event

    story = make_story(status=Status.IN_REVIEW, risk_checked=False)
    answer(story, editor, victim=True)
    _confirm_identity_hidden(story, senior_editor)
    story.refresh_from_db()
    base = story.draft_revision
    services.story_edit(  # the same words again: nothing new to check
        story=story, actor=editor, expected_version=story.version, body_html=base.body_html
    )
    story.refresh_from_db()
    assert story.identity_hidden_confirmed and story.identity_hidden_confirmed_by == senior_editor
    services.story_edit(
        story=story, actor=editor, expected_version=story.version,
        body_html="<p>Korban, Siti (14), warga Jalan Melati 3, bercerita.</p>",
    )  # fmt: skip
    story.refresh_from_db()
    assert story.identity_hidden_confirmed is False and story.identity_hidden_confirmed_by is None
    edited = Event.objects.filter(story=story, action="story.edited").latest("pk")
    assert edited.payload["identity_confirmation_undone"] is True
    _confirm_identity_hidden(story, senior_editor)
    story.refresh_from_db()
    services.story_photos_add(
        story=story, actor=editor, expected_version=story.version,
        photos=[{"src": "/media/naskah/wajah.jpg", "caption": "Korban di rumahnya", "credit": "X"}],
    )  # fmt: skip
    story.refresh_from_db()
    assert story.identity_hidden_confirmed is False


def test_unpublish_only_within_the_grace_window(make_story, senior_editor, settings):
    settings.PEWARTA_UNPUBLISH_GRACE_MINUTES = 5
    story = make_story(status=Status.PUBLISHED)
    Story.objects.filter(pk=story.pk).update(
        first_published_at=timezone.now() - timezone.timedelta(minutes=6)
    )
    story.refresh_from_db()
    with pytest.raises(TransitionNotAllowed) as raised:
        services.story_unpublish(story=story, actor=senior_editor, note="Salah tayang.")
    assert "Cabut" in str(raised.value.message)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    # Retraction is the way off the site: a listed reason, and the URL answers 410.
    services.story_retract(story=story, actor=senior_editor, reason="trauma", note="Trauma korban.")
    story.refresh_from_db()
    assert story.status == Status.RETRACTED


def test_unpublish_within_grace_records_the_reason(make_story, senior_editor, settings):
    settings.PEWARTA_UNPUBLISH_GRACE_MINUTES = 5
    story = make_story(status=Status.PUBLISHED)
    with pytest.raises(ValidationFailed):
        services.story_unpublish(story=story, actor=senior_editor, note="  ")
    services.story_unpublish(story=story, actor=senior_editor, note="Tertayang tidak sengaja.")
    event = Event.objects.get(story=story, action="story.unpublished")
    assert event.note == "Tertayang tidak sengaja."
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW


def test_grace_window_counts_from_the_first_publication(
    make_story, editor, senior_editor, settings
):
    """An update published a minute ago does not reopen the window of a week-old story."""
    settings.PEWARTA_UNPUBLISH_GRACE_MINUTES = 5
    story = make_story(status=Status.PUBLISHED)
    Story.objects.filter(pk=story.pk).update(
        first_published_at=timezone.now() - timezone.timedelta(days=7)
    )
    story.refresh_from_db()
    services.story_edit(
        story=story, actor=editor, expected_version=story.version, headline="Judul Diperbarui"
    )
    services.story_publish_update(story=story, actor=editor)
    story.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        services.story_unpublish(story=story, actor=senior_editor, note="Salah.")


def test_reworking_a_published_story_keeps_the_url_on_the_live_version(client, make_story, editor):
    story = make_story(status=Status.PUBLISHED, headline="Banjir Surut di Kampung Melayu")
    url = story.get_absolute_url()
    services.story_edit(
        story=story,
        actor=editor,
        expected_version=story.version,
        headline="Draf Baru yang Belum Selesai",
        body_html="<p>Masih disunting.</p>",
    )
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Banjir Surut di Kampung Melayu" in page and "Belum Selesai" not in page
