"""`pewarta demo`: original content, loaded through the services, safe to run twice."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from pewarta.desk.models import Story

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_is_idempotent_and_complete(client, capsys):
    call_command("demo")
    first = set(Story.objects.values_list("pk", "live_revision_id"))
    call_command("demo")
    assert set(Story.objects.values_list("pk", "live_revision_id")) == first

    published = Story.objects.published()
    assert published.count() >= 12
    kinds = set(published.values_list("kind", flat=True))
    assert {"berita", "opini", "esai", "kolom", "siaran_pers"} <= kinds
    release = published.get(kind="siaran_pers")
    assert release.organization is not None
    assert published.filter(credited_editor__isnull=False).count() == published.count()
    linked = [s for s in published.select_related("live_revision") if s.live_revision.related]
    assert len(linked) >= 3

    # Every demo story renders with its related links on the reader's page.
    story = linked[0]
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert "Baca juga:" in page.content.decode()


def test_demo_editor_signs_in_with_email_and_reaches_the_desk(client, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "rina@redaksi.example.id" in out
    response = client.post(
        reverse("account_login"),
        {"login": "rina@redaksi.example.id", "password": "pewarta-demo"},
    )
    assert response.status_code == 302
    assert client.get("/desk/").status_code == 200
