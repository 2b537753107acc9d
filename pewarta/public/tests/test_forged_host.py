"""Absolute links come from PEWARTA_SITE_URL, never from a forged Host or X-Forwarded-Proto."""

import pytest
from django.core import mail
from django.urls import reverse

SITE = "https://pewarta.example"
FORGED = {"HTTP_HOST": "penipu.example", "HTTP_X_FORWARDED_PROTO": "http"}


@pytest.fixture
def forged_host(settings):
    settings.ALLOWED_HOSTS = ["*"]  # the worst case: the host name is not checked at all
    settings.PEWARTA_SITE_URL = SITE
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/feed/",
        "/feed/atom/",
        "/berita/feed/",
        "/sitemap.xml",
        "/sitemap-naskah.xml",
        "/sitemap-news.xml",
        "/robots.txt",
    ],  # fmt: skip
)
def test_feeds_sitemaps_and_robots_name_our_address(client, publish, forged_host, url):
    story = publish()
    body = client.get(url, **FORGED).content.decode()
    assert "penipu.example" not in body
    assert SITE in body
    if "naskah" in url or "feed" in url or "news" in url:
        assert SITE + story.get_absolute_url() in body


@pytest.mark.django_db
def test_a_password_reset_link_never_points_at_the_forged_host(
    client, member, forged_host, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": member.email}, **FORGED)
    (reset,) = mail.outbox
    assert "penipu.example" not in reset.body
    assert SITE + "/akun/auth/password/reset/key/" in reset.body


@pytest.mark.django_db
def test_a_signup_confirmation_link_never_points_at_the_forged_host(
    client, forged_host, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "baru@example.id",
                "password1": "Sandi-Panjang-Baru-9",
                "password2": "Sandi-Panjang-Baru-9",
                "pen_name": "Penulis Baru",
                "birth_year": 1990,
                "agree_terms": "on",
                "agree_privacy": "on",
            },  # fmt: skip
            **FORGED,
        )
    assert mail.outbox, "the confirmation mail went out"
    body = mail.outbox[-1].body
    assert "penipu.example" not in body
    assert SITE + "/akun/auth/confirm-email/" in body
