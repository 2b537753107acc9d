"""Follows and digests: double opt-in, one-click unsubscribe, batches that never send twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pewarta.community import digests, tasks
from pewarta.community.models import DigestSend, Follow, Subscriber
from pewarta.community.services import follows
from pewarta.contributors.privacy import contributor_erase, data_export
from pewarta.desk.models import Status

pytestmark = pytest.mark.django_db


def writer_follow(user, story, frequency="daily", **kw):
    author = story.authors.get()
    return follows.follow_add(
        kind=Follow.Kind.WRITER, target_id=author.pk, frequency=frequency, user=user, **kw
    )


def test_a_verified_reader_follows_a_writer_and_gets_the_daily_digest(story, reader, make_story):
    writer_follow(reader, story)
    fresh = make_story(status=Status.PUBLISHED, headline="Pasar Terapung Dibuka Lagi")
    mail.outbox.clear()
    assert tasks.digests_queue("daily") == 1
    (digest,) = mail.outbox
    assert digest.to == ["rani@example.id"]
    assert "Pasar Terapung Dibuka Lagi" in digest.body and fresh.get_absolute_url() in digest.body
    subscriber = Subscriber.objects.get()
    unsubscribe = reverse("community:unsubscribe", args=[subscriber.token])
    assert digest.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # the same period again: nobody gets it twice
    mail.outbox.clear()
    tasks.digests_queue("daily")
    assert mail.outbox == []


def test_nothing_new_from_what_is_followed_sends_nothing(story, reader, make_story, editor):
    follows.follow_add(kind=Follow.Kind.TAG, target_id=999, frequency="daily", user=reader)
    mail.outbox.clear()
    tasks.digests_queue("daily")
    assert mail.outbox == []


def test_an_address_without_an_account_is_double_opt_in(client, story, on_commit):
    author = story.authors.get()
    url = reverse("community:follow", args=["penulis", author.slug])
    mail.outbox.clear()
    with on_commit():
        response = client.post(url, {"email": "Warga@Example.id", "frequency": "daily"})
    assert response.status_code == 200
    subscriber = Subscriber.objects.get(email="warga@example.id")
    assert not subscriber.is_active and not Follow.objects.get().active
    tasks.digests_queue("daily")
    (confirm,) = mail.outbox  # only the confirmation, no digest
    assert confirm.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = next(line for line in confirm.body.splitlines() if "/langganan/konfirmasi/" in line)
    path = link.strip().split("127.0.0.1:8000")[-1]
    assert client.get(path).status_code == 200  # a link scanner changes nothing
    assert not Subscriber.objects.get().is_active
    client.post(path)
    assert Subscriber.objects.get().is_active and Follow.objects.get().active


def test_a_forged_confirmation_token_is_refused(client, db):
    response = client.post(reverse("community:follow_confirm", args=["palsu:token"]))
    assert response.status_code == 400 and "tidak berlaku" in response.content.decode()


def test_one_click_unsubscribe_works_without_cookies_or_csrf(story, reader):
    writer_follow(reader, story)
    from django.test import Client

    subscriber = Subscriber.objects.get()
    strict = Client(enforce_csrf_checks=True)
    url = reverse("community:unsubscribe", args=[subscriber.token])
    assert strict.get(url).status_code == 200
    assert Subscriber.objects.get().unsubscribed_at is None  # GET alone changes nothing
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().unsubscribed_at is not None
    assert not digests.active_subscribers("daily").exists()


def test_a_failed_batch_is_retried_without_sending_anyone_twice(
    story, reader, other_member, make_story, settings, monkeypatch
):
    writer_follow(reader, story)
    writer_follow(other_member, story)
    make_story(status=Status.PUBLISHED, headline="Festival Layang-Layang")
    now = timezone.now()
    ((ids, period, since, until),) = list(digests.digest_batches("daily", now))
    real = digests._message
    calls = {"n": 0}

    def flaky(subscriber, stories, period):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("SMTP putus")
        return real(subscriber, stories, period)

    monkeypatch.setattr(digests, "_message", flaky)
    mail.outbox.clear()
    assert digests.send_batch(ids, period, since, until) == (1, 1)
    assert len(mail.outbox) == 1
    monkeypatch.setattr(digests, "_message", real)
    later = timezone.now() + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert digests.send_batch(ids, period, since, until) == (1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["bima@example.id", "rani@example.id"]
    assert DigestSend.objects.filter(sent_at__isnull=False).count() == 2


def test_a_claim_held_by_another_worker_is_not_taken(story, reader, make_story):
    writer_follow(reader, story)
    make_story(status=Status.PUBLISHED, headline="Festival Layang-Layang")
    ((ids, period, since, until),) = list(digests.digest_batches("daily"))
    DigestSend.objects.create(
        subscriber_id=ids[0], period=period, claimed_until=timezone.now() + timedelta(minutes=5)
    )
    mail.outbox.clear()
    assert digests.send_batch(ids, period, since, until) == (0, 0)
    assert mail.outbox == []


def test_weekly_and_daily_subscribers_are_queued_apart(story, reader, other_member):
    writer_follow(reader, story, frequency="weekly")
    writer_follow(other_member, story, frequency="daily")
    assert [b[0] for b in digests.digest_batches("weekly")] == [
        [Subscriber.objects.get(email="rani@example.id").pk]
    ]


def test_subscription_is_in_the_export_and_goes_at_erasure(story, reader):
    writer_follow(reader, story)
    exported = data_export(contributor=reader.contributor)
    assert exported["elsewhere"]["subscriptions"][0]["follows"][0]["kind"] == "writer"
    contributor_erase(contributor=reader.contributor, actor=reader)
    assert not Subscriber.objects.exists()


def test_the_reader_manages_follows_and_frequency(client, story, reader):
    writer_follow(reader, story)
    client.force_login(reader)
    page = client.get(reverse("community:subscription")).content.decode()
    assert "Penulis Uji" in page
    client.post(reverse("community:subscription"), {"frequency": "weekly"})
    assert Subscriber.objects.get().frequency == "weekly"
    client.post(reverse("community:subscription"), {"remove": Follow.objects.get().pk})
    assert not Follow.objects.exists()


def test_writer_tag_and_section_pages_offer_a_follow_link_that_works(client, story, label):
    from pewarta.desk import services as desk_services

    writer = story.authors.get()
    [tag] = desk_services.tags_from_names(names="banjir")
    story = label(story, tags=[tag])
    pages = {
        reverse("public:author", args=[writer.slug]): ("penulis", writer.slug),
        tag.get_absolute_url(): ("tag", tag.slug),
        story.section.get_absolute_url(): ("rubrik", story.section.slug),
    }
    for page, (word, slug) in pages.items():
        html = client.get(page).content.decode()
        link = reverse("community:follow", args=[word, slug])
        assert f'href="{link}"' in html, page
        assert client.get(link).status_code == 200
