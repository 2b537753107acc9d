from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pewarta.accounts.models import Contributor
from pewarta.api import reading
from pewarta.desk import services
from pewarta.desk.models import Revision, Tag, story_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_story):
    def factory(n, **kwargs):
        return [make_story(status="published", headline=f"Berita Nomor {i}", **kwargs)
                for i in range(n)]  # fmt: skip

    return factory


def test_story_list_pages_by_cursor_without_gaps_or_repeats(client, published):
    stories = published(7)
    seen, cursor = [], ""
    while True:
        page = client.get("/api/v1/stories", {"limit": 3, "cursor": cursor}).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [s.pk for s in sorted(stories, key=lambda s: (s.published_at, s.pk),
                                         reverse=True)]  # fmt: skip


def test_story_list_filters(client, published, writer):
    published(1)
    published(2)
    section = client.get("/api/v1/stories", {"section": "berita"}).json()["items"]
    assert len(section) == 3
    assert client.get("/api/v1/stories", {"section": "opini"}).json()["items"] == []
    author = client.get("/api/v1/stories", {"author": writer.contributor.slug}).json()["items"]
    assert len(author) == 3
    assert client.get("/api/v1/stories", {"author": "tak-ada"}).json()["items"] == []
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    assert client.get("/api/v1/stories", {"since": tomorrow}).json()["items"] == []
    assert len(client.get("/api/v1/stories", {"until": tomorrow}).json()["items"]) == 3


@pytest.fixture
def labelled(published, writer, label):
    """Stories with three tags each and a second author on every other one."""

    def factory(n):
        stories = published(n)
        tags = [Tag.objects.create(name=f"Topik {t}", slug=f"topik-{t}") for t in range(5)]
        for i, story in enumerate(stories):
            story = label(story, tags=tags[i % 3 : i % 3 + 3])
            if i % 2:
                user = writer.__class__.objects.create(username=f"rekan-{i}")
                label(story, authors=[Contributor.objects.create(user=user, pen_name=f"Rekan {i}")])
        return stories

    return factory


def _queries(client, query) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/stories", query).status_code == 200
    return len(ctx.captured_queries)


# The page's keys and rows in one query (the keys sorted in a subquery), its authors, its tags.
LIST_QUERIES = 3


def test_story_list_queries_do_not_grow_with_the_page_its_authors_or_tags(
    client, labelled, django_assert_max_num_queries
):
    labelled(12)
    client.get("/api/v1/stories")  # the first request of a process reads settings rows
    small = _queries(client, {"limit": 2})
    assert _queries(client, {"limit": 12}) == small
    cursor = client.get("/api/v1/stories", {"limit": 4}).json()["next_cursor"]
    for query in ({"tag": "topik-2", "limit": 10}, {"section": "berita"}, {"cursor": cursor}):
        with django_assert_max_num_queries(LIST_QUERIES):
            assert client.get("/api/v1/stories", query).json()["items"]


def test_story_list_item_is_the_detail_without_the_body(client, labelled):
    story = labelled(2)[1]
    listed = client.get("/api/v1/stories", {"limit": 1}).json()["items"][0]
    detail = client.get(f"/api/v1/stories/{story.pk}").json()
    assert listed["id"] == story.pk
    assert listed == {k: detail[k] for k in listed}
    assert [a["name"] for a in listed["authors"]] == sorted(a["name"] for a in listed["authors"])
    assert len(listed["authors"]) == 2 and listed["tags"] == ["topik-1", "topik-2", "topik-3"]
    assert listed["url"].endswith(story.get_absolute_url())


