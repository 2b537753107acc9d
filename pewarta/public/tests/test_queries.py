"""The number of queries per page is fixed: it does not grow with related items or tags."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pewarta.accounts.models import Contributor
from pewarta.desk import services
from pewarta.desk.models import Kind, Story, Tag
from pewarta.public import views
from pewarta.search.models import SearchEntry


def _count(client, url):
    url = str(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def rich_story(publish, editor, writer, monkeypatch, label):
    """A story with many tags, authors, Baca juga links and related stories."""
    others = [publish(headline=f"Naskah Terkait Nomor {n}") for n in range(6)]
    story = publish(headline="Naskah Dengan Banyak Kaitan")
    services.story_edit(
        story=story,
        actor=editor,
        expected_version=story.version,
        related=[s.pk for s in others[:4]],
    )
    story.refresh_from_db()
    story = services.story_publish_update(story=story, actor=editor)
    tags = [Tag.objects.create(name=f"Topik {n}", slug=f"topik-{n}") for n in range(8)]
    users = [writer.__class__.objects.create(username=f"rekan-{n}") for n in range(3)]
    authors = [
        Contributor.objects.create(user=u, pen_name=f"Rekan {n}") for n, u in enumerate(users)
    ]
    story = label(story, tags=tags, authors=authors)
    monkeypatch.setattr(views, "related_ids_kept", lambda s: [o.pk for o in others[-5:]])
    return story


@pytest.mark.django_db
def test_story_page_queries_do_not_grow(client, publish, editor, rich_story, monkeypatch):
    target = publish(headline="Naskah Tujuan")
    plain = publish(headline="Naskah Polos")
    services.story_edit(
        story=plain, actor=editor, expected_version=plain.version, related=[target.pk]
    )
    plain.refresh_from_db()
    plain = services.story_publish_update(story=plain, actor=editor)
    monkeypatch.setattr(views, "related_ids_kept", lambda s: [target.pk])
    baseline = _count(client, plain.get_absolute_url())
    rich = _count(client, rich_story.get_absolute_url())
    assert rich == baseline, (baseline, rich)


def _notices_queries(story):
    """Queries of the complaints app's notices block (pinned by that app's own tests)."""
    from django.template import Context, Template

    with CaptureQueriesContext(connection) as ctx:
        Template("{% load complaints %}{% story_notices story %}").render(Context({"story": story}))
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_story_page_query_count_is_pinned(client, rich_story, django_assert_num_queries):
    # Ours: the story (with revision, section, editor), Baca juga + related in one query,
    # authors, tags. Anonymous readers without cookies cost no session or user query.
    notices = _notices_queries(rich_story)
    url = rich_story.get_absolute_url()
    with django_assert_num_queries(PINNED["story"] + notices):
        client.get(url)


# home: one query per news section (five: Advertorial gets no column) plus the page's own.
PINNED = {"story": 4, "home": 10, "section": 3, "author": 3, "tag": 3}


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "section", "author", "tag"])
def test_listing_query_counts_are_pinned(client, publish, writer, django_assert_num_queries, page):
    tag = Tag.objects.create(name="Kota", slug="kota")
    for n in range(12):
        kind = Kind.OPINI if n % 3 else Kind.BERITA
        publish(headline=f"Kabar Kota Nomor {n}", kind=kind, tags=[tag])
    url = {
        "home": "/",
        "section": "/opini/",
        "author": f"/penulis/{writer.contributor.slug}",
        "tag": "/tag/kota",
    }[page]
    with django_assert_num_queries(PINNED[page]):
        client.get(url)


@pytest.mark.django_db
def test_a_cold_story_render_reads_related_stories_kept_at_publication(
    client, publish, settings, django_capture_on_commit_callbacks
):
    """No page or fragment cache: the related stories come from the index entry (worked out
    when the story was published), not from counting search matches on every render."""
    settings.PEWARTA_FRAGMENT_CACHE = False
    settings.PEWARTA_PAGE_CACHE = False
    with django_capture_on_commit_callbacks(execute=True):  # the index task, as after commit
        for n in range(6):
            publish(headline=f"Banjir rob melanda pesisir Semarang hari ke-{n}")
        story = publish(headline="Banjir rob melanda pesisir Semarang lagi")
    kept = SearchEntry.objects.get(story=story).related
    assert kept, "related stories are worked out when the story is published"
    url = story.get_absolute_url()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not [q for q in sql if "search_fts" in q or "count(" in q.lower()], sql
    assert len(sql) <= 8, sql
    # and the page shows them
    shown = response.content.decode()
    assert Story.objects.get(pk=kept[0]).live_revision.headline in shown


@pytest.mark.django_db
def test_related_stories_are_worked_out_once_for_an_entry_from_a_rebuild(
    client, publish, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            publish(headline=f"Harga cabai naik di pasar Kramat nomor {n}")
        story = publish(headline="Harga cabai naik di pasar Kramat")
    SearchEntry.objects.update(related=None)  # as after `pewarta search-reindex`
    assert client.get(story.get_absolute_url()).status_code == 200
    assert SearchEntry.objects.get(story=story).related
