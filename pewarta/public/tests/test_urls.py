"""Honest URLs: a headline change keeps old links working; retraction answers 410."""

import pytest

from pewarta.desk import services
from pewarta.public.models import StorySlug


@pytest.mark.django_db
def test_headline_change_moves_the_slug_and_the_old_one_redirects(
    client, publish, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = publish(headline="Banjir Rendam Tiga Desa")
    old_url = story.get_absolute_url()
    services.story_edit(
        story=story,
        actor=editor,
        expected_version=story.version,
        headline="Banjir Rendam Lima Desa di Bekasi",
    )
    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.story_publish_update(story=story, actor=editor, note="Jumlah desa diperbarui")
    story.refresh_from_db()
    assert story.slug == "banjir-rendam-lima-desa-di-bekasi"
    assert set(StorySlug.objects.filter(story=story).values_list("slug", flat=True)) == {
        "banjir-rendam-tiga-desa",
        "banjir-rendam-lima-desa-di-bekasi",
    }
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
    assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_wrong_section_or_unknown_slug(client, publish):
    story = publish(headline="Pentas Seni Sekolah")
    wrong = story.get_absolute_url().replace("/berita/", "/opini/")
    response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == story.get_absolute_url()
    assert client.get("/berita/2020/01/01/tidak-ada").status_code == 404


@pytest.mark.django_db
def test_retracted_story_answers_410_with_reason(client, make_story):
    story = make_story(status="retracted", headline="Kabar Keliru")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "Naskah ini telah dicabut" in html and "Mengandung ujaran SARA." in html
    assert "Alasan:</strong> SARA." in html  # the reason from the fixed legal list