def test_story_list_by_tag_pages_newest_first_by_cursor(client, labelled):
    stories = labelled(9)
    tagged = [s.pk for s in stories if s.tags.filter(slug="topik-3").exists()]
    seen, cursor = [], ""
    while True:
        page = client.get("/api/v1/stories", {"tag": "topik-3", "limit": 4, "cursor": cursor})
        seen += [item["id"] for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(tagged, reverse=True) and len(seen) == 6


def test_unpublished_stories_never_show(client, make_story):
    make_story(status="approved")
    make_story(status="in_review")
    assert client.get("/api/v1/stories").json()["items"] == []


def test_etag_answers_304_when_nothing_changed(client, published):
    published(2)
    first = client.get("/api/v1/stories")
    etag = first["ETag"]
    again = client.get("/api/v1/stories", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    published(1)
    changed = client.get("/api/v1/stories", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_story_detail_and_retracted_410(client, make_story):
    live = make_story(status="published")
    detail = client.get(f"/api/v1/stories/{live.pk}").json()
    assert detail["headline"] == live.live_revision.headline and "body_html" in detail
    gone = make_story(status="retracted", headline="Berita Yang Dicabut")
    response = client.get(f"/api/v1/stories/{gone.pk}")
    assert response.status_code == 410
    error = response.json()["error"]
    assert error["code"] == "retracted" and error["reason"]["code"] == "sara"
    assert error["note"] == "Mengandung ujaran SARA."
    draft = make_story(status="in_review")
    assert client.get(f"/api/v1/stories/{draft.pk}").status_code == 404


def test_sections_tags_authors_corrections(client, published, writer):
    published(1)
    sections = client.get("/api/v1/sections").json()["items"]
    assert any(s["slug"] == "berita" for s in sections) or sections == []
    authors = client.get("/api/v1/authors").json()["items"]
    assert [a["slug"] for a in authors] == [writer.contributor.slug]
    assert client.get("/api/v1/tags").status_code == 200
    assert client.get("/api/v1/corrections").json()["items"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "0"},
        {"limit": "-5"},
        {"limit": "abc"},
        {"limit": "1000"},
        {"cursor": "!!!"},
        {"cursor": "W10"},
        {"cursor": "WyJ4IiwgInkiXQ"},
        {"since": "kemarin"},
        {"until": "2026-13-45"},
        {"since": "2026-01-01T00:00:00"},
    ],
)
def test_hostile_query_strings_answer_422(client, published, query):
    published(1)
    response = client.get("/api/v1/stories", query)
    assert response.status_code == 422, response.content
    body = response.json()["error"]
    assert body["code"] == "invalid" and body["messages"]["id"] and body["messages"]["en"]


def test_story_id_that_is_not_a_number(client):
    response = client.get("/api/v1/stories/abc")
    assert response.status_code in (404, 422)
    assert response.json()["error"]["code"]


def test_openapi_document_lists_the_endpoints(client):
    document = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/pieces", "/api/v1/stories", "/api/v1/webhooks", "/api/v1/corrections"):
        assert path in document["paths"]


def test_story_list_orders_authors_and_tags_by_name_not_by_when_they_were_added(
    client, published, writer, label
):
    story = published(1)[0]
    for name in ("Zaitun", "Mawar", "Anggrek"):  # created (and linked) in reverse name order
        tag = Tag.objects.create(name=f"Bunga {name}", slug=f"bunga-{name.lower()}")
        story = label(story, tags=[*story.tags.all(), tag])
    for name in ("Yusuf", "Bagus"):
        user = writer.__class__.objects.create(username=f"rekan-{name.lower()}")
        contributor = Contributor.objects.create(user=user, pen_name=name, slug=name.lower())
        story = label(story, authors=[contributor])
    listed = client.get("/api/v1/stories").json()["items"][0]
    assert listed["tags"] == ["bunga-anggrek", "bunga-mawar", "bunga-zaitun"]
    assert [a["name"] for a in listed["authors"]] == ["Bagus", "Penulis Uji", "Yusuf"]
    assert {"slug": "yusuf", "name": "Yusuf"} in listed["authors"]


def test_story_without_tags_lists_an_empty_list(client, published):
    published(1)
    listed = client.get("/api/v1/stories").json()["items"][0]
    assert listed["tags"] == [] and len(listed["authors"]) == 1


def test_story_list_page_is_one_query_at_any_depth_and_filter(labelled):
    labelled(9)
    cursor = reading.stories_page({"limit": "3"})["next_cursor"]
    for params in ({}, {"cursor": cursor}, {"tag": "topik-2"}, {"author": "penulis-uji"},
                   {"section": "berita", "since": "2020-01-01"}):  # fmt: skip
        with CaptureQueriesContext(connection) as ctx:
            items, _more = reading.stories_rows(params)
        assert items and len(ctx.captured_queries) == 1, params


@pytest.mark.parametrize("section", ["berita", "opini", "siaran-pers"])
def test_story_url_is_the_story_path_at_the_reader_site(section):
    # 20:30 UTC on 31 January is already 1 February in Jakarta: the path takes the local day.
    when = datetime(2026, 1, 31, 20, 30, tzinfo=UTC)
    for slug in ("warga-tanam-pohon", "pohon_2026"):
        expected = reading.absolute(story_path(section=section, when=when, slug=slug))
        assert reading.story_url(section=section, when=when, slug=slug) == expected
    assert "/2026/02/01/" in reading.story_url(section=section, when=when, slug="x")


def test_story_url_of_an_unusual_slug_or_no_section_is_the_story_path(monkeypatch):
    when = timezone.now()
    assert reading.story_url(section=None, when=when, slug="a") == reading.absolute(
        story_path(section=None, when=when, slug="a")
    )
    reading.story_url(section="berita", when=when, slug="b")  # the section's base, resolved
    calls = []  # before story_path is replaced (whichever test ran first in this process)
    monkeypatch.setattr(reading, "story_path", lambda **kw: calls.append(kw) or "/lain")
    assert reading.story_url(section="berita", when=when, slug="kata kunci") == (
        reading.absolute("/lain")
    )
    assert calls == [{"section": "berita", "when": when, "slug": "kata kunci"}]


def test_story_list_image_is_the_featured_photo_never_a_candidate(client, published):
    story = published(1)[0]
    photo = {"src": "/media/a.jpg", "caption": "Panen raya", "credit": "Warga", "width": 800}
    later = {"src": "/media/b.jpg", "caption": "Kiriman susulan", "credit": "Warga"}
    images = [{**later, "featured": True, "candidate": True}, {**photo, "featured": True}]
    Revision.objects.filter(pk=story.live_revision_id).update(images=images)
    listed = client.get("/api/v1/stories").json()["items"][0]
    assert listed["image"] == {"src": "/media/a.jpg", "caption": "Panen raya", "credit": "Warga"}
    Revision.objects.filter(pk=story.live_revision_id).update(images=[later])
    assert client.get("/api/v1/stories").json()["items"][0]["image"] is None


def test_story_list_by_author_and_tag_walks_the_labels_pages_and_drops_a_retracted_story(
    client, labelled, senior_editor
):
    stories = labelled(10)
    writer_slug = stories[0].authors.get(pen_name="Penulis Uji").slug
    services.story_retract(story=stories[8], actor=senior_editor, reason="sara", note="SARA.")
    expected = [s.pk for s in reversed(stories) if s.pk != stories[8].pk]
    seen, cursor = [], ""
    while True:
        page = client.get("/api/v1/stories", {"author": writer_slug, "limit": 3, "cursor": cursor})
        seen += [item["id"] for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    assert seen == expected
    both = client.get("/api/v1/stories", {"author": writer_slug, "tag": "topik-1"}).json()
    tagged = [s.pk for s in reversed(stories) if s.tags.filter(slug="topik-1").exists()]
    assert [item["id"] for item in both["items"]] == [pk for pk in tagged if pk != stories[8].pk]
    assert client.get("/api/v1/stories", {"tag": "tak-ada"}).json()["items"] == []
