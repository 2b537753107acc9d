"""Reads counted by the story page's beacon: once per reader, flushed into the daily table,
shown on the desk's numbers and in Terpopuler."""

import pytest
from django.urls import reverse

from pewarta.common.ratelimit import counters
from pewarta.desk.models import Kind, Status
from pewarta.public import readership
from pewarta.public.models import StoryViews
from pewarta.public.services import story_views_flush

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    counters.reset()
    yield
    counters.reset()


def read(client, story, ip="10.1.1.1", agent="Mozilla/5.0 Uji"):
    return client.post(f"/dibaca/{story.pk}", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def test_a_reader_is_counted_once_per_story_and_only_published_stories_count(
    client, publish, make_story
):
    story = publish(headline="Festival Kopi Nusantara")
    draft = make_story(status=Status.IN_REVIEW, headline="Belum Tayang")
    assert read(client, story).status_code == 204
    read(client, story)  # the same reader reloads: not counted again
    read(client, story, agent="Mozilla/5.0 Lain")  # someone else behind the same address
    read(client, story, ip="10.1.1.2")
    assert read(client, draft).status_code == 204  # answered alike, never counted
    assert client.post("/dibaca/999999").status_code == 204
    assert client.get(f"/dibaca/{story.pk}").status_code == 405
    assert story_views_flush() == 3
    assert StoryViews.objects.get(story=story).views == 3
    assert not StoryViews.objects.filter(story=draft).exists()
    response = read(client, story, ip="10.1.1.3")
    assert "no-cache" in response["Cache-Control"]  # never stored by a cache in front


def test_one_address_cannot_pump_the_counts(client, publish, settings):
    settings.PEWARTA_RATE_LIMITS = ["views=5/60"]
    story = publish(headline="Festival Kopi Nusantara")
    for n in range(20):
        read(client, story, agent=f"Bot {n}")
    assert story_views_flush() == 5


def test_the_desk_shows_reads_per_story_and_per_section_and_terpopuler_reads_them(
    client, publish, editor
):
    news = publish(headline="Banjir Rendam Kampung Melayu")
    opinion = publish(headline="Menjaga Bahasa Daerah", kind=Kind.OPINI)
    for n in range(4):
        read(client, news, ip=f"10.2.0.{n}")
    read(client, opinion)
    story_views_flush()

    popular = readership.most_read(limit=5, days=7)
    assert [s.pk for s in popular] == [news.pk, opinion.pk]
    assert popular[0].views_week == 4

    client.force_login(editor)
    html = client.get(reverse("desk:dashboard")).content.decode()
    section = html[html.index('id="dibaca"') :]
    assert "Dibaca: 5 kali" in section
    assert 'data-section="Berita"' in section and 'data-section="Opini"' in section
    row = section[section.index(f'data-story="{news.pk}"') :]
    assert "Banjir Rendam Kampung Melayu" in row[:400] and '<td class="total">4</td>' in row
    assert section.index(f'data-story="{news.pk}"') < section.index(f'data-story="{opinion.pk}"')


def test_counts_go_through_redis_when_the_site_has_it(client, publish, settings):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/5"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    redis.Redis.from_url(url).flushdb()
    settings.REDIS_URL = url
    story = publish(headline="Festival Kopi Nusantara")
    read(client, story, ip="10.3.0.1")
    read(client, story, ip="10.3.0.2")
    read(client, story, ip="10.3.0.2")
    keys = redis.Redis.from_url(url).keys("pewarta:views:*")
    assert len(keys) == 1 and redis.Redis.from_url(url).hget(keys[0], str(story.pk)) == b"2"
    assert story_views_flush() == 2
    assert redis.Redis.from_url(url).keys("pewarta:views:*") == []
    assert StoryViews.objects.get(story=story).views == 2
    redis.Redis.from_url(url).flushdb()
