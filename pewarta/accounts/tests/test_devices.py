"""A guesser cannot lock a person out of the browser they have logged in with before."""

import pytest
from django.test import Client
from django.urls import reverse

from pewarta.accounts import devices

pytestmark = pytest.mark.django_db
PASSWORD = "sandi-rahasia-panjang-1"


def _login(client, address, password, login="ayu@example.id"):
    response = client.post(
        reverse("account_login"), {"login": login, "password": password}, REMOTE_ADDR=address
    )
    return response, client.session.get("_auth_user_id")


def test_owners_browser_is_spared_a_lockout_made_elsewhere(member, settings):
    owner = Client()
    _response, user_id = _login(owner, "203.0.113.5", PASSWORD)
    assert user_id == str(member.pk)
    cookie = owner.cookies[devices.COOKIE]
    assert cookie["path"] == reverse("account_login") and cookie["httponly"]
    assert "ayu" not in cookie.value  # a keyed digest, never the address
    owner.post(reverse("account_logout"), REMOTE_ADDR="203.0.113.5")
    assert "_auth_user_id" not in owner.session

    guesser = Client()
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        response, _ = _login(guesser, f"198.51.100.{n + 1}", f"tebakan-{n}")
    assert response.status_code == 429
    response, user_id = _login(guesser, "198.51.100.99", PASSWORD)
    assert response.status_code == 429 and user_id is None, "the account-wide count holds"
    fresh = Client()
    response, user_id = _login(fresh, "203.0.113.5", PASSWORD)
    assert response.status_code == 429 and user_id is None, "a browser never used here: locked"

    response, user_id = _login(owner, "203.0.113.5", PASSWORD)
    assert user_id == str(member.pk), "the owner's own browser still logs in"


def test_a_trusted_browser_is_still_locked_after_its_own_guesses(member, settings):
    owner = Client()
    _login(owner, "203.0.113.5", PASSWORD)
    owner.post(reverse("account_logout"), REMOTE_ADDR="203.0.113.5")
    for n in range(settings.AXES_FAILURE_LIMIT):
        response, _ = _login(owner, "203.0.113.5", f"tebakan-{n}")
    assert response.status_code == 429
    response, user_id = _login(owner, "203.0.113.5", PASSWORD)
    assert response.status_code == 429 and user_id is None


def test_a_cookie_for_another_account_or_forged_is_not_trusted(member, other_member, settings):
    other = Client()
    _login(other, "203.0.113.5", "sandi-rahasia-panjang-2", login=other_member.email)
    stolen = other.cookies[devices.COOKIE].value
    guesser = Client()
    for value in (stolen, stolen[:-2] + "xx", "sembarang"):
        guesser.cookies[devices.COOKIE] = value
        guesser.cookies[devices.COOKIE]["path"] = reverse("account_login")
        request = guesser.post(reverse("account_login"), {}).wsgi_request
        assert not devices.trusted_device(request, "ayu@example.id")
