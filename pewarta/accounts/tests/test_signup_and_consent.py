import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pewarta.accounts.models import Consent, Contributor, PolicyVersion
from pewarta.accounts.services import consent_withdraw, consents_missing

pytestmark = pytest.mark.django_db


def _signup(client, django_capture_on_commit_callbacks, **extra):
    data = {
        "email": "citra@example.id",
        "password1": "Pewarta-Warga-2026!",
        "password2": "Pewarta-Warga-2026!",
        "pen_name": "Citra Kirana",
        "birth_year": 1995,
        "agree_terms": "on",
        "agree_privacy": "on",
    } | extra
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account_signup"), data)


def test_signup_records_consent_per_purpose_with_version_and_time(
    client, django_capture_on_commit_callbacks
):
    _signup(client, django_capture_on_commit_callbacks)
    contributor = Contributor.objects.get(email="citra@example.id")
    assert contributor.pen_name == "Citra Kirana"
    assert contributor.birth_year == 1995
    consents = {c.purpose: c for c in contributor.consents.all()}
    assert set(consents) == {"terms", "privacy"}
    assert consents["terms"].policy.version == "2026.1"
    assert consents["terms"].given and consents["terms"].created_at <= timezone.now()
    assert consents["privacy"].ip_address == "127.0.0.1"


def test_signup_without_consent_is_refused(client, django_capture_on_commit_callbacks):
    response = _signup(client, django_capture_on_commit_callbacks, agree_privacy="")
    assert response.status_code == 200
    assert not Contributor.objects.filter(email="citra@example.id").exists()


def test_email_must_be_verified_before_login_then_profile_is_marked_verified(
    client, django_capture_on_commit_callbacks
):
    _signup(client, django_capture_on_commit_callbacks)
    assert client.get(reverse("contributors:dashboard")).status_code == 302  # not signed in yet
    assert len(mail.outbox) == 1
    assert "Halo dari Pewarta!" in mail.outbox[0].body  # Indonesian, names the newsroom
    link = re.search(r"https?://\S+/akun/auth/confirm-email/\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    response = client.post(path)
    assert response.status_code == 302
    contributor = Contributor.objects.get(email="citra@example.id")
    assert contributor.email_verified
    assert contributor.verification == Contributor.Verification.EMAIL
    assert client.get(reverse("contributors:dashboard")).status_code == 200


def test_new_policy_version_asks_for_consent_again(member_client, member):
    contributor = member.contributor
    assert consents_missing(contributor) == []
    PolicyVersion.objects.create(
        kind="terms",
        version="2026.2",
        text="Ketentuan baru.",
        summary="Aturan foto buatan AI.",
        effective_at=timezone.now() - timezone.timedelta(minutes=1),
    )
    assert [p.version for p in consents_missing(contributor)] == ["2026.2"]
    response = member_client.get(reverse("intake:submit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("contributors:consent"))
    page = member_client.get(response["Location"])
    assert b"Aturan foto buatan AI." in page.content
    member_client.post(response["Location"], {"agree": "on"})
    latest = contributor.consents.filter(purpose="terms").latest("created_at")
    assert latest.policy.version == "2026.2" and latest.given
    assert member_client.get(reverse("intake:submit")).status_code == 200


def test_future_policy_version_does_not_ask_yet(member):
    PolicyVersion.objects.create(
        kind="privacy",
        version="2027.1",
        text="Nanti.",
        effective_at=timezone.now() + timezone.timedelta(days=3),
    )
    assert consents_missing(member.contributor) == []


def test_withdrawn_consent_blocks_contributor_pages_until_given_again(member_client, member):
    member_client.post(reverse("contributors:consent_withdraw"), {"purpose": "privacy"})
    latest = member.contributor.consents.filter(purpose="privacy").latest("created_at")
    assert latest.given is False
    assert member_client.get(reverse("contributors:dashboard")).status_code == 302
    # data self-service stays reachable without consent
    assert member_client.get(reverse("contributors:data_plain")).status_code == 200
    assert member.contributor.data_requests.filter(kind="withdraw").exists()


def test_consent_log_is_append_only(member):
    contributor = member.contributor
    consent_withdraw(contributor=contributor, purpose=Consent.Purpose.TERMS)
    assert contributor.consents.filter(purpose="terms").count() == 2


def test_verified_signup_takes_over_the_profile_made_by_email_intake(
    client, django_capture_on_commit_callbacks
):
    from pewarta.desk.services import story_create
    from pewarta.desk.workflow import SYSTEM_ACTOR

    emailed = Contributor.objects.create(pen_name="Citra K", email="Citra@example.id")
    story = story_create(
        headline="Naskah Lewat Email",
        body_html="<p>Isi.</p>",
        authors=[emailed],
        actor=SYSTEM_ACTOR,
    )
    _signup(client, django_capture_on_commit_callbacks)
    assert Contributor.objects.filter(email__iexact="citra@example.id").count() == 2
    link = re.search(r"/akun/auth/confirm-email/\S+", mail.outbox[0].body).group(0)
    client.post(link)
    (contributor,) = Contributor.objects.filter(email__iexact="citra@example.id")
    assert contributor.pk == emailed.pk and contributor.user.email == "citra@example.id"
    assert contributor.birth_year == 1995
    assert {c.purpose for c in contributor.consents.all()} == {"terms", "privacy"}
    assert "Naskah Lewat Email" in client.get(reverse("contributors:dashboard")).content.decode()
    assert story.authors.get() == contributor


def test_password_reset_mail_goes_out_in_indonesian_and_resets(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "ayu@example.id"})
    (reset,) = mail.outbox
    assert reset.to == ["ayu@example.id"] and "Halo dari Pewarta!" in reset.body
    path = re.search(r"/akun/auth/password/reset/key/\S+", reset.body).group(0)
    form_url = client.get(path)["Location"]  # allauth moves the key into the session
    client.post(
        form_url, {"password1": "Sandi-Baru-Panjang-77", "password2": "Sandi-Baru-Panjang-77"}
    )
    member.refresh_from_db()
    assert member.check_password("Sandi-Baru-Panjang-77")
