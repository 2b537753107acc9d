"""Complaint limits: per sender behind an address, with a higher ceiling for the address."""

import pytest
from django.test import Client
from django.urls import reverse

CARRIER = "203.0.113.50"  # one CGNAT address shared by thousands of mobile readers


@pytest.fixture
def limits(settings):
    settings.PEWARTA_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.PEWARTA_COMPLAINT_RATE_LIMIT = 2
    settings.PEWARTA_COMPLAINT_ADDRESS_RATE_LIMIT = 6


def _post(client, story, email="", address=CARRIER):
    url = reverse("complaints:report", kwargs={"story_id": story.pk})
    data = {"reason": "sara", "email": email}
    return client.post(url, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


@pytest.mark.django_db
def test_one_busy_carrier_address_does_not_lock_out_every_reader(client, live_story, limits):
    statuses = [_post(client, live_story, "iseng@contoh.id").status_code for _ in range(4)]
    assert statuses == [302, 302, 429, 429], "one sender is held to its own limit"
    assert _post(client, live_story, "ani@contoh.id").status_code == 302
    assert _post(client, live_story, "budi@contoh.id").status_code == 302
    # Fresh identities from one address fill the address's ceiling (6), then it waits.
    flood = [_post(client, live_story, f"palsu{n}@contoh.id").status_code for n in range(4)]
    assert flood == [302, 302, 429, 429]
    assert _post(client, live_story, "warga@contoh.id", "198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_readers_without_an_email_are_told_apart_by_their_browser(live_story, limits):
    first, second = Client(), Client()
    form = reverse("complaints:report", kwargs={"story_id": live_story.pk})
    for browser in (first, second):
        browser.get(form)  # the form hands each browser its own CSRF cookie
    assert [_post(first, live_story).status_code for _ in range(3)] == [302, 302, 429]
    assert _post(second, live_story).status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_for_from_a_stranger_buys_no_fresh_bucket(client, live_story, limits):
    url = reverse("complaints:report", kwargs={"story_id": live_story.pk})
    statuses = [
        client.post(
            url,
            {"reason": "sara", "email": "iseng@contoh.id"},
            REMOTE_ADDR="198.51.100.7",  # not our proxy
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
